"""Issue 26, finding 1, in a real browser: a secretary's (or anyone's) upload that is also a
script or a page never runs script for the officer who opens it. The hostile files of the
issue are stored through every upload field; the officer opens each one; the script they
carry would set the title, set ``window.pwned`` and call /pwned/: none of it happens."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import services as activity_services
from activities.tests.factories import ReportFactory, current_semesters
from cadres.models import Document
from cadres.services import meetings as meeting_services
from cadres.tests.factories import AreaMeetingFactory, DocumentFactory
from portal.uploads import upload_name
from supervision import services
from supervision.models import Inspection
from supervision.tests.factories import make_inspection, make_order
from tests import polyglots

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _stored_polyglots(world) -> list[tuple[str, str]]:
    """Every hostile file through every upload field: (what, url), the script-GIFs first (the
    pages load them)."""
    urls = []
    # Rectification answers, by the school's secretary: the attack of the issue.
    def answer(name, data):
        order = make_order(make_inspection(world, status=Inspection.Status.PUBLISHED))
        response = services.rectification_respond(order=order, user=world.secretary,
                                                  text="已整改",
                                                  file=SimpleUploadedFile(name, data))
        return reverse("supervision:response_file", args=[response.pk])

    gif = answer(polyglots.GIF_JS_NAME, polyglots.GIF_JS)
    urls += [("answer gif", gif),
             ("answer pdf", answer(polyglots.PDF_HTML_NAME, polyglots.pdf_html(gif))),
             ("answer png", answer(polyglots.PNG_HTML_NAME, polyglots.png_html(gif)))]

    # Inspection evidence, by an officer.
    inspection = make_inspection(world, status=Inspection.Status.IN_PROGRESS)

    def evidence(name, data):
        row = services.evidence_add(inspection=inspection, user=world.officer,
                                    produced_on=inspection.planned_date,
                                    file=SimpleUploadedFile(name, data))
        return reverse("supervision:evidence_file", args=[row.pk])

    urls += [("evidence gif", evidence(polyglots.GIF_JS_NAME, polyglots.GIF_JS)),
             ("evidence pdf", evidence(polyglots.PDF_HTML_NAME, polyglots.pdf_html(gif))),
             ("evidence png", evidence(polyglots.PNG_HTML_NAME, polyglots.png_html(gif)))]

    # A month's report's photos and files, by the secretary.
    current_semesters(world.district)
    report = ReportFactory(school=world.school)
    photos = activity_services.photos_add(report=report, user=world.secretary, files=[
        SimpleUploadedFile(polyglots.GIF_JS_NAME, polyglots.GIF_JS),
        SimpleUploadedFile(polyglots.PDF_HTML_NAME, polyglots.pdf_html(gif)),
        SimpleUploadedFile(polyglots.PNG_HTML_NAME, polyglots.png_html(gif))])
    urls += [(f"report {photo.name[-4:]}",
              reverse("activities:photo_download", args=[photo.pk])) for photo in photos]

    # Area-meeting photos, by an officer, seen by secretaries.
    meeting = AreaMeetingFactory(district=world.district, area="解放碑片区",
                                 held_on=date(2025, 11, 12), host_school=world.school)
    photos = meeting_services.photos_add(meeting=meeting, user=world.officer, files=[
        SimpleUploadedFile(polyglots.GIF_JS_NAME, polyglots.GIF_JS),
        SimpleUploadedFile(polyglots.PNG_HTML_NAME, polyglots.png_html(gif))])
    urls += [(f"meeting {photo.original_name[-4:]}",
              reverse("cadres:photo_file", args=[photo.pk])) for photo in photos]

    # A joint document's PDF (the form takes names up to 100 characters).
    upload = SimpleUploadedFile("b" * 80 + ".html.pdf", polyglots.pdf_html(gif))
    document = DocumentFactory(district=world.district, file=upload,
                               original_name=upload_name(upload),
                               kind=Document.Kind.NOTICE)
    urls.append(("document pdf", reverse("cadres:document_file", args=[document.pk])))
    return urls


def test_no_hostile_upload_runs_script_when_an_officer_opens_it(world, page, login, settings,
                                                                tmp_path):
    from playwright.sync_api import Error

    settings.MEDIA_ROOT = tmp_path / "media"
    files = _stored_polyglots(world)
    login("officer")
    # A tab of its own: the files are not portal pages (no axe-core check of a bare image).
    tab = page.context.new_page()
    called_home = []
    tab.on("request", lambda request: called_home.append(request.url)
           if "/pwned/" in request.url else None)
    opened = {}
    for what, url in files:
        try:
            response = tab.goto(page.base_url + url)
        except Error as error:  # an attachment: the browser saves it, nothing is rendered
            assert "Download is starting" in str(error), (what, str(error))
            opened[what] = "download"
            continue
        assert response.status == 200, what
        tab.wait_for_timeout(200)  # time for any script a page would run
        ran = tab.evaluate("[document.title, window.pwned === 1]")
        assert ran[0] != "pwned" and not ran[1], f"{what}: the upload's script ran"
        opened[what] = response.headers.get("content-type")
        if opened[what] in ("image/png", "image/gif"):  # shown as the image it is
            assert tab.evaluate("document.images.length === 1 && document.images[0].complete"
                                " && document.images[0].naturalWidth > 0"), what
    assert called_home == [], f"an upload's script called home: {called_home}"
    assert opened["answer pdf"] == opened["evidence pdf"] == "download"
    assert opened["answer png"] == opened["meeting .png"] == "image/png"
    assert opened["answer gif"] == "image/gif"
    # The officer's own session is untouched: the portal still opens as them.
    tab.close()
    page.goto(page.base_url + "/")
    assert "/accounts/login/" not in page.url

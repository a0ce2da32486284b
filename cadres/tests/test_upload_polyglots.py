"""Issue 26, finding 1, for area-meeting photos and joint documents: a file that is also a
page or a script is served as the type it was checked as (a photo "f"*195 + ".html.png" used
to be inline HTML to a secretary), with nosniff and a sandboxed CSP, and as an attachment
unless it is an image Pillow reads as its extension says; a name over its field's length is
refused or shortened keeping the checked extension."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadres.models import AreaMeetingPhoto, Document
from cadres.tests.factories import AreaMeetingFactory
from tests import polyglots

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def meeting(world):
    meeting = AreaMeetingFactory(district=world.district, area="解放碑片区",
                                 held_on=date(2025, 11, 12), host_school=world.school)
    meeting.attending_schools.set([world.school, world.other_school])
    return meeting


def _photo(client, meeting, name, data) -> AreaMeetingPhoto | None:
    client.post(reverse("cadres:photo_upload", args=[meeting.pk]),
                {"photos": [SimpleUploadedFile(name, data)]})
    return meeting.photos.order_by("pk").last()


def test_meeting_photos_that_are_pages_or_scripts_are_never_served_as_such(
        world, client_for, meeting):
    officer = client_for(world.officer)
    gif = _photo(officer, meeting, polyglots.GIF_JS_NAME, polyglots.GIF_JS)
    gif_url = reverse("cadres:photo_file", args=[gif.pk])
    png = _photo(officer, meeting, polyglots.PNG_HTML_NAME, polyglots.png_html(gif_url))
    assert png.original_name == "f" * 195 + ".png"  # was "f" * 195 + ".html"
    assert gif.original_name == "a" * 196 + ".gif"
    count = meeting.photos.count()
    _photo(officer, meeting, polyglots.PDF_HTML_NAME, polyglots.pdf_html(gif_url))
    assert meeting.photos.count() == count  # not an image type: refused

    secretary = client_for(world.secretary)
    served = secretary.get(reverse("cadres:photo_file", args=[png.pk]))
    assert served["Content-Type"] == "image/png"  # was text/html, inline
    assert polyglots.is_safe(served, inline_ok=True) == []
    assert served["Content-Disposition"].endswith('.png"')
    served = secretary.get(gif_url)
    assert served["Content-Type"] == "image/gif"
    assert polyglots.is_safe(served, inline_ok=True) == []
    served = secretary.get(reverse("cadres:photo_file", args=[png.pk]) + "?size=thumbnail")
    assert served["Content-Type"] == "image/jpeg"
    assert polyglots.is_safe(served, inline_ok=True) == []


def _data(world, number, upload):
    return {"number": number, "title": "关于开展片区交流会的通知",
            "kind": Document.Kind.NOTICE, "direction": Document.Direction.ISSUED,
            "issuers": [world.league.pk], "issued_on": "2025-03-01",
            "summary": "", "standard": "", "allocation": "", "file": upload}


def test_joint_documents_that_are_pages_are_never_served_as_such(world, client_for):
    officer = client_for(world.officer)
    url = reverse("cadres:document_create")
    officer.post(url, _data(world, "渝中团发〔2025〕1号",
                            SimpleUploadedFile(polyglots.PDF_HTML_NAME, polyglots.pdf_html("/x"))))
    officer.post(url, _data(world, "渝中团发〔2025〕2号",
                            SimpleUploadedFile("x.js.gif", polyglots.GIF_JS)))
    assert not Document.objects.exists()  # over the field's 100 characters; not a PDF
    name = "b" * 80 + ".html.pdf"
    officer.post(url, _data(world, "渝中团发〔2025〕3号",
                            SimpleUploadedFile(name, polyglots.pdf_html("/x"))))
    document = Document.objects.get()
    assert document.original_name == name
    served = client_for(world.secretary).get(
        reverse("cadres:document_file", args=[document.pk]))
    assert served["Content-Type"] == "application/pdf"
    assert polyglots.is_safe(served, inline_ok=False) == []
    assert served["Content-Disposition"].endswith('.html.pdf"')

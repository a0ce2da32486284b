"""Issue 26, finding 1: a file that is also a script or a page, under a name long enough that
cutting it to 200 characters used to leave ``.js`` or ``.html``, is served as the type the
upload was checked as, never run: nosniff, a sandboxed CSP, an attachment unless it is an
image Pillow reads as its extension says. Evidence files and rectification answers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supervision import services
from supervision.models import Evidence, Inspection, RectificationResponse
from supervision.tests.factories import make_inspection, make_order
from tests import polyglots

pytestmark = pytest.mark.django_db


def _respond(world, client, name, data):
    order = make_order(make_inspection(world, status=Inspection.Status.PUBLISHED))
    client.post(reverse("supervision:order_respond", args=[order.pk]),
                {"text": "已整改", "file": SimpleUploadedFile(name, data)})
    return RectificationResponse.objects.get(order=order)


def test_rectification_answers_that_are_scripts_or_pages_are_never_served_as_such(
        world, client_for):
    secretary = client_for(world.secretary)
    gif = _respond(world, secretary, polyglots.GIF_JS_NAME, polyglots.GIF_JS)
    gif_url = reverse("supervision:response_file", args=[gif.pk])
    pdf = _respond(world, secretary, polyglots.PDF_HTML_NAME, polyglots.pdf_html(gif_url))
    png = _respond(world, secretary, polyglots.PNG_HTML_NAME, polyglots.png_html(gif_url))
    # The names shown and downloaded keep the extension the type was checked by.
    # (the stem is cut, ".js" with it; never the ".gif").
    assert gif.original_name == "a" * 196 + ".gif"
    assert pdf.original_name == "b" * 195 + ".pdf" and png.original_name == "f" * 195 + ".png"

    officer = client_for(world.officer)
    served = officer.get(gif_url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/gif"  # was text/javascript
    assert polyglots.is_safe(served, inline_ok=True) == []
    assert b"".join(served.streaming_content) == polyglots.GIF_JS

    served = officer.get(reverse("supervision:response_file", args=[pdf.pk]))
    assert served["Content-Type"] == "application/pdf"  # was text/html, inline
    assert polyglots.is_safe(served, inline_ok=False) == []
    assert served["Content-Disposition"].endswith('.pdf"')

    served = officer.get(reverse("supervision:response_file", args=[png.pk]))
    assert served["Content-Type"] == "image/png"
    assert served["Content-Disposition"].startswith("inline")  # a real PNG: shown
    assert polyglots.is_safe(served, inline_ok=True) == []


def test_an_answer_stored_under_a_cut_name_is_served_by_its_stored_type(world, client_for):
    """Rows saved before the fix hold the cut name (``….js``): the download is still the GIF
    the file was checked as, named so."""
    response = _respond(world, client_for(world.secretary), polyglots.GIF_JS_NAME,
                        polyglots.GIF_JS)
    RectificationResponse.objects.filter(pk=response.pk).update(
        original_name=polyglots.GIF_JS_NAME[:200])
    served = client_for(world.officer).get(
        reverse("supervision:response_file", args=[response.pk]))
    assert served["Content-Type"] == "image/gif"
    assert served["Content-Disposition"].endswith('.gif"')


def test_evidence_that_is_a_script_or_a_page_is_never_served_as_such(world, client_for):
    inspection = make_inspection(world, status=Inspection.Status.IN_PROGRESS)
    officer = client_for(world.officer)
    # The form refuses a name over its 100 characters; the service takes any length.
    officer.post(reverse("supervision:evidence_add", args=[inspection.pk]),
                 {"file": SimpleUploadedFile(polyglots.GIF_JS_NAME, polyglots.GIF_JS),
                  "produced_on": "2025-11-03"})
    assert not Evidence.objects.exists()
    officer.post(reverse("supervision:evidence_add", args=[inspection.pk]),
                 {"file": SimpleUploadedFile("a.js.gif", polyglots.GIF_JS),
                  "produced_on": "2025-11-03"})
    short_gif = Evidence.objects.get()
    long_gif = services.evidence_add(
        inspection=inspection, user=world.officer, produced_on=inspection.planned_date,
        file=SimpleUploadedFile(polyglots.GIF_JS_NAME, polyglots.GIF_JS))
    gif_url = reverse("supervision:evidence_file", args=[long_gif.pk])
    pdf = services.evidence_add(
        inspection=inspection, user=world.officer, produced_on=inspection.planned_date,
        file=SimpleUploadedFile(polyglots.PDF_HTML_NAME, polyglots.pdf_html(gif_url)))
    png = services.evidence_add(
        inspection=inspection, user=world.officer, produced_on=inspection.planned_date,
        file=SimpleUploadedFile(polyglots.PNG_HTML_NAME, polyglots.png_html(gif_url)))
    assert long_gif.original_name.endswith(".gif")

    reader = client_for(world.education_officer)
    for evidence in (short_gif, long_gif):
        served = reader.get(reverse("supervision:evidence_file", args=[evidence.pk]))
        assert served["Content-Type"] == "image/gif"
        assert polyglots.is_safe(served, inline_ok=True) == []
    served = reader.get(reverse("supervision:evidence_file", args=[pdf.pk]))
    assert served["Content-Type"] == "application/pdf"
    assert polyglots.is_safe(served, inline_ok=False) == []
    served = reader.get(reverse("supervision:evidence_file", args=[png.pk]))
    assert served["Content-Type"] == "image/png"
    assert polyglots.is_safe(served, inline_ok=True) == []
    # The thumbnail made on the server is served the same way.
    served = reader.get(reverse("supervision:evidence_file", args=[png.pk]) + "?size=thumbnail")
    assert served["Content-Type"] == "image/jpeg"
    assert polyglots.is_safe(served, inline_ok=True) == []
    assert served["Cache-Control"] == "private, max-age=86400"

"""Issue 26, finding 1, for a month's report's photos and files: a file that is also a script
or a page, under a name whose 200-character cut used to leave ``.js`` or ``.html``, is served
as the type it was checked as, with nosniff and a sandboxed CSP, and as an attachment unless
it is an image Pillow reads as its extension says."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import ActivityPhoto
from tests import polyglots

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, report, name, data) -> ActivityPhoto:
    client.post(reverse("activities:photo_upload", args=[report.pk]),
                {"files": [SimpleUploadedFile(name, data)]})
    return ActivityPhoto.objects.filter(report=report).latest("pk")


def test_report_files_that_are_scripts_or_pages_are_never_served_as_such(
        world, client_for, report):
    secretary = client_for(world.secretary)
    gif = _upload(secretary, report, polyglots.GIF_JS_NAME, polyglots.GIF_JS)
    gif_url = reverse("activities:photo_download", args=[gif.pk])
    pdf = _upload(secretary, report, polyglots.PDF_HTML_NAME, polyglots.pdf_html(gif_url))
    png = _upload(secretary, report, polyglots.PNG_HTML_NAME, polyglots.png_html(gif_url))
    assert gif.name == "a" * 196 + ".gif"  # was "a" * 197 + ".js"
    assert pdf.name == "b" * 195 + ".pdf" and png.name == "f" * 195 + ".png"

    officer = client_for(world.officer)
    served = officer.get(gif_url)
    assert served["Content-Type"] == "image/gif"
    assert polyglots.is_safe(served, inline_ok=True) == []
    served = officer.get(reverse("activities:photo_download", args=[pdf.pk]))
    assert served["Content-Type"] == "application/pdf"
    assert polyglots.is_safe(served, inline_ok=False) == []
    served = officer.get(reverse("activities:photo_download", args=[png.pk]))
    assert served["Content-Type"] == "image/png"
    assert polyglots.is_safe(served, inline_ok=True) == []
    served = officer.get(reverse("activities:photo_download", args=[png.pk]) + "?size=thumbnail")
    assert served["Content-Type"] == "image/jpeg"
    assert polyglots.is_safe(served, inline_ok=True) == []


def test_a_row_under_an_old_cut_name_is_served_by_its_stored_type(world, client_for, report):
    photo = _upload(client_for(world.secretary), report, polyglots.GIF_JS_NAME,
                    polyglots.GIF_JS)
    ActivityPhoto.objects.filter(pk=photo.pk).update(name=polyglots.GIF_JS_NAME[:200])
    served = client_for(world.officer).get(
        reverse("activities:photo_download", args=[photo.pk]))
    assert served["Content-Type"] == "image/gif"
    assert served["Content-Disposition"].endswith('.gif"')
    assert polyglots.is_safe(served, inline_ok=True) == []


def test_a_gif_named_png_is_an_attachment(world, client_for, report):
    """Only an image whose decoded format matches its extension is shown inline."""
    photo = _upload(client_for(world.secretary), report, "photo.png",
                    polyglots.png_html("/x"))
    mismatched = photo.file.name.rsplit(".", 1)[0] + ".gif"
    photo.file.storage.save(mismatched, photo.file.open("rb"))
    ActivityPhoto.objects.filter(pk=photo.pk).update(file=mismatched)
    served = client_for(world.officer).get(
        reverse("activities:photo_download", args=[photo.pk]))
    assert served["Content-Type"] == "image/gif"
    assert served["Content-Disposition"].startswith("attachment")
    assert polyglots.is_safe(served, inline_ok=False) == []

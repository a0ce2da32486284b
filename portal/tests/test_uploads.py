"""Issue 26, finding 1: the one way a stored file is served (`serve_upload`) and the names
kept for uploads (`upload_name`). The served type is the portal's record of what it checked
(the stored name's extension, which storage keeps), never a guess from a name; every file
response forbids sniffing and script and is an attachment unless it is an image Pillow
reads as its extension says. The views of each app are tested with the hostile uploads in
that app (`test_upload_polyglots.py`)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.urls import reverse

from portal.uploads import (
    EVIDENCE_EXTENSIONS,
    UploadValidator,
    serve_upload,
    short_name,
    upload_name,
)
from reports.models import EvaluationReport
from tests import polyglots


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored(name: str, data: bytes) -> FieldFile:
    """A stored file as a model's FileField holds it (storage picks the final name)."""
    field = EvaluationReport._meta.get_field("file")
    return FieldFile(None, field, default_storage.save(name, ContentFile(data)))


@pytest.mark.parametrize(("name", "kept"), [
    (polyglots.GIF_JS_NAME, "a" * 196 + ".gif"),
    (polyglots.PDF_HTML_NAME, "b" * 195 + ".pdf"),
    (polyglots.PNG_HTML_NAME, "f" * 195 + ".png"),
    ("团课 照片.png", "团课 照片.png"),
    ("C:\\Users\\me\\照片.png", "照片.png"),
    ("../../etc/x.pdf", "x.pdf"),
])
def test_an_upload_name_is_cut_keeping_the_checked_extension(name, kept):
    upload = SimpleUploadedFile("x.png", b"")
    upload.name = name  # as the browser sent it (Django keeps only the last part)
    assert upload_name(upload) == kept == short_name(name)
    assert len(upload_name(upload)) <= 200
    assert upload_name(upload).lower().endswith(
        name.rsplit(".", 1)[-1].lower())  # the extension UploadValidator checked


def test_a_shown_name_has_no_control_or_direction_characters():
    assert short_name("photo\u202egpj.exe.png") == "photogpj.exe.png"
    assert short_name("a\x00b\nc.pdf") == "abc.pdf"
    assert short_name("report.js", extension=".gif") == "report.js.gif"
    assert short_name("", extension=".pdf") == "file.pdf"
    assert short_name("x" * 300, extension=".pdf") == "x" * 196 + ".pdf"


@pytest.mark.parametrize(("name", "data", "content_type", "inline"), [
    (polyglots.GIF_JS_NAME, polyglots.GIF_JS, "image/gif", True),
    (polyglots.PDF_HTML_NAME, polyglots.pdf_html("/x"), "application/pdf", False),
    (polyglots.PNG_HTML_NAME, polyglots.png_html("/x"), "image/png", True),
    ("sheet.xlsx", b"PK\x03\x04 <html><script>x</script>",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
    ("not-a-png.png", b"GIF89a <script>x</script>", "image/png", False),  # format ≠ name
    ("legacy.html", b"<script>x</script>", "application/octet-stream", False),
])
@pytest.mark.django_db
def test_a_stored_file_is_served_as_its_checked_type_never_run(name, data, content_type,
                                                                 inline):
    field_file = stored("uploads/" + name, data)
    # The name the user gave (and the download is named by) says something else entirely.
    response = serve_upload(field_file, "page.html")
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Content-Disposition"].startswith("inline" if inline else "attachment")
    assert polyglots.is_safe(response, inline_ok=inline) == []
    assert b"".join(response.streaming_content) == data
    if content_type != "application/octet-stream":
        extension = "." + name.rsplit(".", 1)[-1]
        assert response["Content-Disposition"].endswith(f'page.html{extension}"')


@pytest.mark.django_db
def test_documents_can_be_forced_to_download_and_a_missing_file_is_404():
    field_file = stored("uploads/p.png", polyglots.png_html("/x"))
    assert serve_upload(field_file, "p.png", inline_images=False)[
        "Content-Disposition"].startswith("attachment")
    default_storage.delete(field_file.name)
    with pytest.raises(Http404):
        serve_upload(FieldFile(None, field_file.field, field_file.name), "p.png")
    with pytest.raises(Http404):
        serve_upload(FieldFile(None, EvaluationReport._meta.get_field("file"), ""), "x")


def test_the_validator_checks_the_extension_storage_keeps():
    """The served type rests on this: the extension checked is the last one, which storage
    keeps when it renames or cuts a stored name."""
    upload = SimpleUploadedFile(polyglots.GIF_JS_NAME, polyglots.GIF_JS)
    UploadValidator(EVIDENCE_EXTENSIONS)(upload)
    name = default_storage.get_available_name(
        default_storage.get_valid_name(upload.name), max_length=100)
    assert name.endswith(".gif") and len(name) <= 100


@pytest.mark.django_db
def test_an_evaluation_pdf_is_served_like_every_file(world, client_for):
    report = EvaluationReport.objects.create(
        kind=EvaluationReport.Kind.DISTRICT, district=world.district,
        period_start=date(2025, 9, 1), period_end=date(2026, 8, 31), language="zh-hans",
        status=EvaluationReport.Status.DONE)
    report.file.save("summary.pdf", ContentFile(b"%PDF-1.7 <script>x</script>"))
    served = client_for(world.leader).get(reverse("report_download", args=[report.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert polyglots.is_safe(served, inline_ok=False) == []

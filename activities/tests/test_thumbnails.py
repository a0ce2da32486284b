"""Server-side thumbnails (issue 12): an uploaded photo gets a small JPEG beside it, pages show
the thumbnail and link to the original, the thumbnail goes with its photo, and the
make_thumbnails command fills in rows uploaded before thumbnails existed."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from activities.models import ActivityPhoto
from portal.access_log import AccessEvent
from portal.uploads import THUMBNAIL_MAX_PX

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def image_bytes(width=1600, height=1000, fmt="PNG", mode="RGB") -> bytes:
    out = BytesIO()
    Image.new(mode, (width, height), "red").save(out, fmt)
    return out.getvalue()


def upload(client, report, *files):
    return client.post(reverse("activities:photo_upload", args=[report.pk]),
                       {"files": list(files)}, follow=True)


def test_report_page_shows_the_thumbnail_not_the_original(world, client_for, report):
    client = client_for(world.secretary)
    original = image_bytes()
    upload(client, report, SimpleUploadedFile("大合影.png", original),
           SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes"))
    photo = ActivityPhoto.objects.get(name="大合影.png")
    assert photo.thumbnail and photo.thumbnail.name.endswith(".thumb.jpg")
    assert photo.thumbnail.name.rsplit("/", 1)[0] == photo.file.name.rsplit("/", 1)[0]
    with Image.open(photo.thumbnail.path) as thumb:
        assert max(thumb.size) <= THUMBNAIL_MAX_PX and thumb.size == (480, 300)
    assert not ActivityPhoto.objects.get(name="notes.pdf").thumbnail

    page = client.get(report.get_absolute_url()).content.decode()
    sources = re.findall(r'<img[^>]+src="([^"]+)"', page)
    url = reverse("activities:photo_download", args=[photo.pk])
    assert sources == [f"{url}?size=thumbnail"]
    assert f'href="{url}"' in page  # the original only by its own link
    response = client.get(f"{url}?size=thumbnail")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xff\xd8") and len(body) < len(original)
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.DOWNLOAD).exists()
    original_response = client.get(url)
    assert b"".join(original_response.streaming_content) == original
    assert AccessEvent.objects.filter(action=AccessEvent.Action.DOWNLOAD).count() == 1


def test_transparent_and_tall_images_get_a_bounded_thumbnail(world, client_for, report):
    upload(client_for(world.secretary), report,
           SimpleUploadedFile("tall.png", image_bytes(300, 2000, mode="RGBA")),
           SimpleUploadedFile("small.jpg", image_bytes(200, 100, fmt="JPEG")))
    sizes = {}
    for photo in ActivityPhoto.objects.all():
        with Image.open(photo.thumbnail.path) as thumb:
            sizes[photo.name] = thumb.size
    assert sizes == {"tall.png": (72, 480), "small.jpg": (200, 100)}


def test_thumbnail_is_deleted_with_its_photo(world, client_for, report,
                                             django_capture_on_commit_callbacks):
    client = client_for(world.secretary)
    upload(client, report, SimpleUploadedFile("a.png", image_bytes()))
    photo = ActivityPhoto.objects.get()
    files = [photo.file.path, photo.thumbnail.path]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("activities:photo_delete", args=[photo.pk]))
    assert not ActivityPhoto.objects.exists()
    import os

    assert not any(os.path.exists(f) for f in files)


def test_make_thumbnails_fills_in_old_rows(world, report):
    old = ActivityPhoto(report=report, name="old.png")
    old.file.save("old.png", ContentFile(image_bytes()), save=True)
    history_rows = old.history.count()
    assert not old.thumbnail
    call_command("make_thumbnails", "--dry-run")
    old.refresh_from_db()
    assert not old.thumbnail
    call_command("make_thumbnails")
    old.refresh_from_db()
    with Image.open(old.thumbnail.path) as thumb:
        assert max(thumb.size) == THUMBNAIL_MAX_PX
    assert old.history.count() == history_rows  # derived data: no history row

"""Evidence images are shown on the inspection page as server-made thumbnails; documents
keep their paperclip; the thumbnail goes with its evidence."""

from __future__ import annotations

import os
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.uploads import THUMBNAIL_MAX_PX
from supervision.models import Evidence, Inspection
from supervision.tests.factories import make_inspection

pytestmark = pytest.mark.django_db


def test_evidence_image_has_a_thumbnail_on_the_page(world, client_for, settings, tmp_path,
                                                   django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    inspection = make_inspection(world, status=Inspection.Status.IN_PROGRESS)
    client = client_for(world.officer)
    out = BytesIO()
    Image.new("RGB", (1200, 1600), "green").save(out, "JPEG")
    add = reverse("supervision:evidence_add", args=[inspection.pk])
    client.post(add, {"file": SimpleUploadedFile("活动现场.jpg", out.getvalue()),
                      "produced_on": "2025-11-03"})
    client.post(add, {"file": SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 x"),
                      "produced_on": "2025-11-03"})
    photo, document = Evidence.objects.order_by("pk")
    assert not document.thumbnail
    with Image.open(photo.thumbnail.path) as thumb:
        assert thumb.size == (360, THUMBNAIL_MAX_PX)
    page = client.get(inspection.get_absolute_url()).content.decode()
    url = reverse("supervision:evidence_file", args=[photo.pk])
    assert re.findall(r'<img[^>]+src="([^"]+)"', page) == [f"{url}?size=thumbnail"]
    response = client.get(f"{url}?size=thumbnail")
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert client.get(reverse("supervision:evidence_file", args=[document.pk]),
                      {"size": "thumbnail"}).status_code == 404
    paths = [photo.file.path, photo.thumbnail.path]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("supervision:evidence_delete", args=[photo.pk]))
    assert not any(os.path.exists(p) for p in paths)

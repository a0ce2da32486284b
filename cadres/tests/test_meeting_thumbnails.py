"""Area-meeting photos are shown as server-made thumbnails; the original by its own link."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cadres.tests.factories import AreaMeetingFactory
from portal.uploads import THUMBNAIL_MAX_PX

pytestmark = pytest.mark.django_db


def test_meeting_page_shows_thumbnails(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = AreaMeetingFactory(district=world.district, area="解放碑片区",
                                 held_on=date(2025, 11, 12), host_school=world.school)
    out = BytesIO()
    Image.new("RGB", (2000, 1500), "blue").save(out, "PNG")
    client = client_for(world.officer)
    client.post(reverse("cadres:photo_upload", args=[meeting.pk]),
                {"photos": [SimpleUploadedFile("会场.png", out.getvalue())]})
    photo = meeting.photos.get()
    with Image.open(photo.thumbnail.path) as thumb:
        assert thumb.size == (THUMBNAIL_MAX_PX, 360)
    page = client.get(meeting.get_absolute_url()).content.decode()
    url = reverse("cadres:photo_file", args=[photo.pk])
    assert re.findall(r'<img[^>]+src="([^"]+)"', page) == [f"{url}?size=thumbnail"]
    assert f'href="{url}"' in page
    response = client.get(f"{url}?size=thumbnail")
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")

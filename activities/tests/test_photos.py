"""Photos and files: accepted images are stored and served only within scope; an oversized
photo or a wrong file type is refused with a clear message and nothing is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from activities.models import ActivityPhoto
from supervision.demo import PNG as DEMO_PNG

pytestmark = pytest.mark.django_db
PNG = DEMO_PNG  # a real image: an image's header is read to count its pixels


def upload(client, report, *files):
    return client.post(reverse("activities:photo_upload", args=[report.pk]),
                       {"files": list(files)}, follow=True)


def test_secretary_drops_several_photos_and_they_are_served_in_scope(world, client_for, report):
    client = client_for(world.secretary)
    upload(client, report, SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.png", PNG))
    photos = list(ActivityPhoto.objects.filter(report=report))
    assert len(photos) == 2
    url = reverse("activities:photo_download", args=[photos[0].pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert client_for(world.other_secretary).get(url).status_code == 404
    assert client_for(world.far_officer).get(url).status_code == 404
    assert client_for(world.officer).get(url).status_code == 200


def test_wrong_file_type_is_refused(world, client_for, report):
    response = upload(client_for(world.secretary), report,
                      SimpleUploadedFile("virus.exe", b"MZ\x90\x00"))
    assert "不接受" in response.content.decode() or "exe" in response.content.decode()
    assert not ActivityPhoto.objects.exists()


def test_disguised_file_is_refused(world, client_for, report):
    upload(client_for(world.secretary), report, SimpleUploadedFile("photo.jpg", b"not a jpeg"))
    assert not ActivityPhoto.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=50)
def test_oversized_photo_is_refused(world, client_for, report):
    response = upload(client_for(world.secretary), report, SimpleUploadedFile("big.png", PNG))
    assert "big.png" in response.content.decode()
    assert not ActivityPhoto.objects.exists()


def test_no_upload_on_an_approved_report(world, client_for, report):
    report.status = "approved"
    report.save()
    response = upload(client_for(world.secretary), report, SimpleUploadedFile("a.png", PNG))
    assert "只读" in response.content.decode()
    assert not ActivityPhoto.objects.exists()

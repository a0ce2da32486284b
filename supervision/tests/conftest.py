import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from supervision.demo import PNG


@pytest.fixture
def png():
    return lambda name="photo.png": SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

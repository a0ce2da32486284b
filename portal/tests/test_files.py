"""Files and rows stay consistent (issue 12): a file goes only after its row's delete
commits, a failed upload leaves no file, orphans are found and removed, huge images are
refused from their header."""

import os
import struct
import time
import zlib
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction

from activities import services as activity_services
from activities.models import ActivityPhoto
from activities.tests.factories import ReportFactory
from portal.uploads import IMAGE_EXTENSIONS, UploadValidator
from supervision import services
from supervision.demo import PNG
from supervision.models import Evidence, Inspection
from supervision.tests.factories import make_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height: Pillow reads the size without the pixels."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def test_an_image_over_the_pixel_limit_is_refused():
    validate = UploadValidator(IMAGE_EXTENSIONS)
    with pytest.raises(ValidationError) as error:
        validate(SimpleUploadedFile("huge.png", png_header(50_000, 50_000)))
    assert error.value.code == "image_pixels"
    validate(SimpleUploadedFile("small.png", PNG))  # the demo's small image passes


def test_the_pixel_limit_is_a_setting(settings):
    settings.UPLOAD_MAX_PIXELS = 1000
    with pytest.raises(ValidationError):
        UploadValidator(IMAGE_EXTENSIONS)(SimpleUploadedFile("a.png", png_header(40, 40)))


def test_an_unreadable_image_is_refused():
    with pytest.raises(ValidationError) as error:
        UploadValidator(IMAGE_EXTENSIONS)(SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"x"))
    assert error.value.code == "image_invalid"


def _evidence(world):
    inspection = make_inspection(world, status=Inspection.Status.IN_PROGRESS)
    return services.evidence_add(inspection=inspection, user=world.officer,
                                 file=SimpleUploadedFile("p.png", PNG),
                                 produced_on=inspection.planned_date)


def test_a_removal_that_fails_before_commit_keeps_the_file(world):
    evidence = _evidence(world)
    path, pk = evidence.file.path, evidence.pk
    with pytest.raises(RuntimeError), transaction.atomic():
        services.evidence_remove(evidence=evidence, user=world.officer)
        raise RuntimeError("the database went away before the commit")
    assert Evidence.objects.filter(pk=pk).exists()
    with open(path, "rb") as handle:
        assert handle.read() == PNG


def test_a_committed_removal_deletes_the_file(world, django_capture_on_commit_callbacks):
    evidence = _evidence(world)
    storage, name, pk = evidence.file.storage, evidence.file.name, evidence.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(evidence=evidence, user=world.officer)
        assert storage.exists(name)  # not before the commit
    assert not storage.exists(name) and not Evidence.objects.filter(pk=pk).exists()


def test_an_upload_whose_database_write_fails_leaves_no_file(world, monkeypatch, media):
    report = ReportFactory(school=world.school)
    original, calls = ActivityPhoto.save, []

    def failing_save(self, *args, **kwargs):
        calls.append(self)
        original(self, *args, **kwargs)  # the file is stored here
        if len(calls) == 2:
            raise IntegrityError("the worker lost its database connection")

    monkeypatch.setattr(ActivityPhoto, "save", failing_save)
    files = [SimpleUploadedFile(f"p{i}.png", PNG) for i in range(3)]
    with pytest.raises(IntegrityError):
        activity_services.photos_add(report=report, files=files, user=world.secretary)
    assert not ActivityPhoto.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_orphan_files_are_listed_then_removed(world, media):
    evidence = _evidence(world)
    orphan = media / "supervision" / "lost.pdf"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"%PDF-1.4")
    now = time.time()  # the test's clock (PORTAL_TEST_TODAY), not the file system's
    os.utime(orphan, (now, now))
    out = StringIO()
    call_command("orphan_files", "--dry-run", "--min-age-minutes=0", stdout=out)
    assert "supervision/lost.pdf" in out.getvalue() and orphan.exists()
    assert evidence.file.name not in out.getvalue()
    call_command("orphan_files", "--min-age-minutes=0", stdout=StringIO())
    assert not orphan.exists() and evidence.file.storage.exists(evidence.file.name)
    out = StringIO()
    orphan.write_bytes(b"%PDF-1.4")
    os.utime(orphan, (time.time(), time.time()))
    call_command("orphan_files", stdout=out)  # younger than an hour: may be committing
    assert orphan.exists() and "0 orphan" in out.getvalue()

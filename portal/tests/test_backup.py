"""Backup round trip: every table's rows and every uploaded file come back as they were."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from portal.models import Notification


def database_fingerprint() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of the content of every table, computed here on its own."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            columns = [c.name for c in connection.introspection.get_table_description(
                cursor, table)]
            order = ", ".join(str(i + 1) for i in range(len(columns)))
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {order}")
            rows = cursor.fetchall()
            digest = hashlib.sha256(repr(rows).encode()).hexdigest()
            result[table] = (len(rows), digest)
    return result


def media_fingerprint(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = settings.MEDIA_ROOT / "supervision" / "evidence"
    folder.mkdir(parents=True)
    (folder / "照片.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (settings.MEDIA_ROOT / "notes.pdf").write_bytes(b"%PDF-1.4 demo")
    return settings.MEDIA_ROOT


def backup_to(folder: Path) -> Path:
    out = io.StringIO()
    call_command("backup", "-o", str(folder), stdout=out)
    archive = Path(out.getvalue().strip())
    assert archive.is_file() and archive.parent == folder
    return archive


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_emptied_database_gives_back_every_row_and_file(
    world, media, tmp_path
):
    Notification.objects.create(recipient=world.officer, title="备份前的通知 ☃")
    before = database_fingerprint()
    files_before = media_fingerprint(media)
    assert before["schools_school"][0] == 3 and len(files_before) == 2

    archive = backup_to(tmp_path / "backups")

    call_command("flush", "--noinput", verbosity=0)
    for path in media.rglob("*.png"):
        path.unlink()
    (media / "stray.txt").write_text("written after the backup")
    assert database_fingerprint()["schools_school"][0] == 0

    out = io.StringIO()
    call_command("restore", str(archive), "--noinput", stdout=out)

    assert "restored" in out.getvalue()
    assert database_fingerprint() == before
    assert media_fingerprint(media) == files_before


def _rewrite(archive: Path, change) -> Path:
    """A copy of ``archive`` with its manifest changed by ``change(manifest)``."""
    target = archive.with_name("tampered.tar.gz")
    with tarfile.open(archive, "r:gz") as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data) if data is not None else None)
    return target


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_it_cannot_verify(world, media, tmp_path):
    archive = backup_to(tmp_path / "backups")
    before = database_fingerprint()

    def wrong_checksum(manifest):
        name = manifest["database"]
        manifest["files"][name] = "0" * 64

    def other_engine(manifest):
        manifest["engine"] = "mysql"

    for change, message in ((wrong_checksum, "checksum mismatch"),
                            (other_engine, "the archive was made from mysql")):
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(_rewrite(archive, change)), "--noinput")

    not_an_archive = tmp_path / "junk.tar.gz"
    not_an_archive.write_bytes(b"this is not a tar file")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(not_an_archive), "--noinput")
    with pytest.raises(CommandError, match="no such archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), "--noinput")

    assert database_fingerprint() == before  # nothing was touched

"""Backup round trip: every table's rows and every uploaded file come back as they were."""

import hashlib
import io
import json
import sqlite3
import tarfile
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from portal.models import Notification, User


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


def _rewrite(archive: Path, change, *, members=None) -> Path:
    """A copy of ``archive`` with its manifest changed by ``change(manifest)`` and each member
    named in ``members`` replaced by ``members[name](data)`` (None drops it)."""
    members = members or {}
    target = archive.with_name("tampered.tar.gz")
    with tarfile.open(archive, "r:gz") as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name in members:
                data = members[member.name](data)
                if data is None:
                    continue
                member.size = len(data)
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
        tampered = _rewrite(archive, change)
        with pytest.raises(CommandError, match="signature does not verify"):
            call_command("restore", str(tampered), "--noinput")
        # trusting an unsigned manifest still checks it against the files and the engine
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(tampered), "--noinput", "--trust-unsigned")

    not_an_archive = tmp_path / "junk.tar.gz"
    not_an_archive.write_bytes(b"this is not a tar file")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(not_an_archive), "--noinput")
    with pytest.raises(CommandError, match="no such archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), "--noinput")

    assert database_fingerprint() == before  # nothing was touched


def _make_superuser(username: str):
    """The attack of issue 26: the dump edited so that ``username`` is a superuser."""

    def edit(data: bytes) -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "db.sqlite3"
            path.write_bytes(data)
            db = sqlite3.connect(path)
            db.execute("UPDATE portal_user SET is_superuser = 1, is_staff = 1 WHERE username = ?",
                       (username,))
            db.commit()
            db.close()
            return path.read_bytes()

    return edit


def _rehash(manifest):
    """The manifest's checksums made to match the edited dump, as the attacker would."""
    name = manifest["database"]
    manifest["files"][name] = _EDITED[name]


_EDITED: dict[str, str] = {}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="edits the SQLite dump")
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_edited_and_rehashed_dump(world, media, tmp_path):
    """Issue 26: a dump edited to make a secretary superuser, its manifest re-hashed (and
    re-signed with a key of the attacker's, or its signature dropped), is refused; only
    --trust-unsigned restores it."""
    archive = backup_to(tmp_path / "backups")
    edit = _make_superuser(world.secretary.username)
    with tarfile.open(archive, "r:gz") as tar:
        dump = tar.extractfile("database.sqlite3").read()
    _EDITED["database.sqlite3"] = hashlib.sha256(edit(dump)).hexdigest()

    def resign(data: bytes) -> bytes:
        return json.dumps({"algorithm": "HMAC-SHA256", "signature": "0" * 64}).encode()

    for signature in (None, resign):
        def drop_or_resign(data, signature=signature):
            return signature(data) if signature else None

        tampered = _rewrite(archive, _rehash, members={
            "database.sqlite3": edit, "manifest.sig": drop_or_resign})
        message = "signature does not verify" if signature else "the archive is not signed"
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(tampered), "--noinput")
        assert not User.objects.get(pk=world.secretary.pk).is_superuser

    # the checksums were made to match: trusting the archive is what lets it in
    call_command("restore", str(tampered), "--noinput", "--trust-unsigned", stdout=io.StringIO())
    assert User.objects.get(pk=world.secretary.pk).is_superuser


@pytest.mark.django_db(transaction=True)
def test_an_archive_signed_under_another_key_needs_trust(world, media, tmp_path, settings):
    """A genuine archive restores (the round trip above); under another key it needs trust."""
    archive = backup_to(tmp_path / "backups")
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
    assert "manifest.sig" in names
    settings.BACKUP_KEY = "another-key"
    with pytest.raises(CommandError, match="signature does not verify"):
        call_command("restore", str(archive), "--noinput")
    out = io.StringIO()
    call_command("restore", str(archive), "--noinput", "--trust-unsigned", stdout=out)
    assert "restored" in out.getvalue()


def test_the_backup_key_defaults_to_one_derived_from_the_secret_key(settings):
    assert settings.BACKUP_KEY and settings.SECRET_KEY not in settings.BACKUP_KEY

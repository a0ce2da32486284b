"""Backups: one archive holding the database and the uploaded files, checked on the way out and
on the way back in.

The archive is a gzipped tar with

- ``manifest.json``: when and from what it was made (database engine, the migrations applied),
  the row count of every table, and the SHA-256 of every other member;
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the portal runs) or
  ``database.pgdump`` (``pg_dump --format=custom``: consistent inside one transaction);
- ``media/…``: the uploaded files, as they are under ``MEDIA_ROOT``;
- ``manifest.sig``: the HMAC-SHA256 of ``manifest.json``'s bytes under the backup key
  (``settings.BACKUP_KEY``), which is not in the archive. The checksums only say that the
  members match the manifest; the signature says that the manifest is the one this portal
  wrote (whoever edits the dump and re-hashes it cannot sign the new manifest).

`restore_archive` refuses an archive whose manifest is missing, whose members do not match
their checksums, that holds unexpected paths, or that was made from another database engine;
and, unless told to trust it (``trust_unsigned``), one that is unsigned or whose signature does
not verify under the configured key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SIGNATURE_ALGORITHM = "HMAC-SHA256"
FORMAT_VERSION = 1
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is meant for the operator."""


@dataclass(frozen=True)
class Verified:
    """What a checked archive holds: its manifest and where it was unpacked."""

    manifest: dict
    folder: Path


def _key() -> bytes:
    key = getattr(settings, "BACKUP_KEY", "")
    if not key:
        raise BackupError("no backup key is configured (BACKUP_KEY)")
    return key.encode()


def sign_manifest(data: bytes) -> str:
    """The signature of a manifest's bytes under the configured backup key."""
    return hmac.new(_key(), data, hashlib.sha256).hexdigest()


def _check_signature(folder: Path) -> str | None:
    """None when the manifest's signature verifies under the configured key, else why not."""
    try:
        signature = json.loads((folder / SIGNATURE).read_text())
    except FileNotFoundError:
        return "the archive is not signed"
    except (OSError, ValueError):
        return "the archive's signature is unreadable"
    if not isinstance(signature, dict) or signature.get("algorithm") != SIGNATURE_ALGORITHM:
        return "the archive's signature is unreadable"
    expected = sign_manifest((folder / MANIFEST).read_bytes())
    if not hmac.compare_digest(str(signature.get("signature", "")), expected):
        return ("the archive's signature does not verify with the configured backup key "
                "(the manifest was changed, or it was signed with another key)")
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def table_row_counts() -> dict[str, int]:
    """Row count of every table of the configured database (Django's and the apps')."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore from Django's settings (password through
    the environment, never on the command line)."""
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _dump_database(folder: Path, engine: str) -> Path:
    if engine == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target
    target = folder / "database.pgdump"
    args, env = _pg_env()
    result = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
         *args],
        env=env, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return target


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def create_archive(output_dir: Path) -> Path:
    """Write one archive into ``output_dir``, check it, and return its path."""
    engine = _engine()
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"portal-backup-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as tmp:
        database = _dump_database(Path(tmp), engine)
        members = {database.name: _sha256(database)}
        media = _media_files()
        for path in media:
            members[f"media/{path.relative_to(media_root).as_posix()}"] = _sha256(path)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": database.name,
            "migrations": sorted(
                f"{app}.{name}"
                for app, name in MigrationRecorder(connection).applied_migrations()
            ),
            "row_counts": table_row_counts(),
            "files": members,
        }
        manifest_path = Path(tmp) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        signature_path = Path(tmp) / SIGNATURE
        signature_path.write_text(json.dumps({
            "algorithm": SIGNATURE_ALGORITHM,
            "signature": sign_manifest(manifest_path.read_bytes()),
        }))
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            tar.add(signature_path, arcname=SIGNATURE)
            tar.add(database, arcname=database.name)
            for path in media:
                tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        partial.rename(archive)
    with tempfile.TemporaryDirectory(prefix="portal-check-") as tmp:
        verify_archive(archive, Path(tmp))  # a backup that cannot be restored is no backup
    return archive


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts:
            raise BackupError(f"the archive holds an unsafe path: {member.name}")
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"the archive holds a link or device: {member.name}")
        members.append(member)
    return members


def verify_archive(archive: Path, folder: Path, *, trust_unsigned: bool = False) -> Verified:
    """Unpack ``archive`` into ``folder``, check the manifest's signature (unless
    ``trust_unsigned``) and every member against the manifest."""
    if not archive.is_file():
        raise BackupError(f"no such archive: {archive}")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = _safe_members(tar)
            tar.extractall(folder, members=members, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"not a readable backup archive: {exc}") from exc
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError("the archive has no readable manifest") from exc
    if not trust_unsigned and (problem := _check_signature(folder)):
        raise BackupError(f"{problem}; restore it only if you trust where it comes from, "
                          "with --trust-unsigned")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown archive format: {manifest.get('format')!r}")
    expected = manifest.get("files") or {}
    present = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(folder).as_posix() not in (MANIFEST, SIGNATURE)
    }
    if present != set(expected):
        raise BackupError("the archive's files do not match its manifest")
    for name, digest in expected.items():
        if _sha256(folder / name) != digest:
            raise BackupError(f"checksum mismatch: {name}")
    if manifest.get("database") not in expected:
        raise BackupError("the archive holds no database")
    return Verified(manifest=manifest, folder=folder)


def _restore_database(verified: Verified) -> None:
    source = verified.folder / verified.manifest["database"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        return
    connection.close()  # pg_restore drops and recreates the tables: hold no lock on them
    args, env = _pg_env()
    result = subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", *args, str(source)],
        env=env, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _restore_media(verified: Verified) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    source = verified.folder / "media"
    staging = media_root.with_name(media_root.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, staging)
    else:
        staging.mkdir(parents=True)
    old = media_root.with_name(media_root.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if media_root.exists():
        media_root.rename(old)
    staging.rename(media_root)
    shutil.rmtree(old, ignore_errors=True)


def restore_archive(archive: Path, *, trust_unsigned: bool = False) -> dict:
    """Check ``archive``, then put its database and files in place of the configured ones.
    Returns the manifest. ``trust_unsigned`` restores an archive whose manifest is unsigned or
    signed with another key (the checksums are still checked)."""
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as tmp:
        verified = verify_archive(archive, Path(tmp), trust_unsigned=trust_unsigned)
        if verified.manifest["engine"] != engine:
            raise BackupError(
                f"the archive was made from {verified.manifest['engine']}; "
                f"the configured database is {engine}"
            )
        _restore_database(verified)
        _restore_media(verified)
        return verified.manifest

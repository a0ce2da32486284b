"""`python manage.py restore ARCHIVE [--noinput] [--trust-unsigned]`: put a checked backup back
in place."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.backup import BackupError, restore_archive


class Command(BaseCommand):
    help = (
        "Replace the configured database and media folder with a backup archive's, after "
        "checking the manifest's signature (the backup key) and every file of the archive "
        "against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="an archive written by `manage.py backup`")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="do not ask for confirmation")
        parser.add_argument(
            "--trust-unsigned", action="store_true",
            help="restore an archive whose manifest is unsigned or does not verify with the "
                 "configured BACKUP_KEY (e.g. made under another key); only for an archive you "
                 "know where it comes from: anyone can rewrite an unsigned archive",
        )

    def handle(self, *args, archive, interactive, trust_unsigned, **options):
        if interactive:
            target = connection.settings_dict["NAME"]
            answer = input(
                f"This replaces every row of the database {target} and every file under "
                f"{settings.MEDIA_ROOT}. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled")
        try:
            manifest = restore_archive(Path(archive), trust_unsigned=trust_unsigned)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {archive} (made {manifest['created_at']}, "
            f"{len(manifest['files']) - 1} files)"
        )

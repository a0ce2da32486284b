"""`python manage.py backup -o DIR`: one checked archive of the database and uploaded files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, create_archive


class Command(BaseCommand):
    help = "Write one archive of the database and the uploaded files, check it, print its path."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="folder for the archive")

    def handle(self, *args, output, **options):
        try:
            archive = create_archive(Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(archive))

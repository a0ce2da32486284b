"""`python manage.py prune_imports [--days N] [--preview-days N] [--dry-run]`: the daily job
that deletes old spreadsheet imports (`ImportBatch`) and the uploaded files they hold.

Finished imports (done or failed) are kept IMPORT_RETENTION_DAYS days (30 by default),
previews never confirmed IMPORT_PREVIEW_RETENTION_DAYS (1). A file being checked, waiting for
the worker or being imported is never deleted."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.imports.services import prune


class Command(BaseCommand):
    help = "Delete old spreadsheet imports and their stored files."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="keep finished imports this many days "
                                 "(default: IMPORT_RETENTION_DAYS, 30)")
        parser.add_argument("--preview-days", type=int, default=None,
                            help="keep previews never confirmed this many days "
                                 "(default: IMPORT_PREVIEW_RETENTION_DAYS, 1)")
        parser.add_argument("--dry-run", action="store_true",
                            help="only count what would be deleted")

    def handle(self, *args, days=None, preview_days=None, dry_run=False, **options):
        if days is None:
            days = getattr(settings, "IMPORT_RETENTION_DAYS", 30)
        if preview_days is None:
            preview_days = getattr(settings, "IMPORT_PREVIEW_RETENTION_DAYS", 1)
        if days < 0 or preview_days < 0:
            raise CommandError("--days and --preview-days cannot be negative.")
        count = prune(days=days, preview_days=preview_days, dry_run=dry_run)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{count} import(s) {verb} (finished over {days} days ago, "
                          f"previews over {preview_days} days ago).")

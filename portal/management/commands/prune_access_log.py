"""Delete access-log entries older than ACCESS_LOG_RETENTION_DAYS (the daily job).

Six months (183 days) are always kept: a shorter retention, in the setting or in --days, is
refused."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.access_log import MIN_RETENTION_DAYS, AccessEvent


class Command(BaseCommand):
    help = "Delete access-log entries older than the retention (ACCESS_LOG_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Keep this many days instead of ACCESS_LOG_RETENTION_DAYS "
                                 f"(at least {MIN_RETENTION_DAYS}).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count what would be deleted.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.ACCESS_LOG_RETENTION_DAYS if days is None else days
        if days < MIN_RETENTION_DAYS:
            raise CommandError(f"The access log is kept at least {MIN_RETENTION_DAYS} days "
                               f"(six months); {days} refused.")
        old = AccessEvent.objects.older_than(days)
        if dry_run:
            self.stdout.write(f"{old.count()} entries older than {days} days would be deleted.")
            return
        deleted, _per_model = old.delete()
        self.stdout.write(f"{deleted} entries older than {days} days deleted.")

"""Cron, daily: the one daily job for reminders and digests. Every user's dated to-do items
(`portal.todo`: reports to write, orders to answer, actions, assessments…) are reminded before
they are due, on the day and when late (`portal.reminders`); those who chose it get their
daily digest; then each app's daily part runs for every district (`<app>/daily.py`
`run(district, today, write)`: officers get the list of overdue monthly reports, the
districts' group robots post the daily summaries they follow); mails and posts whose retry is
due are sent again (`portal.outbox`). Running twice on one day sends nothing twice."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import override

from portal import outbox
from portal.models import District
from portal.plugins import app_modules
from portal.reminders import remind


class Command(BaseCommand):
    help = ("Send the day's reminders of every to-do item, the daily digests and the officers' "
            "overdue monthly reports.")

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args, today=None, **options):
        today = today or timezone.localdate()
        daily = list(app_modules("daily"))
        with override(settings.LANGUAGE_CODE):
            sent = remind(today)
            for district in District.objects.all():
                for module in daily:
                    sent += module.run(district, today, self.stdout.write)
        outbox.retry_due()
        self.stdout.write(f"{sent} reminders sent.")

"""Cron, daily: the one daily job for reminders and digests. Every user's dated to-do items
(`portal.todo`: reports to write, orders to answer, actions, assessments…) are reminded before
they are due, on the day and when late (`portal.reminders`); those who chose it get their
daily digest; officers get the list of overdue monthly reports. Running twice on one day sends
nothing twice."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from activities.models import MonthlyReport, Semester
from portal.models import District, Notification, Role, User
from portal.preferences import NotificationPreference
from portal.reminders import remind
from schools.models import School


class Command(BaseCommand):
    help = ("Send the day's reminders of every to-do item, the daily digests and the officers' "
            "overdue monthly reports.")

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args, today=None, **options):
        today = today or timezone.localdate()
        with override("zh-hans"):
            sent = remind(today)
            for district in District.objects.all():
                sent += self.remind_district(district, today)
        self.stdout.write(f"{sent} reminders sent.")

    def remind_district(self, district, today: date) -> int:
        semesters = list(Semester.objects.filter(district=district,
                                                 start__lte=today + timedelta(days=60),
                                                 end__gte=today - timedelta(days=120)))
        months = {m: s.deadline_for(*m) for s in semesters for m in s.term_months}
        return self.notify_officers(district, months, today)

    def unsubmitted_secretaries(self, district, year: int, month: int):
        start = date(year, month, 1)
        submitted = MonthlyReport.objects.filter(school__district=district, year=year,
                                                 month=month, first_submitted_on__isnull=False)
        schools = (School.objects.filter(district=district, active=True)
                   .exclude(joined_on__gt=start).exclude(pk__in=submitted.values("school_id")))
        return User.objects.filter(role=Role.SCHOOL_SECRETARY, is_active=True,
                                   school__in=schools).select_related("school")

    def notify_officers(self, district, months, today: date) -> int:
        overdue = []
        for (year, month), deadline in sorted(months.items()):
            if deadline >= today:
                continue
            for secretary in self.unsubmitted_secretaries(district, year, month):
                overdue.append(f"{year}-{month:02d} {secretary.school} "
                               + _("%(days)d days late") % {"days": (today - deadline).days})
        if not overdue:
            return 0
        overdue = sorted(set(overdue))
        self.stdout.write(f"{district}: " + _("overdue reports") + f" {len(overdue)}")
        for line in overdue:
            self.stdout.write("  " + line)
        title = _("%(date)s: %(count)d monthly reports are overdue") % {
            "date": today.isoformat(), "count": len(overdue)}
        url = reverse("activities:overview")
        sent = 0
        for officer in User.objects.filter(district=district, is_active=True,
                                           role__in=[Role.DISTRICT_OFFICER,
                                                     Role.EDUCATION_OFFICER]):
            sent += self.notify(officer, title, today, url, body="\n".join(overdue[:200]),
                                same={"url": url, "title__contains": today.isoformat()})
        return sent

    def notify(self, user, title: str, today: date, url: str, body: str = "",
               same: dict | None = None) -> int:
        """Send unless the user already has the same notification. An officer's list changes
        from day to day: it is the same when it links to the overview and carries the day's
        date (a placeholder of the title in every language), whatever the text."""
        if Notification.objects.filter(recipient=user, **(same or {"title": title})).exists():
            return 0
        Notification.objects.create(recipient=user, title=title, body=body, url=url)
        preference = NotificationPreference.objects.filter(user=user).first()
        if user.email and (preference is None
                           or preference.email == NotificationPreference.Email.IMMEDIATE):
            send_mail(title, f"{body}\n\n{url}".strip(), None, [user.email])
        return 1

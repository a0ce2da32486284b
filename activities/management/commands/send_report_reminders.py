"""Cron, daily: the one daily job for reminders and digests. Every user's dated to-do items
(`portal.todo`: reports to write, orders to answer, actions, assessments…) are reminded before
they are due, on the day and when late (`portal.reminders`); those who chose it get their
daily digest; officers get the list of overdue monthly reports; the districts' group robots
post the daily summaries they follow (overdue reports, orders past due); mails and posts whose
retry is due are sent again (`portal.outbox`). Running twice on one day sends nothing twice."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from activities.handovers import REPORTS_OVERDUE
from activities.models import MonthlyReport, Semester
from portal import outbox, robots
from portal.links import absolute
from portal.models import District, Notification, Role, User
from portal.notices import Topic
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
        with override(settings.LANGUAGE_CODE):
            sent = remind(today)
            for district in District.objects.all():
                sent += self.remind_district(district, today)
        outbox.retry_due()
        self.stdout.write(f"{sent} reminders sent.")

    def remind_district(self, district, today: date) -> int:
        semesters = list(Semester.objects.filter(district=district,
                                                 start__lte=today + timedelta(days=60),
                                                 end__gte=today - timedelta(days=120)))
        months = {m: s.deadline_for(*m) for s in semesters for m in s.term_months}
        sent = self.notify_officers(district, months, today)
        self.post_orders_past_due(district, today)
        return sent

    def unsubmitted_secretaries(self, district, year: int, month: int):
        start = date(year, month, 1)
        submitted = MonthlyReport.objects.filter(school__district=district, year=year,
                                                 month=month, first_submitted_on__isnull=False)
        schools = (School.objects.filter(district=district, active=True)
                   .exclude(joined_on__gt=start).exclude(pk__in=submitted.values("school_id")))
        return User.objects.filter(role=Role.SCHOOL_SECRETARY, is_active=True,
                                   school__in=schools).select_related("school")

    def notify_officers(self, district, months, today: date) -> int:
        overdue = set()
        for (year, month), deadline in sorted(months.items()):
            if deadline >= today:
                continue
            for secretary in self.unsubmitted_secretaries(district, year, month):
                overdue.add((year, month, str(secretary.school), (today - deadline).days))
        if not overdue:
            return 0
        lines = sorted(overdue)
        self.stdout.write(f"{district}: " + _("overdue reports") + f" {len(lines)}")
        for year, month, school, days in lines:
            self.stdout.write(f"  {year}-{month:02d} {school} "
                              + _("%(days)d days late") % {"days": days})
        params = {"date": today.isoformat(), "count": len(lines),
                  "lines": [list(line) for line in lines[:200]]}
        url = reverse("activities:overview")
        sent = 0
        for officer in User.objects.filter(district=district, is_active=True,
                                           role__in=[Role.DISTRICT_OFFICER,
                                                     Role.EDUCATION_OFFICER]):
            sent += self.notify(officer, params, url)
        for robot in robots.robots_for(district.pk, Topic.SUMMARY_OVERDUE_REPORTS):
            self.post_summary(robot, REPORTS_OVERDUE, params, url,
                              [f"- {y}-{m:02d} {robots.md_text(s)}: "
                               + _("%(days)d days late") % {"days": d}
                               for y, m, s, d in lines[:30]], today)
        return sent

    def notify(self, user, params: dict, url: str) -> int:
        """Send unless the user already has the day's list."""
        if Notification.objects.filter(recipient=user, kind=REPORTS_OVERDUE,
                                       params__date=params["date"]).exists():
            return 0
        note = Notification(recipient=user, kind=REPORTS_OVERDUE, params=params, url=url)
        title, body = note.rendered(settings.LANGUAGE_CODE)
        note.title, note.body = title[:200], body
        note.save()
        preference = NotificationPreference.objects.filter(user=user).first()
        if user.email and (preference is None
                           or preference.email == NotificationPreference.Email.IMMEDIATE):
            from portal.notify import mail_notification

            mail_notification(note)
        return 1

    def post_summary(self, robot, kind: str, params: dict, url: str, lines: list[str],
                     today: date) -> None:
        from portal.notices import render

        with override(robot.language):
            title = render(kind, params, robot.language)[0]
            if len(lines) < params["count"]:
                lines = [*lines, "- …"]
        robots.queue_post(robot, title, lines, absolute(url),
                          key=f"{kind}:{today.isoformat()}")

    def post_orders_past_due(self, district, today: date) -> None:
        from supervision.handovers import ORDERS_PAST_DUE
        from supervision.models import RectificationOrder

        followers = robots.robots_for(district.pk, Topic.SUMMARY_ORDERS_PAST_DUE)
        if not followers:
            return
        orders = list(RectificationOrder.objects.filter(inspection__school__district=district)
                      .overdue(today).select_related("inspection__school")
                      .order_by("due_date", "pk"))
        if not orders:
            return
        params = {"date": today.isoformat(), "count": len(orders)}
        url = reverse("supervision:order_list")
        for robot in followers:
            with override(robot.language):
                lines = [f"- {robots.md_text(o.inspection.school)} · {o.due_date}: "
                         + _("%(days)d days late") % {"days": (today - o.due_date).days}
                         + f" · [{_('Open')}]({absolute(o.get_absolute_url())})"
                         for o in orders[:30]]
            self.post_summary(robot, ORDERS_PAST_DUE, params, url, lines, today)

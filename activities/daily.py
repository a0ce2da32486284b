"""The activities part of the daily job (`manage.py send_report_reminders`): officers get the
list of overdue monthly reports (in the portal, and by mail as each prefers), and the group
robots that follow it post it."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.handovers import REPORTS_OVERDUE
from activities.models import MonthlyReport, Semester
from portal import robots
from portal.models import Notification, Role, User
from portal.notices import Topic
from portal.preferences import NotificationPreference
from schools.models import School


def run(district, today: date, write) -> int:
    """The reminders sent for `district` today; `write` prints a line of the job's log."""
    semesters = list(Semester.objects.filter(district=district,
                                             start__lte=today + timedelta(days=60),
                                             end__gte=today - timedelta(days=120)))
    months = {m: s.deadline_for(*m) for s in semesters for m in s.term_months}
    return notify_officers(district, months, today, write)


def unsubmitted_secretaries(district, year: int, month: int):
    start = date(year, month, 1)
    submitted = MonthlyReport.objects.filter(school__district=district, year=year,
                                             month=month, first_submitted_on__isnull=False)
    schools = (School.objects.filter(district=district, active=True)
               .exclude(joined_on__gt=start).exclude(pk__in=submitted.values("school_id")))
    return User.objects.filter(role=Role.SCHOOL_SECRETARY, is_active=True,
                               school__in=schools).select_related("school")


def notify_officers(district, months, today: date, write) -> int:
    overdue = set()
    for (year, month), deadline in sorted(months.items()):
        if deadline >= today:
            continue
        for secretary in unsubmitted_secretaries(district, year, month):
            overdue.add((year, month, str(secretary.school), (today - deadline).days))
    if not overdue:
        return 0
    lines = sorted(overdue)
    write(f"{district}: " + _("overdue reports") + f" {len(lines)}")
    for year, month, school, days in lines:
        write(f"  {year}-{month:02d} {school} " + _("%(days)d days late") % {"days": days})
    params = {"date": today.isoformat(), "count": len(lines),
              "lines": [list(line) for line in lines[:200]]}
    url = reverse("activities:overview")
    sent = 0
    for officer in User.objects.filter(district=district, is_active=True,
                                       role__in=[Role.DISTRICT_OFFICER,
                                                 Role.EDUCATION_OFFICER]):
        sent += notify(officer, params, url)
    for robot in robots.robots_for(district.pk, Topic.SUMMARY_OVERDUE_REPORTS):
        robots.post_daily_summary(robot, REPORTS_OVERDUE, params, url,
                                  [f"- {y}-{m:02d} {robots.md_text(s)}: "
                                   + _("%(days)d days late") % {"days": d}
                                   for y, m, s, d in lines[:30]], today)
    return sent


def notify(user, params: dict, url: str) -> int:
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

"""Home-page panels: reports awaiting review, and the submission rate and late schools of the
latest month whose deadline has passed (a month still before its deadline is not counted)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import MonthlyReport, Semester
from activities.models.calendar import deadline_for, month_start
from activities.todo import finished_months
from portal.dashboard import Panel
from schools.models import School


def last_due_month(district_id, today: date) -> tuple[int, int, date] | None:
    """The latest term month whose report deadline has passed, with that deadline."""
    semesters = list(Semester.objects.filter(district_id=district_id,
                                             end__gte=today - timedelta(days=150),
                                             start__lte=today))
    term = {ym for s in semesters for ym in s.term_months}
    for year, month in finished_months(today, back=5):
        if term and (year, month) not in term:
            continue
        deadline = deadline_for(semesters, year, month)[0]
        if deadline < today:
            return year, month, deadline
    return None


def submission_panels(user, today: date) -> list[Panel]:
    due = last_due_month(user.district_id, today)
    if due is None:
        return []
    year, month, deadline = due
    expected = (School.objects.visible_to(user).filter(active=True)
                .exclude(joined_on__gt=month_start(year, month)))
    counts = expected.aggregate(
        schools=Count("pk", distinct=True),
        submitted=Count("monthly_reports", distinct=True, filter=Q(
            monthly_reports__year=year, monthly_reports__month=month,
            monthly_reports__first_submitted_on__isnull=False)),
        on_time=Count("monthly_reports", distinct=True, filter=Q(
            monthly_reports__year=year, monthly_reports__month=month,
            monthly_reports__first_submitted_on__lte=F("monthly_reports__deadline"))))
    label = f"{year}-{month:02d}"
    rate = round(100 * counts["submitted"] / counts["schools"]) if counts["schools"] else 0
    late = counts["schools"] - counts["on_time"]
    return [
        Panel(_("Reports of %(month)s submitted") % {"month": label}, f"{rate}%",
              reverse("activities:report_list") + f"?month={label}",
              _("%(done)s of %(all)s schools; deadline %(date)s") % {
                  "done": counts["submitted"], "all": counts["schools"], "date": deadline},
              tone="success" if rate == 100 else "primary"),
        Panel(_("Schools late with the %(month)s report") % {"month": label}, late,
              reverse("activities:overview") + f"?month={label}",
              _("not submitted by the deadline"), tone="danger" if late else "success"),
    ]


def panels(user) -> list[Panel]:
    if user.is_secretary or not user.is_authenticated:
        return []
    reports = MonthlyReport.objects.visible_to(user)
    waiting = reports.filter(status=MonthlyReport.Status.SUBMITTED).count()
    return [Panel(title=_("Reports awaiting review"), value=waiting,
                  url=reverse("activities:report_list") + "?status=submitted",
                  tone="warning" if waiting else "success"),
            *submission_panels(user, timezone.localdate())]

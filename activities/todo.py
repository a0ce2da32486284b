"""To-do items of the activities app (`portal.todo`): a finished month's report to write
before its deadline, a returned report to correct and resubmit (secretaries); reports to
review, unlock requests, honour selections to move on (officers). Two or three queries for a
secretary, four for an officer, whatever the district's size."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.models import HonourSelection, MonthlyReport, Semester, UnlockRequest
from activities.models.calendar import deadline_for
from portal.todo import LIMIT, TodoItem, bundle

R = MonthlyReport.Status
H = HonourSelection.Status
APP = "activities"
MONTHS_BACK = 3  # finished months whose report may still be due (a month closes ~25 days on)


def _item(title: str, url: str, due: date | None, kind: str, key: str) -> TodoItem:
    return TodoItem(title=title, url=url, due=due, kind=kind, app=APP, object_key=f"{APP}.{key}")


def _summary(kind: str, title: str, url_name: str, query: str = ""):
    """The item for all rows of a kind past `LIMIT` (its URL reversed only then)."""
    return lambda n: _item(title % {"n": n}, reverse(url_name) + query, None, kind,
                           f"{kind}.all")


def finished_months(today: date, back: int = MONTHS_BACK) -> list[tuple[int, int]]:
    months, y, m = [], today.year, today.month
    for _i in range(back):
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        months.append((y, m))
    return months


def months_to_write(school, today: date) -> list[tuple[int, int, date]]:
    """(year, month, deadline) of the finished months the school has not submitted yet and
    whose month is not closed (term months only, when the district keeps a calendar), the
    latest first. Two queries."""
    months = finished_months(today)
    oldest = date(*months[-1], 1)
    semesters = list(Semester.objects.filter(district_id=school.district_id,
                                             end__gte=oldest, start__lte=today))
    if semesters:
        term = {ym for s in semesters for ym in s.term_months}
        months = [ym for ym in months if ym in term]
    if school.joined_on:
        months = [ym for ym in months if ym >= (school.joined_on.year, school.joined_on.month)]
    if not months:
        return []
    which = Q()
    for year, month in months:
        which |= Q(year=year, month=month)
    reports = {(r.year, r.month): r
               for r in MonthlyReport.objects.filter(which, school_id=school.pk)}
    found = []
    for year, month in months:
        report = reports.get((year, month))
        if report is not None:
            if report.status != R.DRAFT:
                continue
            if report.is_closed(today):
                continue
            deadline = report.deadline
        else:
            deadline, closes_on = deadline_for(semesters, year, month)
            if today > closes_on:
                continue
        found.append((year, month, deadline))
    return found


def reports_to_write(user, today: date) -> list[TodoItem]:
    """A finished month's report not yet submitted, while its month is not closed."""
    school = user.school
    return [_item(
        _("Write and submit the %(year)d-%(month)02d activity report")
        % {"year": year, "month": month},
        reverse("activities:report_month", kwargs={"year": year, "month": month}),
        deadline, "report_write", f"report.{school.pk}.{year}-{month:02d}.write")
        for year, month, deadline in months_to_write(school, today)]


def secretary_items(user, today: date) -> list[TodoItem]:
    items = reports_to_write(user, today)
    returned = (MonthlyReport.objects.visible_to(user).filter(status=R.RETURNED)
                .order_by("year", "month")[:LIMIT])
    items += [_item(_("Correct and resubmit the %(year)d-%(month)02d activity report")
                    % {"year": r.year, "month": r.month}, r.get_absolute_url(), None,
                    "report_resubmit", f"report.{r.pk}.resubmit") for r in returned]
    return items


def officer_items(user, today: date) -> list[TodoItem]:
    submitted = (MonthlyReport.objects.visible_to(user).filter(status=R.SUBMITTED)
                 .select_related("school").order_by("submitted_at", "pk"))
    review = _("Review the %(year)d-%(month)02d activity report of %(school)s")
    items = bundle(
        submitted,
        lambda r: _item(review % {"year": r.year, "month": r.month, "school": r.school},
                        r.get_absolute_url(), None, "report_review", f"report.{r.pk}.review"),
        _summary("report_review", _("%(n)s activity reports to review"),
                 "activities:report_list", f"?status={R.SUBMITTED}"))
    unlocks = (UnlockRequest.objects.visible_to(user).filter(granted_at__isnull=True)
               .select_related("report__school").order_by("requested_at", "pk"))
    decide = _("Decide the unlock request of %(school)s for %(year)d-%(month)02d")
    items += bundle(
        unlocks,
        lambda u: _item(decide % {"school": u.report.school, "year": u.report.year,
                                  "month": u.report.month}, u.report.get_absolute_url(), None,
                        "unlock_request", f"unlock.{u.pk}"),
        _summary("unlock_request", _("%(n)s unlock requests to decide"),
                 "activities:report_list"))
    selections = (HonourSelection.objects.visible_to(user)
                  .filter(Q(status__in=(H.REVIEWING, H.PUBLIC_NOTICE))
                          | Q(status=H.NOMINATING, nomination_closes__lt=today))
                  .order_by("nomination_closes", "pk")[:LIMIT])
    for s in selections:
        if s.status == H.NOMINATING:
            title, due = _("Nominations for %(name)s have closed: start the review"), (
                s.nomination_closes + timedelta(days=1))
        elif s.status == H.REVIEWING:
            title, due = _("Decide the nominations for %(name)s"), None
        else:
            title = _("Publish %(name)s when its public notice ends")
            due = s.notice_ends + timedelta(days=1) if s.notice_ends else None
        items.append(_item(title % {"name": s}, s.get_absolute_url(), due,
                           f"selection_{s.status}", f"selection.{s.pk}.{s.status}"))
    return items


def items(user, today: date) -> list[TodoItem]:
    if user.is_secretary and user.school_id:
        return secretary_items(user, today)
    if user.is_officer:
        return officer_items(user, today)
    return []

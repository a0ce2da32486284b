"""Compliance, computed in one place from a few aggregate queries (never per cell).

Rules per school: every term month as many timetabled activity class hours as the school's
course for the semester sets (`ActivityCourse.class_hours_per_month`; without a course, the
district's default, 1: 每月一课时) and the report submitted on time; every semester at least
one school-wide demonstration activity (每学期至少一次). Only submitted or approved reports
count. A school is expected from the month it joined the portal (`School.joined_on`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import (
    ActivitiesSettings,
    Activity,
    ActivityCourse,
    MonthlyReport,
    Semester,
)
from activities.models.calendar import month_start

OK, WARN, FAIL, NONE = "cell-ok", "cell-warn", "cell-fail", "cell-none"
COUNTED = (MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.APPROVED)


@dataclass
class Cell:
    css: str
    text: str
    problems: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return "；".join(self.problems) or self.text


@dataclass
class Row:
    school: object
    months: list[Cell]
    semesters: list[Cell]


def expected(school, year: int, month: int) -> bool:
    return school.joined_on is None or school.joined_on <= month_start(year, month)


def month_cell(school, year, month, report, class_hours: int, deadline, today,
               required: int = 1) -> Cell:
    if not expected(school, year, month):
        return Cell(NONE, _("not joined"), [_("The school had not joined yet.")])
    if report is None or report["first_submitted_on"] is None:
        due = report["deadline"] if report else deadline
        if today <= due:
            return Cell(NONE, _("due"), [_("Due on %(date)s.") % {"date": due}])
        late = (today - due).days
        return Cell(FAIL, _("missing"), [_("No report submitted (%(days)d days late).") % {
            "days": late}])
    problems, css = [], OK
    if class_hours == 0:
        problems.append(_("No activity class hour this month."))
        css = FAIL
    elif class_hours < required:
        problems.append(_("Only %(done)d of the %(required)d activity class hours of the "
                          "course this month.") % {"done": class_hours, "required": required})
        css = FAIL
    late = (report["first_submitted_on"] - report["deadline"]).days
    if late > 0:
        problems.append(_("Submitted %(days)d days late.") % {"days": late})
        css = FAIL if css == FAIL else WARN
    if report["status"] == MonthlyReport.Status.RETURNED:
        problems.append(_("Returned for correction."))
        css = FAIL if css == FAIL else WARN
    elif report["status"] == MonthlyReport.Status.SUBMITTED and css == OK:
        problems.append(_("Awaiting review."))
    text = {OK: "✓", WARN: _("late") if late > 0 else _("returned"),
            FAIL: _("no class hour") if class_hours == 0
            else _("too few class hours") if class_hours < required else _("late")}[css]
    return Cell(css, text, problems)


def semester_cell(school, semester, demos: int, today) -> Cell:
    months = [m for m in semester.term_months if expected(school, *m)]
    if not months:
        return Cell(NONE, "—", [_("The school had not joined yet.")])
    if demos:
        return Cell(OK, "✓", [_("Demonstration activity held.")])
    if today <= semester.end:
        return Cell(WARN, _("not yet"), [_("No demonstration activity yet this semester.")])
    return Cell(FAIL, _("none"), [_("No school-wide demonstration activity this semester.")])


def grid(schools, semesters: list[Semester], today: date | None = None) -> list[Row]:
    """One row per school over the term months of ``semesters``: five queries in all
    (reports, activity counts, the semesters' courses, the district's default).

    The rules (``month_cell``, ``semester_cell``) run once per distinct situation, not per
    cell: a month's cell depends only on whether the school was expected, the report's
    deadline, lateness and status and the class hours against the course's requirement, and
    most schools of a page share these. Cells are therefore shared between rows: read them,
    do not change them."""
    today = today or timezone.localdate()
    schools = list(schools)
    ids = [s.pk for s in schools]
    months = sorted({m for sem in semesters for m in sem.term_months})
    if not ids or not months:
        return [Row(s, [], []) for s in schools]
    # Demonstrations count over every day of a semester, also in a month too short to be a
    # term month (a spring semester starting late in February): count from its first day.
    first = min(sem.start for sem in semesters)
    last = max(sem.end for sem in semesters)
    # Only the reports of the grid's months, not of every month of their years.
    months_by_year = defaultdict(list)
    for y, m in months:
        months_by_year[y].append(m)
    in_months = Q()
    for y, ms in months_by_year.items():
        in_months |= Q(year=y, month__in=ms)
    reports = {}
    for r in MonthlyReport.objects.filter(in_months, school_id__in=ids).values(
            "school_id", "year", "month", "status", "deadline", "first_submitted_on"):
        reports[(r["school_id"], r["year"], r["month"])] = r
    # Class hours by (school, year, month); demonstrations by (school, semester), a month
    # counting for every semester whose months (``_all_months``) include it.
    semesters_in = defaultdict(list)
    for sem in semesters:
        for m in _all_months(sem):
            semesters_in[m].append(sem.pk)
    class_hours, demos = defaultdict(int), defaultdict(int)
    for a in (Activity.objects.filter(report__school_id__in=ids, report__status__in=COUNTED,
                                      date__gte=first, date__lte=last,
                                      kind__in=[Activity.Kind.CLASS_HOUR,
                                                Activity.Kind.DEMONSTRATION])
              .values("report__school_id", "date__year", "date__month", "kind")
              .annotate(n=Count("pk"))):
        school_id, m = a["report__school_id"], (a["date__year"], a["date__month"])
        if a["kind"] == Activity.Kind.CLASS_HOUR:
            class_hours[(school_id, *m)] += a["n"]
        else:
            for sem_pk in semesters_in.get(m, ()):
                demos[(school_id, sem_pk)] += a["n"]
    deadlines = {m: sem.deadline_for(*m) for sem in semesters for m in sem.term_months}
    semester_of = {m: sem.pk for sem in semesters for m in sem.term_months}
    hours_of = {(c["school_id"], c["semester_id"]): c["class_hours_per_month"]
                for c in ActivityCourse.objects.filter(school_id__in=ids, semester__in=semesters)
                .values("school_id", "semester_id", "class_hours_per_month")}
    default = ActivitiesSettings.for_district(semesters[0].district_id).class_hours_per_month
    # Per month, what does not depend on the school; per semester, its last term month
    # (a school expected in any term month is expected in the last one).
    columns = [((y, m), month_start(y, m), deadlines[(y, m)], semester_of[(y, m)])
               for y, m in months]
    last_months = [(sem, month_start(*sem.term_months[-1]) if sem.term_months else None)
                   for sem in semesters]
    memo: dict[tuple, Cell] = {}
    rows = []
    for school in schools:
        pk, joined = school.pk, school.joined_on
        cells = []
        for (y, m), start, deadline, sem_pk in columns:
            if joined is not None and joined > start:
                key = (NONE,)
                report = hours = required = None
            else:
                report = reports.get((pk, y, m))
                hours = class_hours.get((pk, y, m), 0)
                required = hours_of.get((pk, sem_pk), default)
                if report is None or report["first_submitted_on"] is None:
                    key = ("due", report["deadline"] if report else deadline)
                else:
                    # the exact hours matter below the requirement and at none at all
                    key = ("in", hours if hours < required or not hours else None, required,
                           max((report["first_submitted_on"] - report["deadline"]).days, 0),
                           report["status"])
            cell = memo.get(key)
            if cell is None:
                cell = memo[key] = month_cell(school, y, m, report, hours, deadline, today,
                                              required)
            cells.append(cell)
        sem_cells = []
        for sem, last_start in last_months:
            n = demos.get((pk, sem.pk), 0)
            key = (sem.pk, last_start is not None and (joined is None or joined <= last_start),
                   bool(n))
            cell = memo.get(key)
            if cell is None:
                cell = memo[key] = semester_cell(school, sem, n, today)
            sem_cells.append(cell)
        rows.append(Row(school, cells, sem_cells))
    return rows


def _all_months(semester: Semester) -> list[tuple[int, int]]:
    y, m, out = semester.start.year, semester.start.month, []
    while month_start(y, m) <= semester.end:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def months_of(semesters: list[Semester]) -> list[tuple[int, int]]:
    return sorted({m for sem in semesters for m in sem.term_months})


def on_time_rates(district_id: int, months: list[tuple[int, int]], schools, *,
                  deadlines: dict | None = None, today: date | None = None) -> list[dict]:
    """Per month: expected (active schools that had joined), submitted, on time. Two queries.
    A month whose deadline (``deadlines``, by month) has not passed yet is ``pending``: it
    has no rate, since a school may still submit on time."""
    joined = list(schools.filter(active=True).values_list("joined_on", flat=True))
    years = {y for y, _m in months}
    stats = {(r["year"], r["month"]): r for r in MonthlyReport.objects.filter(
        school__district_id=district_id, school__active=True, year__in=years,
        first_submitted_on__isnull=False).values("year", "month").annotate(
            submitted=Count("pk"), on_time=Count("pk", filter=_on_time_q()))}
    out = []
    for y, m in months:
        start = month_start(y, m)
        exp = sum(1 for j in joined if j is None or j <= start)
        row = stats.get((y, m), {"submitted": 0, "on_time": 0})
        deadline = (deadlines or {}).get((y, m))
        pending = deadline is not None and today is not None and today <= deadline
        out.append({"year": y, "month": m, "expected": exp, "submitted": row["submitted"],
                    "on_time": row["on_time"], "deadline": deadline, "pending": pending,
                    "rate": round(100 * row["on_time"] / exp) if exp and not pending
                    else None})
    return out


def _on_time_q():
    from django.db.models import F, Q

    return Q(first_submitted_on__lte=F("deadline"))

"""Standardisation figures for the evaluation PDFs: monthly-report submission and compliance
per school (computed by `activities.compliance.grid`, the one place that knows the rules) with
their distribution, and membership applicants' volunteering against the district's required
hours. A fixed number of queries whatever the district's size.

A school's compliance is the share of its due months (term months of the period whose report
deadline has passed or whose report is in) that were fully compliant: the report submitted on
time and at least one activity class hour held.
"""

from __future__ import annotations

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import compliance
from activities.models import ActivitiesSettings, MonthlyReport, Semester
from activities.models.calendar import month_start
from activities.models.funds import ZERO
from portal.evaluation.sections import BarChart, Chapter, Figure, Period, Section, Table
from schools.models import Applicant, School

BINS = ((100, "100%"), (80, "80–99%"), (60, "60–79%"), (40, "40–59%"), (0, "0–39%"))


def _months_in(period: Period, semesters) -> list[tuple[int, int]]:
    first = month_start(period.start.year, period.start.month)
    return [m for m in compliance.months_of(semesters) if first <= month_start(*m) <= period.end]


def _rate(ok: int, due: int) -> int | None:
    return round(100 * ok / due) if due else None


def school_rows(schools, district_id: int, period: Period) -> tuple[list, list]:
    """Per school: due months, submitted, on time, compliant months, demonstration semesters;
    and per month: (label, compliant share). Four queries."""
    semesters = list(Semester.objects.filter(district_id=district_id, start__lte=period.end,
                                             end__gte=period.start).order_by("start"))
    months = _months_in(period, semesters)
    wanted = set(months)
    today = timezone.localdate()
    grid = compliance.grid(schools, semesters, today=today)
    started = [sem.start <= today for sem in semesters]
    all_months = compliance.months_of(semesters)
    submitted = {r["school_id"]: r for r in MonthlyReport.objects.filter(
        school__in=[row.school.pk for row in grid], first_submitted_on__isnull=False,
        year__in={y for y, _m in months} or {0}).filter(
            Q(*[Q(year=y, month=m) for y, m in months] or [Q(pk=None)], _connector=Q.OR))
        .values("school_id").annotate(n=Count("pk"),
                                      on_time=Count("pk", filter=Q(
                                          first_submitted_on__lte=F("deadline"))))}
    rows, per_month = [], {m: [0, 0] for m in months}
    for row in grid:
        cells = [(m, c) for m, c in zip(all_months, row.months, strict=True) if m in wanted]
        due = [(m, c) for m, c in cells if c.css != compliance.NONE]
        ok = sum(1 for _m, c in due if c.css == compliance.OK)
        for m, c in due:
            per_month[m][1] += 1
            per_month[m][0] += c.css == compliance.OK
        sems = [c for c, begun in zip(row.semesters, started, strict=True)
                if begun and c.css != compliance.NONE]
        stats = submitted.get(row.school.pk, {"n": 0, "on_time": 0})
        rows.append({"school": row.school, "due": len(due), "submitted": stats["n"],
                     "on_time": stats["on_time"], "ok": ok, "rate": _rate(ok, len(due)),
                     "demos": sum(1 for c in sems if c.css == compliance.OK),
                     "semesters": len(sems)})
    by_month = [(f"{y}-{m:02d}", _rate(*per_month[(y, m)])) for y, m in months]
    return rows, by_month


def _percent(value) -> str:
    return "—" if value is None else f"{value}%"


def district_sections(*, district, period: Period) -> list[Section]:
    schools = School.objects.filter(district=district, active=True).order_by("name")
    return [_compliance(schools, district, period), _applicants(district, period)]


def _compliance(schools, district, period: Period) -> Section:
    rows, by_month = school_rows(schools, district.pk, period)
    section = Section(chapter=Chapter.STANDARDISATION, order=20,
                      title=_("Monthly reports and compliance"),
                      text=_("Every term month at least one activity class hour and the report "
                             "on time; every semester at least one school-wide demonstration "
                             "activity."))
    due = [r for r in rows if r["due"]]
    if not due:
        section.empty_note = _("No monthly report was due in this period.")
        return section
    total_due = sum(r["due"] for r in due)
    section.figures = [
        Figure(_("Reports due"), total_due),
        Figure(_("Reports submitted"), sum(r["submitted"] for r in due)),
        Figure(_("Submitted on time"), _percent(_rate(sum(r["on_time"] for r in due),
                                                      total_due)), headline=True),
        Figure(_("Compliant months"), _percent(_rate(sum(r["ok"] for r in due), total_due)),
               headline=True),
    ]
    counts = {label: 0 for _low, label in BINS}
    for r in due:
        counts[next(label for low, label in BINS if r["rate"] >= low)] += 1
    section.charts = [
        BarChart(caption=_("Compliant months by month (share of schools)"),
                 bars=[(label, rate) for label, rate in by_month if rate is not None],
                 maximum=100, unit="%", headline=True),
        BarChart(caption=_("Schools by compliance rate"), bars=list(counts.items())),
    ]
    section.tables = [Table(
        caption=_("Compliance per school"),
        # Five columns, not seven: a 500-school table is most of the PDF's drawing time.
        headers=[_("School"), _("Submitted / due"), _("On time"), _("Compliant (rate)"),
                 _("Demonstrations")],
        rows=[[r["school"].name, f'{r["submitted"]}/{r["due"]}', r["on_time"],
               f'{r["ok"]} ({_percent(r["rate"])})', f'{r["demos"]}/{r["semesters"]}']
              for r in rows],
        numeric=(1, 2, 3, 4))]
    return section


def _hours(period: Period):
    return Coalesce(Sum("volunteer_records__hours",
                        filter=Q(volunteer_records__date__lte=period.end)),
                    Value(ZERO), output_field=DecimalField(max_digits=8, decimal_places=1))


def _applicants(district, period: Period) -> Section:
    required = ActivitiesSettings.for_district(district.pk).required_volunteer_hours
    applicants = Applicant.objects.filter(school__district=district,
                                          registered_on__lte=period.end)
    total = applicants.count()
    meeting = applicants.annotate(h=_hours(period)).filter(h__gte=required).count()
    section = Section(chapter=Chapter.STANDARDISATION, order=30,
                      title=_("Membership applicants' volunteering"),
                      text=_("Learning from Lei Feng and volunteering are part of an applicant's "
                             "assessment: %(hours)s hours are required.") % {"hours": required})
    if not total:
        section.empty_note = _("No membership applicant has been registered yet.")
        return section
    section.figures = [
        Figure(_("Membership applicants"), total),
        Figure(_("Meeting the required hours"), meeting, headline=True),
        Figure(_("Share meeting the required hours"), _percent(_rate(meeting, total))),
    ]
    return section


def school_sections(*, school, period: Period) -> list[Section]:
    rows, by_month = school_rows(School.objects.filter(pk=school.pk), school.district_id, period)
    section = Section(chapter=Chapter.STANDARDISATION, order=50,
                      title=_("Monthly reports and compliance"))
    row = rows[0] if rows else None
    if row is None or not row["due"]:
        section.empty_note = _("No monthly report was due in this period.")
    else:
        section.figures = [
            Figure(_("Reports due"), row["due"]),
            Figure(_("Reports submitted"), row["submitted"]),
            Figure(_("Submitted on time"), row["on_time"]),
            Figure(_("Compliant months"), row["ok"]),
            Figure(_("Compliance"), _percent(row["rate"])),
            Figure(_("Semesters with a demonstration activity"),
                   f'{row["demos"]}/{row["semesters"]}'),
        ]
        section.charts = [BarChart(caption=_("Compliant by month (100% = compliant)"),
                                   bars=[(label, rate or 0) for label, rate in by_month
                                         if rate is not None], maximum=100, unit="%")]
    return [section, _school_applicants(school, period)]


def _school_applicants(school, period: Period) -> Section:
    """Per class, not per student: the applicants are minors."""
    required = ActivitiesSettings.for_district(school.district_id).required_volunteer_hours
    classes = list(Applicant.objects.filter(school=school, registered_on__lte=period.end)
                   .values("branch__class_name")
                   .annotate(n=Count("pk", distinct=True))
                   .order_by("branch__class_name"))
    hours = {r["branch__class_name"]: r["h"] for r in Applicant.objects.filter(
        school=school, registered_on__lte=period.end).values("branch__class_name").annotate(
            h=_hours(period))}
    meeting = Applicant.objects.filter(school=school, registered_on__lte=period.end).annotate(
        h=_hours(period)).filter(h__gte=required).count()
    section = Section(chapter=Chapter.STANDARDISATION, order=60,
                      title=_("Membership applicants' volunteering"))
    if not classes:
        section.empty_note = _("No membership applicant has been registered yet.")
        return section
    section.figures = [
        Figure(_("Membership applicants"), sum(c["n"] for c in classes)),
        Figure(_("Meeting the required hours"), meeting),
        Figure(_("Required hours"), required, unit=_("h")),
    ]
    section.tables = [Table(
        caption=_("Applicants by class"),
        headers=[_("Class"), _("Applicants"), _("Volunteer hours")],
        rows=[[c["branch__class_name"] or "—", c["n"], hours.get(c["branch__class_name"], ZERO)]
              for c in classes], numeric=(1, 2))]
    return section

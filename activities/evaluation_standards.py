"""Standardisation figures for the evaluation PDFs: monthly-report submission and compliance
per school (computed by `activities.compliance.grid`, the one place that knows the rules) with
their distribution, and membership applicants' volunteering against the district's required
hours. A fixed number of queries whatever the district's size.

A school's compliance is the share of its due months (term months of the period whose report
deadline has passed or whose report is in) that were fully compliant: the report submitted on
time and at least one activity class hour held.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from activities import figures as app_figures
from activities.models.funds import ZERO
from portal import figures
from portal.evaluation.sections import BarChart, Chapter, Period, Section, Table
from portal.figures import Scope
from schools.models import Applicant, School

school_rows = app_figures.school_rows  # the one computation, kept importable here
TENTH = Decimal("0.1")


def _percent(value) -> str:
    return "—" if value is None else f"{value}%"


def month_bars(by_month) -> list:
    """One bar per month whose deadline has passed, labelled with its denominator
    ("2025-10 · 10/12"); pending months are left to `pending_note`."""
    return [(f"{label} · {ratio.numerator}/{ratio.denominator}", ratio.percent)
            for label, ratio in by_month if not ratio.pending and ratio.percent is not None]


def pending_note(by_month) -> str:
    pending = [f"{label} {ratio}" for label, ratio in by_month if ratio.pending]
    if not pending:
        return ""
    return _("Deadline still ahead, no rate yet: %(months)s") % {"months": "; ".join(pending)}


def district_sections(*, district, period: Period) -> list[Section]:
    schools = School.objects.filter(district=district, active=True).order_by("name")
    return [_compliance(schools, district, period), _applicants(district, period)]


def _compliance(schools, district, period: Period) -> Section:
    found = figures.values("compliance", Scope(district=district), period)
    rows, by_month = found["rows"], found["by_month"]
    section = Section(chapter=Chapter.STANDARDISATION, order=20,
                      title=_("Monthly reports and compliance"),
                      text=_("Every term month at least one activity class hour and the report "
                             "on time; every semester at least one school-wide demonstration "
                             "activity."))
    due = [r for r in rows if r["due"]]
    if not due:
        section.empty_note = _("No monthly report was due in this period.")
        return section
    section.figures = [
        figures.figure("reports.due", found["reports.due"]),
        figures.figure("reports.submitted", found["reports.submitted"]),
        figures.figure("reports.on_time", found["reports.on_time"], headline=True),
        figures.figure("reports.compliant", found["reports.compliant"], headline=True),
    ]
    section.charts = [
        BarChart(caption=figures.label("reports.by_month"), bars=month_bars(by_month),
                 maximum=100, unit="%", headline=True, key="reports.by_month",
                 note=pending_note(by_month)),
        BarChart(caption=figures.label("reports.schools_by_rate"),
                 bars=found["reports.schools_by_rate"], key="reports.schools_by_rate"),
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


def _applicants(district, period: Period) -> Section:
    found = figures.values("applicants", Scope(district=district), period)
    required = found["applicants.required_hours"]
    section = Section(chapter=Chapter.STANDARDISATION, order=30,
                      title=_("Membership applicants' volunteering"),
                      text=_("Learning from Lei Feng and volunteering are part of an applicant's "
                             "assessment: %(hours)s hours are required.") % {"hours": required})
    if not found["applicants.registered"]:
        section.empty_note = _("No membership applicant has been registered yet.")
        return section
    section.figures = [
        figures.figure("applicants.registered", found["applicants.registered"]),
        figures.figure("applicants.meeting_hours", found["applicants.meeting_hours"],
                       headline=True),
    ]
    return section


def school_sections(*, school, period: Period) -> list[Section]:
    found = figures.values("compliance", Scope(school=school), period)
    rows = found["rows"]
    section = Section(chapter=Chapter.STANDARDISATION, order=50,
                      title=_("Monthly reports and compliance"))
    row = rows[0] if rows else None
    if row is None or not row["due"]:
        section.empty_note = _("No monthly report was due in this period.")
    else:
        section.figures = [figures.figure(key, found[key]) for key in (
            "reports.due", "reports.submitted", "reports.on_time", "reports.compliant",
            "reports.demonstrations")]
        months = found["reports.school_months"]
        section.charts = [BarChart(caption=figures.label("reports.school_months"),
                                   bars=month_bars(months), maximum=100, unit="%",
                                   note=pending_note(months), key="reports.school_months")]
    return [section, _school_applicants(school, period)]


def _school_applicants(school, period: Period) -> Section:
    """Per class, not per student: the applicants are minors."""
    found = figures.values("applicants", Scope(school=school), period)
    classes = list(Applicant.objects.filter(school=school, registered_on__lte=period.end)
                   .values("branch__class_name")
                   .annotate(n=Count("pk", distinct=True))
                   .order_by("branch__class_name"))
    hours = {r["branch__class_name"]: r["h"] for r in Applicant.objects.filter(
        school=school, registered_on__lte=period.end).values("branch__class_name").annotate(
            h=app_figures._hours(period.end))}
    section = Section(chapter=Chapter.STANDARDISATION, order=60,
                      title=_("Membership applicants' volunteering"))
    if not classes:
        section.empty_note = _("No membership applicant has been registered yet.")
        return section
    section.figures = [figures.figure(key, found[key]) for key in (
        "applicants.registered", "applicants.meeting_hours", "applicants.required_hours")]
    section.tables = [Table(
        caption=_("Applicants by class"),
        headers=[_("Class"), _("Applicants"), _("Volunteer hours")],
        # hours with their one decimal on every database (a sum's scale is the database's)
        rows=[[c["branch__class_name"] or "—", c["n"],
               hours.get(c["branch__class_name"], ZERO).quantize(TENTH)] for c in classes],
        numeric=(1, 2))]
    return section

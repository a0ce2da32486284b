"""The activities app's figure definitions (`portal.figures`): monthly-report submission and
compliance, the applicant register and its volunteering, special funds, campaigns, honour
selections, volunteer service. A fixed number of aggregate queries per group whatever the
scope's size."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from activities import compliance
from activities.models import (
    ActivitiesSettings,
    Activity,
    Campaign,
    Fund,
    HonourSelection,
    MonthlyReport,
    Semester,
)
from activities.models.calendar import deadline_for, month_start
from activities.models.funds import ZERO
from portal.figures import Definition, Ratio, Scope, percent, register
from schools.models import Applicant, School, VolunteerRecord

COUNTED = (MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.APPROVED)


def _in(period, path: str) -> Q:
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.end})


def _district_id(scope: Scope):
    if scope.school is not None:
        return scope.school.district_id
    if scope.district is not None:
        return scope.district.pk
    return scope.user.district_id


# Monthly reports and compliance ----------------------------------------------------------

def months_in(period, semesters) -> list[tuple[int, int]]:
    first = month_start(period.start.year, period.start.month)
    return [m for m in compliance.months_of(semesters) if first <= month_start(*m) <= period.end]


def _rate(ok: int, due: int) -> int | None:
    return percent(ok, due) if due else None


def school_rows(schools, district_id: int, period) -> tuple[list, list]:
    """Per school: due months, submitted, on time, compliant months, demonstration semesters;
    and per month: (label, Ratio of compliant schools) — a month whose deadline is still
    ahead is a pending Ratio of the reports in so far. Four queries."""
    semesters = list(Semester.objects.filter(district_id=district_id, start__lte=period.end,
                                             end__gte=period.start).order_by("start"))
    months = months_in(period, semesters)
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
    pending = {m for m in months if today <= deadline_for(semesters, *m)[0]}
    # per month: compliant, due (counted), reports in, schools expected
    rows, per_month = [], {m: [0, 0, 0, 0] for m in months}
    for row in grid:
        cells = [(m, c) for m, c in zip(all_months, row.months, strict=True) if m in wanted]
        due = [(m, c) for m, c in cells if c.css != compliance.NONE]
        ok = sum(1 for _m, c in due if c.css == compliance.OK)
        for m, c in due:
            per_month[m][1] += 1
            per_month[m][0] += c.css == compliance.OK
            per_month[m][2] += 1
        for m, _c in cells:
            per_month[m][3] += compliance.expected(row.school, *m)
        sems = [c for c, begun in zip(row.semesters, started, strict=True)
                if begun and c.css != compliance.NONE]
        stats = submitted.get(row.school.pk, {"n": 0, "on_time": 0})
        rows.append({"school": row.school, "due": len(due), "submitted": stats["n"],
                     "on_time": stats["on_time"], "ok": ok, "rate": _rate(ok, len(due)),
                     "demos": sum(1 for c in sems if c.css == compliance.OK),
                     "semesters": len(sems)})
    schools_word = pgettext("ratio", "schools")
    by_month = []
    for y, m in months:
        ok, due, reported, expected = per_month[(y, m)]
        if date(y, m, 1) > today:
            continue  # a month not begun yet is neither a rate nor pending
        if (y, m) in pending:
            by_month.append((f"{y}-{m:02d}", Ratio(reported, expected, schools_word,
                                                   pending=True)))
        else:
            by_month.append((f"{y}-{m:02d}", Ratio(ok, due, schools_word)))
    return rows, by_month


# A school's compliance rate, in bands (the lowest rate of each band, its label).
BINS = ((100, "100%"), (80, "80–99%"), (60, "60–79%"), (40, "40–59%"), (0, "0–39%"))


def rate_bands(rows) -> list[tuple[str, int]]:
    """The schools with reports due, counted by the band of their compliance rate."""
    counts = {label: 0 for _low, label in BINS}
    for r in rows:
        if r["due"]:
            counts[next(label for low, label in BINS if r["rate"] >= low)] += 1
    return list(counts.items())


def _compliance(scope: Scope, period) -> dict:
    if scope.school is not None:
        schools = School.objects.filter(pk=scope.school.pk)
    else:
        schools = scope.filter(School.objects.filter(active=True), school_path="pk",
                               district_path="district").order_by("name")
    rows, by_month = school_rows(schools, _district_id(scope), period)
    due = [r for r in rows if r["due"]]
    total = sum(r["due"] for r in due)
    reports = pgettext("ratio", "reports")
    return {
        "reports.due": total,
        "reports.submitted": sum(r["submitted"] for r in due),
        "reports.on_time": Ratio(sum(r["on_time"] for r in due), total, reports),
        "reports.compliant": Ratio(sum(r["ok"] for r in due), total, reports),
        "reports.demonstrations": Ratio(sum(r["demos"] for r in due),
                                        sum(r["semesters"] for r in due),
                                        pgettext("ratio", "semesters")),
        "reports.by_month": by_month, "rows": rows, "by_month": by_month,
        "reports.schools_by_rate": rate_bands(rows),
        "reports.school_months": by_month,
    }


register(
    "compliance", _compliance,
    Definition("reports.due", _("Reports due"),
               _("Term months of the period, per school expected then, whose report deadline "
                 "has passed or whose report is in."),
               date=_("the report's month")),
    Definition("reports.submitted", _("Reports submitted"),
               _("Reports of those months submitted at least once."),
               date=_("the report's month")),
    Definition("reports.on_time", _("Submitted on time"),
               _("Share of the reports due that were first submitted by their deadline."),
               numerator=_("reports first submitted on or before their deadline"),
               denominator=_("reports due"), date=_("the report's month")),
    Definition("reports.compliant", _("Compliant months"),
               _("Share of the reports due that were fully compliant: on time, with the "
                 "course's activity class hours."),
               numerator=_("compliant months"), denominator=_("reports due"),
               date=_("the report's month")),
    Definition("reports.demonstrations", _("Semesters with a demonstration activity"),
               _("Begun semesters in which the school held a school-wide demonstration "
                 "activity."),
               numerator=_("semesters with a demonstration activity"),
               denominator=_("semesters begun"), date=_("the semester's dates")),
    Definition("reports.by_month", _("Compliant months by month (share of schools)"),
               _("Per term month, the share of the expected schools whose month was "
                 "compliant; a month whose report deadline is still ahead is pending and "
                 "shows only the reports in so far."),
               numerator=_("schools compliant that month"),
               denominator=_("schools whose report was due that month"),
               date=_("the report's month; its deadline decides pending")),
    Definition("reports.schools_by_rate", _("Schools by compliance rate"),
               _("Schools with at least one report due in the period, counted by their "
                 "compliance rate (compliant months of their reports due) in bands: 100%, "
                 "80–99%, 60–79%, 40–59%, 0–39%."),
               date=_("the report's month")),
    Definition("reports.school_months", _("Compliant by month (100% = compliant)"),
               _("For one school, each term month of the period whose report deadline has "
                 "passed: 100% when the month was compliant (report on time, with the "
                 "course's activity class hours), 0% when not; a month whose deadline is "
                 "still ahead is pending and shows no rate."),
               date=_("the report's month; its deadline decides pending")),
)


def last_due_month(district_id, today: date) -> tuple[int, int, date] | None:
    """The latest term month whose report deadline has passed, with that deadline."""
    from activities.todo import finished_months

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


def _submission(scope: Scope, period) -> dict:
    """The home pages' month: the latest whose deadline has passed (never a pending one)."""
    today = timezone.localdate()
    reports = scope.filter(MonthlyReport.objects.all())
    result = {"reports.awaiting_review": reports.filter(
        status=MonthlyReport.Status.SUBMITTED).count(),
        "reports.last_month_submitted": None, "reports.last_month_late": None, "month": None}
    due = last_due_month(_district_id(scope), today)
    if due is None:
        return result
    year, month, deadline = due
    expected = (scope.filter(School.objects.filter(active=True), school_path="pk",
                             district_path="district")
                .exclude(joined_on__gt=month_start(year, month)))
    counts = expected.aggregate(
        schools=Count("pk", distinct=True),
        submitted=Count("monthly_reports", distinct=True, filter=Q(
            monthly_reports__year=year, monthly_reports__month=month,
            monthly_reports__first_submitted_on__isnull=False)),
        on_time=Count("monthly_reports", distinct=True, filter=Q(
            monthly_reports__year=year, monthly_reports__month=month,
            monthly_reports__first_submitted_on__lte=F("monthly_reports__deadline"))))
    result.update({
        "reports.last_month_submitted": Ratio(counts["submitted"], counts["schools"],
                                              pgettext("ratio", "schools")),
        "reports.last_month_late": counts["schools"] - counts["on_time"],
        "month": (year, month, deadline)})
    return result


register(
    "submission", _submission,
    Definition("reports.awaiting_review", _("Reports awaiting review"),
               _("Monthly reports submitted and not yet approved or returned.")),
    Definition("reports.last_month_submitted", _("Reports of the last due month submitted"),
               _("For the latest term month whose report deadline has passed: the schools "
                 "expected that month that submitted its report."),
               numerator=_("schools that submitted the report"),
               denominator=_("active schools that had joined by the month's first day"),
               date=_("the report's month; only a month past its deadline")),
    Definition("reports.last_month_late", _("Schools late with the last due month's report"),
               _("Schools expected that month whose report was not submitted by the "
                 "deadline."), date=_("the report's month")),
)


# The applicant register ---------------------------------------------------------------

def _hours(until: date):
    return Coalesce(Sum("volunteer_records__hours",
                        filter=Q(volunteer_records__date__lte=until)),
                    Value(ZERO), output_field=DecimalField(max_digits=8, decimal_places=1))


def _applicants(scope: Scope, period) -> dict:
    until = period.end if period is not None else timezone.localdate()
    required = ActivitiesSettings.for_district(_district_id(scope)).required_volunteer_hours
    applicants = scope.filter(Applicant.objects.filter(registered_on__lte=until))
    total = applicants.count()
    meeting = applicants.annotate(h=_hours(until)).filter(h__gte=required).count()
    return {"applicants.registered": total,
            "applicants.meeting_hours": Ratio(meeting, total, pgettext("ratio", "applicants")),
            "applicants.required_hours": required}


register(
    "applicants", _applicants,
    Definition("applicants.registered", _("Applicants in the register"),
               _("Membership applicants entered in the applicant register (one row per "
                 "student), registered by the period's end."),
               date=_("the applicant's registration date")),
    Definition("applicants.meeting_hours", _("Meeting the required volunteer hours"),
               _("Registered applicants whose volunteer hours up to the period's end reach "
                 "the district's required hours."),
               numerator=_("applicants with at least the required hours"),
               denominator=_("applicants in the register"),
               date=_("the volunteer service's date")),
    Definition("applicants.required_hours", _("Required hours"),
               _("The volunteer hours the district requires of an applicant."), unit=_("h")),
)


# Special funds ----------------------------------------------------------------------------

def funds_of(scope: Scope, period):
    return list(scope.filter(Fund.objects.all(), school_path=None, district_path="district")
                .filter(year__gte=period.start.year, year__lte=period.end.year)
                .with_balances().order_by("year", "name"))


def _funds(scope: Scope, period) -> dict:
    funds = funds_of(scope, period)
    received = sum((f.amount for f in funds), ZERO)
    allocated = sum((f.allocated for f in funds), ZERO)
    spent = sum((f.spent for f in funds), ZERO)
    return {"funds.received": received, "funds.allocated": allocated, "funds.spent": spent,
            "funds.unallocated": received - allocated, "funds.unspent": allocated - spent,
            "funds": funds}


register(
    "funds", _funds,
    Definition("funds.received", _("Funds received"),
               _("Amounts of the special funds granted for the calendar years the period "
                 "touches."), date=_("the fund's year"), unit=_("yuan")),
    Definition("funds.allocated", _("Allocated"),
               _("Parts of those funds allocated to campaigns or schools."),
               date=_("the fund's year"), unit=_("yuan")),
    Definition("funds.spent", _("Spent"), _("Spending out of those allocations."),
               date=_("the fund's year"), unit=_("yuan")),
    Definition("funds.unallocated", _("Not yet allocated"),
               _("Funds received less allocated."), date=_("the fund's year"), unit=_("yuan")),
    Definition("funds.unspent", _("Allocated, not yet spent"),
               _("Allocated less spent."), date=_("the fund's year"), unit=_("yuan")),
)


# Cooperation ----------------------------------------------------------------------------

def campaigns_of(scope: Scope, period):
    return list(
        scope.filter(Campaign.objects.all(), school_path=None, district_path="district")
        .filter(start__lte=period.end, end__gte=period.start)
        .annotate(partner_count=Count("partners", distinct=True),
                  events=Count("activities", distinct=True,
                               filter=Q(activities__report__status__in=COUNTED)))
        .order_by("start", "name"))


def selections_of(scope: Scope, period):
    return list(
        scope.filter(HonourSelection.objects.all(), school_path=None, district_path="district")
        .filter(_in(period, "nomination_closes"))
        .annotate(nominated=Count("nominations"),
                  honoured=Count("nominations", filter=Q(nominations__status="accepted")))
        .order_by("nomination_closes"))


def _cooperation(scope: Scope, period) -> dict:
    campaigns = campaigns_of(scope, period)
    selections = selections_of(scope, period)
    return {"campaigns.count": len(campaigns),
            "honours.honoured": sum(s.honoured for s in selections),
            "honours.nominated": sum(s.nominated for s in selections),
            "campaigns": campaigns, "selections": selections}


register(
    "cooperation", _cooperation,
    Definition("campaigns.count", _("Campaigns"),
               _("Campaigns with partner departments running at some time in the period."),
               date=_("the campaign's dates")),
    Definition("honours.honoured", _("Young people honoured"),
               _("Accepted nominations of the honour selections whose nominations closed in "
                 "the period."), date=_("the selection's nomination closing date")),
    Definition("honours.nominated", _("Young people nominated"),
               _("Nominations of those selections."),
               date=_("the selection's nomination closing date")),
)


def _volunteering(scope: Scope, period) -> dict:
    records = scope.filter(VolunteerRecord.objects.all(), school_path="applicant__school").filter(
        _in(period, "date")).aggregate(
            hours=Coalesce(Sum("hours"), Value(ZERO), output_field=DecimalField()),
            applicants=Count("applicant", distinct=True),
            paired=Count("pk", filter=Q(pairing__isnull=False)))
    activities = scope.filter(Activity.objects.filter(report__status__in=COUNTED),
                              school_path="report__school").filter(
        _in(period, "date")).aggregate(
            volunteer=Count("pk", filter=Q(kind=Activity.Kind.VOLUNTEER)),
            visits=Count("pk", filter=Q(kind=Activity.Kind.VISIT)),
            with_partner=Count("pk", filter=Q(partner__isnull=False)))
    return {"volunteering.hours": records["hours"].quantize(Decimal("0.1")),
            "volunteering.applicants": records["applicants"],
            "volunteering.paired": records["paired"],
            "volunteering.activities": activities["volunteer"],
            "volunteering.visits": activities["visits"],
            "volunteering.with_partner": activities["with_partner"]}


register(
    "volunteering", _volunteering,
    Definition("volunteering.hours", _("Volunteer hours of membership applicants"),
               _("Hours of the volunteer service records of registered applicants."),
               date=_("the service's date"), unit=_("h")),
    Definition("volunteering.applicants", _("Applicants who volunteered"),
               _("Registered applicants with at least one volunteer service record."),
               date=_("the service's date")),
    Definition("volunteering.paired", _("Services at paired communities"),
               _("Volunteer service records at a paired community."),
               date=_("the service's date")),
    Definition("volunteering.activities",
               _("Volunteer service activities reported by schools"),
               _("Volunteer-service activities in submitted or approved monthly reports."),
               date=_("the activity's date")),
    Definition("volunteering.visits", _("Visits by outside teams"),
               _("Visit activities in submitted or approved monthly reports."),
               date=_("the activity's date")),
    Definition("volunteering.with_partner", _("Activities with a partner organisation"),
               _("Activities in submitted or approved monthly reports that name a partner."),
               date=_("the activity's date")),
)

"""Proof that the figures are what they say (issue 20), on the demo district.

The demo is seeded once for the module, on a fixed clock (2026-12-07 10:00 in Shanghai:
2025–26 is a whole past year, 2026–27 the year so far). For both school years, `Expected`
computes every figure of the district summary and of the leader's home (the reports page)
with its own queries, written here from the definitions — never through `portal.figures`
(only the labels are read from it, to find the numbers) — and the figures are compared
with the reports page's HTML and with the text of the district summary PDF read back with
pypdf. A second test renders every page that shows figures of the registry (the leader's and
officer's reports page, the officer's and the city officer's home, a school's page, the
organisation department's home) and the PDFs of the same period, and finds the same number
under the same label wherever a label appears on two of them.

Reuses `seed_demo` (the demo-building command the layout and demo-history tests also run),
here module-scoped: its rows live in a transaction rolled back after the module's last test.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zoneinfo
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pypdf
import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from activities.models import (
    ActivitiesSettings,
    Activity,
    ActivityCourse,
    Campaign,
    Fund,
    HonourSelection,
    MonthlyReport,
    Semester,
)
from activities.models.calendar import deadline_for, month_start
from activities.models.campaigns import Nomination
from activities.models.funds import Allocation, Spending
from cadres.models import (
    Application,
    AreaMeeting,
    Post,
    ReservePoolEntry,
    Secondment,
    SecondmentRound,
)
from cadres.models.secondments import Grade
from portal import figures
from portal.evaluation.sections import Period
from portal.models import District, Role, User
from reports import render
from schools.models import (
    Applicant,
    Branch,
    CommunityPairing,
    Honour,
    School,
    VolunteerRecord,
)
from supervision.models import (
    ActionItem,
    Commendation,
    CoordinationMeeting,
    Inspection,
    RectificationOrder,
    Score,
    Standard,
)

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
CLOCK = dt.datetime(2026, 12, 7, 10, tzinfo=TZ)
TODAY = CLOCK.date()
YEARS = {2025: Period(date(2025, 9, 1), date(2026, 8, 31)),
         2026: Period(date(2026, 9, 1), date(2027, 8, 31))}
HELD = (Inspection.Status.SUBMITTED, Inspection.Status.SIGNED_OFF, Inspection.Status.PUBLISHED)
COUNTED = (MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.APPROVED)
K = Post.Kind
# The leader's home (the reports page): the figures and charts it shows of the current year.
LEADER_FIGURES = {
    "cadres.directors", "inspections.held", "inspections.schools",
    "inspections.commendations", "orders.on_time", "orders.overdue", "funds.received",
    "funds.spent", "campaigns.count", "honours.honoured", "volunteering.hours",
    "cadres.research_staff", "cadres.moral_holding", "cadres.area_meetings_held",
    "secondments.approved", "secondments.serving", "pool.current", "reports.on_time",
    "reports.compliant", "applicants.meeting_hours"}
LEADER_CHARTS = {"scores.average_share", "reports.by_month"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo district, seeded once on the fixed clock; everything is rolled back after
    the module (each test's own transaction nests in this one as a savepoint)."""
    with django_db_blocker.unblock(), time_machine.travel(CLOCK, tick=False):
        cache.clear()
        with transaction.atomic():
            call_command("seed_demo", password="pw-for-tests-1", stdout=io.StringIO())
            yield District.objects.get(code="yuzhong")
            transaction.set_rollback(True)
        cache.clear()


@pytest.fixture(scope="module")
def pdfs(demo):
    """The text of the demo's PDFs in Chinese, each built once: ("district" or "school",
    the school year's first year)."""
    built: dict[tuple[str, int], str] = {}

    def text(kind: str, year: int) -> str:
        if (kind, year) not in built:
            with translation.override("zh-hans"):
                if kind == "district":
                    pdf = render.district_pdf(district=demo, period=YEARS[year])
                else:
                    school = School.objects.get(district=demo, short_name="四十二中")
                    pdf = render.school_pdf(school=school, period=YEARS[year])
                built[(kind, year)] = pdf_text(pdf)
        return built[(kind, year)]

    return text


@pytest.fixture
def chinese():
    with translation.override("zh-hans"):
        yield


# ------------------------------------------------------------------------- the oracle

def half_up(value, places: str = "0.1") -> Decimal:
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def percent(numerator: int, denominator: int) -> int:
    return int(half_up(Decimal(100 * numerator) / denominator, "1"))


def ratio(numerator: int, denominator: int, of: str) -> str:
    if not denominator:
        return "—"
    return f"{percent(numerator, denominator)}% ({numerator}/{denominator} {of})"


def number(value) -> str:
    """A chart's bar value as printed: an integer without decimals, else one decimal."""
    value = Decimal(value)
    return f"{value:.0f}" if value == value.to_integral() else f"{value:.1f}"


def money(value) -> str:
    return f"{value:,.2f}"


def school_year_label(start_year: int) -> str:
    return gettext("School year %(start)d–%(end)d") % {"start": start_year,
                                                       "end": start_year + 1}


class Expected:
    """Every figure of the district summary for `period` as of `today`, by the registry's
    key, from queries written here: `values` (the printed value), `units`, `changes` (the
    "since …" line of a compared figure), `charts` (bars), `empty` (sections that print
    their empty note instead of figures), `tables` (rows of the average-score tables)."""

    def __init__(self, district, period: Period, today: date):
        self.district, self.period, self.today = district, period, today
        self.values: dict[str, object] = {}
        self.units: dict[str, str] = {}
        self.changes: dict[str, str] = {}
        self.charts: dict[str, list] = {}
        self.empty: set[str] = set()
        self.score_rows: list[str] = []
        self.pending: list[tuple[str, str]] = []  # months before their deadline: in so far
        for part in (self.leadership, self.inspections, self.scores, self.outcomes,
                     self.orders, self.honours, self.meetings, self.funds, self.cooperation,
                     self.volunteering, self.moral_posts, self.area_meetings,
                     self.secondments, self.pool, self.schools, self.compliance,
                     self.applicants):
            part()

    def within(self, day) -> bool:
        return self.period.start <= day <= self.period.end

    def comparison(self) -> Period:
        """The same dates a year earlier over the part of the period that has passed."""
        start, end = self.period.start, max(self.period.start,
                                            min(self.period.end, self.today))

        def year_before(day):
            return day.replace(year=day.year - 1, day=28) if (day.month, day.day) == (2, 29) \
                else day.replace(year=day.year - 1)

        return Period(year_before(start), year_before(end))

    @staticmethod
    def words(period: Period) -> str:
        if (period.start.month, period.start.day, period.end.month, period.end.day) == (
                9, 1, 8, 31) and period.end.year == period.start.year + 1:
            return school_year_label(period.start.year)
        return f"{period.start.isoformat()} – {period.end.isoformat()}"

    # leadership, research staff, moral-education posts --------------------------------
    def posts_on(self, day):
        return [p for p in Post.objects.filter(cadre__district=self.district)
                if p.start <= day and (p.end is None or p.end >= day)]

    def leadership(self):
        posts = self.posts_on(self.period.end)
        self.values["cadres.concurrent_posts"] = sum(
            1 for p in posts if p.is_concurrent
            and p.kind not in (K.MORAL_EDUCATION_OFFICE, K.PIONEERS_DIRECTOR, K.RESEARCH_STAFF))
        self.values["cadres.directors"] = sum(1 for p in posts if p.kind == K.PIONEERS_DIRECTOR)
        self.values["cadres.research_staff"] = sum(1 for p in posts
                                                   if p.kind == K.RESEARCH_STAFF)

    def moral_posts(self):
        posts = [p for p in self.posts_on(self.period.end)
                 if p.kind == K.MORAL_EDUCATION_OFFICE]
        holding = standing = total = 0
        for school in School.objects.filter(district=self.district, active=True).exclude(
                level=School.Level.PRIMARY):
            total += 1
            mine = [p for p in posts if p.school_id == school.pk
                    and p.cadre.school_id == school.pk]
            holding += bool(mine)
            standing += any(p.middle_management for p in mine)
        self.values.update({"cadres.moral_holding": holding,
                            "cadres.moral_without": total - holding,
                            "cadres.moral_standing": standing})

    def area_meetings(self):
        meetings = [m for m in AreaMeeting.objects.filter(district=self.district)
                    if self.within(m.held_on)]
        missed = 0
        for area in {s.area for s in School.objects.filter(district=self.district,
                                                             active=True)} - {""}:
            held = [m for m in meetings if m.area == area]
            if not held:
                continue
            present = {m.host_school_id for m in held} | {
                s.pk for m in held for s in m.attending_schools.all()}
            missed += School.objects.filter(district=self.district, active=True,
                                            area=area).exclude(pk__in=present).count()
        self.values["cadres.area_meetings_held"] = len(meetings)
        self.values["cadres.area_meetings_missed"] = missed

    # supervision -------------------------------------------------------------------------
    def inspections_in(self, period: Period):
        return [i for i in Inspection.objects.filter(school__district=self.district)
                if period.start <= i.planned_date <= period.end]

    def inspections(self):
        now = self.inspections_in(self.period)
        held = [i for i in now if i.status in HELD]
        self.values.update({
            "inspections.planned": len(now), "inspections.held": len(held),
            "inspections.schools": len({i.school_id for i in held}),
            "inspections.published": sum(1 for i in now
                                         if i.status == Inspection.Status.PUBLISHED)})
        compared = self.comparison()
        before = self.inspections_in(compared)
        words = self.words(compared)
        for key, then in (("inspections.held", sum(1 for i in before if i.status in HELD)),
                          ("inspections.schools",
                           len({i.school_id for i in before if i.status in HELD}))):
            if not before:
                self.changes[key] = gettext(
                    "nothing to compare with: no data in %(period)s") % {"period": words}
            else:
                change = self.values[key] - then
                self.changes[key] = gettext("since %(period)s") % {"period": words} + (
                    f": {change:+}" if change else ": ±0")

    @staticmethod
    def total(inspection) -> Decimal | None:
        """The inspection's weighted total out of 100, one decimal, half up."""
        applicable = [s for s in inspection.scores.select_related("indicator")
                      if not s.not_applicable]
        weights = sum(Decimal(s.indicator.weight) for s in applicable)
        if not weights:
            return None
        earned = sum((Decimal(s.score) / s.indicator.max_score * s.indicator.weight
                      for s in applicable if s.score is not None), Decimal(0))
        return half_up(earned * 100 / weights)

    def scores(self):
        compared = self.comparison()
        kinds = dict(Standard.Kind.choices)
        label = figures.label("scores.average_share")
        by_kind = defaultdict(lambda: defaultdict(lambda: {"now": [], "before": []}))
        for s in Score.objects.filter(inspection__school__district=self.district,
                                      inspection__status__in=HELD, not_applicable=False,
                                      score__isnull=False).select_related(
                                          "indicator__standard", "inspection"):
            day = s.inspection.planned_date
            when = "now" if self.within(day) else "before" if \
                compared.start <= day <= compared.end else None
            if when:
                by_kind[s.indicator.standard.kind][s.indicator][when].append(Decimal(s.score))
        bars = self.charts.setdefault("scores.average_share", {})
        for kind in sorted(by_kind):
            indicators = by_kind[kind]
            comparable = any(v["before"] for v in indicators.values())
            caption = gettext("%(subject)s: %(figure)s") % {"subject": kinds[kind],
                                                             "figure": label}
            bars[caption] = []
            for indicator in sorted(indicators, key=lambda i: i.code):
                now, before = indicators[indicator]["now"], indicators[indicator]["before"]
                if not now:
                    continue
                average = sum(now) / len(now)
                bars[caption].append((indicator.title,
                                      number(half_up(100 * average / indicator.max_score))))
                shown = half_up(average)
                if comparable and before:
                    previous = half_up(sum(before) / len(before))
                    row = f"{shown} {indicator.max_score} {previous} {shown - previous:+.1f}"
                else:
                    row = f"{shown} {indicator.max_score} — —"
                self.score_rows.append(f"{indicator.code} {indicator.title} {row}")
            if not bars[caption]:
                del bars[caption]
        if not bars:
            self.empty.add("scores")

    def outcomes(self):
        held = [i for i in self.inspections_in(self.period) if i.status in HELD]
        bands = {"commend": 0, "satisfactory": 0, "rectify": 0}
        for inspection in held:
            total = self.total(inspection)
            if total is None:
                continue
            standard = inspection.standard
            bands["commend" if total >= standard.commend_threshold else
                  "rectify" if total < standard.rectify_threshold else "satisfactory"] += 1
        commendations = sum(1 for c in Commendation.objects.filter(
            inspection__school__district=self.district) if self.within(c.issued_on))
        self.values["inspections.commendations"] = commendations
        self.charts["inspections.bands"] = [
            (gettext("Commendation proposed"), bands["commend"]),
            (gettext("Satisfactory"), bands["satisfactory"]),
            (gettext("Rectification proposed"), bands["rectify"])]

    def orders(self):
        cutoff = min(self.today, self.period.end)
        orders = [o for o in RectificationOrder.objects.filter(
            inspection__school__district=self.district)
            if self.within(timezone.localtime(o.issued_at).date())]
        closed = [o for o in orders if o.status == RectificationOrder.Status.CLOSED]
        open_ = [o for o in orders if o.status != RectificationOrder.Status.CLOSED]
        self.values.update({
            "orders.issued": len(orders),
            "orders.on_time": sum(1 for o in closed
                                  if timezone.localtime(o.closed_at).date() <= o.due_date),
            "orders.late": sum(1 for o in closed
                               if timezone.localtime(o.closed_at).date() > o.due_date),
            "orders.overdue": sum(1 for o in open_ if o.due_date < cutoff),
            "orders.open": sum(1 for o in open_ if o.due_date >= cutoff)})

    def honours(self):
        count = Honour.objects.filter(school__district=self.district,
                                      year__gte=self.period.start.year,
                                      year__lte=self.period.end.year).count()
        self.values["schools.honours"] = count
        if not count:
            self.empty.add("honours")

    def meetings(self):
        meetings = [m for m in CoordinationMeeting.objects.filter(district=self.district)
                    if self.within(m.date)]
        items = list(ActionItem.objects.filter(meeting__in=meetings))
        self.values.update({"meetings.count": len(meetings), "meetings.items": len(items),
                            "meetings.done": sum(1 for i in items if i.done_at)})

    # cooperation --------------------------------------------------------------------------
    def funds(self):
        funds = list(Fund.objects.filter(district=self.district,
                                         year__gte=self.period.start.year,
                                         year__lte=self.period.end.year))
        received = sum((f.amount for f in funds), Decimal(0))
        allocated = sum((a.amount for a in Allocation.objects.filter(fund__in=funds)),
                        Decimal(0))
        spent = sum((s.amount for s in Spending.objects.filter(allocation__fund__in=funds)),
                    Decimal(0))
        for key, value in (("funds.received", received), ("funds.allocated", allocated),
                           ("funds.unallocated", received - allocated),
                           ("funds.spent", spent), ("funds.unspent", allocated - spent)):
            self.values[key] = money(value)
            self.units[key] = gettext("yuan")

    def cooperation(self):
        self.values["campaigns.count"] = sum(
            1 for c in Campaign.objects.filter(district=self.district)
            if c.start <= self.period.end and c.end >= self.period.start)
        selections = [s for s in HonourSelection.objects.filter(district=self.district)
                      if self.within(s.nomination_closes)]
        nominations = list(Nomination.objects.filter(selection__in=selections))
        self.values["honours.nominated"] = len(nominations)
        self.values["honours.honoured"] = sum(
            1 for n in nominations if n.status == Nomination.Status.ACCEPTED)

    def volunteering(self):
        records = [r for r in VolunteerRecord.objects.filter(
            applicant__school__district=self.district) if self.within(r.date)]
        activities = [a for a in Activity.objects.filter(
            report__school__district=self.district, report__status__in=COUNTED)
            if self.within(a.date)]
        self.values.update({
            "volunteering.hours": f"{sum((r.hours for r in records), Decimal(0)):.1f}",
            "volunteering.applicants": len({r.applicant_id for r in records}),
            "volunteering.paired": sum(1 for r in records if r.pairing_id),
            "volunteering.activities": sum(1 for a in activities
                                           if a.kind == Activity.Kind.VOLUNTEER),
            "volunteering.visits": sum(1 for a in activities if a.kind == Activity.Kind.VISIT),
            "volunteering.with_partner": sum(1 for a in activities if a.partner_id)})
        self.units["volunteering.hours"] = gettext("h")

    # secondments and the pool -------------------------------------------------------------
    def secondments(self):
        rounds = [r for r in SecondmentRound.objects.filter(district=self.district)
                  if self.within(r.opens_on)]
        applications = list(Application.objects.filter(round__in=rounds))
        serving = [s for s in Secondment.objects.filter(district=self.district)
                   if s.start <= self.period.end and s.end >= self.period.start]
        self.values.update({
            "secondments.rounds": len(rounds),
            "secondments.posts": sum(r.posts_on_offer for r in rounds),
            "secondments.applications": len(applications),
            "secondments.schools": len({a.school_id for a in applications}),
            "secondments.selected": sum(1 for a in applications if a.status in (
                Application.Status.SELECTED, Application.Status.APPROVED)),
            "secondments.approved": sum(1 for a in applications
                                        if a.status == Application.Status.APPROVED),
            "secondments.serving": len(serving)})
        if any(s.result for s in serving):
            self.charts["secondments.results"] = [
                (str(label), f"{sum(1 for s in serving if s.result == value)}"
                 f"{gettext('people')}") for value, label in Grade.choices]

    def pool(self):
        entries = list(ReservePoolEntry.objects.filter(district=self.district))
        end = self.period.end
        self.values.update({
            "pool.current": sum(1 for e in entries if e.entered_on <= end
                                and (e.left_on is None or e.left_on > end)),
            "pool.entered": sum(1 for e in entries if self.within(e.entered_on)),
            "pool.left": sum(1 for e in entries if e.left_on and self.within(e.left_on))})

    # standardisation ----------------------------------------------------------------------
    def schools(self):
        schools = School.objects.filter(district=self.district, active=True)
        branches = list(Branch.objects.filter(school__in=schools))
        pairings = CommunityPairing.objects.filter(school__in=schools, active=True)
        self.values.update({
            "schools.count": schools.count(), "schools.branches": len(branches),
            "schools.members": sum(b.member_count for b in branches),
            "schools.applicants_reported": sum(b.applicant_count for b in branches),
            "schools.paired": len({p.school_id for p in pairings}),
            "schools.pairings": pairings.count()})

    def compliance(self):
        """Each active school's term months of the period: due once the deadline passed or
        the report is in; compliant when submitted by its deadline, not returned, with the
        course's class hours that month (held in submitted or approved reports)."""
        semesters = list(Semester.objects.filter(district=self.district,
                                                 start__lte=self.period.end,
                                                 end__gte=self.period.start))
        first = month_start(self.period.start.year, self.period.start.month)
        months = sorted({m for s in semesters for m in s.term_months
                         if first <= month_start(*m) <= self.period.end})
        semester_of = {m: s for s in semesters for m in s.term_months}
        default = ActivitiesSettings.for_district(self.district.pk).class_hours_per_month
        due = submitted = on_time = compliant = 0
        bands = {"100%": 0, "80–99%": 0, "60–79%": 0, "40–59%": 0, "0–39%": 0}
        per_month = {m: {"ok": 0, "due": 0, "in": 0, "expected": 0} for m in months}
        for school in School.objects.filter(district=self.district, active=True):
            mine = {"due": 0, "ok": 0, "submitted": 0, "on_time": 0}
            for y, m in months:
                report = MonthlyReport.objects.filter(school=school, year=y, month=m).first()
                if report and report.first_submitted_on:
                    mine["submitted"] += 1
                    mine["on_time"] += report.first_submitted_on <= report.deadline
                if school.joined_on and school.joined_on > month_start(y, m):
                    continue
                per_month[(y, m)]["expected"] += 1
                semester = semester_of[(y, m)]
                if report is None or report.first_submitted_on is None:
                    deadline = report.deadline if report else semester.deadline_for(y, m)
                    if self.today > deadline:
                        mine["due"] += 1
                        per_month[(y, m)]["due"] += 1
                    continue
                mine["due"] += 1
                per_month[(y, m)]["due"] += 1
                per_month[(y, m)]["in"] += 1
                hours = Activity.objects.filter(
                    report__school=school, report__status__in=COUNTED,
                    kind=Activity.Kind.CLASS_HOUR, date__year=y, date__month=m,
                    date__gte=min(s.start for s in semesters),
                    date__lte=max(s.end for s in semesters)).count()
                course = ActivityCourse.objects.filter(school=school, semester=semester).first()
                required = course.class_hours_per_month if course else default
                ok = (hours >= required and hours > 0
                      and report.first_submitted_on <= report.deadline
                      and report.status != MonthlyReport.Status.RETURNED)
                mine["ok"] += ok
                per_month[(y, m)]["ok"] += ok
            if mine["due"]:
                due += mine["due"]
                compliant += mine["ok"]
                submitted += mine["submitted"]
                on_time += mine["on_time"]
                share = Decimal(100 * mine["ok"]) / mine["due"]
                bands[next(label for low, label in ((100, "100%"), (80, "80–99%"),
                                                    (60, "60–79%"), (40, "40–59%"),
                                                    (0, "0–39%")) if share >= low)] += 1
        reports = pgettext("ratio", "reports")
        self.values.update({"reports.due": due, "reports.submitted": submitted,
                            "reports.on_time": ratio(on_time, due, reports),
                            "reports.compliant": ratio(compliant, due, reports)})
        if not due:
            self.empty.add("compliance")
        self.charts["reports.schools_by_rate"] = list(bands.items())
        bars = []
        for y, m in months:
            counts = per_month[(y, m)]
            if date(y, m, 1) > self.today:
                continue
            if self.today <= deadline_for(semesters, y, m)[0]:
                self.pending.append((f"{y}-{m:02d}", f'{counts["in"]}/{counts["expected"]}'))
            elif counts["due"]:
                bars.append((f'{y}-{m:02d} · {counts["ok"]}/{counts["due"]}',
                             f'{percent(counts["ok"], counts["due"])}%'))
        self.charts["reports.by_month"] = bars

    def applicants(self):
        end = self.period.end
        required = ActivitiesSettings.for_district(self.district.pk).required_volunteer_hours
        applicants = [a for a in Applicant.objects.filter(school__district=self.district)
                      if a.registered_on <= end]
        meeting = sum(1 for a in applicants if sum(
            (r.hours for r in a.volunteer_records.all() if r.date <= end),
            Decimal(0)) >= required)
        self.values["applicants.registered"] = len(applicants)
        self.values["applicants.meeting_hours"] = ratio(
            meeting, len(applicants), pgettext("ratio", "applicants"))
        if not applicants:
            self.empty.add("applicants")

    # what is printed --------------------------------------------------------------------
    EMPTY_SECTIONS = {"honours": ("schools.honours",),
                      "applicants": ("applicants.registered", "applicants.meeting_hours"),
                      "compliance": ("reports.due", "reports.submitted", "reports.on_time",
                                     "reports.compliant")}

    def printed(self) -> dict[str, str]:
        """label → the value as printed (with its unit), for every figure printed."""
        hidden = {key for name in self.empty for key in self.EMPTY_SECTIONS.get(name, ())}
        out = {}
        for key, value in self.values.items():
            if key in hidden:
                continue
            unit = self.units.get(key)
            out[figures.label(key)] = f"{value} {unit}" if unit else str(value)
        return out


# ------------------------------------------------------------------------- reading back

FIGURE = re.compile(
    r'<div class="text-muted small"[^>]*>\s*(?P<label>[^<]+?)\s*</div>\s*'
    r'<div class="(?:stat-value|fs-4)[^"]*"[^>]*>\s*(?P<value>(?:[^<]|</?span[^>]*>)*?)\s*'
    r'(?:<small[^>]*>(?P<unit>[^<]*)</small>)?\s*</div>')
TAG = re.compile(r"<[^>]+>")
CHART = re.compile(r'<h2 class="h6">(?P<caption>[^<]+)</h2>(?P<svg><svg.*?</svg>)', re.S)
SVG_TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")


def page_figures(content: str) -> dict[str, str]:
    """label → value (with its unit) of every figure card of a page; a label shown twice
    must show one number."""
    found: dict[str, str] = {}
    for m in FIGURE.finditer(content):
        label = html.unescape(m["label"])
        value = html.unescape(TAG.sub("", m["value"])) + (
            f' {html.unescape(m["unit"])}' if m["unit"] else "")
        assert found.get(label, value) == value, (label, found[label], value)
        found[label] = value
    return found


def page_charts(content: str) -> dict[str, list[tuple[str, str]]]:
    charts = {}
    for m in CHART.finditer(content):
        texts = [html.unescape(t) for t in SVG_TEXT.findall(m["svg"])]
        charts[html.unescape(m["caption"])] = list(zip(texts[::2], texts[1::2], strict=True))
    return charts


def pdf_text(pdf: bytes) -> str:
    """The PDF's text read back, up to its appendix (which repeats every label with its
    definition, not its number)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    appendix = gettext("Appendix: definitions of the figures")
    return text.rsplit(appendix, 1)[0] if text.count(appendix) > 1 else text


def flexible(text: str) -> str:
    """`text` as a pattern that lets any run of white space stand for a space, and a line
    end fall between any two characters (Chinese wraps anywhere)."""
    return r"\s+".join(r"\n?".join(re.escape(c) for c in word) for word in text.split())


def pdf_shows(text: str, label: str, value: str) -> bool:
    """The PDF prints `value` as the block right under `label`."""
    return re.search(rf"(?:^|\n){flexible(label)}\n{flexible(value)}(?:\n|$)", text) is not None


NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers(value: str) -> list[str]:
    """The numbers of a printed value: "28% (13/47 名积极分子)" → 28, 13, 47."""
    return NUMBER.findall(value)


def pdf_number_under(text: str, label: str) -> set[tuple[str, ...]]:
    """The numbers of every value the PDF prints right under `label` as a figure block (a
    line that starts with a number; a rate with its denominator on the next line, or
    wrapped inside it, is read whole)."""
    found = set()
    for m in re.finditer(rf"(?:^|\n){flexible(label)}\n(\d[^\n]*)(?:\n([^\n]*))?", text):
        value, following = m.group(1), m.group(2) or ""
        if value.count("(") > value.count(")") or following.startswith("("):
            value += following  # a rate's denominator on the next line, or its end
        found.add(tuple(numbers(value)))
    return found


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reports_page(user, district) -> str:
    return client_for(user).get(reverse("reports")).content.decode()


# ------------------------------------------------------------------------- the proofs

@pytest.mark.parametrize("year", [2025, 2026])
def test_every_figure_of_the_district_summary_from_independent_queries(demo, chinese, pdfs,
                                                                      year):
    period = YEARS[year]
    expected = Expected(demo, period, TODAY)
    printed = expected.printed()
    text = pdfs("district", year)
    missing = {label: value for label, value in printed.items()
               if not pdf_shows(text, label, value)}
    assert missing == {}, {label: (value, pdf_number_under(text, label))
                           for label, value in missing.items()}
    # the compared figures say what they are compared with, and by how much
    for key, change in expected.changes.items():
        assert pdf_shows(text, f"{figures.label(key)}\n{expected.values[key]}", change), key
    # the average-score tables, row by row, and the column naming the period compared
    for row in expected.score_rows:
        assert re.search(flexible(row), text), row
    compared = expected.comparison()
    has_before = any(" — —" not in row for row in expected.score_rows)
    header = (gettext("Previous period (%(period)s)") % {"period": expected.words(compared)}
              if has_before else gettext("No comparable period"))
    assert re.search(flexible(header), text), header
    # the charts: every bar under its label
    for key in ("inspections.bands", "reports.schools_by_rate", "reports.by_month",
                "secondments.results"):
        for label, value in expected.charts.get(key, []):
            assert pdf_shows(text, str(label), str(value)), (key, label, value)
    for caption, bars in expected.charts["scores.average_share"].items():
        assert caption in text
        for label, value in bars:
            assert pdf_shows(text, label, f"{value}%"), (caption, label, value)
    for month, fraction in expected.pending:
        assert re.search(rf"{month}.{{0,40}}?{fraction}", text, re.S), month
    # sections with nothing to show say so
    notes = {"honours": gettext("No honour was awarded in this period."),
             "applicants": gettext("No membership applicant has been registered yet.")}
    for name in expected.empty & set(notes):
        assert notes[name] in text


# The leader's home shows the school year of its day: 2026–27 on the module's clock, and
# 2025–26 on 2026-08-20, its last days (read over the same data, seeded later).
@pytest.mark.parametrize("year, day", [(2026, TODAY), (2025, date(2026, 8, 20))])
def test_every_figure_of_the_leaders_home_from_independent_queries(demo, chinese, year, day):
    with time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=TZ), tick=False):
        expected = Expected(demo, YEARS[year], day)
        printed = expected.printed()
        leader = User.objects.get(role=Role.LEADER, district=demo)
        content = reports_page(leader, demo)
    assert school_year_label(year) in content
    shown = page_figures(content)
    # its figures: the headline ones of the summary's sections that are not empty
    assert set(shown) == {figures.label(k) for k in LEADER_FIGURES} & set(printed)
    for label, value in shown.items():
        assert value == printed[label], label
    for key in ("inspections.held", "inspections.schools"):
        assert expected.changes[key] in html.unescape(content), key
    charts = page_charts(content)
    assert len(charts) == len(LEADER_CHARTS)
    middle = gettext("%(subject)s: %(figure)s") % {
        "subject": dict(Standard.Kind.choices)[Standard.Kind.MIDDLE_LEAGUE],
        "figure": figures.label("scores.average_share")}
    assert charts[middle] == [(label, f"{value}%") for label, value in
                              expected.charts["scores.average_share"][middle]]
    assert charts[figures.label("reports.by_month")] == expected.charts["reports.by_month"]


def test_every_page_and_the_pdfs_show_the_same_number_under_the_same_label(demo, chinese,
                                                                           pdfs):
    """The pages that show registry figures, and the district and school PDFs of the
    current school year: wherever one label is on two of them (for the same scope), it
    carries the same number."""
    users = {role: User.objects.filter(role=role, district=demo).first() for role in (
        Role.LEADER, Role.DISTRICT_OFFICER, Role.ORGANISATION_DEPARTMENT)}
    city = User.objects.filter(role=Role.CITY_OFFICER).first()
    school = School.objects.get(district=demo, short_name="四十二中")
    district_pages = {
        "leader's home": reports_page(users[Role.LEADER], demo),
        "officer's reports page": reports_page(users[Role.DISTRICT_OFFICER], demo),
        "officer's home": client_for(users[Role.DISTRICT_OFFICER]).get(
            reverse("home")).content.decode(),
        "city officer's home": client_for(city).get(reverse("home")).content.decode(),
        "organisation department's home": client_for(users[Role.ORGANISATION_DEPARTMENT]).get(
            reverse("cadres:orgdep_home")).content.decode(),
    }
    school_page = client_for(users[Role.DISTRICT_OFFICER]).get(
        reverse("schools:detail", args=[school.pk])).content.decode()
    maps = {name: page_figures(content) for name, content in district_pages.items()}
    assert all(maps.values()), [name for name, found in maps.items() if not found]
    school_map = page_figures(school_page)
    assert len(school_map) == 4
    district_text, school_text = pdfs("district", 2026), pdfs("school", 2026)

    def compare(found: dict, text: str, pdf: str, name: str) -> int:
        common = 0
        for label, value in found.items():
            under = pdf_number_under(text, label)
            if under:
                common += 1
                assert under == {tuple(numbers(value))}, (name, pdf, label, value, under)
        return common

    # the district's pages against the district summary (one district: the city's figures
    # are the district's)
    common = {name: compare(found, district_text, "district summary", name)
              for name, found in maps.items()}
    assert common["leader's home"] == len(LEADER_FIGURES)
    assert common["officer's reports page"] == len(LEADER_FIGURES)
    assert common["officer's home"] >= 4 and common["city officer's home"] >= 4, common
    # the school's page against its evaluation
    assert compare(school_map, school_text, "school evaluation", "school page") == 4
    # and the pages against one another, where they show the same scope
    same_scope = ["leader's home", "officer's reports page", "officer's home",
                  "city officer's home"]
    seen: dict[str, tuple[str, str]] = {}
    for name in same_scope:
        for label, value in maps[name].items():
            if label in seen:
                assert seen[label][1] == value, (label, seen[label], (name, value))
            seen.setdefault(label, (name, value))
    # the organisation department's own figures match its lists' rows (its scope: itself)
    orgdep = maps["organisation department's home"]
    assert orgdep[figures.label("pool.now")] == str(ReservePoolEntry.objects.filter(
        district=demo, left_on__isnull=True).count())
    assert orgdep[figures.label("secondments.approvals_waiting")] == str(
        Application.objects.filter(round__district=demo,
                                   status=Application.Status.SELECTED).count())
    ending = Secondment.objects.filter(district=demo, end__gte=TODAY,
                                       end__lte=TODAY + timedelta(days=60)).count()
    assert orgdep[figures.label("secondments.ending_soon")] == str(ending)

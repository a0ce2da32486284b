"""Issue 20's wrong figures, each against rows made here on a fixed clock: one label never
shows two numbers (the branches' applicant count and the register are two figures), a month
whose deadline is ahead is pending, a change compares like with like and only with data,
ratios carry their denominators, a closure is printed at its local date, and the district
summary's appendix defines every figure it printed."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from activities.models import Activity, MonthlyReport
from activities.tests.factories import (
    ActivityFactory,
    ApplicantFactory,
    ReportFactory,
    SemesterFactory,
    VolunteerRecordFactory,
)
from cadres.models import Application, Post
from cadres.models.secondments import Grade
from cadres.tests.factories import (
    ApplicationFactory,
    AreaMeetingFactory,
    CadreFactory,
    PostFactory,
    ReservePoolEntryFactory,
    SecondmentFactory,
    SecondmentRoundFactory,
)
from portal import figures
from portal.evaluation.sections import Chapter, Period
from reports import collect
from supervision.models import Inspection, RectificationOrder
from supervision.tests.factories import make_inspection, make_order

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
YEAR = Period(start=date(2026, 9, 1), end=date(2027, 8, 31))


def at(day: date, hour: int = 10):
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=TZ), tick=False)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def by_label(sections) -> dict:
    return {f.label: f for s in sections for f in s.figures}


def test_branch_counts_and_the_register_are_two_figures_with_two_names(world, client_for):
    """入团积极分子 was 382 on the home page (the branches' count field) and 41 in the PDF."""
    ApplicantFactory(school=world.school)
    ApplicantFactory(school=world.other_school)
    with at(date(2026, 11, 20)):
        response = client_for(world.officer).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
        panels = {p.key: p for p in response.context["panels"] if p.key}
        sections = collect.district_sections(district=world.district, period=YEAR)
    # two branches in the district, four applicants reported each (the factory's count)
    assert panels["schools.applicants_reported"].value == 8
    assert panels["applicants.registered"].value == 2
    assert panels["schools.applicants_reported"].title != panels["applicants.registered"].title
    printed = by_label(sections)
    assert printed[figures.label("schools.applicants_reported")].value == 8
    assert printed[figures.label("applicants.registered")].value == 2
    # and no label, on the page or in the PDF, carries the other figure's number
    shown = {str(p.title): p.value for p in response.context["panels"]}
    for label, value in shown.items():
        if label in printed:
            assert printed[label].value == value, label


def test_a_month_before_its_deadline_is_pending_not_a_rate(world):
    """"各月达标学校比例 2026-11 100%" when 1 of 2 schools had reported."""
    SemesterFactory(district=world.district, school_year=2026, start=date(2026, 9, 1),
                    end=date(2027, 1, 20))
    report = ReportFactory(school=world.school, year=2026, month=11,
                           status=MonthlyReport.Status.APPROVED,
                           first_submitted_on=date(2026, 12, 3), deadline=date(2026, 12, 10),
                           closes_on=date(2026, 12, 25))
    ActivityFactory(report=report, kind=Activity.Kind.CLASS_HOUR, date=date(2026, 11, 12))
    with at(date(2026, 12, 5)):
        sections = collect.district_sections(district=world.district, period=YEAR)
    chart = next(c for s in sections for c in s.charts if c.key == "reports.by_month")
    assert not [label for label, _v in chart.bars if label.startswith("2026-11")]
    assert "2026-11" in chart.note and "1/2" in chart.note
    # the months past their deadline carry their denominators
    assert ("2026-10 · 0/2", 0) in chart.bars


def test_a_change_compares_the_same_dates_a_year_earlier_and_only_with_data(world):
    """"较上一期间 −3" compared three months with a whole year; "+12" a year with no data."""
    first = make_inspection(world, status=Inspection.Status.PUBLISHED)
    Inspection.objects.filter(pk=first.pk).update(planned_date=date(2025, 10, 15))
    for school, day in ((world.other_school, date(2026, 4, 20)),
                        (world.school, date(2026, 5, 20))):  # later in 2025-26: not compared
        extra = make_inspection(world, school=school, status=Inspection.Status.PUBLISHED)
        Inspection.objects.filter(pk=extra.pk).update(planned_date=day)
    now = make_inspection(world, school=world.other_school,
                          status=Inspection.Status.PUBLISHED)
    Inspection.objects.filter(pk=now.pk).update(planned_date=date(2026, 10, 20))
    with at(date(2026, 11, 30)):
        held = by_label(collect.district_sections(district=world.district, period=YEAR))[
            "Inspections held"]
        assert held.value == 1 and held.change == 0  # 1 this autumn against 1 last autumn
        assert held.compared_with == "2025-09-01 – 2025-11-30"
        earlier = Period(start=date(2025, 9, 1), end=date(2026, 8, 31))
        # 2024-25 holds no inspection: nothing to compare with, no "+3"
        held = by_label(collect.district_sections(district=world.district, period=earlier))[
            "Inspections held"]
    assert held.value == 3 and held.change is None and held.no_comparison


def test_meeting_the_required_hours_has_its_denominator(world):
    """"达到时长要求 10" had no denominator."""
    ApplicantFactory(school=world.school)
    ApplicantFactory(school=world.school)
    with at(date(2026, 11, 20)):
        printed = by_label(collect.district_sections(district=world.district, period=YEAR))
    assert printed["Meeting the required volunteer hours"].value == "0% (0/2 applicants)"


def test_a_closure_is_printed_at_its_local_date(world):
    """The school PDF printed a closure at 2026-12-07, the web at 2026-12-08 01:38."""
    inspection = make_inspection(world, status=Inspection.Status.PUBLISHED)
    order = make_order(inspection, due=date(2026, 12, 20))
    RectificationOrder.objects.filter(pk=order.pk).update(
        status=RectificationOrder.Status.CLOSED,
        issued_at=dt.datetime(2026, 11, 2, 9, tzinfo=TZ),
        closed_at=dt.datetime(2026, 12, 7, 17, 38, tzinfo=dt.UTC))
    with at(date(2027, 1, 5)):
        sections = collect.school_sections(school=world.school, period=YEAR)
    orders = next(s for s in sections if s.title == "Rectification orders")
    assert orders.tables[0].rows[0][-1] == "2026-12-08"
    assert by_label([orders])["Closed on time"].value == 1


def test_every_printed_figure_has_a_definition_in_the_appendix(world):
    """Every chapter, the cadres' ones included (posts, area meetings, secondments, the
    reserve pool), and every chart (average scores, outcome bands, compliance by month and
    by rate, assessment results): each printed figure and chart names its definition, its
    label is the definition's (a chart's caption contains it), and the appendix defines
    exactly what was printed."""
    ApplicantFactory(school=world.school)
    make_inspection(world, status=Inspection.Status.PUBLISHED)
    SemesterFactory(district=world.district, school_year=2025, start=date(2025, 9, 1),
                    end=date(2026, 1, 20))
    report = ReportFactory(school=world.school, year=2025, month=10,
                           status=MonthlyReport.Status.APPROVED,
                           first_submitted_on=date(2025, 11, 3), deadline=date(2025, 11, 10),
                           closes_on=date(2025, 11, 25))
    ActivityFactory(report=report, kind=Activity.Kind.CLASS_HOUR, date=date(2025, 10, 12))
    cadre = CadreFactory(district=world.district, school=world.school)
    PostFactory(cadre=cadre, kind=Post.Kind.RESEARCH_STAFF, start=date(2024, 9, 1))
    PostFactory(cadre=cadre, kind=Post.Kind.PIONEERS_DIRECTOR, start=date(2024, 9, 1))
    PostFactory(cadre=cadre, kind=Post.Kind.MORAL_EDUCATION_OFFICE, school=world.school,
                start=date(2024, 9, 1))
    AreaMeetingFactory(district=world.district, area=world.school.area or "A",
                       held_on=date(2025, 11, 3), host_school=world.school)
    round = SecondmentRoundFactory(district=world.district, opens_on=date(2025, 10, 1),
                                   closes_on=date(2025, 10, 20))
    application = ApplicationFactory(round=round, school=world.school, cadre=cadre,
                                     status=Application.Status.APPROVED)
    secondment = SecondmentFactory(application=application, start=date(2025, 11, 1),
                                   end=date(2026, 10, 31), result=Grade.OUTSTANDING,
                                   result_on=date(2026, 8, 20))
    ReservePoolEntryFactory(secondment=secondment, cadre=cadre, district=world.district,
                            entered_on=date(2026, 3, 1), added_by=world.org_department)
    last_year = Period(start=date(2025, 9, 1), end=date(2026, 8, 31))
    with at(date(2026, 11, 20)):
        sections = collect.district_sections(district=world.district, period=last_year)
        school_sections = collect.school_sections(school=world.school, period=last_year)
    shown = [s for s in sections if not s.empty_note]
    printed = [f for s in shown for f in s.figures]
    charts = [c for s in shown for c in s.charts]
    cadres_chapters = {Chapter.LEADERSHIP, Chapter.DISCIPLINISATION,
                       Chapter.PROFESSIONALISATION}
    assert {s.chapter for s in shown} >= cadres_chapters
    assert printed and all(f.key for f in printed)
    assert all(c.key for c in charts), [c.caption for c in charts if not c.key]
    assert sorted({c.key for c in charts}) == [
        "inspections.bands", "reports.by_month", "reports.schools_by_rate",
        "scores.average_share", "secondments.results"]
    for f in printed:
        assert f.label == figures.label(f.key), f.key
    for c in charts:
        assert figures.label(c.key) in c.caption, (c.key, c.caption)
    glossary = figures.glossary(figures.used_keys(sections))
    defined = [g["key"] for g in glossary]
    assert len(defined) == len(set(defined))  # once each
    assert set(defined) == {f.key for f in printed} | {c.key for c in charts}
    assert {g["label"] for g in glossary} == {f.label for f in printed} | {
        figures.label(c.key) for c in charts}
    for key in ("cadres.research_staff", "cadres.moral_holding", "cadres.area_meetings_held",
                "secondments.approved", "secondments.results", "pool.current",
                "inspections.bands", "reports.schools_by_rate", "scores.average_share"):
        assert key in [g["key"] for g in glossary], key
    for item in glossary:
        assert dict(item["rows"])["Time zone"] == "Asia/Shanghai"
    # the school's evaluation (no appendix): its figures and charts are the registry's too
    school_charts = [c for s in school_sections if not s.empty_note for c in s.charts]
    assert sorted(c.key for c in school_charts) == ["inspection.score_share",
                                                    "reports.school_months"]
    for s in school_sections:
        for f in s.figures:
            assert f.key and f.label == figures.label(f.key), f.label
    for c in school_charts:
        assert figures.label(c.key) in c.caption, (c.key, c.caption)


def test_months_not_begun_are_neither_rates_nor_pending(world):
    """In November the chart of the school year lists September and October with their
    rates and November as pending: no month of next spring, which has not begun."""
    SemesterFactory(district=world.district, school_year=2026, start=date(2026, 9, 1),
                    end=date(2027, 1, 20))
    SemesterFactory(district=world.district, school_year=2026, term=2, start=date(2027, 2, 20),
                    end=date(2027, 7, 10))
    with at(date(2026, 11, 20)):
        sections = collect.district_sections(district=world.district, period=YEAR)
    chart = next(c for s in sections for c in s.charts if c.key == "reports.by_month")
    assert [label.split(" ")[0] for label, _v in chart.bars] == ["2026-09", "2026-10"]
    assert "2026-11" in chart.note
    assert not any(f"2027-{m:02d}" in chart.note for m in range(1, 9))


def test_the_average_score_table_names_the_period_it_compares_with(world):
    """The column was headed "上一期间" whatever it held: it names the like-for-like previous
    period (the same dates a year earlier; a whole school year by its label), or says there
    is no comparable period, as the inspections' change does."""
    for day, score in ((date(2025, 10, 15), 6), (date(2026, 10, 20), 8)):
        inspection = make_inspection(world, status=Inspection.Status.PUBLISHED, score=score)
        Inspection.objects.filter(pk=inspection.pk).update(planned_date=day)

    def scores_table(period, today):
        with at(today):
            sections = collect.district_sections(district=world.district, period=period)
        title = translation.gettext("Average score per indicator")
        section = next(s for s in sections if s.title == title)
        return section.tables[0]

    table = scores_table(YEAR, date(2026, 11, 30))  # the year so far against a year before
    assert table.headers[3] == "Previous period (2025-09-01 – 2025-11-30)"
    assert table.rows[0][1:] == [8.0, 10, 6.0, "+2.0"]
    table = scores_table(YEAR, date(2027, 9, 10))  # a whole year against the year before
    assert table.headers[3] == "Previous period (School year 2025–2026)"
    with at(date(2027, 9, 10)):
        held = by_label(collect.district_sections(district=world.district, period=YEAR))[
            "Inspections held"]
    assert held.compared_with == "School year 2025–2026"  # the figure names it alike
    earlier = Period(start=date(2025, 9, 1), end=date(2026, 8, 31))
    table = scores_table(earlier, date(2026, 11, 30))  # 2024–25 holds no inspection
    assert table.headers[3] == "No comparable period"
    assert table.rows[0][1:] == [6.0, 10, "—", "—"]
    with translation.override("zh-hans"):
        assert scores_table(YEAR, date(2026, 11, 30)).headers[3] == \
            "上一期间（2025-09-01 – 2025-11-30）"
        assert scores_table(earlier, date(2026, 11, 30)).headers[3] == "无可比期间"


def test_average_scores_round_half_up_and_their_difference_adds_up(world):
    """An average of 7.25 was printed 7.2 (half to even) and its difference from 6.0 as
    +1.2: the row read 7.2, 6.0, +1.2. Averages now round half up, as totals do, and the
    difference is that of the printed averages: 7.3, 6.0, +1.3; the chart 72.5%."""
    for day, score in ((date(2025, 10, 15), 6), (date(2026, 10, 20), 7),
                       (date(2026, 10, 21), Decimal("7.5"))):
        inspection = make_inspection(world, status=Inspection.Status.PUBLISHED, score=score)
        Inspection.objects.filter(pk=inspection.pk).update(planned_date=day)
    with at(date(2026, 11, 30)):
        sections = collect.district_sections(district=world.district, period=YEAR)
    section = next(s for s in sections if s.title == "Average score per indicator")
    assert section.tables[0].rows[0][1:] == [Decimal("7.3"), 10, Decimal("6.0"), "+1.3"]
    assert section.charts[0].bars[0][1] == Decimal("72.5")


def test_percentages_round_half_up():
    """四舍五入: 1 of 8 is 13%, 5 of 8 is 63% (Python's round made them 12% and 62%)."""
    assert figures.Ratio(1, 8, "schools").percent == 13
    assert str(figures.Ratio(5, 8, "schools")) == "63% (5/8 schools)"
    assert figures.Ratio(2, 3).percent == 67 and figures.Ratio(0, 0).percent is None


def test_volunteer_hours_print_one_decimal_on_every_database(world):
    """A sum of hours printed "3" on SQLite and "3.0" on PostgreSQL (the database's scale):
    the figure and the school's table carry one decimal everywhere."""
    applicant = ApplicantFactory(school=world.school, registered_on=date(2026, 9, 10))
    for hours in ("1.0", "2.0"):
        VolunteerRecordFactory(applicant=applicant, date=date(2026, 10, 1),
                               hours=Decimal(hours))
    with at(date(2026, 11, 20)):
        printed = by_label(collect.district_sections(district=world.district, period=YEAR))
        school = collect.school_sections(school=world.school, period=YEAR)
    assert str(printed["Volunteer hours of membership applicants"].value) == "3.0"
    table = next(t for s in school for t in s.tables if t.caption == "Applicants by class")
    assert [str(cell) for cell in table.rows[0][1:]] == ["1", "3.0"]

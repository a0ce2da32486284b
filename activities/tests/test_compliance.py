"""Compliance on hand-built calendars: class hour per month, demonstration per semester,
on-time submission, schools that joined mid-year; and the grid page."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities import compliance
from activities.models import MonthlyReport
from activities.tests.factories import ActivityFactory, ReportFactory, SemesterFactory
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
AFTER = date(2026, 3, 1)  # "today" for these tests: the autumn semester is over
APPROVED = MonthlyReport.Status.APPROVED


@pytest.fixture
def autumn(world):
    # 2025-09-01 … 2026-01-16: term months Sep–Jan (Jan has 16 days of term).
    return SemesterFactory(district=world.district, school_year=2025, term=1,
                           start=date(2025, 9, 1), end=date(2026, 1, 16), deadline_day=5)


def good_month(school, year, month, *, demo=False, submitted=None, status=APPROVED):
    report = ReportFactory(school=school, year=year, month=month,
                           deadline=date(year + (month == 12), month % 12 + 1, 5),
                           closes_on=date(2030, 1, 1), status=status,
                           first_submitted_on=submitted or date(year + (month == 12),
                                                                month % 12 + 1, 3))
    ActivityFactory(report=report, kind="class_hour", date=date(year, month, 10))
    if demo:
        ActivityFactory(report=report, kind="demonstration", date=date(year, month, 12))
    return report


def row_for(school, semester, today=AFTER):
    return compliance.grid([school], [semester], today=today)[0]


def test_term_months_come_from_the_calendar(autumn):
    assert autumn.term_months == [(2025, 9), (2025, 10), (2025, 11), (2025, 12), (2026, 1)]
    spring = SemesterFactory(district=autumn.district, school_year=2025, term=2,
                             start=date(2026, 2, 23), end=date(2026, 7, 3))
    assert spring.term_months == [(2026, 3), (2026, 4), (2026, 5), (2026, 6)]
    assert autumn.deadline_for(2025, 12) == date(2026, 1, 5)


def test_a_compliant_school_is_all_green(world, autumn):
    for y, m in autumn.term_months:
        good_month(world.school, y, m, demo=(m == 11))
    row = row_for(world.school, autumn)
    assert [c.css for c in row.months] == ["cell-ok"] * 5
    assert row.semesters[0].css == "cell-ok"


def test_month_without_class_hour_fails(world, autumn):
    for y, m in autumn.term_months:
        report = good_month(world.school, y, m, demo=(m == 9))
        if m == 10:
            report.activities.filter(kind="class_hour").delete()
            ActivityFactory(report=report, kind="theme_day", date=date(2025, 10, 3))
    row = row_for(world.school, autumn)
    assert row.months[1].css == "cell-fail"
    assert "本月没有活动课时" in row.months[1].title
    assert [c.css for i, c in enumerate(row.months) if i != 1] == ["cell-ok"] * 4


def test_semester_without_demonstration_fails(world, autumn):
    for y, m in autumn.term_months:
        good_month(world.school, y, m)
    assert row_for(world.school, autumn).semesters[0].css == "cell-fail"
    assert "示范" in row_for(world.school, autumn).semesters[0].title
    # While the semester runs, it is only a warning.
    assert row_for(world.school, autumn, today=date(2025, 11, 1)).semesters[0].css == "cell-warn"


def test_late_report_warns_and_missing_report_fails(world, autumn):
    good_month(world.school, 2025, 9, submitted=date(2025, 10, 9))  # deadline 10-05
    row = row_for(world.school, autumn)
    assert row.months[0].css == "cell-warn"
    assert "逾期 4 天提交" in row.months[0].title
    assert row.months[1].css == "cell-fail"  # October: no report at all
    assert "未提交月报" in row.months[1].title
    # Before the deadline a missing report is not yet a failure.
    early = row_for(world.school, autumn, today=date(2025, 10, 3))
    assert early.months[0].css == "cell-warn" and early.months[1].css == "cell-none"


def test_draft_activities_do_not_count(world, autumn):
    report = good_month(world.school, 2025, 9, status=MonthlyReport.Status.DRAFT)
    report.first_submitted_on = None
    report.save()
    assert row_for(world.school, autumn).months[0].css == "cell-fail"


def test_school_that_joined_mid_year_is_not_expected_before(world, autumn):
    school = SchoolFactory(district=world.district, joined_on=date(2025, 11, 1))
    for y, m in [(2025, 11), (2025, 12), (2026, 1)]:
        good_month(school, y, m, demo=(m == 12))
    row = row_for(school, autumn)
    assert [c.css for c in row.months] == ["cell-none", "cell-none", "cell-ok", "cell-ok",
                                           "cell-ok"]
    assert "尚未加入" in row.months[0].title
    assert row.semesters[0].css == "cell-ok"
    rates = compliance.on_time_rates(world.district.pk, autumn.term_months,
                                     world.district.schools.all())
    # September: the two world schools (no joined date) expected, the new one not.
    assert rates[0]["expected"] == 2 and rates[2]["expected"] == 3
    assert rates[2]["submitted"] == 1 and rates[2]["on_time"] == 1


@pytest.mark.parametrize("count", [5, 30])
def test_grid_page_constant_queries(world, client_for, autumn, django_assert_max_num_queries,
                                    count):
    for n in range(count):
        school = SchoolFactory(district=world.district)
        good_month(school, 2025, 9 + n % 4, demo=bool(n % 2))
    client = client_for(world.officer)
    # session, user, semesters, count, page of schools, areas, reports, activity counts,
    # the semesters' courses (class hours a month), the district's default
    with django_assert_max_num_queries(11):
        response = client.get(reverse("activities:compliance"), {"semester": autumn.pk})
    assert response.status_code == 200
    assert response.content.decode().count("cell-ok") >= count


def test_grid_filters_exports_and_is_refused_to_secretaries(world, client_for, autumn):
    world.other_school.area = "大坪片区"
    world.other_school.save()
    good_month(world.school, 2025, 9)
    client = client_for(world.officer)
    response = client.get(reverse("activities:compliance"), {"semester": autumn.pk,
                                                             "area": "大坪片区"})
    assert [r.school for r in response.context["rows"]] == [world.other_school]
    response = client.get(reverse("activities:compliance"), {"year": 2025, "export": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("学校", "片区", "2025-09")
    assert {r[0] for r in rows[1:]} == {"求精中学", "大坪中学"}
    assert client_for(world.secretary).get(reverse("activities:compliance")).status_code == 403


def test_school_page_shows_its_own_row(world, client_for, semesters):
    response = client_for(world.secretary).get(reverse("schools:detail", args=[world.school.pk]))
    assert "活动月报与达标情况" in response.content.decode()


def test_overview_lists_late_and_missing(world, client_for, autumn):
    good_month(world.school, 2025, 9, submitted=date(2025, 10, 8))
    response = client_for(world.officer).get(reverse("activities:overview"),
                                             {"semester": autumn.pk, "month": "2025-9"})
    problems = {p["school"].name: (p["state"], p["days"]) for p in response.context["problems"]}
    assert problems["求精中学"] == ("逾期", 3)
    assert problems["大坪中学"][0] == "未报"


def test_demonstration_before_the_first_term_month_counts(world):
    """A spring semester starting on 23 February: February (6 days of term) is no term month,
    yet a demonstration on 26 February is held in the semester."""
    spring = SemesterFactory(district=world.district, school_year=2025, term=2,
                             start=date(2026, 2, 23), end=date(2026, 7, 3))
    assert (2026, 2) not in spring.term_months
    february = ReportFactory(school=world.school, year=2026, month=2, status=APPROVED,
                             deadline=date(2026, 3, 5), closes_on=date(2030, 1, 1),
                             first_submitted_on=date(2026, 3, 2))
    ActivityFactory(report=february, kind="demonstration", date=date(2026, 2, 26))
    for y, m in spring.term_months:
        good_month(world.school, y, m)
    row = row_for(world.school, spring, today=date(2026, 8, 1))
    assert row.semesters[0].css == "cell-ok"
    assert [c.css for c in row.months] == ["cell-ok"] * 4
    # A class hour in February does not make up for a term month without one.
    ActivityFactory(report=february, kind="class_hour", date=date(2026, 2, 27))
    march = MonthlyReport.objects.get(school=world.school, year=2026, month=3)
    march.activities.all().delete()
    assert row_for(world.school, spring, today=date(2026, 8, 1)).months[0].css == "cell-fail"


def test_city_wide_users_choose_the_district(world, client_for, autumn):
    far = SemesterFactory(district=world.other_district, school_year=2025, term=1,
                          start=date(2025, 9, 1), end=date(2026, 1, 16))
    good_month(world.school, 2025, 9)
    good_month(world.far_school, 2025, 9)
    first, second = sorted([world.district, world.other_district], key=lambda d: d.name)
    for user in (world.city_officer, world.admin):
        client = client_for(user)
        for view in ("compliance", "overview"):
            # By default the first district by name; ?district= chooses another.
            response = client.get(reverse(f"activities:{view}"))
            assert response.status_code == 200
            assert response.context["district_id"] == first.pk
            assert [d.pk for d in response.context["districts"]] == [first.pk, second.pk]
            assert 'name="district"' in response.content.decode()
            response = client.get(reverse(f"activities:{view}"), {"district": second.pk})
            assert response.context["district_id"] == second.pk
        response = client.get(reverse("activities:compliance"),
                              {"district": world.district.pk, "semester": autumn.pk})
        assert {r.school for r in response.context["rows"]} == {world.school,
                                                                world.other_school}
        response = client.get(reverse("activities:compliance"),
                              {"district": world.other_district.pk, "semester": far.pk})
        assert [r.school for r in response.context["rows"]] == [world.far_school]
        response = client.get(reverse("activities:overview"),
                              {"district": world.district.pk, "semester": autumn.pk,
                               "month": "2025-9"})
        assert response.context["rates"][0]["expected"] == 2
        assert {p["school"] for p in response.context["problems"]} == {world.other_school}


def test_district_users_cannot_switch_district(world, client_for, autumn):
    client = client_for(world.officer)
    for view in ("compliance", "overview"):
        response = client.get(reverse(f"activities:{view}"),
                              {"district": world.other_district.pk})
        assert response.context["district_id"] == world.district.pk
        assert not response.context["districts"]
        assert 'name="district"' not in response.content.decode()
    response = client.get(reverse("activities:compliance"),
                          {"district": world.other_district.pk, "semester": autumn.pk})
    assert {r.school for r in response.context["rows"]} == {world.school, world.other_school}


@pytest.mark.parametrize("month", ["2025-13", "0-1", "99999999999999999999-1", "x"])
def test_overview_ignores_a_crafted_month(world, client_for, autumn, month):
    response = client_for(world.officer).get(reverse("activities:overview"),
                                             {"semester": autumn.pk, "month": month})
    assert response.status_code == 200

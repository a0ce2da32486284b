"""Excel exports of the secondary pages: the late-and-missing overview, a secretary's own
courses and nominations, a course's sessions and a fund's allocations. Each answers
?export=xlsx with the page's own rows (its filters and scope), Chinese headers, typed cells
and formula-like text kept as plain text, in a fixed number of queries."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Allocation, Nomination, Spending
from activities.tests.factories import (
    CourseFactory,
    FundFactory,
    NominationFactory,
    ReportFactory,
    SelectionFactory,
    SemesterFactory,
    SessionFactory,
    current_semesters,
)
from portal.tests.xlsx import FORMULA, assert_plain_text, rows_of, sheet_of
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


# --- The late-and-missing overview ---------------------------------------------------------

@pytest.fixture
def autumn(world):
    return SemesterFactory(district=world.district, school_year=2025, term=1,
                           start=date(2025, 9, 1), end=date(2026, 1, 16), deadline_day=5)


def late_report(school, year=2025, month=9):
    return ReportFactory(school=school, year=year, month=month, deadline=date(2025, 10, 5),
                         closes_on=date(2030, 1, 1), status="approved",
                         first_submitted_on=date(2025, 10, 8))


def test_overview_exports_late_and_missing(world, client_for, autumn):
    late_report(world.school)  # 3 days late; 大坪中学 never reported
    SchoolFactory(district=world.district, name=FORMULA)  # missing too
    SchoolFactory(district=world.other_district, name="江北新校")  # another district
    url = reverse("activities:overview")
    sheet = sheet_of(client_for(world.officer).get(
        url, {"semester": autumn.pk, "month": "2025-9", "export": "xlsx"}))
    rows = list(sheet.values)
    assert rows[0] == ("学校", "片区", "月份", "截止日期", "情况", "首次提交日期", "逾期天数")
    by_school = {r[0]: r for r in rows[1:]}
    assert set(by_school) == {"求精中学", "大坪中学", FORMULA}
    school_row = by_school["求精中学"]
    assert school_row[2] == "2025-09"
    assert school_row[3] == datetime(2025, 10, 5)
    assert school_row[4] == "逾期"
    assert school_row[5] == datetime(2025, 10, 8)
    assert school_row[6] == 3 and isinstance(school_row[6], int)
    assert by_school["大坪中学"][4] == "未报" and by_school["大坪中学"][5] is None
    assert isinstance(by_school["大坪中学"][6], int)
    assert_plain_text(sheet)
    # The month filter: October has no report from anyone, every school is missing.
    rows = rows_of(client_for(world.officer).get(
        url, {"semester": autumn.pk, "month": "2025-10", "export": "xlsx"}))
    assert {r[2] for r in rows[1:]} == {"2025-10"}
    assert {r[4] for r in rows[1:]} == {"未报"}


def test_overview_export_link_and_access(world, client_for, autumn):
    late_report(world.school)
    url = reverse("activities:overview")
    page = client_for(world.officer).get(url, {"semester": autumn.pk, "month": "2025-9"})
    assert 'data-testid="problems-export"' in page.content.decode()
    assert client_for(world.secretary).get(
        url, {"export": "xlsx"}).status_code in (403, 404)
    # Another district's officer exports their own district's rows, never this one's.
    SemesterFactory(district=world.other_district, school_year=2025, term=1,
                    start=date(2025, 9, 1), end=date(2026, 1, 16), deadline_day=5)
    rows = rows_of(client_for(world.far_officer).get(
        url, {"month": "2025-9", "export": "xlsx", "district": world.district.pk}))
    assert {r[0] for r in rows[1:]} == {"江北中学"}


def test_overview_export_queries_do_not_grow(world, client_for, autumn,
                                             django_assert_max_num_queries):
    client = client_for(world.officer)
    params = {"semester": autumn.pk, "month": "2025-9", "export": "xlsx"}
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("activities:overview"), params)
    for n in range(15):
        late_report(SchoolFactory(district=world.district, name=f"学校{n}"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        rows = rows_of(client.get(reverse("activities:overview"), params))
    assert len(rows) == 1 + 17


# --- A secretary's own courses, and a course's sessions ------------------------------------

def test_secretary_exports_own_courses(world, client_for):
    first, second = current_semesters(world.district)
    CourseFactory(school=world.school, semester=first, timetable_slot=FORMULA,
                  class_hours_per_month=2)
    mine = CourseFactory(school=world.school, semester=second, timetable_slot="周三第七节",
                         demonstration_date=date(2026, 5, 4))
    SessionFactory(course=mine, week=3)
    CourseFactory(school=world.other_school, semester=second, timetable_slot="别校")
    sheet = sheet_of(client_for(world.secretary).get(reverse("activities:course_mine"),
                                                     {"export": "xlsx"}))
    rows = list(sheet.values)
    assert rows[0] == ("学校", "学期", "课表时段", "每月课时", "活动课", "本学期示范性团队活动",
                       "示范活动日期")
    assert {r[0] for r in rows[1:]} == {"求精中学"}
    assert len(rows) == 3
    assert_plain_text(sheet)
    headers = rows[0]
    first_row = rows[1]
    assert isinstance(first_row[headers.index("每月课时")], int)
    last = rows[2]
    assert last[-1] == datetime(2026, 5, 4)
    assert last[headers.index("活动课")] == 1
    # Officers have the course list's own export; this page is the secretaries'.
    assert client_for(world.officer).get(reverse("activities:course_mine"),
                                         {"export": "xlsx"}).status_code == 403


def test_course_sessions_export(world, client_for):
    _first, semester = current_semesters(world.district)
    course = CourseFactory(school=world.school, semester=semester)
    SessionFactory(course=course, date=date(2026, 3, 4), period=7, theme=FORMULA)
    SessionFactory(course=course, week=5, theme="科技周")
    other = CourseFactory(school=world.other_school, semester=semester)
    SessionFactory(course=other, week=1, theme="别校")
    url = reverse("activities:course_detail", args=[course.pk])
    page = client_for(world.secretary).get(url).content.decode()
    assert 'data-testid="sessions-export"' in page
    assert 'data-testid="my-courses-export"' in page
    sheet = sheet_of(client_for(world.secretary).get(url, {"export": "xlsx"}))
    rows = list(sheet.values)
    assert rows[0] == ("学校", "学期", "日期", "教学周", "期间", "年级或班级", "主题")
    dated = next(r for r in rows[1:] if r[2] is not None)
    assert dated[2] == datetime(2026, 3, 4) and dated[4] == 7
    weekly = next(r for r in rows[1:] if r[2] is None)
    assert weekly[3] == 5 and isinstance(weekly[3], int)
    assert "别校" not in {r[-1] for r in rows}
    assert_plain_text(sheet)
    # Another school's course is not the secretary's: not found.
    assert client_for(world.secretary).get(
        reverse("activities:course_detail", args=[other.pk]),
        {"export": "xlsx"}).status_code == 404
    assert client_for(world.far_officer).get(url, {"export": "xlsx"}).status_code == 404


def test_own_courses_export_queries_do_not_grow(world, client_for,
                                                django_assert_max_num_queries):
    semesters = [SemesterFactory(district=world.district, school_year=2010 + n, term=1,
                                 start=date(2010 + n, 9, 1), end=date(2011 + n, 1, 15))
                 for n in range(6)]
    CourseFactory(school=world.school, semester=semesters[0])
    client = client_for(world.secretary)
    url = reverse("activities:course_mine")
    with django_assert_max_num_queries(10) as one:
        client.get(url, {"export": "xlsx"})
    for semester in semesters[1:]:
        SessionFactory(course=CourseFactory(school=world.school, semester=semester), week=2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(rows_of(client.get(url, {"export": "xlsx"}))) == 7


# --- A secretary's own nominations ----------------------------------------------------------

def test_secretary_exports_own_nominations(world, client_for, django_assert_max_num_queries):
    selection = SelectionFactory(district=world.district, year=2026)
    NominationFactory(selection=selection, school=world.school, student_name=FORMULA,
                      reason="助人为乐")
    NominationFactory(selection=selection, school=world.other_school, student_name="别校学生")
    far = SelectionFactory(district=world.other_district, name="江北评选")
    NominationFactory(selection=far, school=world.far_school, student_name="江北学生")
    client = client_for(world.secretary)
    url = reverse("activities:selection_mine")
    assert 'data-testid="nominations-export"' in client.get(url).content.decode()
    with django_assert_max_num_queries(8) as one:
        sheet = sheet_of(client.get(url, {"export": "xlsx"}))
    rows = list(sheet.values)
    assert rows[0] == ("年度", "评选", "推荐截止日期", "学校", "学生姓名", "班级", "理由", "状态")
    assert len(rows) == 2
    year, name, closes, school, student = rows[1][:5]
    assert year == 2026 and isinstance(year, int)
    assert name == selection.name
    assert closes == datetime.combine(selection.nomination_closes, datetime.min.time())
    assert school == "求精中学" and student == FORMULA
    assert_plain_text(sheet)
    second = SelectionFactory(district=world.district, name="优秀团员", year=2025)
    for _n in range(5):
        NominationFactory(selection=second, school=world.school,
                          status=Nomination.Status.ACCEPTED)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(rows_of(client.get(url, {"export": "xlsx"}))) == 7
    # The page is the secretaries' own: officers are refused.
    assert client_for(world.officer).get(url, {"export": "xlsx"}).status_code == 403


def test_no_export_link_without_nominations(world, client_for):
    SelectionFactory(district=world.district)
    page = client_for(world.secretary).get(reverse("activities:selection_mine"))
    assert 'data-testid="nominations-export"' not in page.content.decode()


# --- A fund's allocations --------------------------------------------------------------------

def test_fund_allocations_export(world, client_for, django_assert_max_num_queries):
    fund = FundFactory(district=world.district, name="专项经费")
    first = Allocation.objects.create(fund=fund, school=world.school, amount=Decimal("1000.50"),
                                      note=FORMULA)
    Spending.objects.create(allocation=first, amount=Decimal("200.25"), date=date(2026, 3, 1),
                            note="印刷")
    Spending.objects.create(allocation=first, amount=Decimal("100"), date=date(2026, 4, 2),
                            note="场地")
    far = FundFactory(district=world.other_district, name="江北经费")
    Allocation.objects.create(fund=far, school=world.far_school, amount=Decimal("5"))
    url = reverse("activities:fund_detail", args=[fund.pk])
    client = client_for(world.officer)
    assert 'data-testid="allocations-export"' in client.get(url).content.decode()
    params = {"export": "allocations"}
    with django_assert_max_num_queries(8) as one:
        sheet = sheet_of(client.get(url, params))
    rows = list(sheet.values)
    assert rows[0] == ("经费", "主题活动", "学校", "备注", "金额（元）", "支出（元）",
                       "余额（元）", "支出笔数", "最近支出日期")
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["学校"] == "求精中学"
    assert row["金额（元）"] == pytest.approx(1000.5)
    assert row["支出（元）"] == pytest.approx(300.25)
    assert row["余额（元）"] == pytest.approx(700.25)
    assert row["支出笔数"] == 2
    assert row["最近支出日期"] == datetime(2026, 4, 2)
    assert_plain_text(sheet)
    for n in range(5):
        allocation = Allocation.objects.create(fund=fund, amount=Decimal("10"), note=f"{n}")
        Spending.objects.create(allocation=allocation, amount=Decimal("1"),
                                date=date(2026, 5, 1), note="x")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(rows_of(client.get(url, params))) == 7
    # The spending export is still the default one.
    spending = rows_of(client.get(url, {"export": "xlsx"}))
    assert spending[0][:3] == ("分配给", "日期", "金额（元）")
    assert isinstance(spending[1][1], datetime)
    # Another district's fund is not found; secretaries may not see funds.
    assert client_for(world.far_officer).get(url, params).status_code == 404
    assert client_for(world.secretary).get(url, params).status_code == 403


# --- A monthly report's activities -----------------------------------------------------------

def test_report_activities_export(world, client_for, report, other_report,
                                  django_assert_max_num_queries):
    from activities.tests.factories import ActivityFactory

    ActivityFactory(report=report, description=FORMULA, participants=45,
                    hours=Decimal("1.5"))
    ActivityFactory(report=other_report, description="别校活动")
    url = reverse("activities:report_detail", args=[report.pk])
    client = client_for(world.secretary)
    assert 'data-testid="activities-export"' in client.get(url).content.decode()
    with django_assert_max_num_queries(8) as one:
        sheet = sheet_of(client.get(url, {"export": "xlsx"}))
    rows = list(sheet.values)
    assert rows[0][:3] == ("学校", "年度", "月份")
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["学校"] == "求精中学" and row["月份"] == report.month
    assert isinstance(row["年度"], int)
    assert isinstance(row["日期"], datetime)
    assert row["参加人数"] == 45
    assert row["时长"] == pytest.approx(1.5) and not isinstance(row["时长"], str)
    assert "别校活动" not in rows[1]
    assert_plain_text(sheet)
    for _n in range(5):
        ActivityFactory(report=report)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(rows_of(client.get(url, {"export": "xlsx"}))) == 7
    # Another school's report is not found for the secretary, nor another district's officer.
    other = reverse("activities:report_detail", args=[other_report.pk])
    assert client.get(other, {"export": "xlsx"}).status_code == 404
    assert client_for(world.far_officer).get(url, {"export": "xlsx"}).status_code == 404
    page = client_for(world.officer).get(url)
    assert page.status_code == 200


# --- A selection's counts per school ----------------------------------------------------------

def test_selection_per_school_export(world, client_for, django_assert_max_num_queries):
    selection = SelectionFactory(district=world.district)
    formula_school = SchoolFactory(district=world.district, name=FORMULA)
    NominationFactory(selection=selection, school=world.school, student_name="张明",
                      status=Nomination.Status.ACCEPTED)
    NominationFactory(selection=selection, school=world.school, student_name="李华")
    NominationFactory(selection=selection, school=formula_school, student_name="王芳")
    NominationFactory(selection=SelectionFactory(district=world.district, name="别的评选"),
                      school=world.other_school)
    url = reverse("activities:selection_detail", args=[selection.pk])
    client = client_for(world.leader)  # sees counts, not names
    assert 'data-testid="per-school-export"' in client.get(url).content.decode()
    with django_assert_max_num_queries(6) as one:
        sheet = sheet_of(client.get(url, {"export": "schools"}))
    baseline = len(one.captured_queries)
    rows = list(sheet.values)
    assert rows[0] == ("学校", "已推荐", "获表彰")
    counts = {r[0]: r[1:] for r in rows[1:]}
    assert counts == {"求精中学": (2, 1), FORMULA: (1, 0)}
    assert "张明" not in {c for r in rows for c in r}
    assert_plain_text(sheet)
    for n in range(5):
        NominationFactory(selection=selection,
                          school=SchoolFactory(district=world.district, name=f"学校{n}"))
    with django_assert_max_num_queries(baseline):
        assert len(rows_of(client.get(url, {"export": "schools"}))) == 1 + 2 + 5
    assert client_for(world.far_officer).get(url, {"export": "schools"}).status_code == 404
    assert client_for(world.secretary).get(url, {"export": "schools"}).status_code == 403


# --- The school calendar ----------------------------------------------------------------------

def test_calendar_export(world, client_for, django_assert_max_num_queries):
    SemesterFactory(district=world.district, school_year=2025, term=1, name=FORMULA,
                    start=date(2025, 9, 1), end=date(2026, 1, 16), deadline_day=5)
    SemesterFactory(district=world.other_district, school_year=2025, term=1, name="江北学期")
    url = reverse("activities:calendar")
    client = client_for(world.officer)
    assert 'data-testid="calendar-export"' in client.get(url).content.decode()
    with django_assert_max_num_queries(6) as one:
        sheet = sheet_of(client.get(url, {"export": "xlsx"}))
    baseline = len(one.captured_queries)
    rows = list(sheet.values)
    assert rows[0] == ("学期", "学年（起始年份）", "开学日", "结束日", "教学月份",
                       "月报截止日（次月几号）", "截止后关闭天数")
    assert len(rows) == 2
    assert rows[1][0] == FORMULA and rows[1][1] == 2025
    assert rows[1][2] == datetime(2025, 9, 1) and rows[1][3] == datetime(2026, 1, 16)
    assert rows[1][4].startswith("2025-09、2025-10") and rows[1][5] == 5
    assert_plain_text(sheet)
    for n in range(4):
        SemesterFactory(district=world.district, school_year=2010 + n, term=1,
                        start=date(2010 + n, 9, 1), end=date(2011 + n, 1, 15))
    with django_assert_max_num_queries(baseline):
        assert len(rows_of(client.get(url, {"export": "xlsx"}))) == 6
    assert client_for(world.leader).get(url, {"export": "xlsx"}).status_code == 403
    assert client_for(world.secretary).get(url, {"export": "xlsx"}).status_code == 403

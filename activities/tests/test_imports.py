"""Spreadsheet import of monthly-report activities (activities.imports)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from activities.imports import ActivityImporter
from activities.models import Activity, MonthlyReport
from activities.tests.factories import ReportFactory
from portal.imports import engine
from portal.tests.xlsx import xlsx


@pytest.fixture(autouse=True)
def _chinese():
    """Column names and messages are compared in Chinese, whatever an earlier test left
    active."""
    with translation.override("zh-hans"):
        yield


def run(data, world, user):
    return engine.run(ActivityImporter(user=user, district=world.district), data, write=True)


def test_activities_go_into_the_months_report(world):
    today = date.today()
    report = ReportFactory(school=world.school, year=today.year, month=today.month)
    day = today.replace(day=1)
    data = xlsx([["日期", "类别", "时长", "参加人数", "简要说明"],
                 [day.isoformat(), "主题团日或队日", "1.5", "４５", "学习"],
                 [day, "volunteer", 2, None, "社区清洁"]])
    result = run(data, world, world.secretary)
    assert result.ok, result.errors
    assert report.activities.count() == 2
    assert report.activities.get(description="学习").participants == 45
    again = run(data, world, world.secretary)
    assert (again.create, again.update, again.skip) == (0, 0, 2)
    changed = xlsx([["日期", "类别", "时长", "简要说明"], [day, "主题团日或队日", 2, "学习"]])
    assert run(changed, world, world.secretary).update == 1
    assert report.activities.get(description="学习").hours == Decimal("2")


def test_a_submitted_or_missing_report_refuses_the_rows(world):
    today = date.today()
    ReportFactory(school=world.school, year=today.year, month=today.month,
                  status=MonthlyReport.Status.SUBMITTED)
    data = xlsx([["日期", "类别", "时长"],
                 [today.replace(day=1), "主题团日或队日", 1],
                 ["2001-01-05", "主题团日或队日", 1]])
    result = run(data, world, world.secretary)
    assert [e.row for e in result.errors] == [2, 3]
    assert not Activity.objects.exists()


def test_an_officer_may_not_import_activities(world, client_for):
    from django.urls import reverse

    assert client_for(world.officer).get(
        reverse("imports:upload") + "?kind=activities").status_code == 403


def test_the_activities_export_imports_back_unchanged(world):
    """Export → import round trip, from the command line (no user): the 学校 column of the
    export says which school's report each row belongs to."""
    from io import BytesIO

    from openpyxl import load_workbook

    from activities.exports import ActivityExport

    today = date.today()
    report = ReportFactory(school=world.school, year=today.year, month=today.month)
    Activity.objects.create(report=report, kind=Activity.Kind.THEME_DAY, date=today,
                            hours=Decimal("1.5"), participants=40, description="学习")
    response = ActivityExport().response(Activity.objects.all(), world.officer)
    content = response.content
    assert load_workbook(BytesIO(content)).active["A1"].value == "学校"
    result = engine.run(ActivityImporter(user=None, district=world.district), content,
                        write=False)
    assert result.ok, result.errors
    assert (result.create, result.update, result.skip) == (0, 0, 1)


def test_an_activity_in_the_future_is_refused(world, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 7))
    ReportFactory(school=world.school, year=2026, month=12)
    data = xlsx([["学校", "日期", "类别", "时长", "简要说明"],
                 [world.school.name, "2026-12-08", "主题团日或队日", 1, "明天的团日"],
                 [world.school.name, "2026-12-07", "主题团日或队日", 1, "今天的团日"]])
    result = engine.run(ActivityImporter(user=None, district=world.district), data,
                        write=False)
    assert [(e.row, e.column) for e in result.errors] == [(2, "日期")]


def test_an_activity_is_matched_by_its_description_as_typed(world):
    """主题团课：青春向党 and 主题团课:青春向党 are two activities; the first imported again is
    itself, not a new one."""
    report = ReportFactory(school=world.school, year=2024, month=10)
    Activity.objects.create(report=report, kind=Activity.Kind.THEME_DAY, date=date(2024, 10, 8),
                            hours=1, description="主题团课：青春向党")
    data = xlsx([["学校", "日期", "类别", "时长", "简要说明"],
                 [world.school.name, "2024-10-08", "主题团日或队日", 1, "主题团课：青春向党"]])
    result = engine.run(ActivityImporter(user=None, district=world.district), data,
                        write=False)
    assert (result.create, result.update, result.skip, result.errors) == (0, 0, 1, [])

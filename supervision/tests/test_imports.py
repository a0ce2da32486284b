"""Spreadsheet import of inspection scores (supervision.imports) and the plan's offline
sheet read through the shared reader."""

from decimal import Decimal

import pytest
from django.utils import translation

from portal.imports import engine
from portal.tests.xlsx import xlsx
from supervision.imports import InspectionScoreImporter
from supervision.models import Inspection
from supervision.tests.factories import PlanFactory, make_inspection


@pytest.fixture(autouse=True)
def _chinese():
    """Column names and messages are compared in Chinese, whatever an earlier test left
    active."""
    with translation.override("zh-hans"):
        yield

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    plan = PlanFactory(district=world.district, team=[world.officer], title="春季督导")
    make_inspection(world, plan=plan)
    make_inspection(world, school=world.other_school, plan=plan,
                    status=Inspection.Status.PUBLISHED)
    return plan


def run(data, world, user):
    return engine.run(InspectionScoreImporter(user=user, district=world.district), data,
                      write=True)


def test_scores_are_imported_into_open_inspections(world, plan):
    inspection = plan.inspections.get(school=world.school)
    code = inspection.scores.select_related("indicator").first().indicator.code
    data = xlsx([["督导计划", "学校", "指标代码", "得分"],
                 ["春季督导", world.school.name, code, "７"]])
    result = run(data, world, world.officer)
    assert result.ok, result.errors
    inspection.refresh_from_db()
    assert inspection.scores.get(indicator__code=code).score == Decimal("7")
    assert inspection.status == Inspection.Status.IN_PROGRESS
    again = run(data, world, world.officer)
    assert (again.update, again.skip) == (0, 1)


def test_score_errors_import_nothing(world, plan):
    inspection = plan.inspections.get(school=world.school)
    code = inspection.scores.select_related("indicator").first().indicator.code
    data = xlsx([["督导计划", "学校", "指标代码", "得分"],
                 ["春季督导", world.school.name, code, 5],
                 ["春季督导", world.school.name, code + "X", 5],
                 ["春季督导", world.other_school.name, code, 5],
                 ["春季督导", world.school.name, code, 500]])
    result = run(data, world, world.officer)
    assert [e.row for e in result.errors] == [3, 4, 5]
    assert inspection.scores.get(indicator__code=code).score is None


def test_only_the_plans_team_imports_scores(world, plan):
    code = plan.inspections.get(school=world.school).scores.first().indicator.code
    data = xlsx([["督导计划", "学校", "指标代码", "得分"],
                 ["春季督导", world.school.name, code, 5]])
    result = run(data, world, world.education_officer)
    assert result.errors and result.errors[0].column == "督导计划"


def test_the_offline_sheet_refuses_a_zip_bomb(world, client_for, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from portal.tests.test_imports import bomb

    response = client_for(world.officer).post(
        reverse("supervision:scores_upload", args=[plan.pk]),
        {"file": SimpleUploadedFile("scores.xlsx", bomb())})
    assert "不安全" in response.content.decode()


def test_the_command_line_imports_into_an_open_inspection_and_moves_its_version(world, plan):
    """With no user (manage.py import_xlsx) the inspection is still locked, checked open
    and its version moved on, so a scoring form opened before the import turns stale."""
    inspection = plan.inspections.get(school=world.school)
    version = inspection.version
    code = inspection.scores.select_related("indicator").first().indicator.code
    data = xlsx([["督导计划", "学校", "指标代码", "得分"],
                 ["春季督导", world.school.name, code, 6]])
    result = run(data, world, None)
    assert result.ok, result.errors
    inspection.refresh_from_db()
    assert inspection.scores.get(indicator__code=code).score == Decimal("6")
    assert inspection.version == version + 1


def test_unchanged_rows_of_a_published_inspection_are_skipped_and_a_change_refused(world, plan):
    """An export of a plan with a published inspection imports back: its rows change
    nothing. A row that would change it is still refused."""
    score = plan.inspections.get(school=world.other_school).scores.select_related(
        "indicator").first()
    score.comment = "档案齐全，记录完整"
    score.save()
    code = score.indicator.code
    same = xlsx([["督导计划", "学校", "指标代码", "得分", "说明"],
                 ["春季督导", world.other_school.name, code, 8, "档案齐全，记录完整"]])
    result = run(same, world, world.officer)
    assert (result.update, result.skip, result.errors) == (0, 1, [])
    changed = xlsx([["督导计划", "学校", "指标代码", "得分"],
                    ["春季督导", world.other_school.name, code, 7]])
    result = run(changed, world, world.officer)
    assert [(e.row, e.column) for e in result.errors] == [(2, "学校")]
    assert "已发布" in result.errors[0].message


def test_scores_find_the_school_by_its_short_name(world, plan):
    world.school.short_name = "求精"
    world.school.save()
    code = plan.inspections.get(school=world.school).scores.first().indicator.code
    data = xlsx([["督导计划", "学校", "指标代码", "得分"], ["春季督导", "求精", code, 6]])
    result = run(data, world, world.officer)
    assert result.ok and result.update == 1, result.errors

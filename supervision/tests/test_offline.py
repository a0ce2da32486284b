"""Offline scores: the plan's sheet is downloaded, filled and uploaded through the import
engine: upload → the shared preview page (counts, every error by row and column) → confirm,
which imports the stored file once; a file with any bad row imports nothing."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from portal.imports.models import ImportBatch
from portal.imports.views import batch_url
from supervision.models import Inspection
from supervision.tests.factories import PlanFactory, make_inspection

pytestmark = pytest.mark.django_db


def sheet_file(book):
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("scores.xlsx", buffer.getvalue())


@pytest.fixture
def plan(world):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    make_inspection(world, plan=plan)
    make_inspection(world, school=world.other_school, plan=plan,
                    status=Inspection.Status.PUBLISHED)
    return plan


def download(client, plan):
    response = client.get(reverse("supervision:scores_sheet", args=[plan.pk]))
    return load_workbook(BytesIO(response.content))


def upload(client, plan, book):
    """Post the sheet; returns (the preview page's response, its batch)."""
    url = reverse("supervision:scores_upload", args=[plan.pk])
    response = client.post(url, {"file": sheet_file(book)})
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("created_at")
    assert response["Location"] == batch_url(batch)
    return client.get(response["Location"]), batch


def confirm(client, batch):
    return client.post(reverse("imports:confirm") + f"?token={batch.token}", follow=True)


def filled(inspection):
    return inspection.scores.filter(score__isnull=False)


def test_sheet_lists_editable_inspections(world, client_for, plan):
    sheet = download(client_for(world.officer), plan).active
    assert [c.value for c in sheet[1]][:4] == ["ID", "学校", "标准", "M01"]
    assert sheet.max_row == 2 and sheet["B2"].value == "求精中学"  # published one excluded


def test_upload_page_offers_the_sheet(world, client_for, plan):
    page = client_for(world.officer).get(
        reverse("supervision:scores_upload", args=[plan.pk])).content.decode()
    assert reverse("supervision:scores_sheet", args=[plan.pk]) in page
    # One form holds the file field and the button (no form nested in it, which a browser
    # would close before the button).
    main = page[page.index("<main"):]
    assert main.count("<form") == 1 and main.index('name="file"') < main.index("</form>")
    assert main.index('type="submit"') < main.index("</form>")


def test_a_bad_row_imports_nothing_and_every_error_is_listed(world, client_for, plan):
    client = client_for(world.officer)
    book = download(client, plan)
    sheet = book.active
    sheet["D2"] = 11
    sheet["E2"] = "abc"
    sheet["F2"] = 7  # a good cell of the same file
    published = plan.inspections.get(school=world.other_school)
    sheet.append([published.pk, world.other_school.name, ""])
    sheet.append([999, "不存在的学校", ""])
    page, batch = upload(client, plan, book)
    errors = {(e["row"], e["column"]): e["message"] for e in batch.result["errors"]}
    assert "不在0到10之间" in errors[(2, "M01")] and "abc" in errors[(2, "M02")]
    assert "不能再编辑" in errors[(3, "学校")] or "已发布" in errors[(3, "学校")]
    assert "不存在的学校" in errors[(4, "ID")]
    assert len(errors) == 4
    html = page.content.decode()
    assert 'id="import-errors"' in html and "不存在的学校" in html
    assert 'data-testid="confirm"' not in html  # nothing to confirm
    response = confirm(client, batch)
    assert "请更正" in response.content.decode() or "错误" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not filled(plan.inspections.get(school=world.school)).exists()


def test_preview_then_confirm_imports_once(world, client_for, plan):
    client = client_for(world.officer)
    book = download(client, plan)
    sheet = book.active
    for col in range(4, 16):
        sheet.cell(row=2, column=col, value=9)
    page, batch = upload(client, plan, book)
    assert batch.kind == "plan_score_sheet" and batch.params["plan"] == plan.pk
    assert batch.result["update"] == 12 and not batch.result["errors"]
    html = page.content.decode()
    assert 'data-testid="confirm"' in html and "求精中学 · M01: — → 9.0" in html
    inspection = plan.inspections.get(school=world.school)
    assert not filled(inspection).exists()  # the preview writes nothing
    response = confirm(client, batch)
    assert 'data-status="done"' in response.content.decode()
    assert set(inspection.scores.values_list("score", flat=True)) == {9}
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.IN_PROGRESS
    latest = inspection.scores.first().history.first()
    assert latest.history_user == world.officer
    assert latest.history_change_reason == "离线评分表"
    # A second confirm (a double click, a replay) imports nothing again.
    inspection.scores.update(score=1)
    response = confirm(client, batch)
    assert "已经导入" in response.content.decode()
    assert set(inspection.scores.values_list("score", flat=True)) == {1}
    # The back link leads to the plan.
    assert plan.get_absolute_url() in response.content.decode()


def test_confirm_refused_when_inspection_changed_meanwhile(world, client_for, plan):
    client = client_for(world.officer)
    book = download(client, plan)
    book.active.cell(row=2, column=4, value=7)
    _page, batch = upload(client, plan, book)
    Inspection.objects.filter(school=world.school).update(version=5)
    response = confirm(client, batch)
    assert "重新加载" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert not filled(plan.inspections.get(school=world.school)).exists()


def test_confirm_refused_when_inspection_closed_meanwhile(world, client_for, plan):
    client = client_for(world.officer)
    book = download(client, plan)
    book.active.cell(row=2, column=4, value=7)
    _page, batch = upload(client, plan, book)
    Inspection.objects.filter(school=world.school).update(status=Inspection.Status.SUBMITTED)
    confirm(client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert not filled(plan.inspections.get(school=world.school)).exists()


def test_an_officer_off_the_team_imports_nothing(world, client_for, plan):
    plan.team.remove(world.education_officer)
    client = client_for(world.education_officer)
    book = download(client, plan)
    book.active.cell(row=2, column=4, value=7)
    _page, batch = upload(client, plan, book)
    assert batch.result["errors"] and batch.result["update"] == 0
    assert "督导组" in batch.result["errors"][0]["message"]


def test_another_districts_plan_is_a_404(world, client_for):
    plan = PlanFactory(district=world.other_district)
    url = reverse("supervision:scores_upload", args=[plan.pk])
    assert client_for(world.officer).get(url).status_code == 404
    assert not ImportBatch.objects.exists()


def test_the_command_line_is_told_to_use_the_plans_page(world, plan):
    from portal.imports import engine
    from supervision.offline import PlanSheetImporter, build_sheet

    data = build_sheet(plan, world.officer).getvalue()
    result = engine.run(PlanSheetImporter(district=world.district), data, write=True)
    assert "计划页面" in result.file_error and not result.written


def test_the_sheet_has_no_page_of_its_own_among_the_imports(world, client_for):
    client = client_for(world.officer)
    assert client.get(reverse("imports:upload") + "?kind=plan_score_sheet").status_code == 404
    assert client.get(reverse("imports:template") + "?kind=plan_score_sheet").status_code == 404


def test_secretary_and_leader_cannot_use_sheets(world, client_for, plan):
    assert client_for(world.secretary).get(
        reverse("supervision:scores_sheet", args=[plan.pk])).status_code == 403
    assert client_for(world.leader).post(
        reverse("supervision:scores_upload", args=[plan.pk]), {}).status_code == 403


def test_a_large_sheet_is_checked_and_imported_in_the_background(world, client_for, plan,
                                                                 settings):
    settings.IMPORT_BACKGROUND_ROWS = 0  # every sheet is "large"
    client = client_for(world.officer)
    book = download(client, plan)
    book.active.cell(row=2, column=4, value=6)
    _page, batch = upload(client, plan, book)
    # The test settings' immediate backend ran the check, then the import, at once.
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.result["update"] == 1
    response = confirm(client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert plan.inspections.get(school=world.school).scores.get(
        indicator__code="M01").score == 6
    assert plan.get_absolute_url() in response.content.decode()


def test_the_preview_page_costs_a_constant_number_of_queries(world, client_for, plan,
                                                            django_assert_max_num_queries):
    client = client_for(world.officer)
    book = download(client, plan)
    book.active.cell(row=2, column=4, value=99)
    _page, batch = upload(client, plan, book)
    with django_assert_max_num_queries(8):
        assert client.get(batch_url(batch)).status_code == 200

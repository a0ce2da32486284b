"""Offline scores: download, upload with errors (nothing saved), preview, confirm."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

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


def test_sheet_lists_editable_inspections(world, client_for, plan):
    sheet = download(client_for(world.officer), plan).active
    assert [c.value for c in sheet[1]][:4] == ["ID", "学校", "标准", "M01"]
    assert sheet.max_row == 2 and sheet["B2"].value == "求精中学"  # published one excluded


def test_upload_with_errors_saves_nothing(world, client_for, plan):
    client = client_for(world.officer)
    book = download(client, plan)
    sheet = book.active
    sheet["D2"] = 11
    sheet["E2"] = "abc"
    sheet.append([999, "不存在的学校", ""])
    url = reverse("supervision:scores_upload", args=[plan.pk])
    response = client.post(url, {"file": sheet_file(book), "action": "preview"})
    errors = response.context["preview"]["errors"]
    assert len(errors) == 3
    assert any("0 到 10" in e for e in errors) and any("abc" in e for e in errors)
    assert any("不存在的学校" in e for e in errors)
    response = client.post(url, {"action": "confirm"})
    assert not plan.inspections.get(school=world.school).scores.filter(
        score__isnull=False).exists()


def test_preview_then_confirm_applies_all(world, client_for, plan):
    client = client_for(world.officer)
    book = download(client, plan)
    sheet = book.active
    for col in range(4, 16):
        sheet.cell(row=2, column=col, value=9)
    url = reverse("supervision:scores_upload", args=[plan.pk])
    response = client.post(url, {"file": sheet_file(book), "action": "preview"})
    assert len(response.context["preview"]["changes"]) == 12
    inspection = plan.inspections.get(school=world.school)
    assert not inspection.scores.filter(score__isnull=False).exists()
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 302
    assert set(inspection.scores.values_list("score", flat=True)) == {9}
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.IN_PROGRESS


def test_confirm_refused_when_inspection_changed_meanwhile(world, client_for, plan):
    client = client_for(world.officer)
    book = download(client, plan)
    book.active.cell(row=2, column=4, value=7)
    url = reverse("supervision:scores_upload", args=[plan.pk])
    client.post(url, {"file": sheet_file(book), "action": "preview"})
    Inspection.objects.filter(school=world.school).update(version=5)
    response = client.post(url, {"action": "confirm"}, follow=True)
    assert "重新加载" in response.content.decode()
    assert not plan.inspections.get(school=world.school).scores.filter(
        score__isnull=False).exists()


def test_secretary_and_leader_cannot_use_sheets(world, client_for, plan):
    assert client_for(world.secretary).get(
        reverse("supervision:scores_sheet", args=[plan.pk])).status_code == 403
    assert client_for(world.leader).post(
        reverse("supervision:scores_upload", args=[plan.pk]), {}).status_code == 403

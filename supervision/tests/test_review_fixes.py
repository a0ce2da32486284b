"""Totals agree between the database and the page; plan figures count regular inspections
only; crafted input is refused calmly."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from portal.imports.models import ImportBatch
from supervision.models import Inspection
from supervision.models.standards import round_total
from supervision.services import follow_up_create
from supervision.tests.factories import PlanFactory, make_inspection
from supervision.views.plans import plan_figures

pytestmark = pytest.mark.django_db
S = Inspection.Status


def test_round_total_cuts_float_noise():
    assert str(round_total(59.99999999999999)) == "60.0"
    assert str(round_total(67.05)) == "67.1"
    assert round_total(None) is None


def test_database_total_gives_the_same_band_as_the_page(world):
    inspection = make_inspection(world, status=S.PUBLISHED, score=6)  # 12 × 6/10 = 60.0
    inspection.standard.rectify_threshold = 60
    inspection.standard.save()
    annotated = Inspection.objects.with_total().get(pk=inspection.pk)
    assert inspection.standard.band_for(annotated.total_score) == "satisfactory"


def test_unscored_inspection_has_no_total_in_the_database_nor_on_the_page(world):
    """Nothing scored yet is no total (issue 25: not 0.0 in the rectification band)."""
    inspection = make_inspection(world)
    inspection.scores.update(score=None)
    assert Inspection.objects.with_total().get(pk=inspection.pk).total_score is None
    assert inspection.compute_total(inspection.scores.select_related("indicator")) is None


def test_plan_figures_leave_out_follow_ups(world):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    first = make_inspection(world, plan=plan, status=S.PUBLISHED, score=4)
    follow = follow_up_create(inspection=first, user=world.officer,
                              planned_date=first.planned_date)
    follow.scores.update(score=10)
    Inspection.objects.filter(pk=follow.pk).update(status=S.PUBLISHED)
    figures = plan_figures(plan)
    assert figures["bands"] == {"commend": 0, "satisfactory": 0, "rectify": 1}
    assert figures["school_count"] == 1
    assert all(a["count"] == 1 for a in figures["averages"])


def test_score_sheet_upload_checks_the_file(world, client_for):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    url = reverse("supervision:scores_upload", args=[plan.pk])
    fake = SimpleUploadedFile("scores.xlsx", b"MZ\x90\x00 not a zip")
    response = client_for(world.officer).post(url, {"file": fake})
    assert "文件内容与其类型" in response.content.decode()


def test_score_sheet_with_too_many_rows_is_refused(world, client_for, settings):
    """The sheet goes through the import reader, which stops at IMPORT_MAX_ROWS rows."""
    settings.IMPORT_MAX_ROWS = 3
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "学校", "标准", "M01"])
    for n in range(5):
        sheet.append([n, "x", "y", 1])
    buffer = BytesIO()
    book.save(buffer)
    response = client_for(world.officer).post(
        reverse("supervision:scores_upload", args=[plan.pk]),
        {"file": SimpleUploadedFile("scores.xlsx", buffer.getvalue())})
    assert response.status_code == 200
    assert "超过 3 行" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_crafted_score_keys_are_ignored(world, client_for):
    inspection = make_inspection(world, status=S.IN_PROGRESS)
    response = client_for(world.officer).post(
        reverse("supervision:inspection_save", args=[inspection.pk]),
        {"version": inspection.version, "score_abc": "5"})
    assert response.status_code in (200, 302)

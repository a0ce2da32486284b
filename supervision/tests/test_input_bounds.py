"""No 500 on input (issue 12): NaN and infinities are not scores, anywhere a score is
typed; the reopening reason is bounded the same in form, service and history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook

from supervision import services
from supervision.models import Inspection, Score, SelfAssessment
from supervision.tests.factories import PlanFactory, make_inspection
from supervision.tests.test_offline import download, sheet_file, upload

pytestmark = pytest.mark.django_db
S = Inspection.Status
NOT_NUMBERS = ["NaN", "nan", "-NaN", "sNaN", "Infinity", "-inf", "1e999999999"]


@pytest.mark.parametrize("raw", NOT_NUMBERS)
def test_a_score_that_is_not_a_finite_number_is_refused(world, raw):
    inspection = make_inspection(world, status=S.IN_PROGRESS)
    score = inspection.scores.first()
    with pytest.raises(ValidationError, match="不是数字"):
        services.inspection_save(inspection=inspection, user=world.officer,
                                 version=inspection.version,
                                 scores={score.indicator_id: services.ScoreInput(raw)})
    with pytest.raises(ValidationError, match="不是数字"):
        services.self_assessment_save(inspection=inspection, user=world.secretary,
                                      entries={score.indicator_id: (raw, "")})
    assert not SelfAssessment.objects.exists()


def test_nan_posted_as_a_score_is_a_message(world, client_for):
    inspection = make_inspection(world, status=S.IN_PROGRESS)
    score = inspection.scores.first()
    client = client_for(world.officer)
    response = client.post(reverse("supervision:inspection_save", args=[inspection.pk]),
                           {"version": inspection.version, f"score_{score.indicator_id}": "NaN"})
    assert response.status_code == 400
    assert Score.objects.get(pk=score.pk).score == 8


def test_a_nan_cell_of_the_score_sheet_is_a_row_error(world, client_for):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    make_inspection(world, plan=plan)
    client = client_for(world.officer)
    book = download(client, plan)
    book.active["D2"] = "NaN"
    book.active["E2"] = "Infinity"
    book.active["F2"] = float("nan")  # however openpyxl stores it, never a 500
    _page, batch = upload(client, plan, book)
    errors = batch.result["errors"]
    assert len(errors) >= 2 and not batch.result["update"]
    assert {e["column"] for e in errors} >= {"M01", "M02"}


def test_an_empty_workbook_is_not_a_500(world, client_for):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    response = client_for(world.officer).post(
        reverse("supervision:scores_upload", args=[plan.pk]),
        {"file": sheet_file(Workbook())})
    assert response.status_code == 200 and "空" in response.content.decode()


def test_the_reopening_reason_is_bounded_like_the_history(world, client_for):
    inspection = make_inspection(world, status=S.SUBMITTED)
    client = client_for(world.officer)
    client.cookies["django_language"] = "en"
    url = reverse("supervision:inspection_reopen", args=[inspection.pk])
    response = client.post(url, {"reason": "错" * 101}, follow=True)
    assert "at most 100 characters" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == S.SUBMITTED
    with pytest.raises(ValidationError, match="under 100"):
        services.inspection_reopen(inspection=inspection, user=world.officer, reason="x" * 101)
    client.post(url, {"reason": "错" * 100})
    inspection.refresh_from_db()
    assert inspection.status == S.IN_PROGRESS
    assert inspection.history.first().history_change_reason == "错" * 100
    assert inspection.events.last().note == "错" * 100

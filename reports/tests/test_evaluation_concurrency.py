"""Issue 26 (5) on PostgreSQL: simultaneous requests for one PDF share one build."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.evaluation.sections import Period
from portal.school_year import start_year_of
from reports import services
from reports.models import EvaluationReport
from tests.concurrency import logged_in, needs_postgresql, race

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]

DUMMY_BACKEND = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
YEAR = Period(start=date(2025, 9, 1), end=date(2026, 8, 31), label="2025–2026学年")


@pytest.fixture(autouse=True)
def queue_only(settings):
    settings.TASKS = DUMMY_BACKEND  # the builds wait in the queue: only their rows count


def test_ten_simultaneous_requests_for_one_pdf_make_one_build(world):
    clients = [logged_in(u) for u in [world.leader, world.officer] * 5]
    responses = race(*[lambda c=c: c.post(reverse("report_request"), {
        "kind": "year", "school_year": start_year_of(timezone.localdate())})
        for c in clients])
    assert [r.status_code for r in responses] == [302] * 10
    report = EvaluationReport.objects.get()
    assert report.status == EvaluationReport.Status.QUEUED
    assert {r["Location"] for r in responses} == {report.get_absolute_url()}


def test_ten_simultaneous_service_calls_for_a_school_evaluation_make_one_build(world):
    results = race(*[lambda: services.report_request(
        user=world.secretary, district=world.district, school=world.school, period=YEAR,
        language="zh-hans") for _ in range(10)])
    assert EvaluationReport.objects.count() == 1
    assert {r.pk for r in results} == {EvaluationReport.objects.get().pk}


def test_the_database_refuses_a_second_pending_build_of_one_pdf(world):
    first = services.report_request(user=world.leader, district=world.district, period=YEAR,
                                    language="zh-hans")
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationReport.objects.create(
            kind=first.kind, district=first.district, period_start=first.period_start,
            period_end=first.period_end, language=first.language)
    # Another language, or once the first is done, is another build.
    services.report_request(user=world.leader, district=world.district, period=YEAR,
                            language="en")
    EvaluationReport.objects.filter(pk=first.pk).update(status=EvaluationReport.Status.DONE)
    services.report_request(user=world.leader, district=world.district, period=YEAR,
                            language="zh-hans")
    assert EvaluationReport.objects.count() == 3

"""The officer's inspection items (`supervision.todo`): each kind listed in its order or, past
`LIMIT`, summed up; the team's inspections of all kinds are counted in one query."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from portal.todo import LIMIT
from supervision import todo
from supervision.models import Finding, Inspection, RectificationOrder
from supervision.tests.factories import PlanFactory, make_inspection, make_order
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
S = Inspection.Status
TODAY = timezone.localdate()


def _inspection(world, plan, status, planned=None, published=None):
    inspection = make_inspection(world, school=SchoolFactory(district=world.district),
                                 plan=plan, status=status)
    Inspection.objects.filter(pk=inspection.pk).update(
        planned_date=planned or inspection.planned_date, published_at=published)
    return inspection


def _keys(items, kind):
    return [i.object_key for i in items if i.kind == kind]


def test_each_kind_in_its_order_then_a_summary_past_the_limit(world):
    plan = PlanFactory(district=world.district, team=[world.officer])
    late = _inspection(world, plan, S.PLANNED, planned=datetime.date(2025, 11, 20))
    early = _inspection(world, plan, S.IN_PROGRESS, planned=datetime.date(2025, 11, 4))
    submitted = _inspection(world, plan, S.SUBMITTED)
    signed = _inspection(world, plan, S.SIGNED_OFF)
    noon = datetime.datetime(2025, 12, 1, 12, tzinfo=datetime.UTC)
    older = _inspection(world, plan, S.PUBLISHED, published=noon)
    newer = _inspection(world, plan, S.PUBLISHED, published=noon + datetime.timedelta(days=1))
    make_order(_inspection(world, plan, S.PUBLISHED, published=noon))  # has an outcome

    items = todo.officer_items(world.officer, TODAY)
    assert _keys(items, "inspection_score") == [
        f"supervision.inspection.{i.pk}.inspection_score" for i in (early, late)]
    assert [i.due for i in items if i.kind == "inspection_score"] == [
        datetime.date(2025, 11, 4), datetime.date(2025, 11, 20)]
    assert _keys(items, "inspection_sign_off") == [
        f"supervision.inspection.{submitted.pk}.inspection_sign_off"]
    assert _keys(items, "inspection_publish") == [
        f"supervision.inspection.{signed.pk}.inspection_publish"]
    assert _keys(items, "inspection_outcome") == [
        f"supervision.inspection.{i.pk}.inspection_outcome" for i in (newer, older)]
    assert items[0].url == early.get_absolute_url()
    assert str(early.school) in items[0].title
    # the list's order: scores, sign-off, publication, outcomes
    assert [i.kind for i in items if i.kind.startswith("inspection")] == [
        "inspection_score", "inspection_score", "inspection_sign_off", "inspection_publish",
        "inspection_outcome", "inspection_outcome"]

    for _i in range(LIMIT - 1):
        _inspection(world, plan, S.PUBLISHED, published=noon)
    items = todo.officer_items(world.officer, TODAY)
    outcome = [i for i in items if i.kind == "inspection_outcome"]
    assert [(i.object_key, i.url, i.due) for i in outcome] == [
        ("supervision.inspection_outcome.all", "/supervision/?status=published", None)]
    assert str(LIMIT + 1) in outcome[0].title
    assert len(_keys(items, "inspection_score")) == 2  # the other kinds are still listed


def test_the_inspections_of_every_kind_take_two_queries_at_most(world):
    plan = PlanFactory(district=world.district, team=[world.officer])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            todo.officer_items(world.officer, TODAY)
        return len(ctx.captured_queries)

    # the inspections (count; no rows to read) and the answered orders
    assert queries() == 2
    for status in (S.PLANNED, S.SUBMITTED, S.SIGNED_OFF, S.PUBLISHED):
        _inspection(world, plan, status)
    listed = queries()
    for _i in range(LIMIT):
        _inspection(world, plan, S.PUBLISHED)
    assert queries() == listed == 3


def test_two_answers_of_one_school_name_their_finding_and_due_date(world):
    """Two answered orders of one school are two lines that say which order each is."""
    plan = PlanFactory(district=world.district, team=[world.officer])
    inspection = _inspection(world, plan, S.PUBLISHED)
    first = make_order(inspection, due=TODAY + datetime.timedelta(days=5),
                       status=RectificationOrder.Status.RESPONDED)
    second = make_order(inspection, due=TODAY + datetime.timedelta(days=9),
                        status=RectificationOrder.Status.RESPONDED)
    Finding.objects.filter(pk=second.finding_id).update(text="团课记录缺失")

    with translation.override("zh-hans"):
        review = [i for i in todo.officer_items(world.officer, TODAY)
                  if i.kind == "order_review"]
    assert [i.url for i in review] == [first.get_absolute_url(), second.get_absolute_url()]
    titles = [i.title for i in review]
    assert titles[0] != titles[1]
    assert str(inspection.school) in titles[0]
    assert "团员档案不完整" in titles[0] and str(first.due_date) in titles[0]
    assert "团课记录缺失" in titles[1] and str(second.due_date) in titles[1]

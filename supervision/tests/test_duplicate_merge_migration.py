"""The one-regular-inspection-per-plan-and-school migration (supervision 0003) first merges
duplicates that a database made before it may hold: the most advanced inspection stays, the
other's findings, events and scores move to it, and the merge is noted in its log."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from supervision.models import Finding, Inspection, InspectionEvent
from supervision.tests.factories import make_inspection, make_problem

BEFORE = [("supervision", "0002_standards")]


@pytest.mark.django_db(transaction=True)
def test_migration_merges_duplicate_regular_inspections(world):
    kept = make_inspection(world, status=Inspection.Status.SUBMITTED, score=7)
    other_school = make_inspection(world, school=world.other_school, plan=kept.plan)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # the constraint is gone: duplicates can be made
    old = executor.loader.project_state(BEFORE).apps
    OldInspection = old.get_model("supervision", "Inspection")
    OldScore = old.get_model("supervision", "Score")
    OldFinding = old.get_model("supervision", "Finding")
    duplicate = OldInspection.objects.create(
        plan_id=kept.plan_id, school_id=kept.school_id, standard_id=kept.standard_id,
        planned_date=datetime.date(2025, 11, 4), kind="regular", status="planned")
    for score in OldScore.objects.filter(inspection_id=kept.pk):  # clashing scores
        OldScore.objects.create(inspection_id=duplicate.pk, indicator_id=score.indicator_id)
    OldFinding.objects.create(inspection_id=duplicate.pk, kind="problem", text="只在重复的检查里")
    assert OldInspection.objects.filter(plan_id=kept.plan_id, school_id=kept.school_id,
                                        kind="regular").count() == 2

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    remaining = Inspection.objects.filter(plan=kept.plan, school=kept.school, kind="regular")
    assert list(remaining) == [kept]
    kept.refresh_from_db()
    assert kept.status == Inspection.Status.SUBMITTED
    assert kept.scores.count() == kept.standard.indicators.count()
    assert {s.score for s in kept.scores.all()} == {7}  # the kept inspection's scores win
    assert list(Finding.objects.filter(inspection=kept).values_list("text", flat=True)) == [
        "只在重复的检查里"]
    note = InspectionEvent.objects.get(inspection=kept, note__startswith="Merged")
    assert f"#{duplicate.pk}" in note.note
    assert Inspection.objects.filter(pk=other_school.pk).exists()  # others untouched
    make_problem(kept)  # the database is usable again

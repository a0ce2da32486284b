"""Rows written in bulk leave history too (issue 12): the scores of a new inspection, the
scores and findings a follow-up copies, and the sign-offs a reopening revokes each have a
history row naming the user."""

from __future__ import annotations

import datetime

import pytest

from supervision.models import Finding, Inspection, Score, SignOff
from supervision.services import follow_up_create, inspection_reopen
from supervision.tests.factories import make_inspection, make_problem

pytestmark = pytest.mark.django_db
S = Inspection.Status


def test_new_inspection_scores_have_history(world):
    inspection = make_inspection(world)
    scores = list(inspection.scores.all())
    assert scores
    history = Score.history.filter(inspection_id=inspection.pk, history_type="+")
    assert history.count() == len(scores)
    assert {h.history_user for h in history} == {world.officer}


def test_follow_up_findings_and_scores_have_history(world):
    first = make_inspection(world, status=S.PUBLISHED, score=1)
    make_problem(first)
    follow = follow_up_create(inspection=first, user=world.education_officer,
                              planned_date=datetime.date(2026, 3, 1))
    findings = list(Finding.objects.filter(inspection=follow))
    assert len(findings) == 1
    created = Finding.history.filter(inspection_id=follow.pk, history_type="+")
    assert [(h.id, h.history_user) for h in created] == [(findings[0].pk,
                                                           world.education_officer)]
    assert Score.history.filter(inspection_id=follow.pk).count() == follow.scores.count() > 0


def test_reopening_records_each_revoked_sign_off(world):
    inspection = make_inspection(world, status=S.SIGNED_OFF)
    for side, user in ((SignOff.Side.LEAGUE, world.officer),
                       (SignOff.Side.EDUCATION, world.education_officer)):
        SignOff.objects.create(inspection=inspection, side=side, user=user)
    inspection_reopen(inspection=inspection, user=world.officer, reason="分数录入有误")
    assert not SignOff.objects.filter(revoked_at__isnull=True).exists()
    revoked = SignOff.history.filter(inspection_id=inspection.pk, history_type="~",
                                     revoked_at__isnull=False)
    assert revoked.count() == 2
    assert {(h.history_user, h.history_change_reason) for h in revoked} == {
        (world.officer, "分数录入有误")}

"""The demo's secondment cycle: a completed round with its two secondees, one in the pool,
and an open round with applications; seeding twice adds nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from cadres.models import Application, Assessment, ReservePoolEntry, Secondment, SecondmentRound


def counts():
    return [m.objects.count() for m in (SecondmentRound, Application, Secondment, Assessment,
                                        ReservePoolEntry)]


@pytest.mark.django_db
def test_seed_demo_builds_the_cycle():
    call_command("seed_demo", password="pw-for-tests-1", stdout=open("/dev/null", "w"))
    today = timezone.localdate()
    closed = SecondmentRound.objects.get(status=SecondmentRound.Status.CLOSED)
    assert closed.notice and {o.short_name for o in closed.notice.issuers.all()} == {
        "团区委", "区教委"}
    secondees = Secondment.objects.filter(application__round=closed).select_related(
        "cadre__school")
    assert sorted(s.cadre.school.short_name for s in secondees) == ["四十二中", "鼓楼中学"]
    for secondment in secondees:
        assert secondment.end < today and secondment.result
        assert secondment.assessments.count() == 3
    pool = ReservePoolEntry.objects.get()
    assert pool.cadre.school.short_name == "四十二中" and pool.left_on is None
    open_round = SecondmentRound.objects.get(status=SecondmentRound.Status.OPEN)
    assert open_round.is_open_on(today) and open_round.notice
    assert open_round.applications.count() >= 3
    before = counts()
    call_command("seed_demo", password="pw-for-tests-1", stdout=open("/dev/null", "w"))
    assert counts() == before

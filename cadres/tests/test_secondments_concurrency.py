"""Two people taking the same step at once, on PostgreSQL with real threads (each with its
own connection): the row lock makes one win and the other is told why. SQLite serialises
every write, so there is nothing to prove there."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cadres.models import Application, Secondment
from cadres.services import secondments as services
from cadres.tests.secondment_helpers import make_application, make_round
from portal.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
A = Application.Status


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); run with DATABASE_URL=postgres://…")


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def race(*calls):
    """Run the calls at once, each in its own thread and connection; return their outcomes
    (the result, or the ValidationError's messages)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        from django.db import connections
        from django.utils import translation

        translation.activate("en")
        try:
            barrier.wait(timeout=10)
            outcomes[i] = call()
        except ValidationError as error:
            outcomes[i] = error.messages
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_two_officers_selecting_the_last_post_at_once(world):
    round = make_round(world, posts_on_offer=1)
    first = make_application(world, round=round)
    second = make_application(world, round=round, school=world.other_school)
    outcomes = race(
        lambda: services.application_select(application=first, user=world.officer),
        lambda: services.application_select(application=second,
                                            user=world.education_officer))
    refusals = [o for o in outcomes if isinstance(o, list)]
    assert len(refusals) == 1, outcomes
    assert "All 1 posts on offer are already taken" in refusals[0][0]
    assert Application.objects.filter(status=A.SELECTED).count() == 1


def test_two_members_of_the_organisation_department_approving_at_once(world):
    colleague = UserFactory(role=Role.ORGANISATION_DEPARTMENT,
                            organisation=world.org_department.organisation,
                            district=world.district)
    application = make_application(world, status=A.SELECTED)
    outcomes = race(
        lambda: services.application_approve(application=application,
                                             user=world.org_department, document_number="1号"),
        lambda: services.application_approve(application=application, user=colleague,
                                             document_number="2号"))
    refusals = [o for o in outcomes if isinstance(o, list)]
    assert len(refusals) == 1, outcomes
    assert "already been approved" in refusals[0][0]
    assert Secondment.objects.count() == 1


def test_two_officers_of_one_body_grading_at_once(world):
    from cadres.models import Assessment
    from cadres.tests.secondment_helpers import make_secondment

    colleague = UserFactory(role=Role.DISTRICT_OFFICER, organisation=world.league,
                            district=world.district)
    secondment = make_secondment(world)
    outcomes = race(
        lambda: services.assessment_record(secondment=secondment, user=world.officer,
                                           grade="qualified"),
        lambda: services.assessment_record(secondment=secondment, user=colleague,
                                           grade="outstanding"))
    refusals = [o for o in outcomes if isinstance(o, list)]
    assert len(refusals) == 1, outcomes
    assert "already graded" in refusals[0][0]
    assert Assessment.objects.count() == 1

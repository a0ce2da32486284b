"""Issue 10 on PostgreSQL: an admission and a deferral of one applicant at the same moment
make one decision; the other reads why."""

from decimal import Decimal

import pytest
from django.urls import reverse

from activities.tests.factories import ApplicantFactory, VolunteerRecordFactory
from schools.models import Applicant
from tests.concurrency import logged_in, message_texts, needs_postgresql, race

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


def test_admit_and_defer_at_once_make_one_decision(world):
    applicant = ApplicantFactory(school=world.school, status=Applicant.Status.UNDER_REVIEW)
    VolunteerRecordFactory(applicant=applicant, hours=Decimal("20"))
    url = reverse("activities:applicant_move", args=[applicant.pk])
    admit, defer = race(
        lambda: logged_in(world.secretary).post(url, {"to": "admitted"}),
        lambda: logged_in(world.officer).post(url, {"to": "deferred"}))
    applicant.refresh_from_db()
    texts = message_texts(admit) + message_texts(defer)
    assert applicant.status in (Applicant.Status.ADMITTED, Applicant.Status.DEFERRED)
    assert sum("cannot become" in t for t in texts) == 1
    assert applicant.history.count() == 2  # created, then one decision

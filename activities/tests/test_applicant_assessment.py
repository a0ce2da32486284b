"""Issue 10: volunteer service is an assessment gate. An applicant moves applied → under
review → admitted / deferred; admission needs the district's volunteer hours, and the
refusal says how many are missing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from activities import services
from activities.models import ActivitiesSettings
from activities.tests.factories import ApplicantFactory, VolunteerRecordFactory
from schools.models import Applicant

pytestmark = pytest.mark.django_db
A = Applicant.Status


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def applicant(world):
    ActivitiesSettings.objects.create(district=world.district,
                                      required_volunteer_hours=Decimal("20"))
    applicant = ApplicantFactory(school=world.school, name="张明")
    VolunteerRecordFactory(applicant=applicant, hours=Decimal("12.5"))
    return applicant


def move(world, applicant, to, user=None):
    return services.applicant_move(applicant=applicant, user=user or world.secretary, to=to)


def test_a_new_applicant_has_applied(applicant):
    assert applicant.status == A.APPLIED


def test_admission_needs_the_districts_volunteer_hours(world, applicant):
    move(world, applicant, A.UNDER_REVIEW)
    with pytest.raises(ValidationError) as refused:
        move(world, applicant, A.ADMITTED)
    assert "7.5 hours missing" in refused.value.messages[0]
    assert "12.5 of the 20" in refused.value.messages[0]
    applicant.refresh_from_db()
    assert applicant.status == A.UNDER_REVIEW
    VolunteerRecordFactory(applicant=applicant, hours=Decimal("7.5"))
    move(world, applicant, A.ADMITTED)
    applicant.refresh_from_db()
    assert applicant.status == A.ADMITTED and applicant.decided_on is not None


def test_only_the_allowed_moves(world, applicant):
    with pytest.raises(ValidationError, match="cannot become"):
        move(world, applicant, A.ADMITTED)  # not reviewed yet
    move(world, applicant, A.UNDER_REVIEW)
    move(world, applicant, A.DEFERRED)
    move(world, applicant, A.UNDER_REVIEW)  # reviewed again later
    with pytest.raises(ValidationError):
        move(world, applicant, "bogus")
    applicant.refresh_from_db()
    assert applicant.status == A.UNDER_REVIEW and applicant.history.count() == 4


def test_who_may_assess(world, applicant):
    with pytest.raises(PermissionDenied):
        move(world, applicant, A.UNDER_REVIEW, user=world.other_secretary)
    with pytest.raises(PermissionDenied):
        move(world, applicant, A.UNDER_REVIEW, user=world.far_officer)
    with pytest.raises(PermissionDenied):
        move(world, applicant, A.UNDER_REVIEW, user=world.leader)
    move(world, applicant, A.UNDER_REVIEW, user=world.officer)


def test_the_page_refuses_with_the_missing_hours_in_chinese(world, client_for, applicant):
    client = client_for(world.secretary)
    url = reverse("activities:applicant_move", args=[applicant.pk])
    assert client.get(url).status_code == 405
    page = client.get(applicant.get_absolute_url()).content.decode()
    assert 'value="under_review"' in page and 'value="admitted"' not in page
    client.post(url, {"to": "under_review"})
    response = client.post(url, {"to": "admitted"}, follow=True)
    page = response.content.decode()
    assert "还差 7.5 小时" in page
    applicant.refresh_from_db()
    assert applicant.status == A.UNDER_REVIEW
    assert 'value="admitted"' in page and 'data-confirm' in page
    other = ApplicantFactory(school=world.other_school)
    assert client.post(reverse("activities:applicant_move", args=[other.pk]),
                       {"to": "under_review"}).status_code == 404


def test_the_list_filters_and_shows_the_status(world, client_for, applicant):
    reviewed = ApplicantFactory(school=world.school, name="李华")
    move(world, reviewed, A.UNDER_REVIEW)
    client = client_for(world.officer)
    response = client.get(reverse("activities:applicant_list"), {"status": "under_review"})
    assert [a.name for a in response.context["page_obj"]] == ["李华"]
    assert 'data-testid="applicant-status"' in response.content.decode()
    response = client.get(reverse("activities:applicant_list"), {"status": "nonsense"})
    assert len(response.context["page_obj"]) == 2

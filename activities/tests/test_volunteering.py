"""Applicants and volunteer service; the configurable rule of hours."""

from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import ActivitiesSettings
from activities.tests.factories import ApplicantFactory, VolunteerRecordFactory
from schools.models import VolunteerRecord

pytestmark = pytest.mark.django_db


def test_secretary_sees_who_falls_short(world, client_for):
    ActivitiesSettings.objects.create(district=world.district,
                                      required_volunteer_hours=Decimal("4"))
    short = ApplicantFactory(school=world.school, name="短时")
    done = ApplicantFactory(school=world.school, name="达标")
    VolunteerRecordFactory(applicant=done, hours=Decimal("4.0"))
    ApplicantFactory(school=world.other_school, name="别校")
    response = client_for(world.secretary).get(reverse("activities:applicant_list"),
                                               {"short": "1"})
    assert [a.name for a in response.context["page_obj"]] == [short.name]


def test_record_volunteer_service_and_refusals(world, client_for):
    applicant = ApplicantFactory(school=world.school)
    url = reverse("activities:record_create", args=[applicant.pk])
    client = client_for(world.secretary)
    client.post(url, {"date": "2026-04-02", "hours": "-2", "activity": "x", "place": "社区"})
    assert not VolunteerRecord.objects.exists()
    client.post(url, {"date": "2026-04-02", "hours": "2", "activity": "敬老"})
    assert not VolunteerRecord.objects.exists()  # no place
    client.post(url, {"date": "2026-04-02", "hours": "2", "activity": "敬老", "place": "社区"})
    assert VolunteerRecord.objects.get().hours == Decimal("2")
    other = ApplicantFactory(school=world.other_school)
    assert client.get(reverse("activities:applicant_detail",
                              args=[other.pk])).status_code == 404

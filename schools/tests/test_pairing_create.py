"""/schools/<pk>/pairings/new/ answered 500 for every officer (issue 10): it opens and saves."""

import pytest
from django.urls import reverse

from schools.models import CommunityPairing

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["officer", "education_officer", "admin"])
def test_pairing_form_opens_and_saves(world, client_for, who):
    client = client_for(getattr(world, who))
    url = reverse("schools:pairing_create", args=[world.school.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"community": "临江门社区", "citizen_school": "临江门社区市民学校",
                                 "since": "2014-05-01", "contact": "王老师", "active": "on"})
    assert response.status_code == 302
    assert CommunityPairing.objects.get(school=world.school).community == "临江门社区"


def test_pairing_form_is_refused_to_a_secretary_and_a_far_officer(world, client_for):
    url = reverse("schools:pairing_create", args=[world.school.pk])
    assert client_for(world.secretary).get(url).status_code == 403
    assert client_for(world.far_officer).get(url).status_code in (403, 404)

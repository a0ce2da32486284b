"""A superuser passes every role check, but a secretary's own-school pages need a school:
without one they answer 403, not a 500."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["activities:applicant_create", "activities:report_current",
                                  "activities:course_mine"])
def test_a_superuser_without_a_school_gets_403_on_a_secretarys_pages(client, world, name):
    world.admin.school = None
    world.admin.save()
    client.force_login(world.admin)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.django_db
def test_a_superuser_still_opens_the_district_pages(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("activities:applicant_list")).status_code == 200
    assert client.get(reverse("schools:list")).status_code == 200

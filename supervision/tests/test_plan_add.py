"""Planning an inspection from a plan's page: the school is typed by name (with suggestions)."""

import pytest
from django.urls import reverse

from supervision.models import Inspection
from supervision.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    return PlanFactory(district=world.district, team=[world.officer, world.education_officer])


def add(client, plan, school_name):
    return client.post(reverse("supervision:plan_add_inspection", args=[plan.pk]),
                       {"school": school_name, "planned_date": "2025-11-20"}, follow=True)


def test_officer_plans_an_inspection_by_school_name(world, client_for, plan):
    client = client_for(world.officer)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert '<option value="大坪中学">' in page  # suggested, not yet planned
    add(client, plan, "大坪中学")
    inspection = Inspection.objects.get(plan=plan)
    assert inspection.school == world.other_school
    page = client.get(plan.get_absolute_url()).content.decode()
    assert '<option value="大坪中学">' not in page  # planned: no longer suggested


@pytest.mark.parametrize("name", ["不存在的学校", "江北中学"])
def test_unknown_or_other_district_school_is_refused(world, client_for, plan, name):
    response = add(client_for(world.officer), plan, name)
    assert not Inspection.objects.filter(plan=plan).exists()
    assert f"本区没有名为“{name}”的学校" in response.content.decode()


def test_secretary_and_leader_cannot_plan(world, client_for, plan):
    assert add(client_for(world.secretary), plan, "大坪中学").status_code in (403, 404)
    assert add(client_for(world.leader), plan, "大坪中学").status_code == 403
    assert not Inspection.objects.filter(plan=plan).exists()

"""Defects a new user found in supervision (issue 10); each test failed before its fix."""

import pytest
from django.urls import reverse

from supervision.models import Inspection, InspectionPlan
from supervision.tests.factories import PlanFactory, make_inspection, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    return PlanFactory(district=world.district, team=[world.officer, world.education_officer])


@pytest.mark.parametrize("year", [0, 1999, 2200])
def test_a_plan_of_an_impossible_school_year_is_refused(world, client_for, year):
    response = client_for(world.officer).post(reverse("supervision:plan_create"), {
        "year": year, "title": "督导计划", "team": [world.officer.pk,
                                                world.education_officer.pk],
        "commendation_quota": 20})
    assert response.status_code == 200 and response.context["form"].errors["year"]
    assert not InspectionPlan.objects.exists()


def add(client, plan, school_name, date="2025-11-20"):
    return client.post(reverse("supervision:plan_add_inspection", args=[plan.pk]),
                       {"school": school_name, "planned_date": date})


def test_an_inspection_is_planned_by_the_schools_short_name(world, client_for, plan):
    world.school.name, world.school.short_name = "重庆市求精中学", "求精中学"
    world.school.save()
    add(client_for(world.officer), plan, "求精中学")
    assert Inspection.objects.get(plan=plan).school == world.school


def test_a_short_name_two_schools_share_names_both_schools(world, client_for, plan):
    """The plan form finds schools with the imports' lookup (schools.lookup, issue 21)."""
    world.school.short_name = world.other_school.short_name = "渝中中学"
    world.school.save()
    world.other_school.save()
    page = add(client_for(world.officer), plan, "渝中中学").content.decode()
    both = "、".join(sorted([world.school.name, world.other_school.name]))
    assert f"有多所学校叫“渝中中学”：{both}。请填写全称。" in page
    assert not Inspection.objects.filter(plan=plan).exists()


def test_an_unknown_school_gets_a_specific_message_and_keeps_what_was_typed(world, client_for,
                                                                          plan):
    response = add(client_for(world.officer), plan, "不存在的学校")
    page = response.content.decode()
    assert response.status_code == 200
    assert "本区没有名为“不存在的学校”的学校" in page
    assert 'value="不存在的学校"' in page and 'value="2025-11-20"' in page
    assert not Inspection.objects.filter(plan=plan).exists()


def test_a_school_already_in_the_plan_is_named_in_the_message(world, client_for, plan):
    client = client_for(world.officer)
    add(client, plan, world.school.name)
    page = add(client, plan, world.school.name).content.decode()
    assert f"{world.school.name} 在本计划中已有常规督导" in page
    assert Inspection.objects.filter(plan=plan).count() == 1


def test_the_order_list_links_each_order_itself(world, client_for):
    order = make_order(make_inspection(world, status=Inspection.Status.PUBLISHED))
    page = client_for(world.officer).get(reverse("supervision:order_list")).content.decode()
    assert f'<a href="{order.get_absolute_url()}">{order.requirement}</a>' in page
    assert f'<a href="{order.get_absolute_url()}">{world.school.name}</a>' not in page


def test_over_long_texts_are_refused_and_nothing_is_stored(world, client_for):
    from supervision.models import RectificationOrder, RectificationResponse

    order = make_order(make_inspection(world, status=Inspection.Status.PUBLISHED))
    secretary = client_for(world.secretary)
    response = secretary.post(reverse("supervision:order_respond", args=[order.pk]),
                              {"text": "改" * 200_000}, follow=True)
    assert not RectificationResponse.objects.exists()
    assert "2000" in response.content.decode()
    secretary.post(reverse("supervision:order_respond", args=[order.pk]), {"text": "已整改"})
    officer = client_for(world.officer)
    response = officer.post(reverse("supervision:order_review", args=[order.pk]),
                            {"decision": "reject", "comment": "补" * 200_000}, follow=True)
    order.refresh_from_db()
    assert order.status == RectificationOrder.Status.RESPONDED
    assert RectificationResponse.objects.get().review_comment == ""
    assert "2000" in response.content.decode()


def test_an_over_long_score_note_is_refused_and_nothing_is_stored(world):
    from django.core.exceptions import ValidationError

    from supervision.models import Score
    from supervision.services import ScoreInput, inspection_save

    inspection = make_inspection(world)
    indicator = inspection.standard.indicators.first()
    with pytest.raises(ValidationError) as refusal:
        inspection_save(inspection=inspection, user=world.officer, version=None,
                        scores={indicator.pk: ScoreInput(score="5", comment="注" * 200_000)})
    assert "2000" in str(refusal.value)
    assert not Score.objects.filter(inspection=inspection).exclude(comment="").exists()
    assert Score._meta.get_field("comment").max_length == 2000

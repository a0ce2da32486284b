"""Issue 10: a commendation (表彰) follows only an inspection in the commendation band, and
the plan's quota (≤ 20 % of its schools by default) is refused at the moment of commending."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from supervision import services
from supervision.models import Commendation, Inspection
from supervision.tests.factories import PlanFactory, make_inspection
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
S = Inspection.Status


@pytest.fixture(autouse=True)
def english():
    """Assert on the source messages (the pages' Chinese is checked separately)."""
    with translation.override("en"):
        yield


def plan_of(world, **kwargs):
    return PlanFactory(district=world.district, team=[world.officer, world.education_officer],
                       **kwargs)


def commend(world, inspection):
    return services.commendation_issue(inspection=inspection, user=world.officer,
                                       text="团队工作成绩突出")


def test_an_inspection_below_the_commendation_band_cannot_be_commended(world):
    inspection = make_inspection(world, plan=plan_of(world, commendation_quota=100),
                                 status=S.PUBLISHED, score=8)  # 80: satisfactory
    with pytest.raises(ValidationError) as refused:
        commend(world, inspection)
    assert "commendation band" in refused.value.messages[0]
    assert "80.0" in refused.value.messages[0] and "90" in refused.value.messages[0]
    assert not Commendation.objects.exists()


def test_the_default_quota_of_twenty_percent_is_refused_when_commending(world):
    plan = plan_of(world)  # no quota of its own: the standard's 20 %
    schools = [world.school, world.other_school] + [
        SchoolFactory(district=world.district, name=f"第{n}中学") for n in range(3, 11)]
    inspections = [make_inspection(world, school=s, plan=plan, status=S.PUBLISHED, score=10)
                   for s in schools]  # ten schools, all in the commendation band
    commend(world, inspections[0])
    commend(world, inspections[1])  # 2 of 10 = 20 %: allowed
    with pytest.raises(ValidationError) as refused:
        commend(world, inspections[2])
    message = refused.value.messages[0]
    assert "quota" in message and "20%" in message and "10 schools" in message
    assert "2 already" in message
    assert Commendation.objects.count() == 2


def test_a_plan_sets_its_own_quota(world):
    plan = plan_of(world, commendation_quota=50)
    first = make_inspection(world, plan=plan, status=S.PUBLISHED, score=10)
    second = make_inspection(world, school=world.other_school, plan=plan, status=S.PUBLISHED,
                             score=10)
    commend(world, first)
    with pytest.raises(ValidationError, match="quota"):
        commend(world, second)
    plan.commendation_quota = 100
    plan.save()
    commend(world, second)
    assert Commendation.objects.count() == 2


def test_an_inspection_is_commended_once(world):
    inspection = make_inspection(world, plan=plan_of(world, commendation_quota=100),
                                 status=S.PUBLISHED, score=10)
    commend(world, inspection)
    with pytest.raises(ValidationError, match="already"):
        commend(world, inspection)


def test_the_refusal_reaches_the_officer_in_chinese_and_keeps_the_text(world, client_for):
    inspection = make_inspection(world, plan=plan_of(world), status=S.PUBLISHED, score=10)
    client = client_for(world.officer)
    response = client.post(reverse("supervision:commendation_create", args=[inspection.pk]),
                           {"text": "团队工作成绩突出"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    page = response.content.decode()
    assert "团队工作成绩突出" in page  # what was typed stays in the form
    assert "表彰名额已满" in page
    assert not Commendation.objects.exists()


def test_the_commend_button_shows_only_in_the_commendation_band(world, client_for):
    plan = plan_of(world, commendation_quota=100)
    satisfactory = make_inspection(world, plan=plan, status=S.PUBLISHED, score=8)
    band = make_inspection(world, school=world.other_school, plan=plan, status=S.PUBLISHED,
                           score=10)
    client = client_for(world.officer)
    target = "supervision:commendation_create"
    page = client.get(satisfactory.get_absolute_url()).content.decode()
    assert reverse(target, args=[satisfactory.pk]) not in page
    page = client.get(band.get_absolute_url()).content.decode()
    assert reverse(target, args=[band.pk]) in page


def test_the_plan_form_sets_the_quota(world, client_for):
    plan = plan_of(world)
    response = client_for(world.officer).post(
        reverse("supervision:plan_update", args=[plan.pk]),
        {"year": plan.year, "title": plan.title, "commendation_quota": "30",
         "team": [world.officer.pk, world.education_officer.pk]})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.commendation_quota == 30

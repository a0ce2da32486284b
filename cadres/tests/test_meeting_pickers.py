"""Issue 25: the meeting form's school and cadre pickers (hundreds of entries in a district)
search as you type: a scoped, paginated search a constant number of queries long, behind a
widget that stays the plain multi-select without script."""

import re

import pytest
from django.urls import reverse

from cadres.models import AreaMeeting
from cadres.tests.factories import AreaMeetingFactory, CadreFactory
from portal.choices import PAGE_SIZE
from tests.factories import OrganisationFactory, SchoolFactory

pytestmark = pytest.mark.django_db
SCHOOLS = reverse("cadres:meeting_school_search")
CADRES = reverse("cadres:meeting_cadre_search")


HTMX = {"HTTP_HX_REQUEST": "true"}  # the picker's own requests


def found(response) -> list[str]:
    return re.findall(r'data-label="([^"]*)"', response.content.decode())


def test_the_form_offers_search_as_you_type_over_the_plain_select(world, client_for):
    meeting = AreaMeetingFactory(district=world.district, area="解放碑片区",
                                 host_school=world.school)
    meeting.attending_schools.set([world.other_school])
    page = client_for(world.officer).get(
        reverse("cadres:meeting_update", args=[meeting.pk])).content.decode()
    # Without script: the select, every school of the district, the chosen one selected.
    select = re.search(r'<select name="attending_schools"[^>]*>(.*?)</select>', page, re.S)
    assert select and 'id="id_attending_schools"' in select.group(0)
    assert select.group(1).count("<option") == 2 and world.far_school.name not in select.group(1)
    # With script: the template of the searching widget, labelled by the field's label.
    live = re.search(r'<template><div class="search-select-live">(.*?)</template>', page, re.S)
    assert live and f'hx-get="{SCHOOLS}"' in live.group(1)
    assert f'hx-get="{CADRES}"' in page
    assert f'name="attending_schools" value="{world.other_school.pk}"' in live.group(1)
    assert 'for="id_attending_schools"' in page  # the label: the select, or the search box


def test_the_school_search_finds_the_users_district_only(world, client_for):
    SchoolFactory(district=world.district, name="重庆市人和街小学", short_name="人和街小学",
                  area="上清寺片区")
    client = client_for(world.officer)
    assert found(client.get(SCHOOLS, {"q": "人和"}, **HTMX)) == ["上清寺片区 · 重庆市人和街小学"]
    assert found(client.get(SCHOOLS, {"q": "上清寺"}, **HTMX)) == ["上清寺片区 · 重庆市人和街小学"]
    assert found(client.get(SCHOOLS, {"q": "江北"}, **HTMX)) == []  # another district's school
    names = found(client.get(SCHOOLS, **HTMX))
    assert len(names) == 3 and not any(world.far_school.name in n for n in names)
    assert "没有匹配的结果" in client.get(SCHOOLS, {"q": "不存在"}, **HTMX).content.decode()
    # Opened as a page of its own (not by the picker), the results are a whole page.
    page = client.get(SCHOOLS, {"q": "人和"}).content.decode()
    assert "<title>" in page and "<li>上清寺片区 · 重庆市人和街小学</li>" in page


def test_the_cadre_search_finds_by_name_or_workplace(world, client_for):
    CadreFactory(school=world.school, name="周晓岚")
    CadreFactory(school=None, organisation=OrganisationFactory(district=world.district,
                                                               name="区少工委"),
                 district=world.district, name="陈立")
    CadreFactory(school=world.far_school, name="周远")  # another district
    client = client_for(world.officer)
    assert found(client.get(CADRES, {"q": "周"}, **HTMX)) == [f"周晓岚（{world.school}）"]
    by_school = client.get(CADRES, {"q": world.school.name}, **HTMX)
    assert found(by_school) == [f"周晓岚（{world.school}）"]
    assert found(client.get(CADRES, {"q": "少工委"}, **HTMX)) == ["陈立（区少工委）"]


@pytest.mark.parametrize("count", [5, 60])
def test_the_search_is_paginated_in_a_constant_number_of_queries(
        world, client_for, django_assert_max_num_queries, count):
    for n in range(count):
        SchoolFactory(district=world.district, name=f"渝中区第{n:03d}中学", area="大坪片区")
    client = client_for(world.officer)
    client.get(reverse("home"))  # the first request after logging in writes the session
    with django_assert_max_num_queries(4):  # session, user, the district, one page of rows
        first = client.get(SCHOOLS, {"q": "渝中区第"}, **HTMX)
    assert len(found(first)) == min(count, PAGE_SIZE)
    more = re.search(r'data-search-more hx-get="([^"]*)"', first.content.decode())
    assert bool(more) == (count > PAGE_SIZE)
    if more:
        second = client.get(more.group(1).replace("&amp;", "&"), **HTMX)
        assert found(second)[0] == "大坪片区 · 渝中区第020中学"


def test_only_meeting_editors_search(world, client_for):
    for user in (world.secretary, world.leader, world.city_officer):
        assert client_for(user).get(SCHOOLS).status_code in (403, 404), user
        assert client_for(user).get(CADRES).status_code in (403, 404), user


def test_the_chosen_checkboxes_post_like_the_select(world, client_for):
    """The widget posts its chosen rows as checkboxes of the field's name: the form reads
    them as it reads the select's options."""
    cadre = CadreFactory(school=world.school, name="周晓岚")
    client_for(world.officer).post(reverse("cadres:meeting_create"), {
        "area": "解放碑片区", "held_on": "2025-10-20", "topic": "座谈",
        "host_school": world.school.pk, "attending_schools": [str(world.school.pk)],
        "attending_cadres": [str(cadre.pk)], "minutes": ""})
    meeting = AreaMeeting.objects.get()
    assert list(meeting.attending_cadres.all()) == [cadre]

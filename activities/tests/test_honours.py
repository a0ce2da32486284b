"""Honour selections: nominate within quota, review, public notice, publish; student names
only for officers and the school's own secretary."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import HonourSelection, Nomination
from activities.tests.factories import NominationFactory, SelectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def selection(world):
    return SelectionFactory(district=world.district)


def nominate(client, selection, name):
    return client.post(reverse("activities:nominate"),
                       {"selection": selection.pk, "student_name": name,
                        "class_name": "初二1班", "reason": "助人为乐"},
                       follow=True)


def test_secretary_nominates_within_quota(world, client_for, selection):
    client = client_for(world.secretary)
    nominate(client, selection, "张明")
    nominate(client, selection, "李华")
    response = nominate(client, selection, "王芳")
    assert "名额（2 名）已用完" in response.content.decode()
    assert list(Nomination.objects.values_list("school", flat=True)) == [world.school.pk] * 2


def test_full_selection_and_name_visibility(world, client_for, selection):
    mine = NominationFactory(selection=selection, school=world.school, student_name="张明")
    theirs = NominationFactory(selection=selection, school=world.other_school,
                               student_name="赵敏")
    officer = client_for(world.officer)
    officer.post(reverse("activities:selection_advance", args=[selection.pk]))
    officer.post(reverse("activities:nomination_decide", args=[mine.pk]), {"decision": "accept"})
    officer.post(reverse("activities:nomination_decide", args=[theirs.pk]),
                 {"decision": "reject"})
    selection.refresh_from_db()
    selection.notice_starts = timezone.localdate() - timedelta(days=10)
    selection.notice_ends = timezone.localdate() - timedelta(days=3)
    selection.save()
    officer.post(reverse("activities:selection_advance", args=[selection.pk]))
    officer.post(reverse("activities:selection_advance", args=[selection.pk]))
    selection.refresh_from_db()
    assert selection.status == HonourSelection.Status.PUBLISHED
    url = reverse("activities:selection_detail", args=[selection.pk])
    assert client_for(world.secretary).get(url).status_code == 403
    page = client_for(world.secretary).get(reverse("activities:selection_mine")).content.decode()
    assert "张明" in page and "赵敏" not in page and "获表彰：1 人" in page
    page = client_for(world.leader).get(url).content.decode()
    assert "张明" not in page and "获表彰：1 人" in page
    assert "张明" in client_for(world.officer).get(url).content.decode()
    from io import BytesIO

    from openpyxl import load_workbook
    rows = list(load_workbook(BytesIO(client_for(world.officer).get(
        url + "?export=xlsx").content)).active.values)
    assert rows == [("学生姓名", "学校", "班级"), ("张明", "求精中学", "初二1班")]


def test_refusals(world, client_for, selection):
    other = NominationFactory(selection=selection, school=world.other_school)
    assert client_for(world.secretary).post(
        reverse("activities:nomination_withdraw", args=[other.pk])).status_code == 404
    assert client_for(world.secretary).post(
        reverse("activities:selection_advance", args=[selection.pk])).status_code == 403
    response = client_for(world.officer).post(
        reverse("activities:nomination_decide", args=[other.pk]), {"decision": "accept"},
        follow=True)
    assert "推荐在审核阶段审定" in response.content.decode()
    other.refresh_from_db()
    assert other.status == Nomination.Status.NOMINATED


@pytest.mark.parametrize("value", ["abc", "", "1.5", "99999999999999999999999"])
def test_nominating_for_a_crafted_selection_id_is_not_found(world, client_for, selection, value):
    response = client_for(world.secretary).post(
        reverse("activities:nominate"),
        {"selection": value, "student_name": "张明", "class_name": "初二1班"})
    assert response.status_code == 404
    assert not Nomination.objects.exists()

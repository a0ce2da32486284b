import pytest

from schools.models import Branch, School

pytestmark = pytest.mark.django_db


def test_secretary_sees_own_school_only(world):
    assert list(School.objects.visible_to(world.secretary)) == [world.school]
    assert set(Branch.objects.visible_to(world.secretary)) == set(world.school.branches.all())


def test_officer_sees_own_district(world):
    assert set(School.objects.visible_to(world.officer)) == {world.school, world.other_school}
    assert set(School.objects.visible_to(world.far_officer)) == {world.far_school}


def test_leader_and_org_department_see_district(world):
    expected = {world.school, world.other_school}
    assert set(School.objects.visible_to(world.leader)) == expected
    assert set(School.objects.visible_to(world.org_department)) == expected


def test_city_wide_roles_see_everything(world):
    assert School.objects.visible_to(world.city_officer).count() == 3
    assert School.objects.visible_to(world.admin).count() == 3


def test_inactive_and_anonymous_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    world.officer.is_active = False
    assert not School.objects.visible_to(world.officer).exists()
    assert not School.objects.visible_to(AnonymousUser()).exists()


def test_user_without_district_sees_nothing(world):
    world.officer.district = None
    assert not School.objects.visible_to(world.officer).exists()


def test_unread_notification_badge(world, client):
    from portal.models import Notification

    Notification.objects.create(recipient=world.officer, title="月报提醒")
    client.force_login(world.officer)
    page = client.get("/schools/").content.decode()
    assert 'data-testid="unread-count">1<' in page
    client.post("/notifications/read/")
    assert 'data-testid="unread-count"' not in client.get("/schools/").content.decode()

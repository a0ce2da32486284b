"""Defects a new user found across the portal (issue 10); each test failed before its fix."""

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from portal.numbers import hours, money
from portal.preferences import NotificationPreference


def test_favicon_is_served_and_linked(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("portal/favicon.ico")
    assert finders.find("portal/favicon.ico") and finders.find("portal/favicon.svg")
    page = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in page and "portal/favicon" in page


@pytest.mark.parametrize("label", ["axes", "django_tasks", "django_tasks_database"])
def test_third_party_apps_have_chinese_names_in_the_admin(label):
    from django.apps import apps

    with translation.override("zh-hans"):
        name = str(apps.get_app_config(label).verbose_name)
    assert name and all("\u4e00" <= c <= "\u9fff" for c in name), name


def test_third_party_models_have_chinese_names():
    from axes.models import AccessAttempt
    from django_tasks_db.models import DBTaskResult

    with translation.override("zh-hans"):
        for model in (AccessAttempt, DBTaskResult):
            assert model in admin.site._registry
            name = str(model._meta.verbose_name_plural)
            assert any("\u4e00" <= c <= "\u9fff" for c in name), name


def test_the_profile_page_creates_no_preference_until_asked(world, client_for):
    client = client_for(world.secretary)
    page = client.get(reverse("profile")).content.decode()
    assert not NotificationPreference.objects.filter(user=world.secretary).exists()
    assert 'data-testid="create-feed"' in page
    client.post(reverse("calendar_reset"), {"confirm": "yes"})
    token = NotificationPreference.objects.get(user=world.secretary).calendar_token
    assert token in client.get(reverse("profile")).content.decode()


def test_numbers_are_formatted_for_their_kind():
    from decimal import Decimal

    assert str(hours(Decimal("1.80000000000000"))) == "1.8"
    assert str(hours(Decimal("2.00"))) == "2" and str(hours(10)) == "10"
    assert str(money(190000)) == "190000.00"

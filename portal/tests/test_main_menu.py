"""The main menu is rendered once per role, district and language in each process
(templates/base.html, the "process" cache): each role still sees its own menu, whoever
was served first, and a change of role shows the new role's menu at once."""

import re

import pytest
from django.core.cache import caches
from django.urls import reverse


def _menu(client) -> str:
    html = client.get(reverse("activities:report_list")).content.decode()
    return re.search(r'<ul class="navbar-nav me-auto">.*?<ul class="navbar-nav">', html,
                     re.S).group(0)


@pytest.mark.django_db
def test_each_role_sees_its_own_main_menu_from_the_process_cache(world, client_for):
    caches["process"].clear()
    secretary_menu = _menu(client_for(world.secretary))
    officer_menu = _menu(client_for(world.officer))
    assert reverse("activities:report_current") in secretary_menu
    assert reverse("activities:report_current") not in officer_menu
    assert reverse("activities:calendar") in officer_menu
    assert reverse("activities:calendar") not in secretary_menu
    assert reverse("admin:index") not in officer_menu
    assert reverse("admin:index") in _menu(client_for(world.admin))
    # served again from the cache: the same menu for the same role
    assert _menu(client_for(world.secretary)) == secretary_menu
    assert _menu(client_for(world.other_secretary)) == secretary_menu


@pytest.mark.django_db
def test_a_changed_role_shows_the_new_roles_menu(world, client_for):
    caches["process"].clear()
    user = world.education_officer
    client = client_for(user)
    assert reverse("activities:calendar") in _menu(client)
    user.role = world.secretary.role
    user.school = world.school
    user.save()
    menu = _menu(client)
    assert reverse("activities:report_current") in menu
    assert reverse("activities:calendar") not in menu


@pytest.mark.django_db
def test_the_menu_follows_the_language(world, client_for):
    caches["process"].clear()
    client = client_for(world.officer)
    client.cookies["django_language"] = "en"
    english = _menu(client)
    client.cookies["django_language"] = "zh-hans"
    chinese = _menu(client)
    assert "Monthly reports" in english and "月报" in chinese

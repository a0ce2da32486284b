"""Every URL of the project, every role: enumerated from the URL configuration, so a new URL
is covered without editing this file. The world is the demo district (`seed_demo`).

Rules the URLs follow (README, "For developers"): at most one object id per URL, named
`<model>_pk` or the model's `url_kwarg`; other kwargs only `year` and `month` (and the
calendar feed's secret `token`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from portal.middleware import ALWAYS_ALLOWED
from portal.models import Role, User
from portal.plugins import project_apps
from portal.scoping import DistrictWideQuerySet
from schools.models import School

# The calendar feed is read by calendar programs, which cannot sign in: its secret token is
# the key (portal/tests/test_todo.py proves a wrong or reset token is a 404).
PUBLIC = {"login", "set_language", "password_reset", "logout", "calendar_feed", "favicon"}
NOT_OBJECT_IDS = ("year", "month", "token")
SKIP_NAMESPACES = {"admin"}


@dataclass
class Route:
    name: str  # namespaced
    kwargs: tuple[str, ...]
    callback: object


def _walk(resolver, namespace: str = "") -> list[Route]:
    routes = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIP_NAMESPACES:
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            prefix_kwargs = tuple(getattr(entry.pattern, "converters", {}))
            for route in _walk(entry, ns):
                route.kwargs = prefix_kwargs + route.kwargs
                routes.append(route)
        elif isinstance(entry, URLPattern) and entry.name:
            if entry.name in PUBLIC:
                continue
            kwargs = tuple(getattr(entry.pattern, "converters", {}))
            routes.append(Route(f"{namespace}{entry.name}", kwargs, entry.callback))
    return routes


ROUTES = _walk(get_resolver())


def _models_by_kwarg() -> dict[str, type[models.Model]]:
    found = {}
    for label in project_apps():
        for model in apps.get_app_config(label).get_models():
            found[getattr(model, "url_kwarg", f"{model._meta.model_name}_pk")] = model
    return found


MODELS = _models_by_kwarg()


def _object_kwarg(route: Route) -> str | None:
    names = [k for k in route.kwargs if k not in NOT_OBJECT_IDS]
    assert len(names) <= 1, f"{route.name} carries more than one object id: {names}"
    if names:
        assert names[0] in MODELS, f"{route.name}: no model answers to <{names[0]}>"
        return names[0]
    return None


def _school_of(instance) -> int | None:
    path = getattr(type(instance), "scope_school", None)
    if path is None:
        return None
    value = instance
    if path == "":
        return instance.pk
    for part in path.split("__"):
        value = getattr(value, part)
        if value is None:
            return None
    return value.pk


def _kwargs(route: Route, instance=None) -> dict:
    today = timezone.localdate()
    values = {"year": today.year, "month": today.month}
    kwargs = {k: values[k] for k in route.kwargs if k in values}
    obj = _object_kwarg(route)
    if obj:
        kwargs[obj] = instance.pk
    return kwargs


def _any_instance(model, **filters):
    instance = model.objects.filter(**filters).order_by("pk").first()
    assert instance is not None, (
        f"seed_demo creates no {model.__name__} matching {filters}: the access test cannot "
        "check the URLs that take one"
    )
    return instance


def _snapshot() -> dict:
    counts = {}
    for label in project_apps():
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model.objects.count()
    return counts


def _state(instance) -> dict:
    return model_to_dict(type(instance).objects.get(pk=instance.pk))


@pytest.fixture
def demo(db):
    call_command("seed_demo", password="pw-for-tests-1", stdout=open("/dev/null", "w"))
    return {u.username: u for u in User.objects.all()}


def test_every_route_is_checked():
    names = {r.name for r in ROUTES}
    assert {"home", "schools:list", "schools:detail", "schools:branch_update"} <= names


def test_anonymous_users_are_sent_to_log_in(demo, client):
    failures = []
    for route in ROUTES:
        obj = _object_kwarg(route)
        instance = _any_instance(MODELS[obj]) if obj else None
        url = reverse(route.name, kwargs=_kwargs(route, instance))
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            failures.append(f"{route.name} {url} -> {response.status_code}")
    assert not failures, "\n".join(failures)


# Rows a GET may write, by design: the access log records who opened which file.
GET_MAY_WRITE = {"portal.AccessEvent"}


@pytest.mark.parametrize("username", ["qiujing", "tuanqu"])
def test_no_get_creates_a_row(demo, client, username):
    """A GET only reads: a report, a preference, a settings row is created by a POST (issue
    10: opening this month's report created a draft)."""
    user = demo[username]
    client.force_login(user)
    before = _snapshot()
    for route in ROUTES:
        obj = _object_kwarg(route)
        instance = None
        if obj:
            model = MODELS[obj]
            instance = (model.objects.filter(**_in_district(model, user)).order_by("pk").first()
                        or model.objects.order_by("pk").first())
        client.get(reverse(route.name, kwargs=_kwargs(route, instance)))
    after = _snapshot()
    changed = {label: (before[label], after[label]) for label in before
               if before[label] != after[label] and label not in GET_MAY_WRITE}
    assert not changed, changed


def test_secretary_never_reaches_another_school(demo, client):
    secretary = demo["qiujing"]
    client.force_login(secretary)
    failures = []
    for route in ROUTES:
        obj = _object_kwarg(route)
        if not obj:
            continue
        model = MODELS[obj]
        candidates = model.objects.order_by("pk")
        instance = next((i for i in candidates if _school_of(i) != secretary.school_id), None)
        assert instance is not None, f"no {model.__name__} outside 求精中学 for {route.name}"
        before = _state(instance)
        url = reverse(route.name, kwargs=_kwargs(route, instance))
        # Rows of the district as a whole (documents, meetings, rounds) are the secretary's
        # to read (`DistrictWideQuerySet`); writing them is still refused.
        district_wide = isinstance(model.objects.all(), DistrictWideQuerySet)
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if method == "get" and district_wide and status == 200:
                continue
            if status not in (403, 404, 405):
                failures.append(f"{method.upper()} {route.name} {url} -> {status}")
        if _state(instance) != before:
            failures.append(f"{route.name}: {model.__name__} {instance.pk} changed")
    assert not failures, "\n".join(failures)


def test_officer_of_another_district_sees_nothing_here(demo, client):
    from portal.models import District

    far = District.objects.create(name="江北区", code="jiangbei")
    officer = User.objects.create(username="far", role=Role.DISTRICT_OFFICER, district=far)
    client.force_login(officer)
    failures = []
    for route in ROUTES:
        obj = _object_kwarg(route)
        if not obj or obj == "notification_pk":
            continue
        instance = _any_instance(MODELS[obj])
        url = reverse(route.name, kwargs=_kwargs(route, instance))
        status = client.get(url).status_code
        if status not in (403, 404, 405):
            failures.append(f"GET {route.name} {url} -> {status}")
    assert not failures, "\n".join(failures)


def test_leader_changes_no_record(demo, client):
    leader = demo["lingdao"]
    client.force_login(leader)
    before = _snapshot()
    failures = []
    for route in ROUTES:
        if getattr(route.callback, "allow_read_only_post", False) or route.name in ALWAYS_ALLOWED:
            continue  # asks for a PDF, changes one's own password: writes no district record
        obj = _object_kwarg(route)
        instance = _any_instance(MODELS[obj], **_in_district(MODELS[obj], leader)) if obj else None
        state = _state(instance) if instance else None
        url = reverse(route.name, kwargs=_kwargs(route, instance))
        response = client.post(url, {"name": "改", "status": "approved", "comment": "x"})
        if response.status_code not in (403, 404, 405):
            failures.append(f"POST {route.name} {url} -> {response.status_code}")
        if instance and _state(instance) != state:
            failures.append(f"{route.name}: {type(instance).__name__} {instance.pk} changed")
    assert _snapshot() == before
    assert not failures, "\n".join(failures)


def _in_district(model, user) -> dict:
    path = getattr(model, "scope_district", None)
    if path is None:
        return {}
    if path == "":
        return {"pk": user.district_id}
    return {f"{path}_id": user.district_id}


def test_school_scope_helper_agrees_with_visible_to(demo):
    secretary = demo["qiujing"]
    assert list(School.objects.visible_to(secretary)) == [secretary.school]


def test_non_staff_cannot_open_the_admin(demo, client):
    client.force_login(demo["tuanqu"])
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

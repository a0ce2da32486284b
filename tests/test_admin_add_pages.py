"""Every admin add page works or is closed (issue 26): opened, posted empty and posted with
junk (year 0, negative and huge numbers, out-of-range dates, inline rows), it answers with the
form and its errors, never a 500. Models only the services create (a reserve-pool entry, an
assessment, an application, a secondment) have no add page at all.

The pages are discovered from the admin's registry: a new model is covered without editing
this file."""

from __future__ import annotations

import random

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.test_no_500 import _forms

pytestmark = pytest.mark.django_db

# Created only by the services (which check, lock and record): the admin may not add them.
SERVICE_ONLY = {"cadres.ReservePoolEntry", "cadres.Assessment", "cadres.Application",
                "cadres.Secondment"}
JUNK = ["0", "-1", "99999999999999999999", "2026-13-45", "0000-01-01", "x" * 300, "NaN", ""]
PLAUSIBLE = ["1", "3", "2026", "2026-03-15", "08:00:00", "求精中学", "on"]
MIXED = 12  # posts per page mixing the page's options, plausible values and junk


@pytest.fixture
def superuser_client(world, client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org",
                                                      "pw-for-tests-1")
    client.force_login(user)
    client.raise_request_exception = False
    client.cookies["django_language"] = "en"
    return client


def _add_pages(user):
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        if model_admin.has_add_permission(request):
            meta = model._meta
            yield meta.label, reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


def _inline_rows(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """The fields with each inline's empty template row (``-__prefix__-``) as its first row."""
    return {name.replace("-__prefix__-", "-0-"): options for name, options in fields.items()}


def _junk(fields: dict[str, list[str]], value, with_options: bool) -> dict[str, str]:
    """Every field of the page's form set to ``value`` (or ``value()``); the management forms
    of inlines say one row is posted; choices set to the page's own first option when
    ``with_options``."""
    data = {}
    for name, options in _inline_rows(fields).items():
        if name.endswith(("-TOTAL_FORMS",)):
            data[name] = "1"
        elif name.endswith(("-INITIAL_FORMS", "-MIN_NUM_FORMS")):
            data[name] = "0"
        elif name.endswith("-MAX_NUM_FORMS"):
            data[name] = "1000"
        elif with_options and options:
            data[name] = options[0]
        else:
            data[name] = value(options) if callable(value) else value
    return data


def test_services_only_models_have_no_add_page(world, superuser_client):
    user = superuser_client.get("/").wsgi_request.user
    labels = {label for label, _url in _add_pages(user)}
    assert not labels & SERVICE_ONLY
    for label in SERVICE_ONLY:
        app, model = label.lower().split(".")
        assert superuser_client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403


def test_no_admin_add_page_gives_a_500(world, superuser_client):
    user = superuser_client.get("/").wsgi_request.user
    failures = []
    for label, url in _add_pages(user):
        page = superuser_client.get(url)
        if page.status_code != 200:
            failures.append(f"GET {label} {page.status_code}")
            continue
        forms = [f for f in _forms(url, page.content.decode()) if f[0] == "post"]
        fields = {}
        for _method, _action, found in forms:
            fields.update(found)
        pick = random.Random(label)
        posts = [{}] + [_junk(fields, value, with_options=False) for value in JUNK] \
            + [_junk(fields, value, with_options=True) for value in JUNK] \
            + [_junk(fields, lambda options, pick=pick: pick.choice([*options, *PLAUSIBLE, *JUNK]),
                     with_options=False) for _ in range(MIXED)]
        for data in posts:
            response = superuser_client.post(url, data)
            if response.status_code >= 500:
                failures.append(f"POST {label} {data!r}"[:300])
                break
    assert not failures, "\n".join(failures)

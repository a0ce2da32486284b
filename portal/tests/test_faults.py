"""The database going away: a clear page, then the next request works."""

from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.signals import request_finished, request_started
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from portal.models import NotificationQuerySet

GONE = OperationalError("server closed the connection unexpectedly")


def logged_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_a_database_error_in_a_view_gives_a_clear_page_and_the_next_request_works(world):
    client = logged_in(world.officer)
    with mock.patch.object(NotificationQuerySet, "for_user", side_effect=GONE):
        response = client.get(reverse("notifications"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "数据库" in response.content.decode()  # the Chinese explanation, not a traceback

    assert client.get(reverse("notifications")).status_code == 200


def test_a_database_error_while_loading_the_session_gives_the_same_page(world):
    client = logged_in(world.officer)
    with mock.patch.object(SessionStore, "load", side_effect=GONE):
        response = client.get(reverse("notifications"))
    assert response.status_code == 503
    assert client.get(reverse("notifications")).status_code == 200


def test_other_errors_give_the_generic_error_page(world):
    client = logged_in(world.officer)
    with mock.patch.object(NotificationQuerySet, "for_user", side_effect=ValueError("bug")):
        response = client.get(reverse("notifications"))
    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()


def test_persistent_connections_are_health_checked():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _kill_own_backend() -> None:
    params = connection.get_connection_params()
    pid = connection.connection.info.backend_pid
    with psycopg.connect(**{**params, "dbname": params.get("dbname")}, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.django_db(transaction=True)
def test_after_a_database_restart_the_next_request_reconnects(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no server to restart")
    saved = {key: connection.settings_dict[key] for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}
    connection.settings_dict.update(CONN_MAX_AGE=600, CONN_HEALTH_CHECKS=True)
    try:
        connection.close()
        request_started.send(sender=None)
        connection.ensure_connection()
        request_finished.send(sender=None)  # a persistent connection outlives the request

        _kill_own_backend()  # what a server restart does to an idle pooled connection

        request_started.send(sender=None)  # the next request
        assert world.school.__class__.objects.filter(pk=world.school.pk).exists()
        request_finished.send(sender=None)
    finally:
        connection.settings_dict.update(saved)
        connection.close()

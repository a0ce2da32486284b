"""Lockouts behind a proxy, password spraying, and sessions that expire."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import Role, User
from portal.signin import _LOGIN_AT, _SEEN_AT

PASSWORD = "right-password-1"
PROXY = "10.0.0.1"


@pytest.fixture
def wang(db) -> User:
    return User.objects.create_user(username="wang", password=PASSWORD,
                                    role=Role.DISTRICT_OFFICER)


def via_proxy(client_address: str, spoofed: str = "") -> Client:
    """A browser behind the reverse proxy: the proxy appends the address it saw."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def fail(client: Client, username: str, times: int = 1) -> None:
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong"})


def logs_in(client: Client, username: str = "wang") -> bool:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_behind_a_proxy_an_attacker_elsewhere_does_not_lock_the_real_user_out(wang, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    attacker = via_proxy("203.0.113.9", spoofed="198.51.100.20")
    fail(attacker, "wang", times=3)
    assert not logs_in(attacker)  # the attacker's address is locked for this user

    assert logs_in(via_proxy("198.51.100.20"))  # the spoofed address is not the one counted


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(wang, settings):
    settings.AXES_FAILURE_LIMIT = 3
    fail(via_proxy("203.0.113.9"), "wang", times=3)
    # Every request comes from the proxy's address, which is now locked for this user.
    assert not logs_in(via_proxy("198.51.100.20"))


def test_password_spraying_from_one_address_is_throttled(wang, settings):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 20
    sprayer = Client(REMOTE_ADDR="203.0.113.50")
    for n in range(30):
        fail(sprayer, f"user{n}")  # once each: no username+address pair is locked
    response = sprayer.post(reverse("login"), {"username": "wang", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in sprayer.session

    assert logs_in(Client(REMOTE_ADDR="203.0.113.51"))  # other addresses are not affected


def test_a_few_typos_from_an_office_do_not_throttle_it(wang, settings):
    office = Client(REMOTE_ADDR="203.0.113.60")
    for n in range(5):
        fail(office, f"colleague{n}")
    assert logs_in(office)


def age_session(client: Client, *, login_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[_LOGIN_AT] = now - login_ago
    session[_SEEN_AT] = now - seen_ago
    session.save()


def test_an_idle_session_expires(wang, settings):
    settings.SESSION_IDLE_SECONDS = 2 * 3600
    client = Client()
    assert logs_in(client)
    assert client.get(reverse("notifications")).status_code == 200

    age_session(client, login_ago=3 * 3600, seen_ago=2 * 3600 + 5)
    response = client.get(reverse("notifications"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_an_active_session_ends_after_a_working_day(wang, settings):
    settings.SESSION_COOKIE_AGE = 10 * 3600
    client = Client()
    assert logs_in(client)
    age_session(client, login_ago=9 * 3600, seen_ago=60)
    assert client.get(reverse("notifications")).status_code == 200  # active: still in

    age_session(client, login_ago=10 * 3600 + 5, seen_ago=60)
    assert client.get(reverse("notifications")).status_code == 302
    assert "_auth_user_id" not in client.session

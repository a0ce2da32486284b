import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from portal.models import Role, User

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_environment():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-real-production-secret-" + "x9!Q" * 12,
        "ALLOWED_HOSTS": "portal.example.org",
        "PORTAL_URL": "https://portal.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr


def test_check_warns_without_portal_url_when_debug_is_off(settings):
    from django.core import checks

    settings.DEBUG, settings.PORTAL_URL = False, ""
    assert [m.id for m in checks.run_checks() if m.id.startswith("portal.")] == ["portal.W001"]
    settings.PORTAL_URL = "https://portal.example.org"
    assert not [m for m in checks.run_checks() if m.id == "portal.W001"]
    settings.DEBUG, settings.PORTAL_URL = True, ""
    assert not [m for m in checks.run_checks() if m.id == "portal.W001"]


def test_smtp_comes_from_the_environment():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "EMAIL_HOST": "smtp.qq.com",
           "EMAIL_PORT": "465", "EMAIL_HOST_USER": "tw@example.org", "EMAIL_HOST_PASSWORD": "pw",
           "EMAIL_USE_SSL": "1", "EMAIL_TIMEOUT": "7",
           "DEFAULT_FROM_EMAIL": "团区委 <tw@example.org>",
           "PORTAL_URL": "https://portal.example.org/"}
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, "
            "s.EMAIL_USE_SSL, s.EMAIL_USE_TLS, s.EMAIL_TIMEOUT, s.PORTAL_URL)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["smtp.qq.com", "465", "tw@example.org", "pw", "True",
                                     "False", "7", "https://portal.example.org"], result.stderr
    both = {**env, "EMAIL_USE_TLS": "1"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT,
                            env=both, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "EMAIL_USE_TLS or EMAIL_USE_SSL" in result.stderr


def test_bad_boolean_setting_fails_loudly():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "maybe"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user(username="wang", password="right-password-1",
                             role=Role.DISTRICT_OFFICER)
    url = reverse("login")
    for _ in range(3):
        client.post(url, {"username": "wang", "password": "wrong"})
    response = client.post(url, {"username": "wang", "password": "right-password-1"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_and_logout(client):
    User.objects.create_user(username="li", password="right-password-1", role=Role.LEADER)
    response = client.post(reverse("login"), {"username": "li", "password": "right-password-1"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_validators_are_on(client):
    user = User.objects.create_user(username="zhao", password="right-password-1",
                                    role=Role.DISTRICT_OFFICER)
    client.force_login(user)
    response = client.post(reverse("password_change"), {
        "old_password": "right-password-1", "new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password("right-password-1")


@pytest.mark.django_db
def test_role_group_follows_role():
    user = User.objects.create_user(username="sun", password="x", role=Role.LEADER)
    assert list(user.groups.values_list("name", flat=True)) == ["leader"]
    user.role = Role.DISTRICT_OFFICER
    user.save()
    assert list(user.groups.values_list("name", flat=True)) == ["district_officer"]
    assert user.has_perm("schools.change_school")


def test_security_headers(client, db):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"

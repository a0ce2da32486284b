"""Settings for the test suite: the real settings with fast hashing and plain static files."""

import os

from portal.settings import *  # noqa: F403
from portal.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
AXES_ENABLED = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the browser tests' live server answers from other threads.
    # One file per run, so that two runs at once do not share it.
    _name = f"test-{os.getpid()}.sqlite3"
    (BASE_DIR / "test-artifacts").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-artifacts" / _name)}  # noqa: F405
ROBOT_WEBHOOK_HOSTS = [*ROBOT_WEBHOOK_HOSTS, "127.0.0.1"]  # noqa: F405  the tests' robot
PORTAL_URL = "http://testserver"  # the test client's host: mailed links open with it

# PORTAL_TEST_TODAY=YYYY-MM-DD runs the whole test session on that day: the clock starts at
# 10:00 in TIME_ZONE (the same calendar day in UTC and in China) and ticks on from there, in
# every thread (the browser tests' live server included) and in every process that loads
# these settings. Unset, the suite runs on the real date. See README, "Tests on a given date".
TEST_TODAY = os.environ.get("PORTAL_TEST_TODAY", "").strip()
if TEST_TODAY:
    import datetime as _datetime
    import zoneinfo as _zoneinfo

    import time_machine as _time_machine

    _start = _datetime.datetime.combine(
        _datetime.date.fromisoformat(TEST_TODAY), _datetime.time(10, 0),
        tzinfo=_zoneinfo.ZoneInfo(TIME_ZONE))  # noqa: F405
    _time_machine.travel(_start, tick=True).start()

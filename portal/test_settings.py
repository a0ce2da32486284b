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
PORTAL_URL = "http://testserver"  # the test client\x27s host: mailed links open with it

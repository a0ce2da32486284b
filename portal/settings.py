"""Settings for the School League Work Portal.

Everything that differs between a laptop and production comes from environment variables
(see README.md). The defaults run on one machine with SQLite and are safe: DEBUG is off
unless asked for, and secure cookies and HSTS follow DEBUG.
"""

import hashlib
import hmac
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "django-insecure-development-only-key-change-me-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET)
# Signs backup manifests (portal/backup.py). Unset: derived from SECRET_KEY under a salt of its
# own, so changing SECRET_KEY makes older archives unverifiable (restore --trust-unsigned).
BACKUP_KEY = env_str("BACKUP_KEY", "") or hmac.new(
    SECRET_KEY.encode(), b"portal.backup.manifest-signing-key", hashlib.sha256).hexdigest()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The portal's apps come first: their templates and translations take precedence.
    "portal",
    "schools",
    "supervision",
    "activities",
    "cadres",
    "reports",  # above the domain apps: what composes several of them
    "portal.third_party_apps.AdminConfig",  # django.contrib.admin on the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "import_export",
    "simple_history",
    # axes, django_tasks and django_tasks_db under names the admin shows in Chinese
    "portal.third_party_apps.AxesConfig",
    "csp",
    "portal.third_party_apps.TasksConfig",
    "portal.third_party_apps.TasksDatabaseConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.locale_middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.signin.SessionTimeoutMiddleware",
    "portal.input_guard.ControlCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.access_log.AccessLogMiddleware",
    "portal.middleware.ReadOnlyRoleMiddleware",
    "portal.form_tokens.OneTimeFormTokenMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # A persistent connection is checked before a request reuses it, so a database
        # restart costs at most the request that was running (see portal.faults).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background worker write while pages read. Write transactions start with
    # BEGIN IMMEDIATE: they queue for the write lock (up to `timeout` seconds) instead of
    # failing with "database is locked" when a read transaction tries to become a write.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each process's own memory, emptied when it restarts (a deployment): for fragments that
# change only with the code, such as the main menu of each role (templates/base.html).
CACHES["process"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                     "LOCATION": "process", "TIMEOUT": None}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy, the client's address comes from X-Forwarded-For, trusted only for
# TRUSTED_PROXY_COUNT proxies (0: the proxy header is ignored) and, when TRUSTED_PROXY_IPS is
# set, only on requests from those addresses (portal.signin.client_ip).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", [])
AXES_CLIENT_IP_CALLABLE = "portal.signin.client_ip"
# Password spraying: an address with this many failures over all usernames within the
# cool-off is refused (axes itself locks a username and address pair).
SIGNIN_ADDRESS_FAILURE_LIMIT = env_int("SIGNIN_ADDRESS_FAILURE_LIMIT", 20)

# Sessions end after SESSION_IDLE_MINUTES without a request, and at the latest SESSION_MAX_HOURS
# after signing in (portal.signin.SessionTimeoutMiddleware).
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 120) * 60
SESSION_COOKIE_AGE = env_int("SESSION_MAX_HOURS", 10) * 3600

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", _NODE / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", _NODE / "bootstrap-icons" / "font"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# The access log keeps this many days (at least 183: six months); prune_access_log, daily.
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 183)
# Spreadsheet imports (and the files they hold) are kept this many days once finished, and
# previews never confirmed this many; prune_imports, daily.
IMPORT_RETENTION_DAYS = env_int("IMPORT_RETENTION_DAYS", 30)
IMPORT_PREVIEW_RETENTION_DAYS = env_int("IMPORT_PREVIEW_RETENTION_DAYS", 1)
# An import or check showing no sign of life for this many minutes lost its process (a
# killed web or worker process): recover_tasks, daily, marks it failed.
IMPORT_STALE_MINUTES = env_int("IMPORT_STALE_MINUTES", 30)
# Largest upload the portal accepts (evidence files, photos); checked per file by validators.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 10) * 1024 * 1024
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_MEGAPIXELS", 40) * 1_000_000  # images, width × height
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

FILTERS_EMPTY_CHOICE_LABEL = _("All")
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "portal/table.html"  # bootstrap5.html, cells labelled for phones
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The SMTP server (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend).
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # implicit TLS, usually port 465
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # seconds; mail is sent by the worker, not pages
# The portal's address as its users reach it (https://portal.example.gov.cn): the links of
# every mail, robot message and calendar feed are absolute from it (portal.links).
PORTAL_URL = env_str("PORTAL_URL", "").strip().rstrip("/")
# Group robots (企业微信 / 钉钉) post only to these hosts, over HTTPS.
ROBOT_WEBHOOK_HOSTS = env_list("ROBOT_WEBHOOK_HOSTS",
                               ["qyapi.weixin.qq.com", "oapi.dingtalk.com"])

# Security. Secure cookies and HSTS default to on whenever DEBUG is off.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # Attribute styles only (progress bars, chart widths); no inline <style> or script.
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],  # no injected <base> can move relative script URLs
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# The admin's Excel export writes formula-like text as quoted strings, like the pages' exports
# (portal.excel); CSV cannot carry that style, so the admin exports .xlsx only.
from portal.excel import SafeXLSX  # noqa: E402

EXPORT_FORMATS = [SafeXLSX]

"""The access log (访问日志): who signed in, failed to sign in or signed out, who exported or
downloaded what, and whose role was changed by whom.

- Sign-ins, failed sign-ins and sign-outs come from Django's auth signals.
- Downloads are recorded by `AccessLogMiddleware` from the *response*: every successful
  response that is a file (a `FileResponse`, a ``Content-Disposition`` naming a file, or an
  Excel or PDF body) is one event. Exports and downloads that any app adds are therefore
  logged without the app doing anything; a view opts out with ``response.access_log = False``
  (thumbnails shown inside a page are not downloads).
- Role changes: a user's role, organisation, school, district or staff/superuser/active flags
  changed, recorded with the user who changed them (the request's user, if any).

Events are never edited; `manage.py prune_access_log` (the daily job) deletes those older than
``ACCESS_LOG_RETENTION_DAYS`` (at least 183: six months are always kept).
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_RETENTION_DAYS = 183  # six months: the shortest retention the portal accepts

XLSX_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "application/vnd.ms-excel")
_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?"?([^";]+)"?""", re.IGNORECASE)

# The fields whose change is a role change (what a user may see and do).
ROLE_FIELDS = ("role", "organisation_id", "school_id", "district_id", "is_staff",
               "is_superuser", "is_active")


class AccessEventQuerySet(models.QuerySet):
    def older_than(self, days: int) -> AccessEventQuerySet:
        return self.filter(at__lt=timezone.now() - timedelta(days=days))


class AccessEvent(models.Model):
    """One entry of the access log. Read-only once written (admin and portal alike)."""

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        SIGN_OUT = "sign_out", _("Signed out")
        EXPORT = "export", _("Excel export")
        PDF = "pdf", _("PDF download")
        DOWNLOAD = "download", _("File download")
        ROLE_CHANGE = "role_change", _("Role change")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("username"), max_length=150, blank=True,
                                help_text=_("As typed for a failed sign-in; kept if the "
                                            "user is removed."))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    path = models.CharField(_("path"), max_length=255, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["action", "at"]), models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"


def _clean(text: str, limit: int) -> str:
    """Printable text within ``limit`` characters (no control characters reach the database)."""
    return "".join(ch for ch in str(text) if ch.isprintable())[:limit]


def record(action: str, *, request=None, user=None, username: str = "", obj=None,
           object_type: str = "", object_id="", label: str = "") -> AccessEvent:
    """Write one event. ``request`` supplies the path, address and browser; ``obj`` the
    object's type, id and label unless they are given."""
    from portal.signin import client_ip

    if user is None and request is not None and getattr(request, "user", None) is not None \
            and request.user.is_authenticated:
        user = request.user
    if user is not None and not username:
        username = user.get_username()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        label = label or str(obj)
    ip = None
    agent = path = ""
    if request is not None:
        ip = client_ip(request)
        agent = request.META.get("HTTP_USER_AGENT", "")
        path = request.get_full_path()
    return AccessEvent.objects.create(
        action=action, user=user if user is not None and user.pk else None,
        username=_clean(username, 150), object_type=_clean(object_type, 100),
        object_id=_clean("" if object_id is None else object_id, 64),
        object_label=_clean(label, 255), path=_clean(path, 255), ip=ip or None,
        user_agent=_clean(agent, 200))


# --- sign-in, failed sign-in, sign-out (connected in PortalConfig.ready) ---------------------

def on_signed_in(sender, request, user, **kwargs) -> None:
    record(AccessEvent.Action.SIGN_IN, request=request, user=user)


def on_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    record(AccessEvent.Action.SIGN_IN_FAILED, request=request,
           username=str(credentials.get("username", "")))


def on_signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(AccessEvent.Action.SIGN_OUT, request=request, user=user)


# --- role changes --------------------------------------------------------------------------

def _role_values(user) -> dict:
    return {name: getattr(user, name) for name in ROLE_FIELDS}


def remember_role(sender, instance, update_fields=None, **kwargs) -> None:
    """pre_save of User: keep the stored role fields, to compare after the save. A save that
    names only other fields (the sign-in's ``last_login``) costs no query."""
    instance._access_log_before = None
    if not instance.pk or kwargs.get("raw"):
        return
    if update_fields is not None and not {f.removesuffix("_id") for f in ROLE_FIELDS} & {
            f.removesuffix("_id") for f in update_fields}:
        return
    stored = type(instance)._base_manager.filter(pk=instance.pk).values(*ROLE_FIELDS).first()
    instance._access_log_before = stored


def record_role_change(sender, instance, created, **kwargs) -> None:
    """post_save of User: one event when a role field changed (or a user was created in a
    request, e.g. in the admin), naming who changed it."""
    if kwargs.get("raw"):
        return
    before = getattr(instance, "_access_log_before", None)
    request = _current_request()
    if created:
        if request is None:
            return  # seeding and commands: no one to name
        before = dict.fromkeys(ROLE_FIELDS)
    if before is None:
        return
    after = _role_values(instance)
    changes = [f"{name.removesuffix('_id')}: {before[name]} → {after[name]}"
               for name in ROLE_FIELDS if before[name] != after[name]]
    if not changes:
        return
    actor = request.user if request is not None and request.user.is_authenticated else None
    record(AccessEvent.Action.ROLE_CHANGE, request=request, user=actor,
           username=actor.get_username() if actor else "", obj=instance,
           label=f"{instance.get_username()}: " + "; ".join(changes))


def _current_request():
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


# --- downloads -----------------------------------------------------------------------------

def download_action(response) -> str | None:
    """The event a successful response stands for, or None if it is not a file."""
    from django.http import FileResponse

    if getattr(response, "access_log", True) is False or not 200 <= response.status_code < 300:
        return None
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type == "text/calendar":
        return None  # the calendar feed, polled by calendar programs: not a download
    disposition = response.get("Content-Disposition", "")
    if content_type in XLSX_TYPES:
        return AccessEvent.Action.EXPORT
    if content_type == "application/pdf":
        return AccessEvent.Action.PDF
    if isinstance(response, FileResponse) or "filename" in disposition.lower():
        return AccessEvent.Action.DOWNLOAD
    return None


def response_filename(response) -> str:
    match = _FILENAME.search(response.get("Content-Disposition", ""))
    if not match:
        return ""
    from urllib.parse import unquote

    return unquote(match.group(1))


class AccessLogMiddleware:
    """Records every export and download (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        action = download_action(response)
        if action is not None:
            match = getattr(request, "resolver_match", None)
            ids = [str(v) for v in (match.kwargs.values() if match else ())]
            record(action, request=request,
                   object_type=match.view_name if match else "",
                   object_id="/".join(ids),
                   label=response_filename(response) or request.path)
        return response

"""Signing in and staying signed in.

- `client_ip`: the address lockouts count against. Behind a reverse proxy every request comes
  from the proxy, so with ``TRUSTED_PROXY_COUNT`` set the address is read from the
  ``X-Forwarded-For`` entry that the outermost trusted proxy appended (entries further left are
  whatever the client sent, and are ignored).
- `LoginView`: django-axes locks a *username and address* pair after a few failures, so nobody
  can lock a real user out from elsewhere; on top of it an address that failed many times,
  whatever the usernames (password spraying), is refused for the cool-off period.
- `SessionTimeoutMiddleware`: a session ends after ``SESSION_IDLE_MINUTES`` without a request,
  and at the latest ``SESSION_MAX_HOURS`` after signing in (a working day).
"""

from __future__ import annotations

import ipaddress
import time

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

_LOGIN_AT = "_portal_login_at"
_SEEN_AT = "_portal_seen_at"
_SEEN_WRITE_EVERY = 60  # seconds: do not write the session on every request


def client_ip(request) -> str | None:
    """The client's address as the outermost trusted proxy saw it (see the module docstring)."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    if settings.TRUSTED_PROXY_IPS and remote not in settings.TRUSTED_PROXY_IPS:
        return remote  # not from one of our proxies: its header proves nothing
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote
    return candidate


def address_failures(request) -> int:
    """Failed sign-ins from the request's address within the cool-off, over all usernames."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(
        ip_address=get_client_ip_address(request), attempt_time__gte=since
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


class LoginView(auth_views.LoginView):
    def post(self, request, *args, **kwargs):
        if address_failures(request) >= settings.SIGNIN_ADDRESS_FAILURE_LIMIT:
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        return super().post(request, *args, **kwargs)


def start_session_clock(sender, request, user, **kwargs) -> None:
    """On every sign-in (`user_logged_in`): the session's age and idle time start now."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[_LOGIN_AT] = now
        request.session[_SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Ends idle and over-long sessions. Placed after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.get(_LOGIN_AT, now)  # sessions from before this middleware
            seen_at = session.get(_SEEN_AT, now)
            if (
                now - seen_at > settings.SESSION_IDLE_SECONDS
                or now - login_at > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect_to_login(request.get_full_path())
            if _LOGIN_AT not in session:
                session[_LOGIN_AT] = login_at
            if now - seen_at >= _SEEN_WRITE_EVERY or _SEEN_AT not in session:
                session[_SEEN_AT] = now
        return self.get_response(request)

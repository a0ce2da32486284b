"""One-time form tokens: a double-clicked or replayed create form creates one record.

A create form carries a random token (`{% form_token %}`); the first POST claims it by
inserting a row, so a second POST with the same token, at the same moment or later, finds
it taken. The claim is a unique row in the database rather than a key in the session: two
requests of one double-click read the same session at once, and both would find the key
unused. A POST answered with the form again (invalid input) releases its token, so the
corrected form can be sent with it."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELD = "form_token"
KEEP = timedelta(days=2)  # a form left open longer than this is refused as a replay anyway


class FormToken(models.Model):
    """A form token claimed by its first POST (see the module docstring)."""

    token = models.CharField(gettext_lazy("token"), max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("user"),
                             null=True, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(gettext_lazy("claimed at"), default=timezone.now,
                                      db_index=True)

    class Meta:
        app_label = "portal"
        verbose_name = gettext_lazy("form token")
        verbose_name_plural = gettext_lazy("form tokens")

    def __str__(self) -> str:
        return self.token


def new_token() -> str:
    return uuid.uuid4().hex


def claim(token: str, user) -> bool:
    """True when this request is the first to send ``token``."""
    if not token or len(token) > 64:
        return False
    try:
        with transaction.atomic():
            FormToken.objects.create(token=token, user=user if user.is_authenticated else None)
    except IntegrityError:
        return False
    # Pruning here keeps the table small without a cron job; the index makes it cheap.
    FormToken.objects.filter(claimed_at__lt=timezone.now() - KEEP).delete()
    return True


class OneTimeFormTokenMiddleware:
    """Claims the token of a POST before its view runs (after the CSRF check); the loser of a
    double-click goes back to the page it came from with a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "_claimed_form_token", None)
        if token and response.status_code not in (301, 302, 303):
            FormToken.objects.filter(token=token).delete()  # the form is shown again
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or FIELD not in request.POST:
            return None
        token = request.POST[FIELD]
        if claim(token, request.user):
            request._claimed_form_token = token
            return None
        messages.warning(request, _("This form was already sent, and it was saved once. "
                                    "Check the page before sending it again."))
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            back = "/"
        return redirect(back)

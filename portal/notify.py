"""Hand-overs: when an item lands on someone's to-do list because of another person's action,
they hear of it — a notification in the portal (the bell) always, and an e-mail at once unless
their preference says a daily digest or none (`portal.preferences`).

Services call `hand_over` right after the state change; the notifications are written when
the transaction commits, so nobody is told about a change that was rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import override

from portal.models import Notification, User
from portal.preferences import NotificationPreference

logger = logging.getLogger(__name__)


def _text(value, params: dict | None) -> str:
    text = str(value)
    return text % params if params else text


def hand_over(*, users: Iterable[User], title, url: str, body="", params: dict | None = None,
              actor: User | None = None) -> None:
    """Tell ``users`` (a list or a queryset, read when the transaction commits) that an item
    is theirs now. ``title`` and ``body`` may be lazy translations with ``%(name)s``
    placeholders filled from ``params``: they are written in the portal's language, whatever
    the acting user reads. The ``actor`` is never told about their own action."""

    def send() -> None:
        recipients = {u.pk: u for u in users if u.is_active and (actor is None
                                                                 or u.pk != actor.pk)}
        if not recipients:
            return
        with override(settings.LANGUAGE_CODE):
            subject, text = _text(title, params)[:200], _text(body, params)
        Notification.objects.bulk_create(
            Notification(recipient=u, title=subject, body=text, url=url)
            for u in recipients.values())
        quiet = set(NotificationPreference.objects.filter(user__in=list(recipients)).exclude(
            email=NotificationPreference.Email.IMMEDIATE).values_list("user_id", flat=True))
        for user in recipients.values():
            if user.email and user.pk not in quiet:
                try:  # the change is committed: a mail server's refusal must not undo the page
                    send_mail(subject, f"{text}\n\n{url}".strip(), None, [user.email])
                except Exception:
                    logger.exception("hand-over mail to %s failed", user.pk)

    transaction.on_commit(send)


# Who the next actor is, for the services' hand-overs ------------------------------------

def district_officers(district_id) -> Iterable[User]:
    from portal.models import OFFICER_ROLES

    return User.objects.filter(district_id=district_id, is_active=True, role__in=OFFICER_ROLES)


def school_secretaries(school_id) -> Iterable[User]:
    from portal.models import Role

    return User.objects.filter(school_id=school_id, is_active=True,
                               role=Role.SCHOOL_SECRETARY)


def organisation_users(organisation_id) -> Iterable[User]:
    """Those who act for an organisation: not its leaders (read-only) or school secretaries."""
    from portal.models import READ_ONLY_ROLES, Role

    return User.objects.filter(organisation_id=organisation_id, is_active=True).exclude(
        role__in=[*READ_ONLY_ROLES, Role.SCHOOL_SECRETARY])

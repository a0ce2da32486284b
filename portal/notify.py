"""Hand-overs: when an item lands on someone's to-do list because of another person's action,
they hear of it — a notification in the portal (the bell) always, and an e-mail at once unless
their preference says a daily digest or none (`portal.preferences`); the district's group
robots that follow the kind's topic post it to their chat group (`portal.robots`).

Services call `hand_over` right after the state change; the notifications are written when
the transaction commits, so nobody is told about a change that was rolled back. Mails and
robot posts only join the outbox there (`portal.outbox`): a worker sends them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal import notices, outbox, robots
from portal.links import absolute
from portal.models import Notification, User
from portal.preferences import NotificationPreference

logger = logging.getLogger(__name__)


def hand_over(*, users: Iterable[User], kind: str, url: str, params: dict | None = None,
              actor: User | None = None, by: User | None = None, due: date | None = None,
              text: str = "", district_id: int | None = None) -> None:
    """Tell ``users`` (a list or a queryset, read when the transaction commits) that an item
    is theirs now: what happened is ``kind`` (`portal.notices.define`) with ``params`` (data:
    names, dates), who handed it over (``by``, or the ``actor``), by when (``due``) and what
    they wrote (``text``). The ``actor`` is never told about their own action."""
    by = by or actor
    stored = notices.data({**(params or {}), "actor": str(by) if by else "",
                           "due": due, "text": text or ""})

    def send() -> None:
        recipients = {u.pk: u for u in users if u.is_active and (actor is None
                                                                 or u.pk != actor.pk)}
        if not recipients:
            return
        title, body = notices.render(kind, stored, settings.LANGUAGE_CODE) or (kind, text)
        notes = Notification.objects.bulk_create(
            Notification(recipient=u, kind=kind, params=stored, title=title[:200], body=body,
                         url=url) for u in recipients.values())
        quiet = set(NotificationPreference.objects.filter(user__in=list(recipients)).exclude(
            email=NotificationPreference.Email.IMMEDIATE).values_list("user_id", flat=True))
        for note in notes:
            if note.recipient.email and note.recipient_id not in quiet:
                mail_notification(note)
        found = notices.kind(kind)
        district = district_id or next(iter(recipients.values())).district_id
        if found is not None:
            for robot in robots.robots_for(district, found.topic):
                post_notification(robot, stored, kind, url)

    transaction.on_commit(send)


def mail_notification(note: Notification) -> None:
    """One notification's mail, in its recipient's language: what, by whom, by when, the
    link (absolute), as plain text and HTML."""
    user = note.recipient
    with override(user.language or settings.LANGUAGE_CODE):
        title, body = note.rendered(user.language)
        context = {"title": title, "body": body, "actor": note.actor_name, "due": note.due,
                   "LANGUAGE_CODE": user.language,
                   "link": absolute(note.url), "user": user}
        text = render_to_string("portal/email/notification.txt", context)
        html = render_to_string("portal/email/notification.html", context)
    outbox.queue_email(user=user, subject=title, text=text, html=html)


def post_notification(robot, params: dict, kind: str, url: str) -> None:
    rendered = notices.render(kind, params, robot.language)
    if rendered is None:
        return
    title, body = rendered
    with override(robot.language):
        lines = []
        if params.get("actor"):
            lines.append(f"- {_('Handed over by')}: {robots.md_text(params['actor'])}")
        if params.get("due"):
            lines.append(f"- {_('Deadline')}: {params['due']}")
        if body:
            lines.append(f"> {robots.md_text(body)[:500]}")
    robots.queue_post(robot, title, lines, absolute(url))


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

"""The daily reminders and digests, read from the to-do lists (`portal.todo`): run by the one
daily job (`manage.py send_report_reminders`).

- A dated item is reminded some days before it is due (the district's
  `reminder_days_before`, 3 by default), on the day it is due, the day after (late), and
  every week while it stays late. Each reminder is a notification (the bell) and, for those
  who want e-mail at once, an e-mail — in the recipient's language.
- Those who chose the daily digest get one e-mail a day: their to-do list and the
  notifications no digest has carried yet (each notification is in one digest at most).
- `ReminderLog` records each (user, item, day): running the job twice sends nothing twice.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from portal import outbox
from portal.links import absolute
from portal.models import Notification, User
from portal.notices import Topic, define, in_language
from portal.plugins import app_modules
from portal.preferences import NotificationPreference, ReminderLog
from portal.todo import TodoItem, collect_todos

DIGEST_KEY = "digest"
DIGEST_MAX = 100
DIGEST_DAYS = 7  # older notifications no digest carried are left to the bell


def _item_title(params: dict) -> dict:
    return {**params, "title": in_language(params.get("title"), get_language())}


REMINDER_BEFORE = define("portal.reminder_before",
                         gettext_lazy("Reminder: %(title)s — due on %(date)s"),
                         topic=Topic.REMINDERS, prepare=_item_title)
REMINDER_TODAY = define("portal.reminder_today", gettext_lazy("Due today: %(title)s"),
                        topic=Topic.REMINDERS, prepare=_item_title)
REMINDER_LATE = define("portal.reminder_late",
                       gettext_lazy("Late by %(days)d days: %(title)s (due on %(date)s)"),
                       topic=Topic.REMINDERS, prepare=_item_title)


def reminder_kind(item: TodoItem, today: date, days_before: int) -> str | None:
    left = (item.due - today).days
    if left == days_before and left > 0:
        return REMINDER_BEFORE
    if left == 0:
        return REMINDER_TODAY
    if left < 0 and -left % 7 == 1:
        return REMINDER_LATE
    return None


def _log_once(user, key: str, today: date) -> bool:
    """Record that ``key`` was sent to ``user`` today; False when it already was."""
    try:
        with transaction.atomic():
            _log, created = ReminderLog.objects.get_or_create(user=user, object_key=key,
                                                              day=today)
    except IntegrityError:  # two runs at once: the other one sent it
        return False
    return created


def _email_choice(user) -> str:
    preference = getattr(user, "notification_preference", None)
    return preference.email if preference else NotificationPreference.Email.IMMEDIATE


DEFAULT_DAYS_BEFORE = 3



def _days_before(user, cache: dict) -> int:
    """How many days before an item is due its reminder goes out in the user's district: the
    district's setting, from the app that keeps it (`<app>/reminders.py`
    `days_before(district_id) -> int | None`), else 3."""
    district_id = user.district_id  # the cache's key: whose settings, not who may act
    if district_id not in cache:
        answers = (module.days_before(district_id) for module in app_modules("reminders"))
        cache[district_id] = next((a for a in answers if a is not None), DEFAULT_DAYS_BEFORE)
    return cache[district_id]


def _language(user) -> str:
    return user.language or settings.LANGUAGE_CODE


def _titles_in_every_language(user, today: date, first: str, items: list[TodoItem]) -> dict:
    """object_key → {language: title}: the reminded items' titles as data in each language,
    so that each reader sees the reminder in theirs."""
    titles = {i.object_key: {first: i.title} for i in items}
    for code, _name in settings.LANGUAGES:
        if code == first:
            continue
        with override(code):
            for other in collect_todos(user, today):
                if other.object_key in titles:
                    titles[other.object_key][code] = other.title
    return titles


def remind(today: date) -> int:
    """Remind every active user of their dated items; the number of reminders sent."""
    sent, cache = 0, {}
    users = (User.objects.filter(is_active=True).exclude(role="")
             .select_related("notification_preference", "school"))
    for user in users:
        language = _language(user)
        with override(language):
            items = collect_todos(user, today)
            due = [(item, kind) for item in items if item.due is not None
                   and (kind := reminder_kind(item, today, _days_before(user, cache)))]
            due = [(item, kind) for item, kind in due if _log_once(user, item.object_key, today)]
            titles = (_titles_in_every_language(user, today, language, [i for i, _k in due])
                      if due else {})
            for item, kind in due:
                note = Notification(recipient=user, kind=kind, url=item.url, params={
                    "title": titles[item.object_key], "date": item.due.isoformat(),
                    "days": (today - item.due).days, "due": item.due.isoformat()})
                title, body = note.rendered(settings.LANGUAGE_CODE)
                note.title, note.body = title[:200], body
                note.save()
                if user.email and _email_choice(user) == NotificationPreference.Email.IMMEDIATE:
                    from portal.notify import mail_notification

                    mail_notification(note)
                sent += 1
            if _email_choice(user) == NotificationPreference.Email.DIGEST:
                sent += digest(user, items, today)
    return sent


def digest(user, items: list[TodoItem], today: date) -> int:
    """One e-mail: the notifications no digest has carried yet and the to-do list (nothing
    when both are empty, or when today's digest is already sent). The notifications it
    carries are marked: no other digest repeats them."""
    if not user.email:
        return 0
    since = timezone.now() - timedelta(days=DIGEST_DAYS)
    with transaction.atomic():
        notes = list(Notification.objects.select_for_update().for_user(user)
                     .filter(digested_at__isnull=True, created_at__gte=since)
                     .order_by("created_at", "pk")[:DIGEST_MAX])
        if not (notes or items) or not _log_once(user, DIGEST_KEY, today):
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(
            digested_at=timezone.now())
    language = _language(user)
    with override(language):
        title = _("%(date)s: your daily digest") % {"date": today.isoformat()}
        context = {
            "title": title, "LANGUAGE_CODE": language,
            "notes": [{"title": n.rendered(language)[0], "actor": n.actor_name, "due": n.due,
                       "link": absolute(n.url)} for n in notes],
            "items": [{"title": i.title, "due": i.due, "link": absolute(i.url)} for i in items],
        }
        text = render_to_string("portal/email/digest.txt", context)
        html = render_to_string("portal/email/digest.html", context)
    outbox.queue_email(user=user, subject=title, text=text, html=html)
    return 1

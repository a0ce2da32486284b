"""The daily reminders and digests, read from the to-do lists (`portal.todo`): run by the one
daily job (`manage.py send_report_reminders`).

- A dated item is reminded some days before it is due (the district's
  `reminder_days_before`, 3 by default), on the day it is due, the day after (late), and
  every week while it stays late. Each reminder is a notification (the bell) and, for those
  who want e-mail at once, an e-mail.
- Those who chose the daily digest get one e-mail a day: their to-do list and the day's new
  notifications.
- `ReminderLog` records each (user, item, day): running the job twice sends nothing twice.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.models import Notification, User
from portal.preferences import NotificationPreference, ReminderLog
from portal.todo import TodoItem, collect_todos

DIGEST_KEY = "digest"


def reminder_title(item: TodoItem, today: date, days_before: int) -> str | None:
    left = (item.due - today).days
    if left == days_before and left > 0:
        return _("Reminder: %(title)s — due on %(date)s") % {"title": item.title,
                                                             "date": item.due}
    if left == 0:
        return _("Due today: %(title)s") % {"title": item.title}
    if left < 0 and -left % 7 == 1:
        return _("Late by %(days)d days: %(title)s (due on %(date)s)") % {
            "days": -left, "title": item.title, "date": item.due}
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


def _days_before(user, cache: dict) -> int:
    from activities.models import ActivitiesSettings

    if user.district_id not in cache:
        settings = ActivitiesSettings.objects.filter(district_id=user.district_id).first()
        cache[user.district_id] = settings.reminder_days_before if settings else 3
    return cache[user.district_id]


def remind(today: date) -> int:
    """Remind every active user of their dated items; the number of reminders sent."""
    sent, cache = 0, {}
    users = (User.objects.filter(is_active=True).exclude(role="")
             .select_related("notification_preference", "school"))
    for user in users:
        items = collect_todos(user, today)
        for item in items:
            if item.due is None:
                continue
            title = reminder_title(item, today, _days_before(user, cache))
            if title is None or not _log_once(user, item.object_key, today):
                continue
            Notification.objects.create(recipient=user, title=title[:200], url=item.url)
            if user.email and _email_choice(user) == NotificationPreference.Email.IMMEDIATE:
                send_mail(title[:200], item.url, None, [user.email])
            sent += 1
        if _email_choice(user) == NotificationPreference.Email.DIGEST:
            sent += digest(user, items, today)
    return sent


def digest(user, items: list[TodoItem], today: date) -> int:
    """One e-mail: the day's new notifications and the to-do list (nothing when both are
    empty, or when today's digest is already sent)."""
    since = today - timedelta(days=1)
    notes = list(Notification.objects.for_user(user).filter(created_at__date__gte=since)
                 .order_by("created_at")[:100])
    if not user.email or not (notes or items) or not _log_once(user, DIGEST_KEY, today):
        return 0
    lines = [_("New notifications:")] + [f"- {n.title} {n.url}" for n in notes] if notes else []
    if items:
        lines += ["", _("Your to-do list:")]
        lines += [f"- {i.title}" + (f" ({i.due})" if i.due else "") + f" {i.url}"
                  for i in items]
    send_mail(_("%(date)s: your daily digest") % {"date": today.isoformat()},
              "\n".join(lines).strip(), None, [user.email])
    return 1

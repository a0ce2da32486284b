"""Each user's notification preference (e-mail at once, a daily digest, or none: in the
portal always), the secret token of their calendar feed, and the log of reminders sent."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class NotificationPreference(models.Model):
    """How one user hears about hand-overs and deadlines, and their calendar feed's token."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("E-mail at once")
        DIGEST = "digest", _("One e-mail a day (digest)")
        NONE = "none", _("No e-mail (in the portal only)")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                                on_delete=models.CASCADE, related_name="notification_preference")
    email = models.CharField(_("e-mail"), max_length=20, choices=Email.choices,
                             default=Email.IMMEDIATE)
    calendar_token = models.CharField(_("calendar token"), max_length=64, unique=True,
                                      default=new_calendar_token)

    # the feed's token is a credential: the history says when it was reset, not what it was
    history = HistoricalRecords(excluded_fields=["calendar_token"])

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_display()}"

    @classmethod
    def of(cls, user) -> NotificationPreference:
        """The user's preference, created with the defaults on first use."""
        return cls.objects.get_or_create(user=user)[0]

    @classmethod
    def read(cls, user) -> NotificationPreference:
        """The user's stored preference, or the defaults unsaved (for a GET, which creates
        nothing)."""
        return cls.objects.filter(user=user).first() or cls(user=user)


class ReminderLog(models.Model):
    """One reminder (or digest) sent to one user about one item on one day: the daily job
    sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="+")
    object_key = models.CharField(_("item"), max_length=200)
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "object_key", "day"],
                                    name="reminderlog_once_per_item_and_day",
                                    violation_error_message=_("Already sent today.")),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.object_key} · {self.day}"

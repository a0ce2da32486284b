"""Everything the portal sends out — e-mails and group-robot posts (`portal.robots`) — goes
through one outbox: a row per message, delivered by a background task (`deliver`, the worker
runs it), so no page and no hand-over waits on a mail server or a chat platform. A failed
delivery is retried later (1, 5, 30, 120 minutes; the daily job also sends what is due), and
after `MAX_ATTEMPTS` it stays failed, listed for administrators in the admin ("Outgoing
messages") with its error, where they can send it again."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import default_task_backend, task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_MINUTES = (1, 5, 30, 120)
STALE_SENDING = timedelta(hours=1)  # a worker killed while sending: try again


class OutgoingMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        ROBOT = "robot", _("Group robot")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"),
                                  on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="+")
    address = models.CharField(_("address"), max_length=254, blank=True)
    robot = models.ForeignKey("portal.GroupRobot", verbose_name=_("group robot"),
                              on_delete=models.CASCADE, null=True, blank=True,
                              related_name="messages")
    # A daily summary is posted once per robot and day: "summary_overdue_reports:2026-12-09".
    key = models.CharField(_("key"), max_length=120, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(fields=["robot", "key"], condition=~models.Q(key=""),
                                    name="outgoing_once_per_robot_and_key"),
        ]

    def __str__(self) -> str:
        return self.subject


def enqueue(message: OutgoingMessage) -> None:
    """Queue the delivery. Inside a transaction the task row commits with the message (the
    database queue); if the queue is down the message waits for `retry_due`."""
    try:
        deliver.enqueue(message_id=message.pk)
    except Exception:
        logger.exception("could not queue outgoing message %s", message.pk)


def queue_email(*, user, subject: str, text: str, html: str) -> OutgoingMessage | None:
    if not user.email:
        return None
    message = OutgoingMessage.objects.create(
        channel=OutgoingMessage.Channel.EMAIL, recipient=user, address=user.email,
        subject=" ".join(subject.split())[:300], text=text, html=html)
    enqueue(message)
    return message


def _claim(message_id: int) -> OutgoingMessage | None:
    """Take the message for this worker (an update that only one worker wins), outside any
    lock while it is sent."""
    now = timezone.now()
    taken = OutgoingMessage.objects.filter(
        models.Q(status=OutgoingMessage.Status.PENDING)
        | models.Q(status=OutgoingMessage.Status.SENDING, next_attempt_at__lte=now - STALE_SENDING),
        pk=message_id).update(status=OutgoingMessage.Status.SENDING, next_attempt_at=now)
    if not taken:
        return None
    return OutgoingMessage.objects.select_related("recipient", "robot").get(pk=message_id)


def _send(message: OutgoingMessage) -> None:
    if message.channel == OutgoingMessage.Channel.EMAIL:
        mail = EmailMultiAlternatives(message.subject, message.text, None, [message.address])
        if message.html:
            mail.attach_alternative(message.html, "text/html")
        mail.send()
    else:
        from portal.robots import post

        post(message.robot, message.payload)


@task()
def deliver(message_id: int) -> str:
    message = _claim(message_id)
    if message is None:
        return "skipped"
    try:
        _send(message)
    except Exception as exc:
        return _failed(message, exc)
    message.status, message.sent_at, message.last_error = (
        OutgoingMessage.Status.SENT, timezone.now(), "")
    message.attempts += 1
    message.save(update_fields=["status", "sent_at", "last_error", "attempts"])
    return message.status


def _failed(message: OutgoingMessage, exc: BaseException) -> str:
    from portal.robots import scrub

    message.attempts += 1
    # The error names no secret: a robot's address and secret are scrubbed from it.
    message.last_error = scrub(f"{type(exc).__name__}: {exc}", message.robot)[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutgoingMessage.Status.FAILED
    else:
        message.status = OutgoingMessage.Status.PENDING
        wait = BACKOFF_MINUTES[min(message.attempts, len(BACKOFF_MINUTES)) - 1]
        message.next_attempt_at = timezone.now() + timedelta(minutes=wait)
    message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    logger.warning("outgoing message %s (%s) failed, attempt %s: %s", message.pk,
                   message.channel, message.attempts, message.last_error)
    if message.status == OutgoingMessage.Status.PENDING and default_task_backend.supports_defer:
        try:
            deliver.using(run_after=message.next_attempt_at).enqueue(message_id=message.pk)
        except Exception:
            logger.exception("could not queue the retry of outgoing message %s", message.pk)
    return message.status


def retry_due(now=None) -> int:
    """Queue every message whose retry is due (and those a killed worker left sending); the
    daily job runs it. The number queued."""
    now = now or timezone.now()
    due = OutgoingMessage.objects.filter(
        models.Q(status=OutgoingMessage.Status.PENDING, next_attempt_at__lte=now)
        | models.Q(status=OutgoingMessage.Status.SENDING, next_attempt_at__lte=now - STALE_SENDING))
    count = 0
    for message in due.only("pk"):
        enqueue(message)
        count += 1
    return count


def send_again(messages) -> int:
    """An administrator sends failed messages again: each gets its attempts back."""
    ids = list(messages.exclude(status=OutgoingMessage.Status.SENT).values_list("pk", flat=True))
    OutgoingMessage.objects.filter(pk__in=ids).update(
        status=OutgoingMessage.Status.PENDING, attempts=0, next_attempt_at=timezone.now())
    for message in OutgoingMessage.objects.filter(pk__in=ids):
        enqueue(message)
    return len(ids)

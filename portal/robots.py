"""Group robots: a district posts chosen hand-overs and daily summaries to the chat groups its
offices already use — a 企业微信群机器人 (WeCom group robot) or a 钉钉自定义机器人 (DingTalk
custom robot, with its signing secret) — as markdown with absolute links.

The webhook address and the secret are secrets: stored, shown back only masked, never logged
(errors are scrubbed before they are stored or logged). Posts go through the outbox
(`portal.outbox`): queued when the hand-over commits, retried when they fail, never waited on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from simple_history.models import HistoricalRecords

from portal.links import absolute
from portal.notices import render
from portal.scoping import ScopedQuerySet

TIMEOUT = 10  # seconds


class RobotError(Exception):
    """The platform refused the post (an HTTP error or a non-zero ``errcode``)."""


class GroupRobot(models.Model):
    class Platform(models.TextChoices):
        WECOM = "wecom", _("WeCom group robot")
        DINGTALK = "dingtalk", _("DingTalk custom robot")

    district = models.ForeignKey("portal.District", verbose_name=_("district"),
                                 on_delete=models.CASCADE, related_name="robots")
    name = models.CharField(
        _("name"), max_length=100,
        help_text=_("The group it posts to, e.g. the schools' league work group."))
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    webhook_url = models.URLField(_("webhook address"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True,
                              help_text=_("DingTalk only: the secret of the robot's "
                                          "“signing” security setting."))
    topics = models.JSONField(_("what it posts"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default="zh-hans")
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_district = "district"
    scope_school = None
    url_kwarg = "robot_pk"

    objects = ScopedQuerySet.as_manager()
    # who added, redirected or switched off a robot, and when; the address and the secret are
    # credentials, never copied into the history (a change of them is named in the reason)
    history = HistoricalRecords(excluded_fields=["webhook_url", "secret"])

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["district__name", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_url(self) -> str:
        return mask_url(self.webhook_url)

    @property
    def masked_secret(self) -> str:
        return mask(self.secret) if self.secret else ""

    def topic_labels(self) -> list[str]:
        from portal.notices import Topic

        labels = dict(Topic.CHOICES)
        return [str(labels[t]) for t in self.topics if t in labels]


def mask(value: str) -> str:
    """Only the last four characters, and only of a long enough value."""
    return "••••" + value[-4:] if len(value) >= 12 else "••••"


def mask_url(url: str) -> str:
    """The platform's host and path, the key or token masked: enough to tell two robots
    apart, not enough to post."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    shown = "&".join(f"{k}={mask(v)}" for k, v in query)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" + (f"?{shown}" if shown else "")


def scrub(text: str, robot: GroupRobot | None) -> str:
    """``text`` without the robot's address, its query values and its secret."""
    if robot is None:
        return text
    secrets = [robot.webhook_url, robot.secret,
               *(v for _k, v in urllib.parse.parse_qsl(urllib.parse.urlsplit(
                   robot.webhook_url).query))]
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, "••••").replace(urllib.parse.quote_plus(secret), "••••")
    return text


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉's signature: HMAC-SHA256 of ``timestamp + "\\n" + secret`` keyed with the secret,
    base64, URL-encoded."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def signed_url(robot: GroupRobot) -> str:
    if robot.platform != GroupRobot.Platform.DINGTALK or not robot.secret:
        return robot.webhook_url
    timestamp = int(time.time() * 1000)
    sep = "&" if "?" in robot.webhook_url else "?"
    return (f"{robot.webhook_url}{sep}timestamp={timestamp}"
            f"&sign={dingtalk_sign(robot.secret, timestamp)}")


def payload(robot: GroupRobot, title: str, markdown: str) -> dict:
    if robot.platform == GroupRobot.Platform.DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": title[:60], "text": markdown}}
    return {"msgtype": "markdown", "markdown": {"content": markdown}}


def host_allowed(url: str) -> bool:
    """Robots post only to the platforms' hosts (`ROBOT_WEBHOOK_HOSTS`), over HTTPS unless the
    host is this machine: an officer's address never makes the server call anything else."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    loopback = host in ("127.0.0.1", "localhost", "::1")
    return (host in settings.ROBOT_WEBHOOK_HOSTS
            and (parts.scheme == "https" or (loopback and parts.scheme == "http")))


def post(robot: GroupRobot, body: dict) -> None:
    """Post one message; raises `RobotError` (scrubbed) when the platform refuses it."""
    if not host_allowed(robot.webhook_url):
        raise RobotError("the webhook's host is not in ROBOT_WEBHOOK_HOSTS")
    request = urllib.request.Request(
        signed_url(robot), data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            answer = response.read(10_000)
    except Exception as exc:  # the address must not reach a log through the exception
        raise RobotError(scrub(f"{type(exc).__name__}: {exc}", robot)) from None
    try:
        code = json.loads(answer or b"{}").get("errcode", 0)
    except (ValueError, AttributeError):
        code = 0
    if code:
        raise RobotError(scrub(f"errcode {code}: {answer[:300].decode(errors='replace')}",
                               robot))


def md_text(value) -> str:
    """Data inside markdown: no line breaks or markup characters that change the message."""
    text = " ".join(str(value).split())
    for char in "[]<>*_`#":
        text = text.replace(char, " ")
    return text


def queue_post(robot: GroupRobot, title: str, lines: list[str], link: str,
               key: str = "") -> None:
    """Queue one markdown post (a title, lines of data, a link); ``key`` posts it once."""
    from django.db import IntegrityError, transaction

    from portal.outbox import OutgoingMessage, enqueue

    with override(robot.language):
        markdown = "\n".join([f"**{md_text(title)}**", "", *lines,
                              "", f"[{_('Open in the portal')}]({link})"])
        body = payload(robot, md_text(title), markdown)
    try:
        with transaction.atomic():
            message = OutgoingMessage.objects.create(
                channel=OutgoingMessage.Channel.ROBOT, robot=robot, key=key,
                subject=title[:300], text=markdown, payload=body)
    except IntegrityError:  # this summary was already posted today
        return
    enqueue(message)


def robots_for(district_id, topic: str) -> list[GroupRobot]:
    if not district_id:
        return []
    return [r for r in GroupRobot.objects.filter(district_id=district_id, active=True)
            if topic in (r.topics or [])]


def post_daily_summary(robot: GroupRobot, kind: str, params: dict, url: str, lines: list[str],
                       today) -> None:
    """A daily summary (overdue reports, orders past due) in the robot's language: the
    notification kind's title, at most the given lines and "…" when there are more, once a
    day (keyed by kind and date)."""
    with override(robot.language):
        title = render(kind, params, robot.language)[0]
        if len(lines) < params["count"]:
            lines = [*lines, "- …"]
    queue_post(robot, title, lines, absolute(url), key=f"{kind}:{today.isoformat()}")

"""Mail that arrives and works: a real SMTP server (aiosmtpd) on a free local port receives
what hand-overs and the daily job send over three days, read back with the `email` package:
multipart (text and HTML), in each recipient's language, absolute links that open the item
for that recipient, who handed it over and by when, and no notification in two digests. A
refused send waits in the outbox, is retried, and is listed for administrators."""

from __future__ import annotations

import datetime
import email
import re
import socket
from email import policy
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse

from activities import services as activities
from activities.tests.factories import ActivityFactory, ReportFactory
from portal.models import Notification
from portal.outbox import OutgoingMessage, retry_due
from portal.preferences import NotificationPreference
from supervision import services as supervision
from supervision.tests.factories import make_inspection, make_problem

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
LINK = re.compile(r"https?://[^\s\"<>]+")
SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY1 = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=SHANGHAI)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str):
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp(settings):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.DEFAULT_FROM_EMAIL = "团区委工作平台 <portal@example.org>"
    yield inbox
    controller.stop()


@pytest.fixture
def people(world):
    """The secretary reads English, the officers Chinese; the education officer takes the
    daily digest. The schools joined on day 1: no month's report is due yet."""
    for school in (world.school, world.other_school):
        school.joined_on = DAY1.date()
        school.save(update_fields=["joined_on"])
    for user, address, language in ((world.secretary, "qj@example.org", "en"),
                                    (world.officer, "tqw@example.org", "zh-hans"),
                                    (world.education_officer, "jw@example.org", "zh-hans")):
        user.email, user.language = address, language
        user.save()
    NotificationPreference.objects.create(user=world.education_officer, email="digest")
    world.secretary.refresh_from_db()
    return world


def parts(message):
    assert message.get_content_type() == "multipart/alternative", message.get_content_type()
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",)).get_content()
    return text, html


def check_links(client, user, text: str, html: str) -> list[str]:
    """Every link is absolute and answers 200 for the recipient."""
    links = LINK.findall(text)
    assert links, text
    assert set(links) <= set(LINK.findall(html)), (links, html)
    client.force_login(user)
    for link in links:
        address = urlsplit(link)
        assert address.scheme and address.netloc == "testserver", link
        assert client.get(address.path).status_code == 200, link
    return links


def notes_in(digest_text: str, heading: str) -> list[str]:
    if heading not in digest_text:
        return []
    block = digest_text.split(heading, 1)[1].strip().split("\n\n")[0]
    return [line for line in block.splitlines() if line.startswith("- ")]


def test_three_days_of_hand_overs_and_daily_jobs_by_real_smtp(
        people, smtp, client, django_capture_on_commit_callbacks):
    w = people
    with time_machine.travel(DAY1, tick=False) as clock:
        report = ReportFactory(school=w.school, year=2026, month=11,
                               deadline=datetime.date(2026, 12, 10),
                               closes_on=datetime.date(2026, 12, 25))
        ActivityFactory(report=report, date=datetime.date(2026, 11, 20))
        with django_capture_on_commit_callbacks(execute=True):
            activities.report_submit(report=report, user=w.secretary)
        # The league officer hears at once, in Chinese, who submitted it and where it is.
        [submitted] = smtp.to("tqw@example.org")
        assert submitted["From"] == "团区委工作平台 <portal@example.org>"
        assert "求精中学" in submitted["Subject"] and "审核" in submitted["Subject"]
        text, html = parts(submitted)
        assert "交办人" in text and str(w.secretary) in text
        assert check_links(client, w.officer, text, html) == [
            "http://testserver" + report.get_absolute_url()]
        assert smtp.to("jw@example.org") == []  # the digest reader waits for the digest

        with django_capture_on_commit_callbacks(execute=True):
            activities.report_return(report=report, user=w.officer, comment="缺少照片 <b>")
        [returned] = smtp.to("qj@example.org")
        text, html = parts(returned)
        assert returned["Subject"] == ("The 2026-11 activity report was returned: correct it "
                                       "and submit it again")
        assert not CJK.search(CJK.sub("", text.replace("缺少照片", "")).replace(
            str(w.officer), "")), text  # English, apart from the data
        assert "Handed over by" in text and "缺少照片 <b>" in text
        assert "缺少照片 &lt;b&gt;" in html and "<b>" not in html  # escaped
        check_links(client, w.secretary, text, html)

        call_command("send_report_reminders", stdout=open("/dev/null", "w"))
        [digest1] = smtp.to("jw@example.org")
        assert "每日汇总" in digest1["Subject"]
        text1, html1 = parts(digest1)
        assert len(notes_in(text1, "新通知：")) == 1
        check_links(client, w.education_officer, text1, html1)

        clock.move_to(DAY1 + datetime.timedelta(days=1))
        with django_capture_on_commit_callbacks(execute=True):
            activities.report_submit(report=report, user=w.secretary)
        call_command("send_report_reminders", stdout=open("/dev/null", "w"))
        digest2 = smtp.to("jw@example.org")[1]
        text2, _html2 = parts(digest2)
        assert "2026-12-09" in digest2["Subject"]
        assert len(notes_in(text2, "新通知：")) == 1  # the new submission only

        clock.move_to(DAY1 + datetime.timedelta(days=2))
        call_command("send_report_reminders", stdout=open("/dev/null", "w"))
        digests = smtp.to("jw@example.org")
        # Day 3: nothing new; the to-do list (the report to review) still comes.
        assert len(digests) == 3 and notes_in(parts(digests[2])[0], "新通知：") == []
        notes = Notification.objects.filter(recipient=w.education_officer)
        assert notes.count() == 2 and not notes.filter(digested_at__isnull=True).exists()
    assert all(m["From"] == "团区委工作平台 <portal@example.org>" for m in smtp.messages)
    assert OutgoingMessage.objects.exclude(status="sent").count() == 0


def test_an_order_mail_says_what_who_and_by_when(people, smtp, client,
                                                  django_capture_on_commit_callbacks):
    w = people
    with time_machine.travel(DAY1, tick=False):
        inspection = make_inspection(w, status="published")
        due = datetime.date(2026, 12, 28)
        with django_capture_on_commit_callbacks(execute=True):
            order = supervision.rectification_issue(
                inspection=inspection, finding=make_problem(inspection), user=w.officer,
                requirement="补齐团员档案", due_date=due)
    [mail] = smtp.to("qj@example.org")
    text, html = parts(mail)
    assert mail["Subject"] == "Rectification order: answer by 2026-12-28"
    assert "补齐团员档案" in text and "Deadline: 2026-12-28" in text
    assert f"Handed over by: {w.officer}" in text
    assert check_links(client, w.secretary, text, html) == [
        "http://testserver" + order.get_absolute_url()]


def test_a_refused_mail_is_retried_and_listed_for_administrators(
        people, smtp, settings, client, django_capture_on_commit_callbacks):
    w = people
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there
    with time_machine.travel(DAY1, tick=False) as clock:
        inspection = make_inspection(w, status="signed_off")
        with django_capture_on_commit_callbacks(execute=True):
            supervision.inspection_publish(inspection=inspection, user=w.officer)  # no error
        message = OutgoingMessage.objects.get(address="qj@example.org")
        assert (message.status, message.attempts) == ("pending", 1)
        assert "ConnectionRefusedError" in message.last_error
        client.force_login(w.admin)
        listed = client.get(reverse("admin:portal_outgoingmessage_changelist"),
                            {"status__exact": "pending"}).content.decode()
        assert message.subject in listed and "ConnectionRefusedError" in listed
        settings.EMAIL_PORT = port
        assert retry_due() == 0  # not before its time
        clock.shift(datetime.timedelta(minutes=2))
        assert retry_due() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    [mail] = smtp.to("qj@example.org")
    planned = inspection.planned_date.isoformat()
    assert mail["Subject"] == f"The result of the inspection of {planned} is published"

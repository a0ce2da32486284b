"""Group robots (`portal.robots`): a local HTTP server stands in for 企业微信 and 钉钉. The
hand-overs and daily summaries a district chose arrive as markdown JSON with absolute links,
钉钉 posts carry a valid signature, a post refused with a 500 is retried, and the webhook key
and the secret appear in no log line and no page."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from activities import services as activities
from activities.tests.factories import ActivityFactory, ReportFactory, SemesterFactory
from portal.outbox import OutgoingMessage, retry_due
from portal.robots import GroupRobot
from supervision.tests.factories import make_inspection, make_order

pytestmark = pytest.mark.django_db
KEY = "6a3c1f0e-wecom-key-0042"
SECRET = "SEC0123456789abcdefDINGTALKsecret"


class Robot(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length", 0))
        self.server.received.append({"path": self.path, "headers": dict(self.headers),
                                     "body": json.loads(self.rfile.read(length))})
        status = self.server.answers.pop(0) if self.server.answers else 200
        answer = json.dumps({"errcode": 0 if status == 200 else 500, "errmsg": "ok"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Robot)
    httpd.received, httpd.answers = [], []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def report(world):
    for school in (world.school, world.other_school):
        school.joined_on = timezone.localdate()
        school.save(update_fields=["joined_on"])
    last = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    report = ReportFactory(school=world.school, year=last.year, month=last.month,
                           deadline=timezone.localdate() + datetime.timedelta(days=5),
                           closes_on=timezone.localdate() + datetime.timedelta(days=20))
    ActivityFactory(report=report, date=last)
    return report


def wecom(world, server, topics=("reports",)):
    return GroupRobot.objects.create(
        district=world.district, name="学校团建工作群", platform="wecom", topics=list(topics),
        webhook_url=f"{server.base}/cgi-bin/webhook/send?key={KEY}")


def dingtalk(world, server, topics=("reports",)):
    return GroupRobot.objects.create(
        district=world.district, name="团区委钉钉群", platform="dingtalk", topics=list(topics),
        webhook_url=f"{server.base}/robot/send?access_token={KEY}", secret=SECRET)


def test_a_hand_over_reaches_the_wecom_group_as_markdown(world, server, report,
                                                         django_capture_on_commit_callbacks):
    wecom(world, server)
    GroupRobot.objects.create(district=world.other_district, name="江北", platform="wecom",
                              topics=["reports"], webhook_url=f"{server.base}/other?key=x")
    wecom(world, server, topics=["orders"])  # follows something else
    with django_capture_on_commit_callbacks(execute=True):
        activities.report_submit(report=report, user=world.secretary)
    [post] = server.received
    assert post["path"] == f"/cgi-bin/webhook/send?key={KEY}"
    assert post["headers"]["Content-Type"].startswith("application/json")
    assert post["body"]["msgtype"] == "markdown"
    content = post["body"]["markdown"]["content"]
    assert "求精中学" in content and "审核" in content and "secretary" in content
    assert f"(http://testserver{report.get_absolute_url()})" in content


def test_dingtalk_posts_are_signed(world, server, report, django_capture_on_commit_callbacks):
    dingtalk(world, server)
    before = int(time.time() * 1000)
    with django_capture_on_commit_callbacks(execute=True):
        activities.report_submit(report=report, user=world.secretary)
    [post] = server.received
    address = urlsplit(post["path"])
    query = parse_qs(address.query)
    assert address.path == "/robot/send" and query["access_token"] == [KEY]
    timestamp = int(query["timestamp"][0])
    assert before <= timestamp <= int(time.time() * 1000)
    expected = base64.b64encode(hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(),
                                         hashlib.sha256).digest()).decode()
    raw_sign = address.query.split("sign=", 1)[1]
    assert unquote_plus(raw_sign) == expected and raw_sign != expected  # URL-encoded
    body = post["body"]
    assert body["msgtype"] == "markdown" and "求精中学" in body["markdown"]["title"]
    assert f"http://testserver{report.get_absolute_url()}" in body["markdown"]["text"]


def test_a_refused_post_is_retried_and_no_secret_is_logged_or_shown(
        world, server, report, caplog, client_for, django_capture_on_commit_callbacks):
    robot = dingtalk(world, server)
    server.answers = [500]
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        activities.report_submit(report=report, user=world.secretary)  # the work goes on
    message = OutgoingMessage.objects.get(robot=robot)
    assert (message.status, message.attempts) == ("pending", 1)
    assert "500" in message.last_error
    retry_due(timezone.now() + datetime.timedelta(minutes=2))
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert len(server.received) == 2 and server.received[0]["body"] == server.received[1]["body"]
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "outgoing message" in logged  # the failure was logged…
    assert KEY not in logged and SECRET not in logged  # …without the secrets
    assert KEY not in message.last_error and SECRET not in message.last_error
    pages = [client_for(world.officer).get(reverse("robot_list")),
             client_for(world.officer).get(reverse("robot_update",
                                                   kwargs={"robot_pk": robot.pk})),
             client_for(world.admin).get(reverse("admin:portal_outgoingmessage_changelist")),
             client_for(world.admin).get(reverse("admin:portal_outgoingmessage_change",
                                                 args=[message.pk]))]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert KEY not in html and SECRET not in html
    assert KEY[-4:] in pages[0].content.decode()  # masked, yet recognisable


def test_daily_summaries_are_posted_once_a_day(world, server):
    wecom(world, server, topics=["summary_overdue_reports", "summary_orders_past_due"])
    SemesterFactory(district=world.district, start=datetime.date(2025, 9, 1),
                    end=datetime.date(2026, 1, 16), deadline_day=10)
    inspection = make_inspection(world, status="published")
    order = make_order(inspection, due=datetime.date(2025, 11, 15))
    for _run in range(2):
        call_command("send_report_reminders", today=datetime.date(2025, 11, 20),
                     stdout=open("/dev/null", "w"))
    contents = [p["body"]["markdown"]["content"] for p in server.received]
    assert len(contents) == 2
    reports = next(c for c in contents if "月报" in c.splitlines()[0])
    assert "求精中学" in reports and "大坪中学" in reports
    assert "(http://testserver/activities/overview/)" in reports
    orders = next(c for c in contents if "整改" in c.splitlines()[0])
    assert f"(http://testserver{order.get_absolute_url()})" in orders
    assert "逾期 5 天" in orders


def test_officers_manage_their_district_robots_only(world, server, client_for):
    officer = client_for(world.officer)
    response = officer.post(reverse("robot_list"), {
        "name": "学校团建工作群", "platform": "dingtalk", "language": "zh-hans",
        "webhook_url": f"{server.base}/robot/send?access_token={KEY}", "secret": SECRET,
        "topics": ["reports", "summary_overdue_reports"], "active": "on"})
    assert response.status_code == 302
    robot = GroupRobot.objects.get()
    assert robot.district == world.district and robot.secret == SECRET
    assert robot.topics == ["reports", "summary_overdue_reports"]
    # Editing without re-entering the secrets keeps them.
    officer.post(reverse("robot_update", kwargs={"robot_pk": robot.pk}), {
        "name": "新名字", "platform": "dingtalk", "language": "en", "topics": ["orders"],
        "active": "on"})
    robot.refresh_from_db()
    assert (robot.name, robot.topics, robot.secret) == ("新名字", ["orders"], SECRET)
    assert robot.webhook_url.endswith(KEY)
    assert client_for(world.secretary).get(reverse("robot_list")).status_code == 403
    assert client_for(world.leader).get(reverse("robot_list")).status_code == 403
    far = client_for(world.far_officer)
    assert far.get(reverse("robot_update", kwargs={"robot_pk": robot.pk})).status_code == 404
    assert far.post(reverse("robot_delete", kwargs={"robot_pk": robot.pk})).status_code == 404
    assert "新名字" not in far.get(reverse("robot_list")).content.decode()
    assert GroupRobot.objects.filter(pk=robot.pk).exists()


def test_a_robot_posts_only_to_the_platforms_hosts(world, client_for):
    """An officer's address never makes the server call another host (an internal service,
    the metadata address): the form refuses it, and a stored one is never posted to."""
    from portal.robots import RobotError, host_allowed, post

    client = client_for(world.officer)
    for address in ("http://169.254.169.254/latest/meta-data", "https://intranet.example/x",
                    "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"):
        response = client.post(reverse("robot_list"), {
            "name": "群", "platform": GroupRobot.Platform.WECOM, "webhook_url": address,
            "topics": [], "language": "zh-hans", "active": "on"})
        assert response.status_code == 200 and not GroupRobot.objects.exists(), address
    assert host_allowed("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
    assert host_allowed("https://oapi.dingtalk.com/robot/send?access_token=t")
    robot = GroupRobot(district=world.district, name="旧", webhook_url="http://10.0.0.1/hook")
    with pytest.raises(RobotError):
        post(robot, {"msgtype": "markdown"})

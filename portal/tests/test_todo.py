"""The to-do list (`portal.todo`): its order, its page, its constant query count; the calendar
feed; the notification preference; the daily job's reminders and digests."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from activities.models import MonthlyReport
from activities.tests.factories import ReportFactory
from portal.models import Notification, ReminderLog, Role
from portal.preferences import NotificationPreference
from portal.todo import collect_todos
from supervision.models import Inspection, RectificationOrder
from supervision.tests.factories import PlanFactory, make_inspection, make_order
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def orders(world):
    """The secretary's school: an order 5 days overdue, one due in 10 days, a returned
    report (undated). The school joined today: no month's report is due yet."""
    world.school.joined_on = TODAY
    world.school.save(update_fields=["joined_on"])
    world.secretary.refresh_from_db()
    inspection = make_inspection(world, status=Inspection.Status.PUBLISHED)
    late, soon = make_order(inspection, due=days(-5)), make_order(inspection, due=days(10))
    ReportFactory(school=world.school, year=2025, month=10, status=MonthlyReport.Status.RETURNED)
    return late, soon


def test_overdue_first_then_soonest_then_undated(world, orders):
    late, soon = orders
    items = collect_todos(world.secretary)
    assert [i.due for i in items] == [late.due_date, soon.due_date, None]
    assert items[0].days_overdue(TODAY) == 5
    assert items[0].url == late.get_absolute_url()


def test_home_page_shows_the_list_with_days_overdue(world, orders, client_for):
    client = client_for(world.secretary)
    page = client.get(reverse("home")).content.decode()
    assert page.index("逾期 5 天") < page.index(days(10).isoformat())
    assert page.count('data-testid="todo-item"') == 3
    for item in collect_todos(world.secretary):
        assert client.get(item.url).status_code == 200


def test_following_an_item_marks_its_notification_read(world, orders, client_for):
    late, soon = orders
    announced = Notification.objects.create(recipient=world.secretary, title="整改通知",
                                            url=late.get_absolute_url())
    other_page = Notification.objects.create(recipient=world.secretary, title="另一通知",
                                             url=soon.get_absolute_url())
    someone_else = Notification.objects.create(recipient=world.officer, title="整改通知",
                                               url=late.get_absolute_url())
    client = client_for(world.secretary)
    page = client.get(reverse("home")).content.decode()
    hrefs = re.findall(r'data-testid="todo-item"[^>]*>\s*<a href="([^"]+)"', page)
    assert len(hrefs) == 3
    followed = client.get(html.unescape(hrefs[0]), follow=True)  # the overdue order first
    assert followed.status_code == 200
    assert followed.request["PATH_INFO"] == late.get_absolute_url()
    announced.refresh_from_db(), other_page.refresh_from_db(), someone_else.refresh_from_db()
    assert announced.read_at is not None
    assert other_page.read_at is None and someone_else.read_at is None
    # Only a path of this site is followed.
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.get(reverse("todo_follow"), {"to": target})
        assert response["Location"] == reverse("home")


def test_an_empty_list_says_so(world, client_for):
    page = client_for(world.officer).get(reverse("home")).content.decode()
    assert 'data-testid="todo-empty"' in page


def test_leaders_see_no_empty_list_on_the_reports_page(world, client_for):
    page = client_for(world.leader).get(reverse("reports")).content.decode()
    assert 'data-testid="todo-list"' not in page


def _district_of(world, n: int, plan) -> None:
    """n schools, each with a secretary, a submitted report, an answered order, a submitted
    inspection and an open order: every kind of item of officers and secretaries."""
    for i in range(n):
        school = SchoolFactory(district=world.district, name=f"学校{i}-{n}")
        UserFactory(username=f"s{i}-{n}", role=Role.SCHOOL_SECRETARY, school=school,
                    district=world.district)
        ReportFactory(school=school, year=2025, month=10, status=MonthlyReport.Status.SUBMITTED)
        published = make_inspection(world, school=school, plan=plan,
                                    status=Inspection.Status.PUBLISHED)
        make_order(published, status=RectificationOrder.Status.RESPONDED)
        make_order(published, due=days(i - 3))


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def test_same_queries_at_5_and_50_schools(world, client_for):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    _district_of(world, 5, plan)
    secretary = world.secretary
    make_order(make_inspection(world, status=Inspection.Status.PUBLISHED), due=days(3))
    client = client_for(world.officer)
    counts = [(_queries(lambda: collect_todos(world.officer)),
               _queries(lambda: client.get(reverse("home"))))]
    client_for(secretary)
    counts[0] += (_queries(lambda: client.get(reverse("home"))),)
    _district_of(world, 45, plan)
    client_for(world.officer)
    counts.append((_queries(lambda: collect_todos(world.officer)),
                   _queries(lambda: client.get(reverse("home")))))
    client_for(secretary)
    counts[1] += (_queries(lambda: client.get(reverse("home"))),)
    assert counts[0] == counts[1], counts
    # to-do list, home page of an officer, home page of a secretary
    assert counts[0][0] <= 15


def test_the_calendar_feed_has_the_due_dates(world, orders, client, client_for):
    late, soon = orders
    token = NotificationPreference.of(world.secretary).calendar_token
    response = client.get(reverse("calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(e.decoded("dtstart") for e in events) == [late.due_date, soon.due_date]
    assert all(str(e["url"]).endswith((f"/orders/{late.pk}/", f"/orders/{soon.pk}/"))
               for e in events)
    assert client.get(reverse("calendar_feed", kwargs={"token": "wrong"})).status_code == 404
    # Reset: the old address is gone, the new one works.
    profile = client_for(world.secretary)
    assert token in profile.get(reverse("profile")).content.decode()
    profile.post(reverse("calendar_reset"), {"confirm": "yes"})
    new = NotificationPreference.of(world.secretary).calendar_token
    assert new != token
    profile.logout()
    assert client.get(reverse("calendar_feed", kwargs={"token": token})).status_code == 404
    assert client.get(reverse("calendar_feed", kwargs={"token": new})).status_code == 200


def test_the_calendar_feed_links_from_portal_url_whatever_host_asked(world, orders, client,
                                                                    settings):
    settings.PORTAL_URL = "https://portal.example.org"
    token = NotificationPreference.of(world.secretary).calendar_token
    response = client.get(reverse("calendar_feed", kwargs={"token": token}),
                          HTTP_HOST="127.0.0.1")
    urls = [str(e["url"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert urls and all(u.startswith("https://portal.example.org/supervision/") for u in urls)


def test_reset_needs_the_confirmation(world, client_for):
    token = NotificationPreference.of(world.officer).calendar_token
    client_for(world.officer).post(reverse("calendar_reset"), {})
    assert NotificationPreference.of(world.officer).calendar_token == token


@pytest.mark.parametrize("choice, mails", [("immediate", 1), ("digest", 0), ("none", 0)])
def test_hand_over_mail_follows_the_preference(world, client_for, choice, mails,
                                               django_capture_on_commit_callbacks):
    world.secretary.email = "qj@example.com"
    world.secretary.save()
    client = client_for(world.secretary)
    client.post(reverse("profile"), {"email": choice})
    assert NotificationPreference.of(world.secretary).email == choice
    inspection = make_inspection(world, status=Inspection.Status.SIGNED_OFF)
    from supervision.services import inspection_publish

    with django_capture_on_commit_callbacks(execute=True):
        inspection_publish(inspection=inspection, user=world.officer)
    assert Notification.objects.filter(recipient=world.secretary).count() == 1  # always
    assert len([m for m in mail.outbox if m.to == ["qj@example.com"]]) == mails


def test_a_leader_may_set_their_own_preference(world, client_for):
    client = client_for(world.leader)
    assert client.post(reverse("profile"), {"email": "none"}).status_code == 302
    assert NotificationPreference.of(world.leader).email == "none"


def test_the_daily_job_reminds_once_per_item_and_day(world, orders):
    late, soon = orders
    world.secretary.email = "qj@example.com"
    world.secretary.save()
    RectificationOrder.objects.filter(pk=soon.pk).update(due_date=days(3))
    for _run in range(2):
        call_command("send_report_reminders", stdout=open("/dev/null", "w"))
    notes = Notification.objects.filter(recipient=world.secretary)
    assert notes.count() == 1 and notes.get().url == soon.get_absolute_url()
    assert [m.to for m in mail.outbox] == [["qj@example.com"]]
    assert ReminderLog.objects.filter(user=world.secretary, day=TODAY).count() == 1
    # Two days later the late order is 7 days late: not a reminder day; 8 days: it is.
    call_command("send_report_reminders", today=days(3), stdout=open("/dev/null", "w"))
    assert Notification.objects.filter(recipient=world.secretary).count() == 3  # due today
    # (the order due in 3 days is due today; the late one is 8 days late)


def test_the_digest_comes_once_a_day(world, orders):
    world.secretary.email = "qj@example.com"
    world.secretary.save()
    NotificationPreference.objects.create(user=world.secretary, email="digest")
    for _run in range(2):
        call_command("send_report_reminders", stdout=open("/dev/null", "w"))
    digests = [m for m in mail.outbox if m.to == ["qj@example.com"]]
    assert len(digests) == 1 and "每日汇总" in digests[0].subject
    assert orders[0].requirement in digests[0].body or "整改" in digests[0].body

"""The reminder command: before the deadline, on the day it becomes late, overdue lists for
officers; once a day only."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from activities.tests.factories import ReportFactory, SemesterFactory
from portal.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(world):
    world.secretary.email = "qj@example.com"
    world.secretary.save()
    world.other_secretary.email = "dp@example.com"
    world.other_secretary.save()
    return SemesterFactory(district=world.district, start=date(2025, 9, 1),
                           end=date(2026, 1, 16), deadline_day=10)


def test_reminds_only_those_not_submitted_and_only_once(world, calendar):
    ReportFactory(school=world.other_school, year=2025, month=10,
                  deadline=date(2025, 11, 10), first_submitted_on=date(2025, 11, 2),
                  status="submitted", closes_on=date(2025, 11, 25))
    call_command("send_report_reminders", today=date(2025, 11, 7), stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [["qj@example.com"]]
    assert "2025-10" in mail.outbox[0].subject
    call_command("send_report_reminders", today=date(2025, 11, 7), stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=world.secretary).count() == 1


def test_late_day_and_officer_list(world, calendar):
    call_command("send_report_reminders", today=date(2025, 11, 11), stdout=open("/dev/null", "w"))
    secretaries = Notification.objects.filter(recipient__role="school_secretary")
    assert secretaries.count() == 2
    assert all("逾期" in n.title for n in secretaries)
    officer_note = Notification.objects.get(recipient=world.officer)
    assert "求精中学" in officer_note.body and "大坪中学" in officer_note.body
    assert not Notification.objects.filter(recipient=world.far_officer).exists()


def test_officers_get_the_overdue_list_once_a_day(world, calendar):
    world.officer.email = "tqw@example.com"
    world.officer.save()
    for _run in range(2):
        call_command("send_report_reminders", today=date(2025, 11, 20),
                     stdout=open("/dev/null", "w"))
    notes = Notification.objects.filter(recipient=world.officer)
    assert notes.count() == 1 and "2025-11-20" in notes.get().title
    assert [m.subject for m in mail.outbox if m.to == ["tqw@example.com"]] == [notes.get().title]
    # The next day brings the next day's list.
    call_command("send_report_reminders", today=date(2025, 11, 21), stdout=open("/dev/null", "w"))
    assert Notification.objects.filter(recipient=world.officer).count() == 2

"""The activities races of issue 12 with real threads on PostgreSQL (see tests/concurrency.py):
one winner, a message for every loser, no duplicate and no 500."""

from datetime import date

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityCourse, MonthlyReport, UnlockRequest
from activities.tests.factories import (
    ActivityFactory,
    CourseFactory,
    ReportFactory,
    SessionFactory,
    current_semesters,
)
from tests.concurrency import logged_in, message_texts, needs_postgresql, post_all

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


def url(name, *args):
    return reverse(f"activities:{name}", args=args)


def texts(responses):
    return [t for r in responses for t in message_texts(r)]


def test_unlock_requests_posted_at_once_make_one_request(world):
    report = ReportFactory(school=world.school, year=2020, month=3,
                           deadline=date(2020, 4, 10), closes_on=date(2020, 4, 25))
    ActivityFactory(report=report)
    clients = [logged_in(world.secretary) for _ in range(6)]
    responses = post_all(clients, url("unlock_request", report.pk), {"reason": "漏报，补交"})
    assert all(r.status_code == 302 for r in responses)
    assert UnlockRequest.objects.filter(report=report).count() == 1
    said = texts(responses)
    assert said.count("Unlock requested.") == 1
    assert said.count("An unlock request is already waiting.") == 5


def test_class_hours_added_at_once_are_added_once(world):
    _first, current = current_semesters(world.district)
    report = ReportFactory(school=world.school)
    course = CourseFactory(school=world.school, semester=current)
    SessionFactory(course=course, date=date(report.year, report.month, 3), theme="科技周")
    SessionFactory(course=course, date=date(report.year, report.month, 17), theme="主题团课")
    clients = [logged_in(world.secretary) for _ in range(5)]
    responses = post_all(clients, url("report_prefill", report.pk))
    assert all(r.status_code == 302 for r in responses)
    assert report.activities.filter(kind=Activity.Kind.CLASS_HOUR).count() == 2
    said = texts(responses)
    assert said.count("Class hours added from the activity course; check them.") == 1
    assert said.count("Every class hour the course plans this month is already recorded.") == 4


def test_first_courses_saved_at_once_make_one_course(world):
    current_semesters(world.district)
    clients = [logged_in(world.secretary) for _ in range(4)]
    responses = post_all(clients, url("course_mine"),
                         {"class_hours_per_month": 1, "timetable_slot": "周五第7节",
                          "demonstration_plan": "五四入团仪式"})
    assert all(r.status_code == 302 for r in responses)  # never a 500
    assert ActivityCourse.objects.filter(school=world.school).count() == 1
    said = texts(responses)
    assert said.count("Activity course saved; now plan its sessions.") == 1
    assert said.count("Your school's activity course of this semester was saved meanwhile; "
                      "here it is.") == 3


def test_approval_and_return_at_once_one_wins(world):
    current_semesters(world.district)
    report = ReportFactory(school=world.school, status=MonthlyReport.Status.SUBMITTED)
    ActivityFactory(report=report)
    responses = post_all([logged_in(world.officer), logged_in(world.education_officer)],
                         url("report_approve", report.pk))
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.APPROVED
    assert report.transitions.filter(to_status=MonthlyReport.Status.APPROVED).count() == 1
    said = texts(responses)
    assert said.count("Report approved.") == 1
    assert said.count("Only a submitted report can be reviewed.") == 1

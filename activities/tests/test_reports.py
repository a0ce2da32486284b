"""The monthly report, step by step and role by role (views and services)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, MonthlyReport, ReportTransition, UnlockRequest
from activities.tests.factories import ActivityFactory, CourseFactory, ReportFactory, SessionFactory

pytestmark = pytest.mark.django_db
S = MonthlyReport.Status


def url(name, *args):
    return reverse(f"activities:{name}", args=args)


def activity_data(report, **over):
    day = date(report.year, report.month, 1)
    return {"kind": "class_hour", "date": day.isoformat(), "hours": "1", **over}


def test_secretary_starts_this_months_report_with_one_click(world, client_for, semesters):
    # The school joined this month: no older report is pending.
    world.school.joined_on = timezone.localdate().replace(day=1)
    world.school.save()
    client = client_for(world.secretary)
    start = client.get(url("report_current"), follow=True)
    assert 'data-testid="start-report"' in start.content.decode()
    assert not MonthlyReport.objects.exists()  # a GET creates nothing
    response = client.post(start.redirect_chain[-1][0], follow=True)
    assert response.status_code == 200
    report = MonthlyReport.objects.get(school=world.school)
    today = timezone.localdate()
    assert (report.year, report.month, report.status) == (today.year, today.month, S.DRAFT)
    assert report.deadline == semesters[1].deadline_for(today.year, today.month)
    assert "求精中学" in response.content.decode()
    # Opening again does not create a second report.
    client.get(url("report_current"), follow=True)
    assert MonthlyReport.objects.filter(school=world.school).count() == 1


def test_full_workflow_submit_return_resubmit_approve(world, client_for, report):
    secretary = client_for(world.secretary)
    response = secretary.post(url("activity_create", report.pk), activity_data(report))
    assert response.status_code == 302
    assert report.activities.count() == 1
    secretary.post(url("report_submit", report.pk))
    report.refresh_from_db()
    assert report.status == S.SUBMITTED and report.first_submitted_on == timezone.localdate()
    # Submitted: the secretary can no longer add.
    secretary.post(url("activity_create", report.pk), activity_data(report))
    assert report.activities.count() == 1

    officer = client_for(world.education_officer)
    response = officer.post(url("report_return", report.pk), {"comment": "请补充照片"},
                            follow=True)
    assert "已退回" in response.content.decode() or "退回" in response.content.decode()
    report.refresh_from_db()
    assert report.status == S.RETURNED and report.return_comment == "请补充照片"

    secretary = client_for(world.secretary)
    secretary.post(url("activity_create", report.pk), activity_data(report, kind="theme_day"))
    secretary.post(url("report_submit", report.pk))
    report.refresh_from_db()
    assert report.status == S.SUBMITTED and report.activities.count() == 2

    officer = client_for(world.officer)
    officer.post(url("report_approve", report.pk))
    report.refresh_from_db()
    assert report.status == S.APPROVED and report.reviewed_by == world.officer
    steps = list(ReportTransition.objects.filter(report=report).values_list("to_status",
                                                                           flat=True))
    assert steps == ["submitted", "returned", "submitted", "approved"]
    assert report.history.count() >= 4


def test_approved_report_is_read_only_for_officer_and_secretary(world, client_for, report):
    activity = ActivityFactory(report=report)
    report.status = S.APPROVED
    report.save()
    for user in (world.officer, world.secretary):
        client = client_for(user)
        response = client.post(url("activity_update", activity.pk),
                               activity_data(report, hours="3"), follow=True)
        assert "只读" in response.content.decode()
        client.post(url("activity_delete", activity.pk))
        client.post(url("activity_create", report.pk), activity_data(report))
    activity.refresh_from_db()
    assert activity.hours == Decimal("1.0")
    assert report.activities.count() == 1


def test_secretary_cannot_open_edit_or_submit_another_schools_report(world, client_for,
                                                                    other_report):
    activity = ActivityFactory(report=other_report)
    client = client_for(world.secretary)
    assert client.get(url("report_detail", other_report.pk)).status_code == 404
    assert client.post(url("activity_create", other_report.pk),
                       activity_data(other_report)).status_code == 404
    assert client.post(url("activity_update", activity.pk),
                       activity_data(other_report)).status_code == 404
    assert client.post(url("report_submit", other_report.pk)).status_code == 404
    assert client.post(url("activity_repeat", world.school.pk),
                       {"activity": activity.pk}).status_code == 404
    other_report.refresh_from_db()
    assert other_report.status == S.DRAFT and other_report.activities.count() == 1


def test_roles_refused(world, client_for, report):
    ActivityFactory(report=report)
    # Officers do not submit for schools; secretaries do not approve; leaders write nothing.
    assert client_for(world.officer).post(url("report_submit", report.pk)).status_code == 403
    assert client_for(world.secretary).post(url("report_approve", report.pk)).status_code == 403
    leader = client_for(world.leader)
    assert leader.get(url("report_detail", report.pk)).status_code == 200
    assert leader.post(url("report_approve", report.pk)).status_code == 403
    assert client_for(world.far_officer).get(url("report_detail", report.pk)).status_code == 404
    report.refresh_from_db()
    assert report.status == S.DRAFT


def test_anonymous_is_sent_to_login(client, report):
    for target in (url("report_detail", report.pk), url("report_submit", report.pk),
                   url("compliance"), url("report_list")):
        response = client.get(target)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_officer_cannot_approve_a_draft(world, client_for, report):
    response = client_for(world.officer).post(url("report_approve", report.pk), follow=True)
    assert "只有已提交的月报才能审核" in response.content.decode()
    report.refresh_from_db()
    assert report.status == S.DRAFT


@pytest.mark.parametrize("data, message", [
    ({"hours": "-1"}, "时长必须大于零"),
    ({"hours": "25"}, "24"),
    ({"date": "2001-01-01"}, "日期必须在月报所属月份内"),
    ({"kind": ""}, "这个字段是必填项"),
])
def test_bad_activity_is_refused_and_nothing_saved(world, client_for, report, data, message):
    response = client_for(world.secretary).post(url("activity_create", report.pk),
                                                activity_data(report, **data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert report.activities.count() == 0


def test_submitting_an_empty_report_is_refused(world, client_for, report):
    response = client_for(world.secretary).post(url("report_submit", report.pk), follow=True)
    assert "请至少记录一项活动" in response.content.decode()
    report.refresh_from_db()
    assert report.status == S.DRAFT


def test_repeat_last_months_activity_moves_the_date(world, client_for, report):
    today = timezone.localdate()
    last = (today.replace(day=1) - timedelta(days=1))
    previous = ReportFactory(school=world.school, year=last.year, month=last.month,
                             status=S.APPROVED)
    source = ActivityFactory(report=previous, kind="volunteer", date=last.replace(day=28),
                             hours=Decimal("2.5"), description="社区服务")
    client_for(world.secretary).post(url("activity_repeat", report.pk), {"activity": source.pk})
    copy = report.activities.get()
    assert (copy.kind, copy.hours, copy.description) == ("volunteer", Decimal("2.5"), "社区服务")
    assert (copy.date.year, copy.date.month, copy.date.day) == (report.year, report.month, 28)


def test_prefill_class_hours_from_the_course(world, client_for, report, semesters):
    course = CourseFactory(school=world.school, semester=semesters[1])
    SessionFactory(course=course, date=date(report.year, report.month, 3), theme="科技周")
    SessionFactory(course=course, date=date(report.year, report.month, 17), theme="主题团课")
    client = client_for(world.secretary)
    client.post(url("report_prefill", report.pk))
    client.post(url("report_prefill", report.pk))  # twice: no duplicates
    kinds = list(report.activities.values_list("kind", "date"))
    assert len(kinds) == 2 and all(k == Activity.Kind.CLASS_HOUR for k, _d in kinds)


def test_closed_month_needs_an_unlock_granted_by_an_officer(world, client_for, semesters):
    report = ReportFactory(school=world.school, year=2020, month=3,
                           deadline=date(2020, 4, 10), closes_on=date(2020, 4, 25))
    ActivityFactory(report=report)
    secretary = client_for(world.secretary)
    response = secretary.post(url("report_submit", report.pk), follow=True)
    assert "本月已关闭" in response.content.decode()
    secretary.post(url("unlock_request", report.pk), {"reason": "漏报，补交"})
    unlock = UnlockRequest.objects.get(report=report)
    assert client_for(world.secretary).post(url("unlock_grant", unlock.pk)).status_code == 403
    client_for(world.officer).post(url("unlock_grant", unlock.pk))
    unlock.refresh_from_db()
    assert unlock.granted_by == world.officer and unlock.granted_at
    client_for(world.secretary).post(url("report_submit", report.pk))
    report.refresh_from_db()
    assert report.status == S.SUBMITTED and report.days_late() > 0


@pytest.mark.parametrize("count", [5, 30])
def test_report_list_query_count(world, client_for, django_assert_max_num_queries, semesters,
                                 count):
    from tests.factories import SchoolFactory

    for _ in range(count):
        ActivityFactory(report=ReportFactory(school=SchoolFactory(district=world.district)))
    client = client_for(world.officer)
    # session, user, unread notifications, area choices (filter + table), count, page of
    # reports, activity stats of the page
    with django_assert_max_num_queries(8):
        response = client.get(url("report_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 30])
def test_report_detail_query_count(world, client_for, django_assert_max_num_queries, report,
                                   count):
    for _ in range(count):
        ActivityFactory(report=report)
    client = client_for(world.secretary)
    with django_assert_max_num_queries(20):
        response = client.get(url("report_detail", report.pk))
    assert response.status_code == 200
    assert response.content.decode().count("activities/activities/") >= count


def test_report_list_export(world, client_for, report):
    from io import BytesIO

    from openpyxl import load_workbook

    ActivityFactory(report=report)
    response = client_for(world.officer).get(url("report_list") + "?export=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][1] == "学校" and rows[1][1] == "求精中学"


def _months_ago(n):
    today = timezone.localdate()
    y, m = today.year, today.month - n
    while m < 1:
        y, m = y - 1, m + 12
    return y, m


def test_a_get_never_creates_a_report(world, client_for, semesters):
    """An <img src="/activities/reports/2003/1/"> on another site must not create drafts."""
    client = client_for(world.secretary)
    assert client.get(url("report_month", 2003, 1)).status_code == 200  # a page, no report
    assert not MonthlyReport.objects.exists()
    world.school.joined_on = date(2020, 1, 15)
    world.school.save()
    assert client.get(url("report_month", 2003, 1)).status_code == 404  # before joining
    assert client.post(url("report_month", 2003, 1)).status_code == 404
    assert client.get(url("report_month", 2019, 12)).status_code == 404  # before joining
    future = _months_ago(-1)
    assert client.get(url("report_month", *future)).status_code == 404
    assert client.post(url("report_month", *future)).status_code == 404
    # A month the school must report: a page with a button, still nothing created.
    year, month = _months_ago(2)
    response = client.get(url("report_month", year, month))
    assert response.status_code == 200 and 'data-testid="start-report"' in response.content.decode()
    response = client.get(url("report_month", *_months_ago(0)))
    assert response.status_code == 200
    assert client.get(url("report_month", 2020, 1)).status_code == 200  # the month it joined
    assert not MonthlyReport.objects.exists() and not ReportTransition.objects.exists()
    # The button (a POST, so CSRF-protected) starts it; then a GET opens it.
    response = client.post(url("report_month", year, month))
    report = MonthlyReport.objects.get(school=world.school)
    assert (report.year, report.month) == (year, month)
    assert response["Location"] == report.get_absolute_url()
    assert client.get(url("report_month", year, month))["Location"] == report.get_absolute_url()


def test_current_report_waits_for_a_school_that_joins_later(world, client_for, semesters):
    world.school.joined_on = timezone.localdate() + timedelta(days=40)
    world.school.save()
    response = client_for(world.secretary).get(url("report_current"))
    assert response.status_code == 302 and response["Location"] == url("report_list")
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize("value", ["abc", "", "1e3", "99999999999999999999999"])
def test_repeat_with_a_crafted_activity_id_is_not_found(world, client_for, report, value):
    response = client_for(world.secretary).post(url("activity_repeat", report.pk),
                                                {"activity": value})
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_unlock_service_refuses_a_reason_over_its_bound_instead_of_cutting_it(world,
                                                                                   semesters):
    from django.core.exceptions import ValidationError

    from activities import services

    report = ReportFactory(school=world.school, year=2020, month=3,
                           deadline=date(2020, 4, 10), closes_on=date(2020, 4, 25))
    assert report.is_closed()
    with pytest.raises(ValidationError) as refused:
        services.unlock_request_create(report=report, user=world.secretary, reason="长" * 301)
    assert "300" in " ".join(refused.value.messages)
    assert not UnlockRequest.objects.exists()
    services.unlock_request_create(report=report, user=world.secretary, reason="长" * 300)
    assert UnlockRequest.objects.get().reason == "长" * 300

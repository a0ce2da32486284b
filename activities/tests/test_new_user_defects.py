"""Defects a new user found in the activities app (issue 10); each test failed before its fix."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import MonthlyReport, Semester
from activities.tables import ReportTable
from activities.tests.factories import ActivityFactory, ReportFactory, SemesterFactory

pytestmark = pytest.mark.django_db


def url(name, *args, **kwargs):
    return reverse(f"activities:{name}", args=args, kwargs=kwargs or None)


def test_report_list_shows_hours_without_float_noise(world, client_for, report):
    for _ in range(3):
        ActivityFactory(report=report, hours=Decimal("0.6"))
    page = client_for(world.officer).get(url("report_list")).content.decode()
    assert "1.8" in page
    assert "1.80000" not in page and "1.799" not in page
    row = ReportTable.export_row(MonthlyReport.objects.for_list().get(pk=report.pk))
    hours = row[5]
    assert hours == Decimal("1.8") and hours.as_tuple().exponent >= -2


def test_opening_this_months_report_creates_nothing_until_the_post(world, client_for,
                                                                 semesters):
    client = client_for(world.secretary)
    today = timezone.localdate()
    # The school joined this month: no older report is pending.
    world.school.joined_on = today.replace(day=1)
    world.school.save()
    response = client.get(url("report_current"))
    assert response.status_code == 302
    assert response["Location"] == url("report_month", today.year, today.month)
    assert client.get(response["Location"]).status_code == 200
    assert not MonthlyReport.objects.exists()
    response = client.post(url("report_month", today.year, today.month))
    report = MonthlyReport.objects.get(school=world.school)
    assert response["Location"] == report.get_absolute_url()
    # With the report started, the same link opens it.
    assert client.get(url("report_current"), follow=True).status_code == 200
    assert MonthlyReport.objects.count() == 1


def test_semester_form_shows_its_error_once(world, client_for):
    page = client_for(world.officer).post(url("semester_create"), {
        "school_year": 2026, "term": 1, "start": "2026-09-01", "end": "2026-08-01",
        "deadline_day": 5, "close_after_days": 15}).content.decode()
    assert page.count("结束日须晚于开学日") + page.count(
        "The last day must be after the first") == 1
    assert not Semester.objects.exists()


def test_late_only_filter_is_a_yes_no_choice(world, client_for, report):
    other = ReportFactory(school=world.other_school, first_submitted_on=timezone.localdate(),
                          status=MonthlyReport.Status.SUBMITTED)
    MonthlyReport.objects.filter(pk=other.pk).update(deadline=timezone.localdate()
                                                     - timedelta(days=3))
    client = client_for(world.officer)
    page = client.get(url("report_list")).content.decode()
    assert "未知" not in page and "Unknown" not in page
    assert 'type="checkbox" name="late"' in page
    late = client.get(url("report_list"), {"late": "on"}).content.decode()
    assert world.other_school.name in late and world.school.name not in late


def test_on_time_rate_leaves_out_months_whose_deadline_has_not_passed(world, client_for):
    today = timezone.localdate()
    SemesterFactory(district=world.district, school_year=today.year, term=1,
                    start=today.replace(day=1) - timedelta(days=62),
                    end=today + timedelta(days=60), deadline_day=5)
    this_month = ReportFactory(school=world.school, status=MonthlyReport.Status.SUBMITTED,
                               first_submitted_on=today)
    assert this_month.deadline > today
    response = client_for(world.officer).get(url("overview"))
    rates = {(r["year"], r["month"]): r for r in response.context["rates"]}
    current = rates[(today.year, today.month)]
    assert current["rate"] is None and current["pending"]
    # A month is pending exactly while its deadline (the 5th of the next month here) is
    # ahead: in the first days of a month, last month is still pending too.
    due = {key: (date(*key, 1) + timedelta(days=32)).replace(day=5) for key in rates}
    passed = [rates[key] for key, deadline in due.items() if deadline < today]
    ahead = [rates[key] for key, deadline in due.items() if deadline > today]
    assert passed and all(not r["pending"] for r in passed)
    assert all(r["pending"] and r["rate"] is None for r in ahead)


@pytest.mark.parametrize("name", ["semester_update", "campaign_update", "selection_update"])
def test_id_zero_is_not_a_new_form(world, client_for, name):
    assert client_for(world.officer).get(url(name, 0)).status_code == 404


def test_months_and_semesters_follow_the_active_language(world, report):
    # In the other district: the `semesters` fixture's own semesters follow today's date.
    semester = SemesterFactory(district=world.other_district, school_year=2026, term=1)
    with translation.override("en"):
        assert "年" not in report.period_label and str(report.year) in report.period_label
        assert "学年" not in str(Semester.objects.get(pk=semester.pk))
    with translation.override("zh-hans"):
        assert report.period_label == f"{report.year}年{report.month}月"
        assert str(Semester.objects.get(pk=semester.pk)) == "2026-2027学年第一学期"


def test_english_report_page_has_no_chinese_month(world, client_for, report):
    client = client_for(world.secretary)
    client.cookies["django_language"] = "en"
    page = client.get(report.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{report.year}年" not in page


def test_an_over_long_return_comment_is_a_form_error_and_nothing_is_stored(world, client_for,
                                                                          report):
    MonthlyReport.objects.filter(pk=report.pk).update(status=MonthlyReport.Status.SUBMITTED,
                                                      first_submitted_on=timezone.localdate())
    response = client_for(world.officer).post(url("report_return", report.pk),
                                              {"comment": "长" * 200_000}, follow=True)
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED and report.return_comment == ""
    assert "1000" in response.content.decode()


def test_this_months_report_link_opens_the_oldest_report_still_to_submit(world, client_for):
    """Early in a month last month's report is the one due: the link opens it, not this
    month's (which is not due before next month)."""
    today = date(2026, 12, 7)
    with time_machine.travel(datetime.combine(today, time(9)), tick=False):
        SemesterFactory(district=world.district, school_year=2026, term=1,
                        start=date(2026, 9, 1), end=date(2027, 1, 20))
        client = client_for(world.secretary)
        # October is submitted, November not started yet (due in December): November opens.
        ReportFactory(school=world.school, year=2026, month=10,
                      status=MonthlyReport.Status.SUBMITTED)
        response = client.get(url("report_current"))
        assert response["Location"] == url("report_month", 2026, 11)
        # A started November draft is opened itself.
        november = ReportFactory(school=world.school, year=2026, month=11)
        assert client.get(url("report_current"))["Location"] == november.get_absolute_url()
        # Once November is submitted nothing older is pending: this month's report.
        MonthlyReport.objects.filter(pk=november.pk).update(
            status=MonthlyReport.Status.SUBMITTED)
        assert client.get(url("report_current"))["Location"] == url("report_month", 2026, 12)

"""Activity courses, the school calendar and campaigns: who may see and change them."""

from datetime import date

import pytest
from django.urls import reverse

from activities.models import (
    ActivitiesSettings,
    ActivityCourse,
    ActivitySession,
    Campaign,
    Semester,
)
from activities.tests.factories import CampaignFactory, CourseFactory

pytestmark = pytest.mark.django_db


def test_secretary_sets_the_course_once_and_plans_sessions(world, client_for, semesters):
    client = client_for(world.secretary)
    response = client.post(reverse("activities:course_mine"),
                           {"class_hours_per_month": 1, "timetable_slot": "周五第7节",
                            "demonstration_plan": "五四入团仪式"})
    course = ActivityCourse.objects.get(school=world.school)
    assert response["Location"] == course.get_absolute_url()
    assert client.get(reverse("activities:course_mine"))["Location"] == course.get_absolute_url()
    url = reverse("activities:session_create", args=[course.pk])
    client.post(url, {"theme": "科技周", "classes": "初二年级"})  # no date nor week
    client.post(url, {"theme": "科技周", "date": "1999-01-01"})  # outside the semester
    assert not ActivitySession.objects.exists()
    client.post(url, {"theme": "科技周", "week": 3, "period": 7})
    assert ActivitySession.objects.get().week == 3


def test_officer_sees_schools_without_a_course(world, client_for, semesters):
    CourseFactory(school=world.school, semester=semesters[1])
    response = client_for(world.education_officer).get(reverse("activities:course_list"))
    assert [c.school for c in response.context["courses"]] == [world.school]
    assert list(response.context["without"]) == [world.other_school]


def test_course_access(world, client_for, semesters):
    course = CourseFactory(school=world.other_school, semester=semesters[1])
    client = client_for(world.secretary)
    assert client.get(course.get_absolute_url()).status_code == 404
    assert client.post(reverse("activities:session_create", args=[course.pk]),
                       {"theme": "x", "week": 1}).status_code == 404
    assert client_for(world.leader).get(course.get_absolute_url()).status_code == 200
    assert client_for(world.leader).post(reverse("activities:course_update", args=[course.pk]),
                                         {"class_hours_per_month": 3}).status_code == 403


def test_officer_configures_the_calendar(world, client_for):
    client = client_for(world.officer)
    client.post(reverse("activities:semester_create"),
                {"school_year": 2026, "term": 1, "start": "2026-09-01", "end": "2027-01-15",
                 "deadline_day": 8, "close_after_days": 10})
    semester = Semester.objects.get()
    assert (semester.district, semester.deadline_day, str(semester)) == (
        world.district, 8, "2026-2027学年第一学期")
    response = client.post(reverse("activities:semester_create"),
                           {"school_year": 2026, "term": 2, "start": "2027-03-01",
                            "end": "2027-02-01", "deadline_day": 40, "close_after_days": 10})
    assert response.status_code == 200 and Semester.objects.count() == 1
    client.post(reverse("activities:calendar"), {"required_volunteer_hours": "24",
                                                 "class_hours_per_month": 1,
                                                 "reminder_days_before": 2,
                                                 "reason": "区委常委会决定"})
    assert world.district.activities_settings.required_volunteer_hours == 24
    assert client_for(world.secretary).get(reverse("activities:calendar")).status_code == 403
    assert client_for(world.far_officer).get(
        reverse("activities:semester_update", args=[semester.pk])).status_code == 404


def test_campaigns(world, client_for):
    client = client_for(world.officer)
    client.post(reverse("activities:campaign_create"),
                {"name": "文明城区", "start": "2026-10-01", "end": "2026-12-31",
                 "partners": [world.league.pk]})
    campaign = Campaign.objects.get()
    assert list(campaign.partners.all()) == [world.league]
    client.post(reverse("activities:campaign_create"),
                {"name": "端午", "start": "2026-06-20", "end": "2026-06-01"})
    assert Campaign.objects.count() == 1
    assert client_for(world.secretary).get(reverse("activities:campaign_list")).status_code == 200
    assert client_for(world.secretary).get(
        reverse("activities:campaign_update", args=[campaign.pk])).status_code == 403
    far = CampaignFactory(district=world.other_district, start=date(2026, 1, 1))
    assert client_for(world.officer).get(
        reverse("activities:campaign_update", args=[far.pk])).status_code == 404


def test_opening_the_calendar_writes_nothing(world, client_for):
    client = client_for(world.officer)
    response = client.get(reverse("activities:calendar"))
    assert response.status_code == 200
    assert response.context["settings_form"].initial["reminder_days_before"] == 3
    assert not ActivitiesSettings.objects.exists()
    client.post(reverse("activities:calendar"), {"required_volunteer_hours": "24",
                                                 "class_hours_per_month": 1,
                                                 "reminder_days_before": 2,
                                                 "reason": "区委常委会决定"})
    settings = ActivitiesSettings.objects.get()
    assert (settings.district, settings.reminder_days_before) == (world.district, 2)


def test_a_settings_change_needs_a_reason_and_is_kept_with_its_user(world, client_for):
    """Issue 26: the required volunteer hours (20 → 1) changed with no record."""
    client = client_for(world.officer)
    data = {"required_volunteer_hours": "20", "class_hours_per_month": 1,
            "reminder_days_before": 3}
    client.post(reverse("activities:calendar"), {**data, "reason": "初次设定"})
    response = client.post(reverse("activities:calendar"),
                           {**data, "required_volunteer_hours": "1", "reason": "  "})
    assert response.status_code == 200 and response.context["settings_form"].errors["reason"]
    assert world.district.activities_settings.required_volunteer_hours == 20
    client.post(reverse("activities:calendar"),
                {**data, "required_volunteer_hours": "1", "reason": "团区委书记办公会决定"})
    settings = ActivitiesSettings.objects.get(district=world.district)
    assert settings.required_volunteer_hours == 1
    latest, first = settings.history.all()[:2]
    assert (latest.required_volunteer_hours, latest.history_user, latest.history_change_reason) \
        == (1, world.officer, "团区委书记办公会决定")
    assert (first.required_volunteer_hours, first.history_type) == (20, "+")

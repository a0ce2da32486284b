"""Issue 10: compliance requires the class hours a month the school's course sets
(`ActivityCourse.class_hours_per_month`), and the district's default (1) without a course."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from activities import compliance
from activities.models import ActivitiesSettings, Activity
from activities.tests.factories import (
    ActivityFactory,
    CourseFactory,
    ReportFactory,
    SemesterFactory,
)

pytestmark = pytest.mark.django_db
AFTER = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def english():
    """Assert on the source messages (the pages' Chinese is checked separately)."""
    with translation.override("en"):
        yield


@pytest.fixture
def autumn(world):
    return SemesterFactory(district=world.district, school_year=2025, term=1,
                           start=date(2025, 9, 1), end=date(2026, 1, 16), deadline_day=5)


def september(school, class_hours: int):
    report = ReportFactory(school=school, year=2025, month=9, deadline=date(2025, 10, 5),
                           closes_on=date(2030, 1, 1), status="approved",
                           first_submitted_on=date(2025, 10, 3))
    for day in range(class_hours):
        ActivityFactory(report=report, kind=Activity.Kind.CLASS_HOUR, date=date(2025, 9, 10 + day))


def cell(school, semester):
    return compliance.grid([school], [semester], today=AFTER)[0].months[0]


def test_a_course_of_two_hours_a_month_fails_a_month_with_one(world, autumn):
    CourseFactory(school=world.school, semester=autumn, class_hours_per_month=2)
    september(world.school, 1)
    result = cell(world.school, autumn)
    assert result.css == "cell-fail"
    assert "Only 1 of the 2 activity class hours" in result.title


def test_two_hours_meet_a_course_of_two(world, autumn):
    CourseFactory(school=world.school, semester=autumn, class_hours_per_month=2)
    september(world.school, 2)
    assert cell(world.school, autumn).css == "cell-ok"


def test_without_a_course_the_district_default_applies(world, autumn):
    september(world.school, 1)
    assert cell(world.school, autumn).css == "cell-ok"  # the default: one hour a month
    ActivitiesSettings.objects.create(district=world.district, class_hours_per_month=2)
    assert cell(world.school, autumn).css == "cell-fail"


def test_a_new_course_starts_from_the_district_default(world, client_for):
    from activities.tests.factories import current_semesters

    current_semesters(world.district)
    ActivitiesSettings.objects.create(district=world.district, class_hours_per_month=3)
    response = client_for(world.secretary).get(reverse("activities:course_mine"))
    assert response.context["form"].initial["class_hours_per_month"] == 3

"""Issue 25: year pickers start at the district's first school year (where its data starts),
not 17 years back at 2010–11."""

import datetime as dt
import re
import zoneinfo
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from activities.tests.factories import SemesterFactory
from cadres.tests.factories import AreaMeetingFactory
from portal.school_year import first_school_year, school_years
from reports.forms import PeriodForm
from supervision.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def december_2026():
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, tzinfo=TZ), tick=False):
        yield


def offered(page: str, select_name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', page, re.S)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def test_the_first_school_year_is_the_earliest_of_plans_calendar_and_meetings(
        world, december_2026, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert first_school_year(world.district.pk) == 2026  # no data yet: this year
    PlanFactory(district=world.district, year=2025)
    assert first_school_year(world.district.pk) == 2025
    SemesterFactory(district=world.district, school_year=2024, start=date(2024, 9, 1),
                    end=date(2025, 1, 20))
    assert first_school_year(world.district.pk) == 2024
    AreaMeetingFactory(district=world.district, held_on=date(2024, 3, 5))  # 2023–2024
    with django_assert_num_queries(1):
        assert first_school_year(world.district.pk) == 2023
    # Another district's data does not move it.
    PlanFactory(district=world.other_district, year=2012)
    assert first_school_year(world.district.pk) == 2023
    assert school_years(world.district.pk) == [2026, 2025, 2024, 2023]
    assert school_years(world.district.pk, with_next=True)[0] == 2027


def test_the_reports_page_offers_school_years_from_the_district_data(world, client_for,
                                                                       december_2026):
    PlanFactory(district=world.district, year=2025)
    page = client_for(world.leader).get(reverse("reports")).content.decode()
    assert offered(page, "school_year") == ["2026–2027", "2025–2026"]
    form = PeriodForm(district=world.district)
    assert [y for y, _label in form.fields["school_year"].choices] == [2026, 2025]
    # A year before the data is not one of the choices.
    refused = PeriodForm({"kind": "year", "school_year": 2010}, district=world.district)
    assert not refused.is_valid()


def test_the_area_meeting_year_page_offers_the_years_of_the_data(world, client_for,
                                                                  december_2026):
    AreaMeetingFactory(district=world.district, held_on=date(2025, 11, 12))
    page = client_for(world.officer).get(reverse("cadres:meeting_year")).content.decode()
    assert offered(page, "year") == ["2026–2027", "2025–2026"]

"""The schools' figures of the evaluation PDFs."""

from datetime import date

import pytest
from django.utils import translation

from portal.evaluation.sections import Period
from schools.evaluation import district_sections, school_sections
from tests.factories import HonourFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The sections are labelled in the active language; these tests read English."""
    with translation.override("en"):
        yield
PERIOD = Period(start=date(2025, 9, 1), end=date(2026, 8, 31))


def test_district_counts_schools_and_honours_of_the_period(world):
    HonourFactory(school=world.school, year=2026)
    HonourFactory(school=world.school, year=2014)  # before the period
    HonourFactory(school=world.far_school, year=2026)  # another district
    schools, honours = district_sections(district=world.district, period=PERIOD)
    assert {f.label: f.value for f in schools.figures}["Schools"] == 2
    assert len(honours.tables[0].rows) == 1


def test_school_profile_lists_all_its_honours(world):
    HonourFactory(school=world.school, year=2014)
    profile, honours = school_sections(school=world.school, period=PERIOD)
    assert profile.tables[0].caption == world.school.name
    assert [row[0] for row in honours.tables[0].rows] == [2014]

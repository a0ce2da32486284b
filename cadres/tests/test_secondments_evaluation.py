"""The secondment cycle's sections of the evaluation summaries."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from cadres.evaluation_secondments import district_sections, school_sections
from cadres.models import Application
from cadres.models.secondments import Grade
from cadres.services import secondments as services
from cadres.tests.factories import ReservePoolEntryFactory
from cadres.tests.secondment_helpers import make_application, make_round, make_secondment, today
from portal.evaluation.sections import Chapter, Period

A = Application.Status


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def year_period():
    return Period(start=today() - timedelta(days=365), end=today())


def build(world):
    round = make_round(world, opens_on=today() - timedelta(days=30),
                       closes_on=today() - timedelta(days=10))
    make_application(world, round=round, status=A.APPROVED)
    make_application(world, round=round, school=world.other_school)
    secondment = make_secondment(world)
    for user, grade in ((world.org_department, Grade.OUTSTANDING),
                        (world.officer, Grade.OUTSTANDING),
                        (world.education_officer, Grade.QUALIFIED)):
        services.assessment_record(secondment=secondment, user=user, grade=grade)
    secondment.refresh_from_db()
    ReservePoolEntryFactory(secondment=secondment, entered_on=today(),
                            added_by=world.org_department)
    return secondment


def test_district_sections(world, django_assert_max_num_queries):
    build(world)
    with django_assert_max_num_queries(6):
        selection, pool = district_sections(district=world.district, period=year_period())
    assert selection.chapter == pool.chapter == Chapter.PROFESSIONALISATION
    figures = {f.label: f.value for f in selection.figures}
    # Two rounds: the one built here and the secondee's own (see make_secondment).
    assert figures["Selection rounds opened"] == 2 and figures["Applications"] == 3
    assert figures["Appointments approved"] == 2 and figures["Posts on offer"] == 4
    assert figures["Secondees serving in the period"] == 1
    row = selection.tables[0].rows[0]
    assert row[3:] == ["Outstanding", "Outstanding", "Qualified", "Outstanding"]
    assert dict(selection.charts[0].bars)["Outstanding"] == 1
    assert {f.label: f.value for f in pool.figures}["In the pool at the end of the period"] == 1


def test_empty_district_says_so(world):
    selection, pool = district_sections(
        district=world.district, period=Period(start=date(2001, 1, 1), end=date(2001, 12, 31)))
    assert selection.empty_note and pool.empty_note


def test_school_sections_show_results_not_grades(world, django_assert_max_num_queries):
    build(world)
    with django_assert_max_num_queries(5):
        section, pool = school_sections(school=world.school, period=year_period())
    assert section.tables[0].rows[0][-1] == "Outstanding"
    assert "Outstanding" not in section.tables[0].headers
    assert len(pool.tables[0].rows) == 1
    other, _pool = school_sections(school=world.other_school, period=year_period())
    assert not other.tables[0].rows

"""The supervision figures of the evaluation PDFs, against rows made here."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from portal.evaluation.sections import Period
from supervision.evaluation import district_sections, school_sections
from supervision.models import Commendation, Inspection, RectificationOrder
from supervision.tests.factories import make_inspection, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The sections are labelled in the active language; these tests read English."""
    with translation.override("en"):
        yield
PERIOD = Period(start=date(2025, 9, 1), end=date(2026, 8, 31))


def by_title(sections):
    return {s.title: s for s in sections}


def figures(section):
    return {f.label: f.value for f in section.figures}


def test_inspections_scores_and_outcomes(world):
    make_inspection(world, status=Inspection.Status.PUBLISHED, score=8)
    other = make_inspection(world, school=world.other_school,
                            status=Inspection.Status.SUBMITTED, score=6)
    Commendation.objects.create(inspection=other, text="表彰", issued_on=date(2025, 12, 1))
    sections = by_title(district_sections(district=world.district, period=PERIOD))
    held = figures(sections["Joint inspections"])
    assert held["Inspections held"] == 2 and held["Schools covered"] == 2
    scores = sections["Average score per indicator"]
    m01 = next(r for r in scores.tables[0].rows if r[0].startswith("M01"))
    assert m01[1] == 7.0  # (8 + 6) / 2
    assert scores.charts[0].bars[0][1] == 70.0
    outcome = sections["Outcomes: commendations and rectification"]
    assert figures(outcome)["Commendations issued"] == 1
    # 80 and 60 (the rectification threshold itself) are both satisfactory
    assert dict(outcome.charts[0].bars)["Satisfactory"] == 2


def test_orders_on_time_and_overdue(world):
    inspection = make_inspection(world, status=Inspection.Status.PUBLISHED)
    today = timezone.localdate()
    period = Period(start=today - timedelta(days=30), end=today)
    make_order(inspection, due=today - timedelta(days=1))  # overdue
    closed = make_order(inspection, due=today + timedelta(days=5))
    RectificationOrder.objects.filter(pk=closed.pk).update(status="closed",
                                                           closed_at=timezone.now())
    orders = by_title(district_sections(district=world.district, period=period))
    stats = figures(orders["Rectification orders"])
    assert (stats["Orders issued"], stats["Closed on time"], stats["Overdue"]) == (2, 1, 1)


def test_a_school_sees_only_its_published_history(world):
    make_inspection(world, status=Inspection.Status.PUBLISHED)
    make_inspection(world, status=Inspection.Status.SUBMITTED)
    sections = by_title(school_sections(school=world.school, period=PERIOD))
    assert len(sections["Inspection history"].tables[0].rows) == 1
    assert sections["Scores per indicator"].charts[0].bars


def test_empty_district_says_so(world):
    sections = district_sections(district=world.other_district, period=PERIOD)
    assert all(s.empty_note for s in sections if s.title != "The standard for "
               "middle-school league work")

"""The cooperation and standardisation figures of the evaluation PDFs, against rows made
here."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from activities.evaluation import district_sections
from activities.models import Activity, Allocation, MonthlyReport
from activities.tests.factories import (
    ActivityFactory,
    ApplicantFactory,
    FundFactory,
    NominationFactory,
    ReportFactory,
    SelectionFactory,
    SemesterFactory,
    VolunteerRecordFactory,
)
from portal.evaluation.sections import Period

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The sections are labelled in the active language; these tests read English."""
    with translation.override("en"):
        yield
PERIOD = Period(start=date(2025, 9, 1), end=date(2026, 8, 31))


def sections(world):
    return {s.title: s for s in district_sections(district=world.district, period=PERIOD)}


def figures(section):
    return {f.label: f.value for f in section.figures}


def test_funds_honoured_and_volunteering(world):
    fund = FundFactory(district=world.district, year=2026, amount=Decimal("190000"))
    Allocation.objects.create(fund=fund, school=world.school, amount=Decimal("40000"))
    FundFactory(district=world.other_district, year=2026)  # not ours
    selection = SelectionFactory(district=world.district, nomination_closes=date(2026, 4, 1),
                                 nomination_opens=date(2026, 3, 1))
    NominationFactory(selection=selection, school=world.school, status="accepted")
    NominationFactory(selection=selection, school=world.school, status="rejected")
    applicant = ApplicantFactory(school=world.school)
    VolunteerRecordFactory(applicant=applicant, hours=Decimal("12.5"))
    VolunteerRecordFactory(applicant=applicant, hours=Decimal("8"))
    found = sections(world)
    funds = found["Special funds"]
    assert figures(funds)["Funds received"] == "190,000.00"
    # issue 20: "余额" was amount less allocated; each remainder is now named as such
    assert funds.tables[0].rows[0][5] == "150,000.00"  # not yet allocated
    assert funds.tables[0].rows[0][-1] == "40,000.00"  # allocated, not yet spent
    assert figures(funds)["Allocated, not yet spent"] == "40,000.00"
    assert figures(found["Honour selections: young people honoured"])[
        "Young people honoured"] == 1
    assert figures(found["Volunteer service and partners in schools"])[
        "Volunteer hours of membership applicants"] == Decimal("20.5")
    # 20.5 h ≥ the default 20 h; issue 20: the figure shows its denominator
    assert figures(found["Membership applicants' volunteering"])[
        "Meeting the required volunteer hours"] == "100% (1/1 applicants)"


def test_compliance_per_school_from_the_one_computation(world):
    SemesterFactory(district=world.district, start=date(2025, 9, 1), end=date(2026, 1, 20))
    for month in (9, 10):
        report = ReportFactory(school=world.school, year=2025, month=month,
                               status=MonthlyReport.Status.APPROVED,
                               first_submitted_on=date(2025, month + 1, 5),
                               deadline=date(2025, month + 1, 10),
                               closes_on=date(2025, month + 1, 25))
        if month == 9:
            ActivityFactory(report=report, kind=Activity.Kind.CLASS_HOUR,
                            date=date(2025, 9, 15))
    found = sections(world)["Monthly reports and compliance"]
    rows = {r[0]: r for r in found.tables[0].rows}
    # September to January are term months, all past their deadline: five due, two
    # submitted on time, one with its class hour: 1 compliant month of 5.
    assert rows[world.school.name][1:4] == ["2/5", 2, "1 (20%)"]
    assert dict(found.charts[1].bars)["0–39%"] == 2  # both schools

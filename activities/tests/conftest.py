import pytest

from activities.tests.factories import ReportFactory, current_semesters


@pytest.fixture
def semesters(world):
    return current_semesters(world.district)


@pytest.fixture
def report(world, semesters):
    """This month's draft report of the secretary's school."""
    return ReportFactory(school=world.school)


@pytest.fixture
def other_report(world, semesters):
    return ReportFactory(school=world.other_school)

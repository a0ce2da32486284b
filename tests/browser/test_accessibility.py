"""Every page of every role, checked with axe-core (WCAG 2.1 A and AA) in the browser.

The journeys in the other browser tests check the pages they pass through; this test opens
the rest: every URL pattern of the project (as tests/test_access.py walks them) that answers
a role's GET with an HTML page, for each role of the `world` fixture in turn — officer (团区委),
education officer (区教委), secretary, leader, organisation department (组织部), administrator —
with one object of every kind built by the apps' factories. All violations are listed together
at the end."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from activities.tests import factories as activities
from cadres.tests import factories as cadres
from supervision.models import Inspection
from supervision.tests.factories import PlanFactory, make_inspection, make_order, make_problem
from tests.test_access import MODELS, ROUTES, _kwargs, _object_kwarg
from tests.test_no_500 import _instance

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _one_of_everything(world) -> None:
    """An object of every kind the pages show, in the world's district and own school."""
    district, school = world.district, world.school
    plan = PlanFactory(district=district, team=[world.officer, world.education_officer])
    make_inspection(world, school=world.other_school, plan=plan)  # to be scored
    published = make_inspection(world, plan=plan, status=Inspection.Status.PUBLISHED, score=8)
    make_order(published)
    make_problem(published)
    _first, current = activities.current_semesters(district)
    report = activities.ReportFactory(school=school)
    activities.ActivityFactory(report=report)
    course = activities.CourseFactory(school=school, semester=current)
    activities.SessionFactory(course=course, date=datetime.date.today())
    activities.CampaignFactory(district=district)
    selection = activities.SelectionFactory(district=district)
    activities.NominationFactory(selection=selection, school=school)
    activities.FundFactory(district=district, year=datetime.date.today().year)
    activities.VolunteerRecordFactory(applicant=activities.ApplicantFactory(school=school))
    cadre = cadres.CadreFactory(school=school)
    cadres.PostFactory(cadre=cadre)
    cadres.DocumentFactory(district=district)
    cadres.AreaMeetingFactory(district=district)
    application = cadres.ApplicationFactory(round=cadres.SecondmentRoundFactory(district=district),
                                            cadre=cadre, submitted_by=world.secretary)
    secondment = cadres.SecondmentFactory(application=application, result="qualified")
    cadres.ReservePoolEntryFactory(secondment=secondment, added_by=world.org_department)


def _urls(user) -> list[tuple[str, str]]:
    """(route name, URL) of every URL pattern, with the first object of its kind the user
    sees (as test_no_500)."""
    urls = []
    for route in ROUTES:
        try:
            obj = _object_kwarg(route)
        except AssertionError:
            continue  # tests/test_access.py reports a URL it cannot fill
        instance = _instance(MODELS[obj], user) if obj else None
        if obj and instance is None:
            continue
        try:
            urls.append((route.name, reverse(route.name, kwargs=_kwargs(route, instance))))
        except NoReverseMatch:
            continue  # a kwarg test_access does not know how to fill: that test reports it
    return urls


def _html_pages(user) -> tuple[list[tuple[str, str]], list[str]]:
    """The role's URLs that answer a GET with a page (not a download, a redirect or a 403),
    and those that answer with a server error (each one a failure of this test)."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    pages, broken = [], []
    for name, url in _urls(user):
        response = client.get(url)
        if response.status_code >= 500:
            broken.append(f"as {user.username}: {url} answered {response.status_code}")
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append((name, url))
    return pages, broken


def test_every_page_of_every_role_passes_axe(world, page, login):
    _one_of_everything(world)
    failures, visited, seen = [], 0, set()
    # The officer and the secretary open every page they may; the other roles their home
    # page and the pages no earlier role could open (a page's other roles share its template;
    # the journeys in the other browser tests check them too). The run time stays modest.
    for user, every in ((world.officer, True), (world.secretary, True),
                        (world.education_officer, False), (world.leader, False),
                        (world.org_department, False), (world.admin, False)):
        username = user.username
        try:
            login(username)  # checks the login page and the role's home page
        except AssertionError as found:
            failures.append(f"as {username}: {found}")
        pages, broken = _html_pages(user)
        failures.extend(broken)
        for name, url in pages:
            if not every and name in seen:
                continue
            seen.add(name)
            try:
                page.goto(page.base_url + url)
            except AssertionError as found:
                failures.append(f"as {username}: {found}")
            visited += 1
    assert visited > 80, visited  # the pages were found (one object of every kind)
    assert not failures, "\n".join(failures)

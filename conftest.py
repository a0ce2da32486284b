"""Personas shared by every test: two districts; in district A an own school and another
school; one user for every role. Built once per test through factories."""

from dataclasses import dataclass

import pytest

from portal.models import Organisation, Role, User
from tests.factories import (
    BranchFactory,
    DistrictFactory,
    OrganisationFactory,
    SchoolFactory,
    UserFactory,
)


@dataclass
class World:
    district: object
    other_district: object
    school: object  # the secretary's own school
    other_school: object  # same district, not the secretary's
    far_school: object  # another district
    league: Organisation
    education: Organisation
    officer: User  # district league committee officer (团区委)
    education_officer: User  # education commission officer (区教委)
    secretary: User
    other_secretary: User
    leader: User
    org_department: User
    city_officer: User
    admin: User
    far_officer: User  # officer of the other district


@pytest.fixture
def world(db) -> World:
    district = DistrictFactory(name="渝中区", code="yuzhong")
    other_district = DistrictFactory(name="江北区", code="jiangbei")
    league = OrganisationFactory(district=district, name="团区委",
                                 kind=Organisation.Kind.LEAGUE_COMMITTEE)
    education = OrganisationFactory(district=district, name="区教委",
                                    kind=Organisation.Kind.EDUCATION_COMMISSION)
    orgdep = OrganisationFactory(district=district, name="区委组织部",
                                 kind=Organisation.Kind.ORGANISATION_DEPARTMENT)
    far_league = OrganisationFactory(district=other_district, name="江北团区委",
                                     kind=Organisation.Kind.LEAGUE_COMMITTEE)
    school = SchoolFactory(district=district, name="求精中学")
    other_school = SchoolFactory(district=district, name="大坪中学")
    far_school = SchoolFactory(district=other_district, name="江北中学")
    for s in (school, other_school, far_school):
        BranchFactory(school=s)

    def user(username, role, **kw):
        return UserFactory(username=username, role=role, **kw)

    return World(
        district=district,
        other_district=other_district,
        school=school,
        other_school=other_school,
        far_school=far_school,
        league=league,
        education=education,
        officer=user("officer", Role.DISTRICT_OFFICER, organisation=league, district=district),
        education_officer=user("eduofficer", Role.EDUCATION_OFFICER, organisation=education,
                               district=district),
        secretary=user("secretary", Role.SCHOOL_SECRETARY, school=school, district=district),
        other_secretary=user("othersecretary", Role.SCHOOL_SECRETARY, school=other_school,
                             district=district),
        leader=user("leader", Role.LEADER, organisation=league, district=district),
        org_department=user("orgdep", Role.ORGANISATION_DEPARTMENT, organisation=orgdep,
                            district=district),
        city_officer=user("city", Role.CITY_OFFICER),
        admin=user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True,
                   district=district, organisation=league),
        far_officer=user("farofficer", Role.DISTRICT_OFFICER, organisation=far_league,
                         district=other_district),
    )


@pytest.fixture
def client_for(client):
    """`client_for(user)` logs the test client in as that user and returns it."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def hand_overs_at_once(monkeypatch):
    """Hand-over notifications (`portal.notify`) are sent when the transaction commits; a test
    runs inside one transaction, so send them at once instead."""
    import types

    monkeypatch.setattr("portal.notify.transaction",
                        types.SimpleNamespace(on_commit=lambda send, using=None: send()))

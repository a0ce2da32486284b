"""`portal.access`, the one vocabulary of who may act: each predicate, the one refusal type
and where it is shown, a role that must fit its user, and the rule that no module outside
`portal/access.py` compares a role, an organisation's kind or a user's district or school."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import permission_denied

from portal import access
from portal.access import Refused
from portal.models import Organisation, Role, User
from portal.services import run_service
from tests.factories import OrganisationFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db
K = Organisation.Kind
ROOT = Path(settings.BASE_DIR)


# ---------------------------------------------------------------- the predicates

def test_role_predicates(world):
    assert access.is_officer(world.officer) and access.is_officer(world.education_officer)
    assert not access.is_officer(world.admin) and not access.is_officer(world.leader)
    assert access.is_secretary(world.secretary) and not access.is_secretary(world.officer)
    assert access.is_organisation_department(world.org_department)
    assert access.is_read_only(world.leader) and not access.is_read_only(world.officer)
    assert access.is_city_wide(world.city_officer) and access.is_city_wide(world.admin)
    assert not access.is_city_wide(world.officer)
    assert access.administers(world.admin) and not access.administers(world.city_officer)
    assert access.holds_role(world.officer, access.OFFICERS)
    assert access.holds_role(world.admin, access.SECRETARIES)  # a superuser holds every role
    assert not access.holds_role(world.leader, access.DISTRICT_EDITORS)
    anonymous = AnonymousUser()
    assert not any(p(anonymous) for p in (
        access.is_officer, access.is_secretary, access.is_city_wide, access.administers,
        access.is_read_only, access.is_organisation_department))
    assert not access.officer_of(anonymous, world.district.pk)


def test_the_user_properties_are_the_predicates(world):
    for user in (world.officer, world.secretary, world.leader, world.org_department,
                 world.city_officer, world.admin):
        assert user.is_officer == access.is_officer(user)
        assert user.is_secretary == access.is_secretary(user)
        assert user.is_organisation_department == access.is_organisation_department(user)
        assert user.is_leader == user.is_read_only == access.is_read_only(user)
        assert user.is_city_wide == access.is_city_wide(user)
        assert user.is_portal_admin == access.administers(user)


def test_acts_for_district(world):
    here, there = world.district.pk, world.other_district.pk
    assert access.acts_for_district(world.leader, here)
    assert not access.acts_for_district(world.leader, there)
    assert access.acts_for_district(world.city_officer, there)
    assert not access.acts_for_district(world.far_officer, here)


def test_officer_of(world):
    here = world.district.pk
    assert access.officer_of(world.officer, here) and access.officer_of(world.education_officer,
                                                                        here)
    assert not access.officer_of(world.far_officer, here)
    assert access.officer_of(world.far_officer, world.other_district.pk)
    for user in (world.admin, world.leader, world.org_department, world.secretary,
                 world.city_officer):
        assert not access.officer_of(user, here), user
    assert not access.officer_of(UserFactory(role=Role.DISTRICT_OFFICER), None)


def test_edits_district_and_school(world):
    here, there = world.district.pk, world.other_district.pk
    assert access.edits_district(world.officer, here)
    assert not access.edits_district(world.officer, there)
    assert access.edits_district(world.admin, there)  # administrators: every district
    administrator = UserFactory(role=Role.ADMINISTRATOR)  # the role, not a superuser
    assert access.edits_district(administrator, here)
    for user in (world.leader, world.org_department, world.city_officer, world.secretary):
        assert not access.edits_district(user, here), user
    assert access.edits_school(world.secretary, world.school)
    assert not access.edits_school(world.secretary, world.other_school)
    assert access.edits_school(world.officer, world.other_school)
    assert not access.edits_school(world.far_officer, world.school)


def test_body_of(world):
    here = world.district.pk
    assert access.body_of(world.officer, here) == K.LEAGUE_COMMITTEE
    assert access.body_of(world.education_officer, here) == K.EDUCATION_COMMISSION
    assert access.body_of(world.org_department, here) == K.ORGANISATION_DEPARTMENT
    # A leader of the league committee, an administrator, another district: no body.
    assert access.body_of(world.leader, here) is None
    assert access.body_of(world.admin, here) is None
    assert access.body_of(world.far_officer, here) is None
    assert access.body_of(world.far_officer, world.other_district.pk) == K.LEAGUE_COMMITTEE
    pioneers = OrganisationFactory(district=world.district, kind=K.PIONEERS_COMMITTEE)
    assert access.body_of(UserFactory(role=Role.DISTRICT_OFFICER, organisation=pioneers,
                                      district=world.district), here) is None
    misplaced = UserFactory(role=Role.ORGANISATION_DEPARTMENT, organisation=world.league,
                            district=world.district)
    assert access.body_of(misplaced, here) is None


def test_joint_officer_and_organisation_department_of(world):
    here = world.district.pk
    assert access.joint_officer_of(world.officer, here)
    assert access.joint_officer_of(world.education_officer, here)
    assert not access.joint_officer_of(world.org_department, here)
    assert not access.joint_officer_of(world.far_officer, here)
    assert access.organisation_department_of(world.org_department, here)
    assert not access.organisation_department_of(world.org_department, world.other_district.pk)
    assert not access.organisation_department_of(world.officer, here)


def test_secretary_of_and_in(world):
    assert access.secretary_of(world.secretary, world.school.pk)
    assert not access.secretary_of(world.secretary, world.other_school.pk)
    assert not access.secretary_of(world.secretary, None)
    assert not access.secretary_of(world.officer, world.school.pk)
    assert access.secretary_in(world.secretary, world.district.pk)
    assert not access.secretary_in(world.secretary, world.other_district.pk)
    assert not access.secretary_in(world.officer, world.district.pk)


def test_sees_personal_data(world):
    assert access.sees_personal_data(world.admin)
    assert access.sees_personal_data(world.org_department)
    for user in (world.officer, world.leader, world.secretary, world.city_officer):
        assert not access.sees_personal_data(user), user


# ---------------------------------------------------------------- the refusal

def _request(user, method="post"):
    request = getattr(RequestFactory(), method)("/")
    SessionMiddleware(lambda r: None).process_request(request)
    request._messages = FallbackStorage(request)
    request.user = user
    return request


def test_refused_is_a_403_with_its_message(world):
    refusal = Refused("Only officers of the district may do this.")
    assert isinstance(refusal, PermissionDenied)
    assert str(refusal) == "Only officers of the district may do this."
    assert refusal.messages == ["Only officers of the district may do this."]
    with translation.override("en"):
        assert "ask the district league committee" in str(Refused())


def test_run_service_shows_a_refusal_as_a_message(world):
    request = _request(world.far_officer)

    def service():
        raise Refused("Only officers of the district may do this.")

    assert run_service(request, service, "done") is False
    assert [str(m) for m in get_messages(request)] == [
        "Only officers of the district may do this."]


def test_the_403_page_shows_a_refusal_and_the_general_message_otherwise(world):
    with translation.override("en"):
        page = permission_denied(_request(world.officer, "get"),
                                 Refused("Only officers of the district may do this."))
        assert page.status_code == 403
        assert "Only officers of the district may do this." in page.content.decode()
        page = permission_denied(_request(world.officer, "get"), PermissionDenied())
        assert "Your role may not do this." in page.content.decode()


# ---------------------------------------------------------------- a role fits its user

def test_the_personas_fit_their_roles(world):
    for name in ("officer", "education_officer", "secretary", "other_secretary", "leader",
                 "org_department", "city_officer", "admin", "far_officer"):
        assert access.role_misfits(getattr(world, name)) == {}, name


def test_the_demo_users_fit_their_roles():
    """The demo's users as `portal.demo` makes them (its organisations from the district's
    fixture), and a school secretary as the schools' demo makes them."""
    from portal import demo

    ctx = demo.DemoContext(password="pw-for-tests-1", school_count=0, years=1,
                           today=date(2026, 3, 2))
    demo.seed(ctx)
    demo.ensure_secretary(ctx, "qiujing", SchoolFactory(district=ctx.district), "书记")
    users = list(User.objects.select_related("organisation", "school"))
    assert {u.username for u in users} == {u[0] for u in demo.DEMO_USERS} | {"qiujing"}
    for user in users:
        assert access.role_misfits(user) == {}, user.username


@pytest.mark.parametrize("role, fields, field", [
    (Role.DISTRICT_OFFICER, {"organisation": None}, "organisation"),
    (Role.EDUCATION_OFFICER, {"organisation": "orgdep"}, "organisation"),
    (Role.ORGANISATION_DEPARTMENT, {"organisation": "league"}, "organisation"),
    (Role.SCHOOL_SECRETARY, {"organisation": "league", "school": "school"}, "organisation"),
    (Role.LEADER, {"school": "school"}, "school"),
    (Role.LEADER, {"district": None, "organisation": None}, "district"),
    (Role.CITY_OFFICER, {"organisation": None}, "district"),
    (Role.DISTRICT_OFFICER, {"organisation": "far_league"}, "organisation"),
    (Role.SCHOOL_SECRETARY, {"school": "far_school", "organisation": None}, "school"),
])
def test_a_misfit_is_refused_when_the_user_is_saved(world, role, fields, field):
    orgs = {o.kind: o for o in Organisation.objects.filter(district=world.district)}
    named = {"league": world.league, "orgdep": orgs[K.ORGANISATION_DEPARTMENT],
             "far_league": world.far_officer.organisation, "school": world.school,
             "far_school": world.far_school, None: None}
    values = {"organisation": world.league, "district": world.district} | {
        name: named[value] for name, value in fields.items()}
    user = User(username="newcomer", role=role, **values)
    errors = access.role_misfits(user)
    assert set(errors) == {field}, errors
    with pytest.raises(ValidationError) as refused:
        user.full_clean()
    assert field in refused.value.message_dict


def test_only_a_change_of_who_the_user_is_is_checked(world):
    """A user saved before the rule (an officer without an organisation) still changes their
    e-mail; changing their role, organisation, school or district checks the fit."""
    legacy = UserFactory(username="legacy", role=Role.DISTRICT_OFFICER, district=world.district)
    legacy.email = "legacy@example.org"
    legacy.full_clean()
    legacy.role = Role.EDUCATION_OFFICER
    with pytest.raises(ValidationError):
        legacy.full_clean()
    legacy.organisation = world.education
    legacy.full_clean()


def test_the_admin_refuses_a_misfit(world, client_for):
    target = UserFactory(username="newcomer", role=Role.LEADER, organisation=world.league,
                         district=world.district)
    data = {"username": "newcomer", "role": Role.ORGANISATION_DEPARTMENT, "is_active": "on",
            "district": world.district.pk, "organisation": world.league.pk,
            "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00"}
    client = client_for(world.admin)
    with translation.override("en"):
        response = client.post(reverse("admin:portal_user_change", args=[target.pk]), data,
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    target.refresh_from_db()
    assert target.role == Role.LEADER


# ---------------------------------------------------------------- no comparison elsewhere

VOCABULARY = {"portal/access.py"}


def _project_folders() -> list[str]:
    """Every app of the project (`portal.plugins.project_apps`), and ``bench/``."""
    from portal.plugins import project_apps

    return [*project_apps(), "bench"]
USER_NAMES = {"user", "viewer", "actor"}


def _is_user(node) -> bool:
    if isinstance(node, ast.Name):
        return node.id in USER_NAMES
    return isinstance(node, ast.Attribute) and node.attr == "user"


def _kind_aliases(tree) -> set[str]:
    return {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
            and _is_kind_class(node.value) for target in node.targets
            if isinstance(target, ast.Name)}


def _is_kind_class(node) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "Kind"
            and isinstance(node.value, ast.Name) and node.value.id == "Organisation")


def _operands(compare: ast.Compare):
    for operand in (compare.left, *compare.comparators):
        if isinstance(operand, ast.Tuple | ast.List | ast.Set):
            yield from operand.elts
        else:
            yield operand


def _presence_test(compare: ast.Compare) -> bool:
    return all(isinstance(op, ast.Is | ast.IsNot) for op in compare.ops) and any(
        isinstance(c, ast.Constant) and c.value is None for c in compare.comparators)


def permission_comparisons(source: str) -> list[tuple[int, str]]:
    """The rule of `test_no_permission_comparison_outside_the_access_module`."""
    tree = ast.parse(source)
    aliases = _kind_aliases(tree)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr == "kind"
                and isinstance(node.value, ast.Attribute) and node.value.attr == "organisation"):
            found.append((node.lineno, "organisation.kind"))
        if not isinstance(node, ast.Compare) or _presence_test(node):
            continue
        for operand in _operands(node):
            if not isinstance(operand, ast.Attribute):
                continue
            if operand.attr == "role":
                found.append((node.lineno, ".role"))
            elif _is_kind_class(operand.value) or (isinstance(operand.value, ast.Name)
                                                   and operand.value.id in aliases):
                found.append((node.lineno, "Organisation.Kind"))
            elif operand.attr in ("district_id", "school_id") and _is_user(operand.value):
                found.append((node.lineno, f"user.{operand.attr}"))
    return found


TEMPLATE_COMPARISON = re.compile(
    r"\.(role|district_id|school_id|organisation\.kind)\s*(==|!=|\bin\b|\bnot in\b)"
    r"|(==|!=|\bin\b)\s*[\w.]*\.(role|organisation\.kind)\b")


def test_the_rule_finds_what_it_names():
    assert permission_comparisons("if user.role == Role.LEADER: pass")
    assert permission_comparisons("ok = request.user.role in OFFICERS")
    assert permission_comparisons("ok = self.request.user.district_id != plan.district_id")
    assert permission_comparisons("ok = user.school_id == school.pk")
    assert permission_comparisons("kind = user.organisation.kind")
    assert permission_comparisons("K = Organisation.Kind\nok = kind in (K.LEAGUE_COMMITTEE,)")
    assert permission_comparisons("ok = kind == Organisation.Kind.ORGANISATION_DEPARTMENT")
    assert not permission_comparisons(
        "q = User.objects.filter(role__in=OFFICER_ROLES, district_id=user.district_id, "
        "organisation__kind=Organisation.Kind.LEAGUE_COMMITTEE)")
    assert not permission_comparisons("ok = user.school_id is None")
    assert not permission_comparisons("ok = finding.kind == Finding.Kind.PROBLEM")
    assert not permission_comparisons("ok = school.district_id != meeting.district_id")
    assert TEMPLATE_COMPARISON.search('{% if user.role == "leader" %}')
    assert not TEMPLATE_COMPARISON.search("{% if user.is_officer %}{{ report.district_id }}")


def test_no_permission_comparison_outside_the_access_module():
    """`portal/access.py` is the only module that compares, for a permission decision, a
    role, an organisation's kind or a user's district or school. The rule, over every
    ``.py`` file of the project's apps (and ``bench/``) outside ``migrations/`` and
    ``tests/``:

    1. no comparison (``==``, ``!=``, ``in``, ``not in``, ``is``…) has among its operands —
       or among the elements of a tuple, list or set operand — an attribute ``.role``;
    2. none has a member of ``Organisation.Kind`` (or of a module-level alias of it, ``K =
       Organisation.Kind``) among them, and nothing reads ``<x>.organisation.kind``;
    3. none has a user's ``.district_id`` or ``.school_id`` among them — a user being a name
       ``user``, ``viewer`` or ``actor``, or any attribute ``.user`` (``request.user``,
       ``self.user``) — except a test against ``None`` (``is None``: whether they have one).

    Queryset filters (``filter(district_id=user.district_id)``, ``role__in=…``,
    ``organisation__kind=…``) are keyword arguments, not comparisons: row scoping
    (`portal.scoping` and the models' querysets — which rows a user sees) and the shared
    reads (a district's officers, a notification's recipients) keep them. Comparing two
    records' districts (a meeting's schools are the meeting's district's) is a rule about
    data, not about who acts, and is not caught. Templates: no ``.role``, ``.district_id``,
    ``.school_id`` or ``organisation.kind`` beside ``==``, ``!=`` or ``in``."""
    found, apps = [], _project_folders()
    assert {"portal", "schools", "supervision", "activities", "cadres"} <= set(apps)
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "/migrations/" in name or "/tests/" in name or name in VOCABULARY:
                continue
            found += [f"{name}:{line}: {what}"
                      for line, what in permission_comparisons(path.read_text())]
    templates = [ROOT / "templates", *(ROOT / app / "templates" for app in apps)]
    for path in sorted(p for folder in templates for p in folder.rglob("*.html")):
        name = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if TEMPLATE_COMPARISON.search(line):
                found.append(f"{name}:{number}: {line.strip()[:80]}")
    assert not found, "compare through portal.access instead:\n" + "\n".join(found)

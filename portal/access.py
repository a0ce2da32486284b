"""Who may act: the portal's one vocabulary of permission.

Row scoping lives in `portal.scoping` (which rows a user *sees*: querysets, a 404 outside);
this module answers "may this user *act*" — may this role use this screen at all (403 when
not), and may this user act for this district, for this body, on this school. It is the
only module that compares a user's role, their organisation's kind or their district or
school (`portal/tests/test_access.py` fails on such a comparison anywhere else); services,
page flags and the `User` properties (`user.is_officer`, …, for templates) call these
predicates. Services refuse with `Refused`; `portal.services.run_service` shows its message
on the page the view answers with, and anywhere else Django's 403 page (`templates/403.html`)
shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.models import CITY_WIDE_ROLES, OFFICER_ROLES, READ_ONLY_ROLES, Organisation, Role

K = Organisation.Kind


class Refused(PermissionDenied):
    """A refusal of who is asking (not of what they asked): a 403, carrying the message
    the user reads."""

    default_message = _("Your role may not do this. If you think it should, ask the district "
                        "league committee.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(self.message)

    @property
    def messages(self) -> list[str]:
        return [str(self.message)]

    def __str__(self) -> str:
        return str(self.message)


# ---------------------------------------------------------------- what a role is
# (any district; the `User` properties of the same names call these)

def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def holds_role(user, roles) -> bool:
    """The user holds one of ``roles``, or is a superuser."""
    return _signed_in(user) and (user.is_superuser or user.role in roles)


def is_officer(user) -> bool:
    """A district league committee or education commission officer (role only)."""
    return _signed_in(user) and user.role in OFFICER_ROLES


def is_secretary(user) -> bool:
    """A school secretary (role only)."""
    return _signed_in(user) and user.role == Role.SCHOOL_SECRETARY


def is_organisation_department(user) -> bool:
    """A user of the organisation department (role only)."""
    return _signed_in(user) and user.role == Role.ORGANISATION_DEPARTMENT


def is_read_only(user) -> bool:
    """A leader: reads their district, writes nothing."""
    return _signed_in(user) and user.role in READ_ONLY_ROLES


def is_city_wide(user) -> bool:
    """Sees every district: superusers, city officers and administrators."""
    return _signed_in(user) and (user.is_superuser or user.role in CITY_WIDE_ROLES)


def administers(user) -> bool:
    """A superuser or an administrator: acts in every district, as officers do in theirs."""
    return _signed_in(user) and (user.is_superuser or user.role == Role.ADMINISTRATOR)


# ---------------------------------------------------------------- who may act for what

def acts_for_district(user, district_id) -> bool:
    """The user works in that district (whatever their role), or is city-wide."""
    return is_city_wide(user) or (_signed_in(user) and district_id is not None
                                  and user.district_id == district_id)


def officer_of(user, district_id) -> bool:
    """A district or education officer of that district (administrators are not)."""
    return is_officer(user) and district_id is not None and user.district_id == district_id


def edits_district(user, district_id) -> bool:
    """Keeps that district's records: its officers, and administrators of every district."""
    return officer_of(user, district_id) or administers(user)


def edits_school(user, school) -> bool:
    """Keeps a school's records: its own secretary, or a keeper of its district's."""
    return secretary_of(user, school.pk) or edits_district(user, school.district_id)


def body_of(user, district_id) -> str | None:
    """The body (`Organisation.Kind`) the user acts for in that district: the league
    committee or the education commission for an officer of that organisation, the
    organisation department for its users; None for anyone else (leaders, schools,
    administrators, another district)."""
    if not _signed_in(user) or district_id is None or user.district_id != district_id:
        return None
    kind = user.organisation.kind if user.organisation_id else None
    if user.role in OFFICER_ROLES and kind in (K.LEAGUE_COMMITTEE, K.EDUCATION_COMMISSION):
        return kind
    if user.role == Role.ORGANISATION_DEPARTMENT and kind == K.ORGANISATION_DEPARTMENT:
        return kind
    return None


def joint_officer_of(user, district_id) -> bool:
    """An officer of that district's league committee or education commission (the two
    bodies that inspect, select secondees and grade them together)."""
    return body_of(user, district_id) in (K.LEAGUE_COMMITTEE, K.EDUCATION_COMMISSION)


def organisation_department_of(user, district_id) -> bool:
    """The organisation department of that district (approves secondments, keeps the pool)."""
    return body_of(user, district_id) == K.ORGANISATION_DEPARTMENT


def secretary_of(user, school_id) -> bool:
    """The secretary of that school."""
    return is_secretary(user) and school_id is not None and user.school_id == school_id


def secretary_in(user, district_id) -> bool:
    """A school secretary of a school of that district."""
    return is_secretary(user) and district_id is not None and user.district_id == district_id


def sees_personal_data(user) -> bool:
    """Reads phones and identity numbers unmasked: administrators and the organisation
    department."""
    return administers(user) or is_organisation_department(user)


# ---------------------------------------------------------------- a role fits its user

# The bodies a district or education officer may belong to.
OFFICER_BODIES = (K.LEAGUE_COMMITTEE, K.EDUCATION_COMMISSION, K.PIONEERS_COMMITTEE)
DISTRICT_ROLES = (*OFFICER_ROLES, Role.SCHOOL_SECRETARY, Role.ORGANISATION_DEPARTMENT,
                  Role.LEADER)


def role_misfits(user) -> dict[str, str]:
    """What of a user's school, organisation and district does not fit their role (field →
    message; empty when all fits): `User.clean` refuses the save on any."""
    role = user.role
    school = user.school if user.school_id else None
    org = user.organisation if user.organisation_id else None
    district_id = (user.district_id or (school.district_id if school else None)
                   or (org.district_id if org else None))
    errors = {}
    if role == Role.SCHOOL_SECRETARY:
        if school is None:
            errors["school"] = _("A school secretary must be tied to a school.")
        if org is not None and org.kind != K.SCHOOL:
            errors["organisation"] = _("A school secretary belongs to their school: leave the "
                                       "organisation empty.")
    elif school is not None:
        errors["school"] = _("Only a school secretary is tied to a school.")
    if role in OFFICER_ROLES and (org is None or org.kind not in OFFICER_BODIES):
        errors["organisation"] = _("An officer belongs to the district league committee, the "
                                   "education commission or the pioneers work committee.")
    if role == Role.ORGANISATION_DEPARTMENT and (org is None
                                                 or org.kind != K.ORGANISATION_DEPARTMENT):
        errors["organisation"] = _("This role belongs to an organisation department.")
    if role == Role.CITY_OFFICER:
        if user.district_id is not None:
            errors["district"] = _("A city officer works for every district: leave the "
                                   "district empty.")
        if org is not None and org.district_id is not None:
            errors.setdefault("organisation", _("A city officer belongs to a city-level body."))
    if role in DISTRICT_ROLES and district_id is None:
        errors.setdefault("district", _("This role works in one district: choose it."))
    if org is not None and None not in (org.district_id, district_id) and (
            org.district_id != district_id):
        errors.setdefault("organisation", _("The organisation is in another district."))
    if school is not None and school.district_id != district_id:
        errors.setdefault("school", _("The school is in another district."))
    return errors


# ---------------------------------------------------------------- screens (403 when not)

def check_role(user, roles: frozenset[str] | set[str] | tuple[str, ...]) -> None:
    """Raise 403 unless the user holds one of ``roles`` (superusers always pass)."""
    if not user.is_authenticated:
        raise PermissionDenied
    if user.role in roles:
        return
    # A superuser passes every role check, except on the pages that work on the user's own
    # school (a secretary's pages) when they have no school: a 403 there, not a 500.
    if user.is_superuser and (user.school_id or set(roles) - {Role.SCHOOL_SECRETARY}):
        return
    raise PermissionDenied


def role_required(*roles: str) -> Callable:
    """Decorator for function views: login required, then one of ``roles``."""

    def decorator(view: Callable) -> Callable:
        from django.contrib.auth.decorators import login_required

        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            check_role(request.user, roles)
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def allow_read_only_post(view: Callable) -> Callable:
    """Mark a view whose POST changes no record (e.g. asking for a PDF), so read-only roles
    may use it. `portal.middleware.ReadOnlyRoleMiddleware` refuses every other write."""
    view.allow_read_only_post = True
    return view


class RoleRequiredMixin(LoginRequiredMixin):
    """Class-based view access: login, then one of ``allowed_roles``."""

    allowed_roles: frozenset[str] = frozenset()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        check_role(request.user, self.allowed_roles)
        return super().dispatch(request, *args, **kwargs)


# Role sets used across apps, named by what they allow.
READERS = frozenset(Role.values)  # every role may read what its scope shows
DISTRICT_READERS = frozenset(Role.values) - {Role.SCHOOL_SECRETARY}
SCHOOL_EDITORS = frozenset({*OFFICER_ROLES, Role.ADMINISTRATOR, Role.SCHOOL_SECRETARY})
DISTRICT_EDITORS = frozenset({*OFFICER_ROLES, Role.ADMINISTRATOR})
OFFICERS = frozenset(OFFICER_ROLES)  # district and education officers only
SECRETARIES = frozenset({Role.SCHOOL_SECRETARY})
ORGANISATION_DEPARTMENT = frozenset({Role.ORGANISATION_DEPARTMENT})


class ScopedQuerysetMixin(RoleRequiredMixin):
    """Generic views fetch through the user's scope: an object outside it is a 404."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

"""Role checks for views. Row-level scoping lives in `portal.scoping`; this module answers
"may this role use this screen at all?" (403 when not)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from portal.models import OFFICER_ROLES, Role


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


class ScopedQuerysetMixin(RoleRequiredMixin):
    """Generic views fetch through the user's scope: an object outside it is a 404."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

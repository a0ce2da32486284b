"""Small helpers shared by the activities views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect

from portal.access import DISTRICT_EDITORS, READERS, SCHOOL_EDITORS  # noqa: F401

SECRETARY = frozenset({"school_secretary"})
OFFICERS = DISTRICT_EDITORS


def error_message(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def run(request, action, success: str, target):
    """Run a service call; show its refusal as a message. Returns a redirect to ``target``."""
    try:
        action()
    except ValidationError as error:
        error_message(request, error)
    else:
        if success:
            messages.success(request, success)
    return redirect(target)


def district_of(user):
    """The district an officer works in (city-wide roles: none)."""
    return user.district


def posted_pk(request, name: str) -> int:
    """The object id posted as ``name``: a missing, non-numeric or out-of-range value is a
    404, like an id that does not exist."""
    try:
        pk = int(request.POST.get(name, ""))
    except ValueError as error:
        raise Http404 from error
    if not 0 < pk < 2**63:
        raise Http404
    return pk

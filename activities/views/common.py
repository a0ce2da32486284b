"""Small helpers shared by the activities views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
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

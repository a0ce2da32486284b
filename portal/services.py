"""Calling a service from a view: its refusals become messages the user reads, and nothing
was changed — a `ValidationError` (what was asked cannot be done) and a
`portal.access.Refused` (this user may not do it; raised anywhere else, it is Django's 403
page with its message). So does a database constraint that the service lost a race to
(IntegrityError): the other request's record stands, this one was not saved."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _

from portal.access import Refused

CONFLICT_MESSAGE = _("Someone else saved the same record at the same moment; yours was not "
                     "saved. Reload the page to see theirs.")


def show_validation_errors(request, error: ValidationError | Refused) -> None:
    for message in error.messages:
        messages.error(request, message)


def run_service(request, call: Callable, success: str = "") -> bool:
    """Call a service; show its validation messages or the success. True when it ran."""
    try:
        call()
    except (ValidationError, Refused) as error:
        show_validation_errors(request, error)
        return False
    except IntegrityError:
        messages.error(request, CONFLICT_MESSAGE)
        return False
    if success:
        messages.success(request, success)
    return True

"""Calling a service from a view: its refusals (ValidationError) become messages the user
reads, and nothing was changed."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError


def show_validation_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def run_service(request, call: Callable, success: str = "") -> bool:
    """Call a service; show its validation messages or the success. True when it ran."""
    try:
        call()
    except ValidationError as error:
        show_validation_errors(request, error)
        return False
    if success:
        messages.success(request, success)
    return True

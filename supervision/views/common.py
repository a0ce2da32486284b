"""Helpers shared by the supervision views: scoped fetches and service error handling."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError

from portal.scoping import scoped_or_404
from supervision.models import Inspection


def get_inspection(request, pk: int) -> Inspection:
    return scoped_or_404(
        Inspection.objects.select_related("school__district", "plan", "standard", "follows"),
        request.user, pk=pk)


def run_service(request, call: Callable, success: str = "") -> bool:
    """Call a service; show its validation messages (nothing was changed) or the success."""
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    if success:
        messages.success(request, success)
    return True

"""Helpers shared by the supervision views: scoped fetches and service error handling."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

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


def save_form_page(request, form, *, success: str, title: str, back: str = ""):
    """The plain create/edit page: save a valid POST and go to the object, otherwise show the
    form (with its errors) on `supervision/form.html`."""
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, success)
        return redirect(saved)
    return render(request, "supervision/form.html", {"form": form, "title": title, "back": back})

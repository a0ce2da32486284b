"""Helpers shared by the supervision views: scoped fetches and the plain form page."""

from django.contrib import messages
from django.shortcuts import redirect, render

from portal.scoping import scoped_or_404
from supervision.models import Inspection


def get_inspection(request, pk: int) -> Inspection:
    return scoped_or_404(
        Inspection.objects.select_related("school__district", "plan", "standard", "follows",
                                          "no_outcome_by"),
        request.user, pk=pk)


def save_form_page(request, form, *, success: str, title: str, back: str = ""):
    """The plain create/edit page: save a valid POST and go to the object, otherwise show the
    form (with its errors) on `supervision/form.html`."""
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, success)
        return redirect(saved)
    return render(request, "supervision/form.html", {"form": form, "title": title, "back": back})

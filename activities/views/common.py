"""Small helpers shared by the activities views."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect

from portal.services import run_service


def run(request, action, success: str, target):
    """Run a service call (see `portal.services.run_service`), then go to ``target``."""
    run_service(request, action, success)
    return redirect(target)


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

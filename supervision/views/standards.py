"""Standards, read-only in the portal (administrators edit them in the admin)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.access import DISTRICT_READERS, role_required
from supervision.models import Standard


@role_required(*DISTRICT_READERS)
def standard_list(request: HttpRequest) -> HttpResponse:
    standards = Standard.objects.visible_to(request.user).prefetch_related("indicators")
    return render(request, "supervision/standard_list.html", {"standards": standards})

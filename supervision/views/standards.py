"""Standards, read-only in the portal (administrators edit them in the admin, with a reason):
each with its changes, who made them and why."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.access import DISTRICT_READERS, role_required
from portal.excel import wants_xlsx
from supervision.exports import IndicatorExport
from supervision.history import standard_changes
from supervision.models import Indicator, Standard


@role_required(*DISTRICT_READERS)
def standard_list(request: HttpRequest) -> HttpResponse:
    standards = Standard.objects.visible_to(request.user).prefetch_related("indicators")
    if wants_xlsx(request):
        return IndicatorExport().response(
            Indicator.objects.filter(standard__in=standards.values("pk")), request.user)
    standards = list(standards)
    changes = standard_changes(s.pk for s in standards)
    for standard in standards:
        standard.changes = changes.get(standard.pk, [])
    return render(request, "supervision/standard_list.html", {"standards": standards})

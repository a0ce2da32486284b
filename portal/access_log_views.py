"""The access log page (访问日志): administrators read, filter and page through the events
of `portal.access_log`. Nothing here writes."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import DateInput
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from portal.access import role_required
from portal.access_log import MIN_RETENTION_DAYS, AccessEvent
from portal.excel import wants_xlsx
from portal.exports import AccessEventExport
from portal.models import Role


class AccessEventFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(label=_("User"), field_name="username",
                                     lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AccessEvent.Action.choices)
    object = django_filters.CharFilter(label=_("Object"), method="filter_object")
    since = django_filters.DateFilter(label=_("From (date)"), field_name="at__date",
                                      lookup_expr="gte", widget=DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(label=_("To (date)"), field_name="at__date",
                                      lookup_expr="lte", widget=DateInput(attrs={"type": "date"}))

    class Meta:
        model = AccessEvent
        fields = ["user", "action", "object", "since", "until"]

    def filter_object(self, queryset, name, value):
        return queryset.filter(Q(object_label__icontains=value) | Q(object_type__icontains=value)
                               | Q(object_id=value) | Q(path__icontains=value))


def filtered_events(request: HttpRequest) -> tuple[AccessEventFilter, object]:
    """The filter form and the events it keeps (none while the filters are invalid): the
    page and its export show the same rows."""
    events = AccessEventFilter(request.GET, queryset=AccessEvent.objects.all())
    return events, events.qs if events.is_valid() else AccessEvent.objects.none()


@role_required(Role.ADMINISTRATOR)
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """Two queries whatever the page: the count and the page of events (the user's name is
    the username stored on the event). ``?export=xlsx`` writes the filtered events."""
    events, rows = filtered_events(request)
    if wants_xlsx(request):
        return AccessEventExport().response(rows, request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "portal/access_log.html", {
        "filter": events, "page_obj": page,
        "retention_days": max(settings.ACCESS_LOG_RETENTION_DAYS, MIN_RETENTION_DAYS)})

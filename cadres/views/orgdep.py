"""The organisation department's home page, and the reserve pool for vice-principal posts
(副校级后备干部) that it keeps."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from cadres.citations import district_documents
from cadres.forms_secondments import ReserveEnterForm, ReserveFilter, ReserveLeaveForm
from cadres.models import Application, ReservePoolEntry, Secondment
from cadres.services import secondments as services
from cadres.tables_secondments import ReserveTable
from portal import access
from portal.access import (
    DISTRICT_READERS,
    ORGANISATION_DEPARTMENT,
    RoleRequiredMixin,
    role_required,
)
from portal.excel import xlsx_response
from portal.lists import TablePaginationMixin
from portal.scoping import scoped_or_404
from portal.services import run_service

ENDING_WITHIN_DAYS = 60


@role_required(*ORGANISATION_DEPARTMENT)
def orgdep_home(request: HttpRequest) -> HttpResponse:
    """What the organisation department acts on: appointments to approve, terms ending,
    assessments waiting for its grade, the pool (7 queries whatever the district's size)."""
    user, today = request.user, timezone.localdate()
    waiting = list(Application.objects.visible_to(user).filter(
        status=Application.Status.SELECTED).select_related("round", "cadre", "school")
        .order_by("round__closes_on", "school__name", "pk")[:100])
    ending = list(Secondment.objects.visible_to(user).filter(
        end__gte=today, end__lte=today + timedelta(days=ENDING_WITHIN_DAYS))
        .select_related("cadre__school").order_by("end", "pk")[:100])
    pool = ReservePoolEntry.objects.visible_to(user).current()
    return render(request, "cadres/orgdep_home.html", {
        "waiting": waiting, "ending": ending, "days": ENDING_WITHIN_DAYS,
        "to_grade": services.waiting_assessments(user, today)[:100],
        "pool_count": pool.count(),
        "pool_recent": list(pool.select_related("cadre__school").order_by("-entered_on",
                                                                          "-pk")[:10]),
        "approval_documents": district_documents(user.district_id), "today": today,
    })


class ReserveListView(RoleRequiredMixin, TablePaginationMixin, SingleTableMixin, FilterView):
    """Current and former members of the pool, filterable, paginated, exported to Excel with
    personal data masked as on screen."""

    allowed_roles = DISTRICT_READERS
    table_class = ReserveTable
    filterset_class = ReserveFilter
    paginate_by = 50
    template_name = "cadres/reserve_list.html"

    def get_queryset(self):
        return ReservePoolEntry.objects.visible_to(self.request.user).select_related(
            "cadre__school", "secondment").order_by("left_on", "-entered_on", "pk")

    def get_table_kwargs(self):
        return {"user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_orgdep"] = access.organisation_department_of(self.request.user,
                                                                self.request.user.district_id)
        return context

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            rows = ReserveFilter(request.GET, queryset=self.get_queryset()).qs
            return xlsx_response("reserve-pool.xlsx", _("Reserve pool"),
                                 ReserveTable.export_headers(),
                                 (ReserveTable.export_row(e, request.user) for e in rows))
        return super().get(request, *args, **kwargs)


@require_POST
@role_required(*ORGANISATION_DEPARTMENT)
def reserve_enter(request: HttpRequest, secondment_pk: int) -> HttpResponse:
    secondment = scoped_or_404(Secondment.objects.select_related("cadre"), request.user,
                               pk=secondment_pk)
    form = ReserveEnterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the basis and the school's support (and a valid date, "
                                  "or none for today)."))
        return redirect(secondment)
    run_service(request, lambda: services.reserve_enter(
        secondment=secondment, user=request.user, basis=form.cleaned_data["basis"],
        school_support=form.cleaned_data["school_support"],
        entered_on=form.cleaned_data["entered_on"]),
        _("%(name)s entered the reserve pool.") % {"name": secondment.cadre.name})
    return redirect(secondment)


@role_required(*ORGANISATION_DEPARTMENT)
def reserve_leave(request: HttpRequest, reservepoolentry_pk: int) -> HttpResponse:
    entry = scoped_or_404(ReservePoolEntry.objects.select_related("cadre__school"),
                          request.user, pk=reservepoolentry_pk)
    form = ReserveLeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(request, lambda: services.reserve_leave(
                entry=entry, user=request.user, reason=form.cleaned_data["reason"],
                left_on=form.cleaned_data["left_on"]),
                _("%(name)s's leaving the pool was recorded.") % {"name": entry.cadre.name}):
            return redirect("cadres:reserve_list")
    return render(request, "cadres/reserve_leave.html", {"entry": entry, "form": form})

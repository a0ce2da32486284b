"""The organisation department's home page, and the reserve pool for vice-principal posts
(副校级后备干部) that it keeps."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from cadres.citations import district_documents
from cadres.figures import ENDING_WITHIN_DAYS
from cadres.forms_secondments import ReserveEnterForm, ReserveFilter, ReserveLeaveForm
from cadres.models import ReservePoolEntry, Secondment
from cadres.services import secondments as services
from cadres.tables_secondments import ReserveTable
from portal import access, figures
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


@role_required(*ORGANISATION_DEPARTMENT)
def orgdep_home(request: HttpRequest) -> HttpResponse:
    """What the organisation department acts on: appointments to approve, terms ending,
    assessments waiting for its grade, the pool. Its four figures come from the registry
    (`cadres.figures`, group "orgdep"), which counts every row and lists the first ones
    (a constant number of queries whatever the district's size)."""
    found = figures.values("orgdep", figures.Scope(user=request.user))
    cards = [(key, figures.label(key), found[key], tone, href) for key, tone, href in (
        ("secondments.approvals_waiting", "primary", "#approve"),
        ("secondments.ending_soon", "warning", "#ending"),
        ("secondments.assessments_waiting", "danger", "#grade"),
        ("pool.now", "success", reverse("cadres:reserve_list") + "?state=current"))]
    # a list longer than it shows says so: "the first 100 of 130"
    beyond = {name: found[key] if found[key] > len(found[name]) else None
              for name, key in (("waiting", "secondments.approvals_waiting"),
                                ("ending", "secondments.ending_soon"),
                                ("to_grade", "secondments.assessments_waiting"))}
    return render(request, "cadres/orgdep_home.html", {
        "cards": cards, "beyond": beyond, "waiting": found["waiting"],
        "ending": found["ending"], "to_grade": found["to_grade"],
        "pool_recent": found["pool"], "days": ENDING_WITHIN_DAYS,
        "approval_documents": district_documents(request.user.district_id),
        "today": timezone.localdate(),
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

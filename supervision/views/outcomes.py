"""Commendations and rectification orders."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from portal import access
from portal.access import OFFICERS, READERS, RoleRequiredMixin, role_required
from portal.excel import xlsx_response
from portal.lists import TablePaginationMixin
from portal.models import Role
from portal.scoping import scoped_or_404
from portal.services import run_service
from portal.uploads import serve_upload
from supervision import services
from supervision.filters import OrderFilter
from supervision.forms import (
    CommendationForm,
    NoOutcomeForm,
    OrderForm,
    ResponseForm,
    ReviewForm,
)
from supervision.models import RectificationOrder, RectificationResponse
from supervision.tables import OrderTable
from supervision.views.common import get_inspection


class OrderListView(RoleRequiredMixin, TablePaginationMixin, SingleTableMixin, FilterView):
    """Open and overdue orders of the district (closed ones when the filter asks)."""

    allowed_roles = READERS
    table_class = OrderTable
    filterset_class = OrderFilter
    paginate_by = 25
    template_name = "supervision/order_list.html"

    def get_queryset(self):
        qs = RectificationOrder.objects.visible_to(self.request.user).for_list()
        if not self.request.GET.get("status"):
            qs = qs.open()
        return qs.order_by("due_date", "pk")

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            rows = OrderFilter(request.GET, queryset=self.get_queryset(), user=request.user).qs
            return xlsx_response("rectification-orders.xlsx", _("Rectification orders"),
                                 OrderTable.export_headers(),
                                 (OrderTable.export_row(o) for o in rows))
        return super().get(request, *args, **kwargs)


def _get_order(request, pk) -> RectificationOrder:
    return scoped_or_404(RectificationOrder.objects.select_related(
        "inspection__school", "finding__indicator", "issued_by"), request.user, pk=pk)


@role_required(*READERS)
def order_detail(request: HttpRequest, order_pk: int) -> HttpResponse:
    order = _get_order(request, order_pk)
    user = request.user
    return render(request, "supervision/order_detail.html", {
        "order": order,
        "responses": order.responses.select_related("by", "reviewed_by"),
        "can_respond": (access.secretary_of(user, order.inspection.school_id)
                        and order.status in ("open", "sent_back")),
        "can_review": (access.officer_of(user, order.inspection.school.district_id)
                       and order.status == "responded"),
        "response_form": ResponseForm(),
        "review_form": ReviewForm(),
    })


@require_POST
@role_required(Role.SCHOOL_SECRETARY)
def order_respond(request: HttpRequest, order_pk: int) -> HttpResponse:
    order = _get_order(request, order_pk)
    form = ResponseForm(request.POST, request.FILES)
    if form.is_valid():
        run_service(request, lambda: services.rectification_respond(
            order=order, user=request.user, text=form.cleaned_data["text"],
            file=form.cleaned_data["file"]), _("Your answer was sent for review."))
    elif not request.POST.get("text", "").strip():
        messages.error(request, _("Describe what the school has done."))
    else:  # too long, or a file refused: say which
        messages.error(request, " ".join(
            error for errors in form.errors.values() for error in errors))
    return redirect(order)


@require_POST
@role_required(*OFFICERS)
def order_review(request: HttpRequest, order_pk: int) -> HttpResponse:
    order = _get_order(request, order_pk)
    accept = request.POST.get("decision") == "accept"
    form = ReviewForm(request.POST)
    if not form.is_valid():  # the comment is bounded on the server, not only by the textarea
        messages.error(request, " ".join(form.errors["comment"]))
        return redirect(order)
    run_service(request, lambda: services.rectification_review(
        order=order, user=request.user, accept=accept, comment=form.cleaned_data["comment"]),
        _("Order closed.") if accept else _("Answer sent back to the school."))
    return redirect(order)


@role_required(*READERS)
def response_file(request: HttpRequest, response_pk: int) -> HttpResponse:
    response = scoped_or_404(RectificationResponse.objects.all(), request.user, pk=response_pk)
    return serve_upload(response.file, response.filename)


@role_required(*OFFICERS)
def commendation_create(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = get_inspection(request, inspection_pk)
    form = CommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(request, lambda: services.commendation_issue(
                inspection=inspection, user=request.user, text=form.cleaned_data["text"]),
                _("Commendation issued.")):
            return redirect(inspection)
    return render(request, "supervision/form.html", {
        "form": form, "title": _("Commend %(school)s") % {"school": inspection.school},
        "back": inspection.get_absolute_url()})


@role_required(*OFFICERS)
def order_create(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = get_inspection(request, inspection_pk)
    form = OrderForm(request.POST or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        if run_service(request, lambda: services.rectification_issue(
                inspection=inspection, user=request.user, finding=form.cleaned_data["finding"],
                requirement=form.cleaned_data["requirement"],
                due_date=form.cleaned_data["due_date"]), _("Rectification order issued.")):
            return redirect(inspection)
    return render(request, "supervision/form.html", {
        "form": form, "title": _("Rectification order for %(school)s")
        % {"school": inspection.school}, "back": inspection.get_absolute_url()})


@require_POST
@role_required(*OFFICERS)
def outcome_not_needed(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Close a published inspection's outcome as not needed (无需处理), with the reason."""
    inspection = get_inspection(request, inspection_pk)
    form = NoOutcomeForm(request.POST)
    if form.is_valid():
        run_service(request, lambda: services.outcome_not_needed(
            inspection=inspection, user=request.user, reason=form.cleaned_data["reason"]),
            _("Outcome closed: no outcome needed."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(f"{inspection.get_absolute_url()}#outcomes")

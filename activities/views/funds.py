"""Special funds: balances, allocations and spending (never below zero)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import services
from activities.forms import AllocationForm, FundForm, SpendingForm
from activities.models import Allocation, Fund, Spending
from activities.views.common import OFFICERS
from portal.access import DISTRICT_READERS, role_required
from portal.scoping import scoped_or_404
from portal.services import show_validation_errors


@role_required(*DISTRICT_READERS)
def fund_list(request: HttpRequest) -> HttpResponse:
    funds = Fund.objects.visible_to(request.user).with_balances()
    return render(request, "activities/fund_list.html", {"funds": funds})


@role_required(*OFFICERS)
def fund_create(request: HttpRequest) -> HttpResponse:
    if request.user.district is None:
        raise Http404
    form = FundForm(request.POST or None, district=request.user.district)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Fund recorded."))
        return redirect(form.instance)
    return render(request, "activities/form.html", {"form": form, "back": "/activities/funds/",
                                                    "title": _("Special fund")})


@role_required(*DISTRICT_READERS)
def fund_detail(request: HttpRequest, fund_pk: int, allocation_form=None) -> HttpResponse:
    fund = scoped_or_404(Fund.objects.with_balances(), request.user, pk=fund_pk)
    allocations = (fund.allocations.select_related("campaign", "school")
                   .annotate(spent=Sum("spendings__amount"))
                   .prefetch_related(Prefetch("spendings", Spending.objects.order_by("date"))))
    can_edit = request.user.is_officer or request.user.is_portal_admin
    return render(request, "activities/fund_detail.html", {
        "fund": fund, "allocations": allocations, "can_edit": can_edit,
        "balance": fund.amount - fund.allocated,
        "allocation_form": allocation_form or AllocationForm(district=fund.district),
        "spending_form": SpendingForm(),
    })


@role_required(*OFFICERS)
@require_POST
def allocate(request: HttpRequest, fund_pk: int) -> HttpResponse:
    fund = scoped_or_404(Fund.objects, request.user, pk=fund_pk)
    form = AllocationForm(request.POST, district=fund.district)
    if form.is_valid():
        try:
            services.allocation_create(fund=fund, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_validation_errors(request, error)
        else:
            messages.success(request, _("Allocation recorded."))
            return redirect(fund)
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect(fund)


@role_required(*OFFICERS)
@require_POST
def spend(request: HttpRequest, allocation_pk: int) -> HttpResponse:
    allocation = scoped_or_404(Allocation.objects.select_related("fund"), request.user,
                               pk=allocation_pk)
    form = SpendingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.spending_create(allocation=allocation, user=request.user,
                                     amount=data["amount"], day=data["date"], note=data["note"])
        except ValidationError as error:
            show_validation_errors(request, error)
        else:
            messages.success(request, _("Spending recorded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(allocation.fund)

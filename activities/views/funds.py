"""Special funds: balances, allocations and spending (never below zero)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import services
from activities.exports import AllocationExport
from activities.forms import AllocationForm, FundForm, SpendingForm
from activities.models import Activity, Allocation, Campaign, Fund, Spending
from portal import access
from portal.access import DISTRICT_EDITORS, DISTRICT_READERS, role_required
from portal.excel import wants_xlsx, xlsx_response
from portal.scoping import scoped_or_404
from portal.services import show_validation_errors


@role_required(*DISTRICT_READERS)
def fund_list(request: HttpRequest) -> HttpResponse:
    funds = Fund.objects.visible_to(request.user).with_balances()
    if request.GET.get("export") == "xlsx":
        return xlsx_response("funds.xlsx", _("Special funds"), [
            _("Fund"), _("Year"), _("Source"), _("Purpose"), _("Amount (yuan)"),
            _("Allocated (yuan)"), _("Not yet allocated (yuan)"), _("Spent (yuan)"),
            _("Allocated, not yet spent (yuan)")], (
            [f.name, f.year, f.source.name, f.get_purpose_display(), f.amount, f.allocated,
             f.balance, f.spent, f.unspent] for f in funds))
    return render(request, "activities/fund_list.html", {"funds": funds})


@role_required(*DISTRICT_EDITORS)
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
    spendings = Spending.objects.select_related("activity__report__school", "campaign")
    allocations = (fund.allocations.select_related("campaign", "school")
                   .annotate(spent=Sum("spendings__amount"))
                   .prefetch_related(Prefetch("spendings", spendings.order_by("date"))))
    if request.GET.get("export") == "allocations":
        return AllocationExport().response(fund.allocations.all(), request.user, title=str(fund),
                                           filename=f"fund-{fund.pk}-allocations.xlsx")
    if wants_xlsx(request):
        rows = spendings.filter(allocation__fund=fund).select_related(
            "allocation__school", "allocation__campaign").order_by("date", "pk")
        return xlsx_response(f"fund-{fund.pk}-spending.xlsx", str(fund), [
            _("Allocated to"), _("Date"), _("Amount (yuan)"), _("Note"),
            _("Paid for activity"), _("School"), _("Paid for campaign")], (
            [str(s.allocation.campaign or s.allocation.school or s.allocation.note), s.date,
             s.amount, s.note, str(s.activity) if s.activity else "",
             s.activity.report.school.name if s.activity else "",
             s.campaign.name if s.campaign else ""] for s in rows))
    can_edit = access.edits_district(request.user, fund.district_id)
    if can_edit:
        allocations = list(allocations)
        _attach_spending_choices(fund, allocations)
    return render(request, "activities/fund_detail.html", {
        "fund": fund, "allocations": allocations, "can_edit": can_edit,
        "balance": fund.amount - fund.allocated,
        "allocation_form": allocation_form or AllocationForm(district=fund.district),
    })


def _attach_spending_choices(fund: Fund, allocations: list[Allocation]) -> None:
    """Each allocation's choices of what a spending paid for (`services.spending_targets`,
    the rule the service enforces), in two queries for the whole page: the activities of
    the fund's years at the schools and campaigns it was allocated to, and the district's
    campaigns."""
    schools = {a.school_id for a in allocations if a.school_id}
    campaign_ids = {a.campaign_id for a in allocations if a.campaign_id}
    activities = list(
        Activity.objects.filter(Q(report__school_id__in=schools)
                                | Q(campaign_id__in=campaign_ids),
                                report__school__district_id=fund.district_id,
                                date__year__gte=fund.year - 1, date__year__lte=fund.year + 1)
        .select_related("report__school").order_by("-date", "pk"))
    campaigns = list(Campaign.objects.filter(district_id=fund.district_id))
    for a in allocations:
        a.activity_choices = [
            x for x in activities
            if (not a.school_id or x.report.school_id == a.school_id)
            and (not a.campaign_id or x.campaign_id == a.campaign_id)
            and (a.school_id or a.campaign_id)]
        a.campaign_choices = [c for c in campaigns if not a.campaign_id or c.pk == a.campaign_id]


@role_required(*DISTRICT_EDITORS)
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


@role_required(*DISTRICT_EDITORS)
@require_POST
def spend(request: HttpRequest, allocation_pk: int) -> HttpResponse:
    allocation = scoped_or_404(Allocation.objects.select_related("fund"), request.user,
                               pk=allocation_pk)
    form = SpendingForm(request.POST, allocation=allocation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.spending_create(allocation=allocation, user=request.user,
                                     amount=data["amount"], day=data["date"], note=data["note"],
                                     activity=data["activity"], campaign=data["campaign"])
        except ValidationError as error:
            show_validation_errors(request, error)
        else:
            messages.success(request, _("Spending recorded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(allocation.fund)

"""Inspection plans: list, create/edit, the progress page with its Excel export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import access
from portal.access import DISTRICT_READERS, OFFICERS, role_required
from portal.excel import wants_xlsx, xlsx_response
from portal.scoping import scoped_or_404
from portal.services import run_service
from supervision import services
from supervision.exports import PlanExport
from supervision.forms import InspectionCreateForm, PlanForm
from supervision.models import Inspection, InspectionPlan, Score
from supervision.views.common import save_form_page

S = Inspection.Status


@role_required(*DISTRICT_READERS)
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = InspectionPlan.objects.visible_to(request.user).select_related("district").annotate(
        inspection_count=Count("inspections"),
        published_count=Count("inspections", filter=Q(inspections__status=S.PUBLISHED)))
    if wants_xlsx(request):
        return PlanExport().response(plans, request.user)
    return render(request, "supervision/plan_list.html", {"plans": plans})


@role_required(*OFFICERS)
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, district=request.user.district)
    return save_form_page(request, form, success=_("Plan created."), title=_("New plan"))


@role_required(*OFFICERS)
def plan_update(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = scoped_or_404(InspectionPlan.objects.all(), request.user, pk=plan_pk)
    form = PlanForm(request.POST or None, instance=plan, district=plan.district)
    return save_form_page(request, form, success=_("Changes saved."), title=str(plan),
                          back=plan.get_absolute_url())


def plan_figures(plan: InspectionPlan) -> dict:
    """Progress counts, average score per indicator over published inspections, and the
    commendation quota check (4 queries). Follow-ups are left out: they score only what
    failed before, and would count a school twice."""
    regular = plan.inspections.filter(kind=Inspection.Kind.REGULAR)
    progress = plan.inspections.aggregate(
        total=Count("pk"), **{s: Count("pk", filter=Q(status=s)) for s in S.values})
    averages = list(
        Score.objects.filter(inspection__plan=plan, inspection__status=S.PUBLISHED,
                             inspection__kind=Inspection.Kind.REGULAR,
                             not_applicable=False, score__isnull=False)
        .values("indicator__standard__name", "indicator__code", "indicator__title",
                "indicator__max_score")
        .annotate(average=Avg("score"), count=Count("pk"))
        .order_by("indicator__standard__name", "indicator__order"))
    # Follow-ups score only what failed before: the figures count regular inspections.
    published = list(regular.filter(status=S.PUBLISHED).select_related("standard")
                     .with_total())
    bands = {"commend": 0, "satisfactory": 0, "rectify": 0}
    for i in published:
        band = i.standard.band_for(i.total_score)
        if band:
            bands[band] += 1
    quota = plan.quota_for(min((i.standard for i in published), default=None,
                               key=lambda standard: standard.commendation_quota))
    schools = regular.values("school").distinct().count() if published else 0
    over_quota = bool(schools) and bands["commend"] * 100 > quota * schools
    return {"progress": progress, "averages": averages, "bands": bands, "quota": quota,
            "over_quota": over_quota, "school_count": schools,
            "allowed": quota * schools // 100}


def plan_inspections(user, plan):
    """The inspections of a plan, as its page lists them."""
    return (Inspection.objects.visible_to(user).filter(plan=plan).for_list()
            .order_by("planned_date", "school__name"))


@role_required(*DISTRICT_READERS)
def plan_detail(request: HttpRequest, plan_pk: int, create_form=None) -> HttpResponse:
    plan = scoped_or_404(InspectionPlan.objects.select_related("district", "document"),
                         request.user, pk=plan_pk)
    figures = plan_figures(plan)
    if request.GET.get("export") == "xlsx":
        rows = [(a["indicator__standard__name"], a["indicator__code"], a["indicator__title"],
                 a["indicator__max_score"], round(a["average"], 2), a["count"])
                for a in figures["averages"]]
        rows += [("", "", str(Inspection.Status(s).label), "", "", figures["progress"][s])
                 for s in S.values]
        return xlsx_response(f"plan-{plan.pk}.xlsx", plan.title,
                             [_("Standard"), _("Code"), _("Indicator"), _("Maximum score"),
                              _("Average score"), _("Inspections")], rows)
    listed = plan_inspections(request.user, plan)
    if request.GET.get("export") == "inspections":  # the page's inspections table, all pages
        from supervision.tables import InspectionTable

        return xlsx_response(f"plan-{plan.pk}-inspections.xlsx", plan.title,
                             InspectionTable.export_headers(),
                             (InspectionTable.export_row(i) for i in listed))
    inspections = Paginator(listed, 50).get_page(request.GET.get("page"))
    is_officer = access.officer_of(request.user, plan.district_id)
    create_form = create_form or (InspectionCreateForm(plan=plan) if is_officer else None)
    return render(request, "supervision/plan_detail.html", {
        "plan": plan, **figures, "inspections": inspections, "page_obj": inspections,
        "team": plan.team.select_related("organisation"),
        "is_officer": is_officer,
        "create_form": create_form,
        "school_names": create_form.suggestions().values_list("name", flat=True)
        if create_form else [],
    })


@require_POST
@role_required(*OFFICERS)
def plan_add_inspection(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = scoped_or_404(InspectionPlan.objects.all(), request.user, pk=plan_pk)
    form = InspectionCreateForm(request.POST, plan=plan)
    if not form.is_valid():  # the page again, with what was typed and what is wrong with it
        messages.error(request, _("The inspection was not planned: see the form."))
        return plan_detail(request, plan_pk, create_form=form)
    run_service(request, lambda: services.inspection_create(
        plan=plan, school=form.cleaned_data["school"],
        planned_date=form.cleaned_data["planned_date"], user=request.user),
        _("Inspection planned."))
    return redirect(plan)

"""Campaigns, honour selections and nominations. Student names are shown only to officers
and to the nominating school's secretary; everyone else sees counts."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import services
from activities.exports import (
    CampaignExport,
    NominationExport,
    SelectionExport,
    SelectionSchoolsExport,
)
from activities.forms import CampaignForm, NominationForm, SelectionForm
from activities.models import Campaign, HonourSelection, Nomination
from activities.views.common import posted_pk, run
from portal import access
from portal.access import (
    DISTRICT_EDITORS,
    DISTRICT_READERS,
    READERS,
    SCHOOL_EDITORS,
    SECRETARIES,
    role_required,
)
from portal.excel import wants_xlsx, xlsx_response
from portal.scoping import scoped_or_404

ACCEPTED = Nomination.Status.ACCEPTED


def sees_names(user) -> bool:
    return access.holds_role(user, SCHOOL_EDITORS)


@role_required(*READERS)
def campaign_list(request: HttpRequest) -> HttpResponse:
    selections = HonourSelection.objects.annotate(
        honoured=Count("nominations", filter=Q(nominations__status=ACCEPTED))).order_by(
        "-year", "name")
    campaigns = (Campaign.objects.visible_to(request.user).select_related("document")
                 .prefetch_related("partners", Prefetch("selections", selections))
                 .annotate(activity_count=Count("activities")))
    if wants_xlsx(request):
        return CampaignExport().response(campaigns, request.user)
    return render(request, "activities/campaign_list.html", {"campaigns": campaigns})


@role_required(*DISTRICT_EDITORS)
def campaign_edit(request: HttpRequest, campaign_pk: int | None = None) -> HttpResponse:
    if request.user.district is None:
        raise Http404
    instance = scoped_or_404(Campaign.objects, request.user, pk=campaign_pk) \
        if campaign_pk is not None \
        else None
    form = CampaignForm(request.POST or None, instance=instance, district=request.user.district)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect("activities:campaign_list")
    return render(request, "activities/form.html", {"form": form, "object": instance,
                                                    "back": "/activities/campaigns/",
                                                    "title": _("Campaign")})


@role_required(*READERS)
def selection_list(request: HttpRequest) -> HttpResponse:
    if request.user.is_secretary:
        return redirect("activities:selection_mine")
    selections = HonourSelection.objects.visible_to(request.user).annotate(
        nominated=Count("nominations"),
        honoured=Count("nominations", filter=Q(nominations__status=ACCEPTED)))
    if wants_xlsx(request):
        return SelectionExport().response(selections, request.user)
    return render(request, "activities/selection_list.html", {"selections": selections})


@role_required(*DISTRICT_EDITORS)
def selection_edit(request: HttpRequest, honourselection_pk: int | None = None) -> HttpResponse:
    if request.user.district is None:
        raise Http404
    instance = (scoped_or_404(HonourSelection.objects, request.user, pk=honourselection_pk)
                if honourselection_pk is not None else None)
    form = SelectionForm(request.POST or None, instance=instance, district=request.user.district)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect(form.instance)
    return render(request, "activities/form.html", {"form": form, "object": instance,
                                                    "back": "/activities/honours/",
                                                    "title": _("Honour selection")})


@role_required(*DISTRICT_READERS)
def selection_detail(request: HttpRequest, honourselection_pk: int) -> HttpResponse:
    selection = scoped_or_404(HonourSelection.objects.select_related("campaign", "document"),
                              request.user, pk=honourselection_pk)
    user = request.user
    nominations = Nomination.objects.visible_to(user).filter(selection=selection)
    per_school = (nominations.values("school__name").annotate(
        nominated=Count("pk"), honoured=Count("pk", filter=Q(status=ACCEPTED)))
        .order_by("school__name"))
    if request.GET.get("export") == "schools":
        return SelectionSchoolsExport().response(per_school, user, title=str(selection),
                                                 filename=f"selection-{selection.pk}-schools.xlsx")
    if request.GET.get("export") == "xlsx" and sees_names(user):
        rows = nominations.filter(status=ACCEPTED).select_related("school")
        return xlsx_response("honoured.xlsx", str(selection),
                             [_("Student name"), _("School"), _("Class")],
                             ([n.student_name, n.school.name, n.class_name] for n in rows))
    return render(request, "activities/selection_detail.html", {
        "selection": selection,
        "nominations": nominations.select_related("school") if sees_names(user) else None,
        "per_school": per_school,
        "total_honoured": sum(r["honoured"] for r in per_school),
        "can_review": access.edits_district(user, selection.district_id)
        and selection.status == "reviewing",
        "can_advance": access.edits_district(user, selection.district_id)
        and selection.status != "published",
        "form": NominationForm(),
    })


@role_required(*SECRETARIES)
def selection_mine(request: HttpRequest) -> HttpResponse:
    """A secretary's selections: the district's, with their own school's nominations only
    (selections are district-wide, so this page carries no selection id)."""
    selections = HonourSelection.objects.visible_to(request.user)
    mine = Nomination.objects.visible_to(request.user).filter(selection__in=selections)
    if wants_xlsx(request):
        return NominationExport().response(mine, request.user,
                                           filename="my-nominations.xlsx")
    selections = list(selections.annotate(
        honoured=Count("nominations", filter=Q(nominations__status=ACCEPTED))))
    by_selection = {}
    for nomination in mine:
        by_selection.setdefault(nomination.selection_id, []).append(nomination)
    for selection in selections:
        selection.mine = by_selection.get(selection.pk, [])
    return render(request, "activities/selection_mine.html", {
        "selections": selections, "has_nominations": bool(by_selection)})


@role_required(*SECRETARIES)
@require_POST
def nominate(request: HttpRequest) -> HttpResponse:
    selection = scoped_or_404(HonourSelection.objects, request.user,
                              pk=posted_pk(request, "selection"))
    form = NominationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the student’s name and class."))
        return redirect("activities:selection_mine")
    return run(request, lambda: services.nomination_create(selection=selection,
                                                           user=request.user,
                                                           **form.cleaned_data),
               _("Student nominated."), "activities:selection_mine")


@role_required(*SECRETARIES)
@require_POST
def nomination_withdraw(request: HttpRequest, nomination_pk: int) -> HttpResponse:
    nomination = scoped_or_404(Nomination.objects.select_related("selection"), request.user,
                               pk=nomination_pk)
    return run(request, lambda: services.nomination_withdraw(nomination=nomination,
                                                             user=request.user),
               _("Nomination withdrawn."), "activities:selection_mine")


@role_required(*DISTRICT_EDITORS)
@require_POST
def nomination_decide(request: HttpRequest, nomination_pk: int) -> HttpResponse:
    nomination = scoped_or_404(Nomination.objects.select_related("selection"), request.user,
                               pk=nomination_pk)
    accept = request.POST.get("decision") == "accept"
    return run(request, lambda: services.nomination_decide(nomination=nomination,
                                                           user=request.user, accept=accept),
               _("Decision recorded."), nomination.selection)


@role_required(*DISTRICT_EDITORS)
@require_POST
def selection_advance(request: HttpRequest, honourselection_pk: int) -> HttpResponse:
    selection = scoped_or_404(HonourSelection.objects, request.user, pk=honourselection_pk)
    return run(request, lambda: services.selection_advance(selection=selection,
                                                           user=request.user),
               _("The selection moved to its next stage."), selection)

"""Secondments (the term, the joint assessment, the result, the pool status, the history)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cadres.exports import SecondmentExport
from cadres.forms_secondments import AssessmentForm, ReserveEnterForm
from cadres.models import Assessment, Document, ReservePoolEntry, Secondment
from cadres.models.secondments import Grade
from cadres.services import secondments as services
from cadres.services.documents import register_url
from portal import access
from portal.access import (
    DISTRICT_READERS,
    OFFICERS,
    ORGANISATION_DEPARTMENT,
    READERS,
    role_required,
)
from portal.excel import wants_xlsx
from portal.scoping import scoped_or_404
from portal.services import run_service

# The change reasons the services record, as people read them.
REASONS = {
    "opened": gettext_lazy("round opened"), "edited": gettext_lazy("edited"),
    "submitted": gettext_lazy("application submitted"),
    "shortlisted": gettext_lazy("shortlisted"), "selected": gettext_lazy("selected"),
    "not selected": gettext_lazy("not selected"), "round closed": gettext_lazy("round closed"),
    "withdrawn": gettext_lazy("withdrawn"),
    "approved": gettext_lazy("approved by the organisation department"),
    "graded": gettext_lazy("grade recorded"),
    "assessment complete": gettext_lazy("assessment complete, result reported"),
    "entered the pool": gettext_lazy("entered the reserve pool"),
    "left the pool": gettext_lazy("left the reserve pool"),
    "approval document registered": gettext_lazy("approval document registered"),
}


@role_required(*DISTRICT_READERS)
def secondment_list(request: HttpRequest) -> HttpResponse:
    rows = Secondment.objects.visible_to(request.user).select_related(
        "cadre__school", "application__round").order_by("-start", "pk")
    result = request.GET.get("result", "")
    if result in Grade.values:
        rows = rows.filter(result=result)
    elif result == "pending":
        rows = rows.filter(result="")
    if wants_xlsx(request):
        return SecondmentExport().response(rows, request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "cadres/secondment_list.html", {
        "page_obj": page, "result": result, "results": Grade.choices,
        "today": timezone.localdate()})


def _get_secondment(request, pk: int) -> Secondment:
    return scoped_or_404(Secondment.objects.select_related(
        "cadre__school", "application__round", "host", "district", "approval_document"),
        request.user, pk=pk)


def _history(secondment: Secondment, assessments, entries) -> list:
    """What happened, oldest first: the application's decisions, the secondment, each grade,
    the pool (one query per model)."""
    events = []
    sources = [
        (secondment.application.history.select_related("history_user"), _("Application")),
        (secondment.history.select_related("history_user"), _("Secondment")),
        (Assessment.history.filter(secondment_id=secondment.pk).select_related("history_user"),
         _("Assessment")),
        (ReservePoolEntry.history.filter(secondment_id=secondment.pk)
         .select_related("history_user"), _("Reserve pool")),
    ]
    for rows, label in sources:
        for h in rows:
            reason = h.history_change_reason or ""
            what = label
            if hasattr(h, "body"):
                what = f"{label}（{h.get_body_display()}）"
            events.append({"at": h.history_date, "user": h.history_user, "what": what,
                           "reason": REASONS.get(reason, reason)
                           or h.get_history_type_display()})
    return sorted(events, key=lambda e: e["at"])


@role_required(*READERS)
def secondment_detail(request: HttpRequest, secondment_pk: int) -> HttpResponse:
    secondment = _get_secondment(request, secondment_pk)
    user, today = request.user, timezone.localdate()
    assessments = list(secondment.assessments.select_related("assessed_by"))
    graded = {a.body for a in assessments}
    body = services.assessing_body(user, secondment.district_id)
    entries = list(secondment.cadre.reserve_entries.select_related("added_by")
                   .order_by("-entered_on", "-pk"))
    in_pool = any(e.left_on is None for e in entries)
    is_orgdep = access.organisation_department_of(user, secondment.district_id)
    context = {
        "secondment": secondment, "cadre": secondment.cadre, "today": today,
        "shows_grades": not user.is_secretary,
        "assessments": assessments if not user.is_secretary else [],
        "waiting_bodies": [Assessment.Body(b).label for b in Assessment.Body.values
                           if b not in graded],
        "body": body, "body_label": Assessment.Body(body).label if body else "",
        "assessable": secondment.is_assessable_on(today),
        "can_assess": bool(body) and body not in graded and secondment.is_assessable_on(today),
        "assessment_form": AssessmentForm(initial={"body": body}),
        "entries": entries, "in_pool": in_pool,
        "can_enter_pool": is_orgdep and not in_pool
        and secondment.result in (Grade.OUTSTANDING, Grade.QUALIFIED),
        "reserve_form": ReserveEnterForm(initial={
            "basis": _("Secondment assessment: %(result)s") % {
                "result": secondment.get_result_display()}}),
        "reported_to": services.reported_to(secondment.district_id) if secondment.result
        else [],
        "history": _history(secondment, assessments, entries) if not user.is_secretary else [],
        "register_url": register_url(secondment.approval_document_number,
                                     kind=Document.Kind.APPOINTMENT,
                                     direction=Document.Direction.RECEIVED)
        if secondment.approval_document_id is None and secondment.approval_document_number
        and access.edits_district(user, secondment.district_id) else "",
    }
    return render(request, "cadres/secondment_detail.html", context)


@require_POST
@role_required(*OFFICERS, *ORGANISATION_DEPARTMENT)
def assessment_record(request: HttpRequest, secondment_pk: int) -> HttpResponse:
    secondment = _get_secondment(request, secondment_pk)
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a grade."))
        return redirect(secondment)
    outcome = {}
    if run_service(request, lambda: outcome.update(assessment=services.assessment_record(
            secondment=secondment, user=request.user, grade=form.cleaned_data["grade"],
            comments=form.cleaned_data["comments"], body=form.cleaned_data["body"] or None))):
        assessment = outcome["assessment"]
        waiting = getattr(assessment, "waiting_for", [])
        if waiting:
            messages.success(request, _("Grade recorded for %(body)s. Waiting for: %(list)s.")
                             % {"body": assessment.get_body_display(), "list": "、".join(
                                 str(w) for w in waiting)})
        else:
            secondment.refresh_from_db(fields=["result"])
            messages.success(request, _("Grade recorded. The assessment is complete: "
                                        "%(result)s.") % {
                                            "result": secondment.get_result_display()})
    return redirect(secondment)

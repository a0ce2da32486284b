"""Secondment rounds and applications: the officers' round pages, the secretaries' page (no
round id in its URL: rounds are district-wide, a secretary reaches them only through it),
and every decision on an application. Views fetch through the user's scope and call
`cadres.services.secondments`; nothing here changes a status."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cadres.citations import district_documents
from cadres.exports import ApplicationExport, RoundExport, SecondmentExport
from cadres.forms_secondments import ApplicationForm, ApproveForm, RoundForm
from cadres.models import Application, Cadre, Secondment, SecondmentRound
from cadres.services import secondments as services
from portal import access
from portal.access import (
    DISTRICT_READERS,
    OFFICERS,
    ORGANISATION_DEPARTMENT,
    SECRETARIES,
    role_required,
)
from portal.excel import wants_xlsx
from portal.scoping import scoped_or_404
from portal.services import run_service

A = Application.Status
PAGE_SIZE = 50
STATUS_ORDER = [A.SELECTED, A.SHORTLISTED, A.SUBMITTED, A.APPROVED, A.NOT_SELECTED, A.WITHDRAWN]


def notice_url(round: SecondmentRound) -> str:
    """The joint notice's page, when the documents register is installed."""
    if not round.notice_id:
        return ""
    try:
        return reverse("cadres:document_detail", kwargs={"document_pk": round.notice_id})
    except NoReverseMatch:
        return ""


def _round_form_page(request, form, title: str, back: str = "") -> HttpResponse:
    return render(request, "cadres/round_form.html", {"form": form, "title": title,
                                                      "back": back})


@role_required(*DISTRICT_READERS)
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = SecondmentRound.objects.visible_to(request.user).select_related("notice").annotate(
        application_count=Count("applications"),
        waiting_count=Count("applications", filter=Q(applications__status__in=(
            A.SUBMITTED, A.SHORTLISTED))),
        selected_count=Count("applications", filter=Q(applications__status=A.SELECTED)),
        approved_count=Count("applications", filter=Q(applications__status=A.APPROVED))
    ).order_by("-year", "-opens_on", "-pk")
    if wants_xlsx(request):
        return RoundExport().response(rounds, request.user)
    page = Paginator(rounds, 25).get_page(request.GET.get("page"))
    return render(request, "cadres/round_list.html", {
        "page_obj": page, "can_open": access.joint_officer_of(request.user,
                                                               request.user.district_id)})


@role_required(*OFFICERS)
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None, district=request.user.district)
    if request.method == "POST" and form.is_valid():
        result = {}
        if run_service(request, lambda: result.update(round=services.round_open(
                user=request.user, **form.cleaned_data)), _("Round opened.")):
            return redirect(result["round"])
    return _round_form_page(request, form, _("Open a secondment round"),
                            reverse("cadres:round_list"))


def _get_round(request, pk: int) -> SecondmentRound:
    return scoped_or_404(SecondmentRound.objects.select_related("notice", "district",
                                                                "created_by"),
                         request.user, pk=pk)


@role_required(*OFFICERS)
def round_update(request: HttpRequest, round_pk: int) -> HttpResponse:
    round = _get_round(request, round_pk)
    form = RoundForm(request.POST or None, instance=round, district=round.district)
    if request.method == "POST" and form.is_valid():
        if run_service(request, lambda: services.round_update(
                round=round, user=request.user, **form.cleaned_data), _("Changes saved.")):
            return redirect(round)
        round.refresh_from_db()
    return _round_form_page(request, form, str(round), round.get_absolute_url())


@require_POST
@role_required(*OFFICERS)
def round_close(request: HttpRequest, round_pk: int) -> HttpResponse:
    round = _get_round(request, round_pk)
    run_service(request, lambda: services.round_close(round=round, user=request.user),
                _("Round closed; the undecided applications were marked not selected."))
    return redirect(round)


@role_required(*DISTRICT_READERS)
def round_detail(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The round, its notice, its applications by status (paginated) with the actions the
    viewer may take: 6 queries whatever the number of applications."""
    round = _get_round(request, round_pk)
    counts = round.applications.aggregate(
        total=Count("pk"), **{s: Count("pk", filter=Q(status=s)) for s in A.values})
    status = request.GET.get("status", "")
    rows = round.applications.select_related("cadre", "school", "secondment")
    if status in A.values:
        rows = rows.filter(status=status)
    if wants_xlsx(request):
        return ApplicationExport().response(rows, request.user, title=round.title,
                                            filename=f"applications-round-{round.pk}.xlsx")
    page = Paginator(rows.order_by("school__name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    user, today = request.user, timezone.localdate()
    taken = counts[A.SELECTED] + counts[A.APPROVED]
    return render(request, "cadres/round_detail.html", {
        "round": round, "counts": counts, "page_obj": page, "status": status,
        "tabs": [(s, A(s).label, counts[s]) for s in STATUS_ORDER],
        "taken": taken, "posts_left": max(round.posts_on_offer - taken, 0),
        "is_officer": access.joint_officer_of(user, round.district_id),
        "is_orgdep": access.organisation_department_of(user, round.district_id),
        "is_open": round.status == SecondmentRound.Status.OPEN,
        "window_open": round.is_open_on(today),
        "can_edit": counts["total"] == 0 and round.status == SecondmentRound.Status.OPEN,
        "approval_documents": district_documents(round.district_id), "notice_url":
        notice_url(round), "today": today,
    })


# ---------------------------------------------------------------- decisions on applications

def _get_application(request, pk: int) -> Application:
    return scoped_or_404(Application.objects.select_related("round", "cadre", "school"),
                         request.user, pk=pk)


def _decision(service, success):
    @require_POST
    @role_required(*OFFICERS)
    def view(request: HttpRequest, application_pk: int) -> HttpResponse:
        application = _get_application(request, application_pk)
        run_service(request, lambda: service(application=application, user=request.user),
                    success % {"name": application.cadre.name})
        return redirect(application.round)

    return view


application_shortlist = _decision(services.application_shortlist,
                                  gettext_lazy("%(name)s shortlisted."))
application_select = _decision(services.application_select, gettext_lazy("%(name)s selected."))
application_decline = _decision(services.application_decline,
                                gettext_lazy("%(name)s marked not selected."))


@require_POST
@role_required(*ORGANISATION_DEPARTMENT)
def application_approve(request: HttpRequest, application_pk: int) -> HttpResponse:
    application = _get_application(request, application_pk)
    form = ApproveForm(request.POST, district=application.round.district_id)
    if not form.is_valid():
        for message in [*form.non_field_errors(), *form.errors.get("document", [])]:
            messages.error(request, message)
        messages.error(request, _("Give the approval document (and a valid start date, or none "
                                  "for today)."))
        return redirect(request.POST.get("next") == "home" and "cadres:orgdep_home"
                        or application.round)
    result = {}
    if run_service(request, lambda: result.update(secondment=services.application_approve(
            application=application, user=request.user,
            document=form.cleaned_data["document"],
            document_number=form.cleaned_data["document_number"],
            start=form.cleaned_data["start"])),
            _("Approved: %(name)s's secondment begins.") % {"name": application.cadre.name}):
        secondment = result["secondment"]
        if secondment.approval_document_id is None:
            messages.info(request, _(
                "%(number)s is not in the district's register of joint documents yet: the "
                "league committee's officers are offered to register it, and the secondment "
                "will cite it then.") % {"number": secondment.approval_document_number})
        return redirect(secondment)
    if request.POST.get("next") == "home":
        return redirect("cadres:orgdep_home")
    return redirect(application.round)


@require_POST
@role_required(*SECRETARIES)
def application_withdraw(request: HttpRequest, application_pk: int) -> HttpResponse:
    application = _get_application(request, application_pk)
    run_service(request, lambda: services.application_withdraw(application=application,
                                                               user=request.user),
                _("Application withdrawn."))
    return redirect("cadres:secondments_mine")


# ---------------------------------------------------------------- the secretary's page

def _school_cadres(user):
    return list(Cadre.objects.filter(school_id=user.school_id).order_by("name", "pk"))


@role_required(*SECRETARIES)
def secondments_mine(request: HttpRequest) -> HttpResponse:
    """A secretary's page: the district's rounds taking applications (with the form), their
    school's applications and secondments."""
    user, today = request.user, timezone.localdate()
    applications, secondments = _own_applications_and_secondments(user)
    if request.GET.get("export") == "applications":
        return ApplicationExport().response(applications, user, filename="my-applications.xlsx")
    if wants_xlsx(request):
        return SecondmentExport().response(secondments, user, filename="my-secondments.xlsx")
    open_rounds = list(SecondmentRound.objects.visible_to(user).filter(
        status=SecondmentRound.Status.OPEN, closes_on__gte=today).select_related("notice")
        .order_by("closes_on", "pk"))
    cadres = _school_cadres(user)
    for round in open_rounds:
        round.form = ApplicationForm(user=user, cadres=cadres, initial={"round": round.pk},
                                     auto_id=f"id_r{round.pk}_%s")
        round.window_open = round.is_open_on(today)
        round.notice_url = notice_url(round)
    page = Paginator(applications, 25).get_page(request.GET.get("page"))
    return render(request, "cadres/application_mine.html", {
        "open_rounds": open_rounds, "page_obj": page, "secondments": secondments[:20],
    })


def _own_applications_and_secondments(user):
    """The secretary's school's applications and secondments (the page shows the latest 20
    secondments; the export has them all), scoped as every page is."""
    applications = Application.objects.visible_to(user).select_related(
        "round", "cadre").order_by("-submitted_at", "-pk")
    secondments = Secondment.objects.visible_to(user).select_related("cadre").order_by(
        "-start", "pk")
    return applications, secondments


def _posted_round(request) -> SecondmentRound:
    try:
        pk = int(request.POST.get("round", ""))
    except ValueError as error:
        raise Http404 from error
    if not 0 < pk < 2**63:
        raise Http404
    return scoped_or_404(SecondmentRound.objects.all(), request.user, pk=pk)


@require_POST
@role_required(*SECRETARIES)
def application_submit(request: HttpRequest) -> HttpResponse:
    round = _posted_round(request)
    form = ApplicationForm(request.POST, user=request.user, cadres=_school_cadres(request.user))
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("cadres:secondments_mine")
    run_service(request, lambda: services.application_submit(
        round=round, user=request.user, cadre=form.cadre(),
        statement=form.cleaned_data["statement"], gender=form.cleaned_data.get("gender", "")),
        _("Application submitted to %(round)s.") % {"round": round.title})
    return redirect("cadres:secondments_mine")

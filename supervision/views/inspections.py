"""The inspection pages: list, the logging page and its actions."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from portal.access import OFFICERS, READERS, RoleRequiredMixin, role_required
from portal.excel import xlsx_response
from portal.lists import TablePaginationMixin
from portal.models import Role
from portal.scoping import scoped_or_404
from portal.services import run_service
from portal.uploads import serve_thumbnail, serve_upload
from schools.models import School
from supervision import services
from supervision.exports import FindingExport, ScoreExport
from supervision.filters import InspectionFilter
from supervision.forms import EvidenceForm, FindingForm, FollowUpForm, ReasonForm
from supervision.models import Evidence, Finding, Inspection, Score
from supervision.page_data import inspection_page_context
from supervision.school_page import school_history
from supervision.tables import InspectionTable
from supervision.views.common import get_inspection


class InspectionListView(RoleRequiredMixin, TablePaginationMixin, SingleTableMixin, FilterView):
    allowed_roles = READERS
    table_class = InspectionTable
    filterset_class = InspectionFilter
    paginate_by = 25
    template_name = "supervision/inspection_list.html"

    def get_queryset(self):
        return Inspection.objects.visible_to(self.request.user).for_list().order_by(
            "-planned_date", "school__name")

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.is_secretary:
            context["self_assessments"] = Inspection.objects.filter(
                school_id=user.school_id,
                status__in=[Inspection.Status.PLANNED, Inspection.Status.IN_PROGRESS])
        return context

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.GET.get("export") == "scores":  # the scores of the inspections kept
            rows = InspectionFilter(request.GET, queryset=self.get_queryset(), user=request.user).qs
            scores = Score.objects.visible_to(request.user).filter(
                inspection__in=rows.values("pk"))
            return ScoreExport().response(scores, request.user)
        if request.GET.get("export") == "findings":  # the findings of the inspections kept
            rows = InspectionFilter(request.GET, queryset=self.get_queryset(), user=request.user).qs
            return FindingExport().response(
                inspection_findings(request.user, rows.values("pk")), request.user)
        if request.GET.get("export") == "xlsx":
            rows = InspectionFilter(request.GET, queryset=self.get_queryset(), user=request.user).qs
            return xlsx_response("inspections.xlsx", _("Inspections"),
                                 InspectionTable.export_headers(),
                                 (InspectionTable.export_row(i) for i in rows))
        return super().get(request, *args, **kwargs)


def inspection_findings(user, inspections):
    """The findings of `inspections` (a queryset of inspections' pks) the user may see."""
    return Finding.objects.visible_to(user).filter(inspection__in=inspections)


@role_required(*READERS)
def inspection_detail(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = get_inspection(request, inspection_pk)
    export = request.GET.get("export")
    if export in ("findings", "scores"):  # the page's findings or score table as Excel
        one = Inspection.objects.filter(pk=inspection.pk).values("pk")
        name = f"{inspection.school.name}-{inspection.planned_date:%Y%m%d}"
        if export == "findings":
            return FindingExport().response(inspection_findings(request.user, one),
                                            request.user, filename=f"{name}-findings.xlsx")
        scores = Score.objects.visible_to(request.user).filter(inspection__in=one)
        return ScoreExport().response(scores, request.user, filename=f"{name}-scores.xlsx")
    return render(request, "supervision/inspection_detail.html",
                  inspection_page_context(request, inspection))


def _is_id(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts "²", which ``int()`` refuses."""
    return text.isascii() and text.isdigit()


def _score_inputs(post) -> dict:
    scores = {}
    for key in post:
        if key.startswith("score_") and _is_id(key.removeprefix("score_")):
            pk = int(key.removeprefix("score_"))
            scores[pk] = services.ScoreInput(post.get(key, "").strip(),
                                             post.get(f"comment_{pk}", ""),
                                             post.get(f"na_{pk}") == "on")
    return scores


@require_POST
@role_required(*OFFICERS)
def inspection_save(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = get_inspection(request, inspection_pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    submit = request.POST.get("action") == "submit"

    def call():
        with transaction.atomic():  # saving and submitting succeed or fail together
            services.inspection_save(inspection=inspection, user=request.user, version=version,
                                     scores=_score_inputs(request.POST))
            if submit:
                services.inspection_submit(inspection=inspection, user=request.user)

    if not run_service(request, call):
        context = inspection_page_context(request, get_inspection(request, inspection_pk),
                                          posted=request.POST)
        return render(request, "supervision/inspection_detail.html", context, status=400)
    messages.success(request, _("Inspection submitted.") if submit else _("Draft saved."))
    return redirect(inspection)


def _transition(request, inspection_pk: int, action: str) -> HttpResponse:
    inspection = get_inspection(request, inspection_pk)
    user = request.user
    if action == "sign_off":
        run_service(request, lambda: services.inspection_sign_off(inspection=inspection, user=user),
                    _("Signed off."))
    elif action == "publish":
        run_service(request, lambda: services.inspection_publish(inspection=inspection, user=user),
                    _("Published: the school now sees the result."))
    elif action == "reopen":
        form = ReasonForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(inspection)
        run_service(request, lambda: services.inspection_reopen(
            inspection=inspection, user=user, reason=form.cleaned_data["reason"]),
            _("Inspection reopened."))
    return redirect(inspection)


@require_POST
@role_required(*OFFICERS)
def inspection_sign_off(request, inspection_pk: int):
    return _transition(request, inspection_pk, "sign_off")


@require_POST
@role_required(*OFFICERS)
def inspection_publish(request, inspection_pk: int):
    return _transition(request, inspection_pk, "publish")


@require_POST
@role_required(*OFFICERS)
def inspection_reopen(request, inspection_pk: int):
    return _transition(request, inspection_pk, "reopen")


@require_POST
@role_required(*OFFICERS)
def finding_add(request, inspection_pk: int):
    inspection = get_inspection(request, inspection_pk)
    form = FindingForm(request.POST, inspection=inspection)
    if form.is_valid():
        run_service(request, lambda: services.finding_add(
            inspection=inspection, user=request.user, kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"], indicator=form.cleaned_data["indicator"]),
            _("Finding added."))
    else:
        messages.error(request, _("The finding was not added: %(errors)s")
                       % {"errors": "; ".join(m for e in form.errors.values() for m in e)})
    return redirect(f"{inspection.get_absolute_url()}#findings")


@require_POST
@role_required(*OFFICERS)
def finding_delete(request, finding_pk: int):
    finding = scoped_or_404(
        Finding.objects.select_related("inspection__school", "inspection__plan"),
        request.user, pk=finding_pk)
    run_service(request, lambda: services.finding_remove(finding=finding, user=request.user),
                _("Finding removed."))
    return redirect(f"{finding.inspection.get_absolute_url()}#findings")


@require_POST
@role_required(*OFFICERS)
def evidence_add(request, inspection_pk: int):
    inspection = get_inspection(request, inspection_pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        run_service(request, lambda: services.evidence_add(
            inspection=inspection, user=request.user, file=form.cleaned_data["file"],
            produced_on=form.cleaned_data["produced_on"], caption=form.cleaned_data["caption"]),
            _("File uploaded."))
    else:
        messages.error(request, _("The file was not uploaded: %(errors)s")
                       % {"errors": " ".join(m for e in form.errors.values() for m in e)})
    return redirect(f"{inspection.get_absolute_url()}#evidence")


@role_required(*READERS)
def evidence_file(request, evidence_pk: int):
    evidence = scoped_or_404(Evidence.objects.all(), request.user, pk=evidence_pk)
    if request.GET.get("size") == "thumbnail":
        return serve_thumbnail(evidence, evidence.filename)
    return serve_upload(evidence.file, evidence.filename)


@require_POST
@role_required(*OFFICERS)
def evidence_delete(request, evidence_pk: int):
    evidence = scoped_or_404(Evidence.objects.select_related("inspection__school",
                                                              "inspection__plan"),
                             request.user, pk=evidence_pk)
    run_service(request, lambda: services.evidence_remove(evidence=evidence, user=request.user),
                _("File removed."))
    return redirect(f"{evidence.inspection.get_absolute_url()}#evidence")


@require_POST
@role_required(*OFFICERS)
def follow_up_create(request, inspection_pk: int):
    inspection = get_inspection(request, inspection_pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the planned date of the follow-up."))
        return redirect(inspection)
    result = {}

    def call():
        result["new"] = services.follow_up_create(
            inspection=inspection, user=request.user,
            planned_date=form.cleaned_data["planned_date"])

    if run_service(request, call, _("Follow-up inspection planned.")):
        return redirect(result["new"])
    return redirect(inspection)


@role_required(Role.SCHOOL_SECRETARY, *OFFICERS)
def self_assessment(request, inspection_pk: int):
    """The school's self-assessment, filled by its secretary before the inspection."""
    from supervision.page_data import self_assessment_context

    if request.user.is_secretary:
        inspection = get_object_or_404(
            Inspection.objects.for_self_assessment(request.user).select_related(
                "school", "standard"), pk=inspection_pk)
    else:
        inspection = get_inspection(request, inspection_pk)
    if request.method == "POST":
        entries = {}
        for key in request.POST:
            if key.startswith("self_") and _is_id(key.removeprefix("self_")):
                pk = int(key.removeprefix("self_"))
                entries[pk] = (request.POST[key].strip(), request.POST.get(f"note_{pk}", ""))
        if run_service(request, lambda: services.self_assessment_save(
                inspection=inspection, user=request.user, entries=entries),
                _("Self-assessment saved.")):
            return redirect("supervision:self_assessment", inspection_pk=inspection.pk)
    return render(request, "supervision/self_assessment.html",
                  self_assessment_context(request, inspection))




@role_required(*READERS)
def school_history_export(request: HttpRequest, school_pk: int) -> HttpResponse:
    """A school's inspection history and scores per indicator over the years, as Excel."""
    school = scoped_or_404(School.objects.all(), request.user, pk=school_pk)
    history = school_history(request.user, school)
    columns = history["columns"]
    headers = [_("Indicator"), *[f"{c.planned_date:%Y-%m-%d} {c.get_kind_display()}"
                                  for c in columns]]
    rows = [[title, *values] for _code, title, values in history["matrix"]]
    rows.append([_("Total score"), *[round(c.total_score, 1) if c.total_score is not None
                                     else "" for c in columns]])
    return xlsx_response(f"inspections-{school.pk}.xlsx", school.short_name or school.name,
                         headers, rows)

"""Monthly reports: the secretary's month page, activities, photos, review and unlock."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from activities import services
from activities.exports import ActivityExport
from activities.filters import ReportFilter, area_choices
from activities.forms import ActivityForm, PhotoUploadForm, ReturnForm, UnlockForm
from activities.history import report_history
from activities.models import Activity, ActivityPhoto, MonthlyReport, UnlockRequest
from activities.tables import ReportTable
from activities.todo import months_to_write
from activities.views.common import posted_pk, run
from portal import access
from portal.access import (
    DISTRICT_EDITORS,
    READERS,
    SCHOOL_EDITORS,
    SECRETARIES,
    RoleRequiredMixin,
    role_required,
)
from portal.excel import wants_xlsx, xlsx_response
from portal.lists import TablePaginationMixin
from portal.scoping import scoped_or_404
from portal.uploads import serve_thumbnail, serve_upload


@role_required(*READERS)
def index(request: HttpRequest) -> HttpResponse:
    if request.user.is_secretary:
        return redirect("activities:report_current")
    return redirect("activities:report_list")


def _may_start(school, year: int, month: int) -> bool:
    """A school reports from the month it joined the portal up to the current month."""
    today = timezone.localdate()
    if school is None or (year, month) > (today.year, today.month):
        return False
    joined = school.joined_on
    return joined is None or (year, month) >= (joined.year, joined.month)


def _open(request, year: int, month: int) -> HttpResponse:
    try:
        report = services.report_open(school=request.user.school, year=year, month=month,
                                      user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("activities:report_list")
    return redirect(report)


@role_required(*SECRETARIES)
def report_current(request: HttpRequest) -> HttpResponse:
    """The oldest finished month's report still to submit (its month not closed yet), else
    this month's; when the school has none yet, the page whose button (a POST) starts it: a
    GET creates nothing."""
    today = timezone.localdate()
    school = request.user.school
    pending = months_to_write(school, today) if school is not None else []
    if pending:
        year, month, _deadline = min(pending)
    else:
        year, month = today.year, today.month
        if not _may_start(school, year, month):
            messages.info(request, _("Your school reports from the month it joined the portal."))
            return redirect("activities:report_list")
    report = MonthlyReport.objects.filter(school=school, year=year, month=month).first()
    if report is not None:
        return redirect(report)
    return redirect("activities:report_month", year=year, month=month)


@role_required(*SECRETARIES)
def report_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The secretary's report of a month. A GET only opens an existing report; a missing one
    is started by a POST, and only for a month the school is expected to report."""
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    school = request.user.school
    report = MonthlyReport.objects.filter(school=school, year=year, month=month).first()
    if report is not None:
        return redirect(report)
    if not _may_start(school, year, month):
        raise Http404
    if request.method == "POST":
        return _open(request, year, month)
    return render(request, "activities/report_start.html", {
        "school": school, "year": year, "month": month})


def _bounded_text(request, form_class, name: str) -> str | None:
    """The posted text, or None with the error shown when it is longer than the form's field
    allows: a textarea's maxlength is only a hint to the browser. (An empty text is the
    service's to refuse, with its own message.)"""
    text = request.POST.get(name, "")
    try:
        form_class.base_fields[name].run_validators(text)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    return text


def _report(request, pk) -> MonthlyReport:
    return scoped_or_404(MonthlyReport.objects.select_related("school", "reviewed_by",
                                                              "submitted_by"),
                         request.user, pk=pk)


def _editable(report, user) -> bool:
    try:
        services.report_check_editable(report=report, user=user)
    except (ValidationError, PermissionDenied):
        return False
    return True


@role_required(*READERS)
def report_detail(request: HttpRequest, monthlyreport_pk: int, form=None,
                  photo_form=None) -> HttpResponse:
    report = _report(request, monthlyreport_pk)
    user = request.user
    if wants_xlsx(request) and request.method in ("GET", "HEAD"):
        month = f"{report.year}-{report.month:02d}"
        return ActivityExport().response(report.activities.all(), user,
                                         title=f"{report.school.name} {month}",
                                         filename=f"activities-{month}.xlsx")
    editable = _editable(report, user)
    previous = (MonthlyReport.objects.filter(school_id=report.school_id)
                .filter(year__lte=report.year).exclude(year=report.year, month__gte=report.month)
                .order_by("-year", "-month").first())
    context = {
        "report": report,
        "activities": report.activities.select_related("partner", "campaign"),
        "photos": report.photos.all(),
        "history": report_history(report),
        "unlocks": report.unlock_requests.select_related("requested_by", "granted_by"),
        "editable": editable,
        "closed": report.is_closed(),
        "days_late": report.days_late(),
        "form": form or (ActivityForm(report=report, initial={
            "date": _default_date(report), "kind": Activity.Kind.CLASS_HOUR, "hours": 1})
                         if editable and user.is_secretary else None),
        "photo_form": photo_form or PhotoUploadForm(),
        "previous_activities": (previous.activities.all() if previous and editable else []),
        "previous": previous,
        "planned": services.planned_sessions(report) if editable else [],
        "can_submit": access.secretary_of(user, report.school_id)
        and report.status in ("draft", "returned")
        and not report.is_closed(),
        "can_review": access.edits_district(user, report.school.district_id)
        and report.status == MonthlyReport.Status.SUBMITTED,
        "return_form": ReturnForm(),
        "unlock_form": UnlockForm(),
    }
    return render(request, "activities/report_detail.html", context)


def _default_date(report):
    today = timezone.localdate()
    return today if report.first_day <= today <= report.last_day else report.first_day


class ReportListView(RoleRequiredMixin, TablePaginationMixin, SingleTableMixin, FilterView):
    allowed_roles = READERS
    table_class = ReportTable
    filterset_class = ReportFilter
    paginate_by = 25
    template_name = "activities/report_list.html"

    def get_queryset(self):
        return MonthlyReport.objects.visible_to(self.request.user).select_related(
            "school", "reviewed_by").order_by("-year", "-month", "school__name")

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class),
                "areas": area_choices(self.request.user.district_id)}

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export == "activities":  # the activities of the reports the filters keep
            reports = self.filterset_class(request.GET, queryset=self.get_queryset(),
                                           areas=area_choices(request.user.district_id)).qs
            activities = Activity.objects.visible_to(request.user).filter(
                report__in=reports.values("pk"))
            return ActivityExport().response(activities, request.user)
        if export == "xlsx":
            reports = self.filterset_class(request.GET, queryset=self.get_queryset().for_list(),
                                           areas=area_choices(request.user.district_id)).qs
            return xlsx_response("monthly-reports.xlsx", _("Monthly reports"),
                                 ReportTable.export_headers(),
                                 (ReportTable.export_row(r) for r in reports))
        return super().get(request, *args, **kwargs)


@role_required(*SCHOOL_EDITORS)
def activity_create(request: HttpRequest, monthlyreport_pk: int) -> HttpResponse:
    report = _report(request, monthlyreport_pk)
    if request.method != "POST":
        return redirect(report)
    form = ActivityForm(request.POST, report=report)
    if form.is_valid():
        try:
            services.activity_save(activity=form.instance, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Activity added."))
            return redirect(report)
    return report_detail(request, monthlyreport_pk, form=form)


@role_required(*SCHOOL_EDITORS)
def activity_update(request: HttpRequest, activity_pk: int) -> HttpResponse:
    activity = scoped_or_404(Activity.objects.select_related("report__school"), request.user,
                             pk=activity_pk)
    report = activity.report
    try:
        services.report_check_editable(report=report, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(report)
    form = ActivityForm(request.POST or None, instance=activity, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_save(activity=form.instance, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(report)
    return render(request, "activities/form.html", {"form": form, "object": activity,
                                                    "back": report.get_absolute_url()})


@role_required(*SCHOOL_EDITORS)
@require_POST
def activity_delete(request: HttpRequest, activity_pk: int) -> HttpResponse:
    activity = scoped_or_404(Activity.objects.select_related("report"), request.user,
                             pk=activity_pk)
    return run(request, lambda: services.activity_delete(activity=activity, user=request.user),
               _("Activity deleted."), activity.report)


@role_required(*SECRETARIES)
@require_POST
def activity_repeat(request: HttpRequest, monthlyreport_pk: int) -> HttpResponse:
    report = _report(request, monthlyreport_pk)
    source = scoped_or_404(Activity.objects.select_related("report"), request.user,
                           pk=posted_pk(request, "activity"))
    return run(request, lambda: services.activity_repeat(report=report, source=source,
                                                          user=request.user),
               _("Activity repeated from last month; check the date."), report)


@role_required(*SECRETARIES)
@require_POST
def report_prefill(request: HttpRequest, monthlyreport_pk: int) -> HttpResponse:
    report = _report(request, monthlyreport_pk)
    return run(request, lambda: services.report_prefill_class_hours(report=report,
                                                                    user=request.user),
               _("Class hours added from the activity course; check them."), report)


@role_required(*SCHOOL_EDITORS)
@require_POST
def photo_upload(request: HttpRequest, monthlyreport_pk: int) -> HttpResponse:
    report = _report(request, monthlyreport_pk)
    form = PhotoUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photos_add(report=report, files=form.cleaned_data["files"],
                                user=request.user)
        except ValidationError as error:
            form.add_error("files", error)
        else:
            messages.success(request, _("Files added."))
            return redirect(report)
    for message in form.errors.get("files", []):
        messages.error(request, message)
    return report_detail(request, monthlyreport_pk, photo_form=form)


@role_required(*READERS)
def photo_download(request: HttpRequest, activityphoto_pk: int) -> HttpResponse:
    photo = scoped_or_404(ActivityPhoto.objects, request.user, pk=activityphoto_pk)
    if request.GET.get("size") == "thumbnail":
        return serve_thumbnail(photo, photo.name)
    return serve_upload(photo.file, photo.name)


@role_required(*SCHOOL_EDITORS)
@require_POST
def photo_delete(request: HttpRequest, activityphoto_pk: int) -> HttpResponse:
    photo = scoped_or_404(ActivityPhoto.objects.select_related("report"), request.user,
                          pk=activityphoto_pk)
    return run(request, lambda: services.photo_delete(photo=photo, user=request.user),
               _("File deleted."), photo.report)


@role_required(*SECRETARIES)
@require_POST
def report_submit(request: HttpRequest, monthlyreport_pk: int) -> HttpResponse:
    report = _report(request, monthlyreport_pk)
    return run(request, lambda: services.report_submit(report=report, user=request.user),
               _("Report submitted. Thank you!"), report)


@role_required(*DISTRICT_EDITORS)
@require_POST
def report_approve(request: HttpRequest, monthlyreport_pk: int) -> HttpResponse:
    report = _report(request, monthlyreport_pk)
    return run(request, lambda: services.report_approve(report=report, user=request.user),
               _("Report approved."), report)


@role_required(*DISTRICT_EDITORS)
@require_POST
def report_return(request: HttpRequest, monthlyreport_pk: int) -> HttpResponse:
    report = _report(request, monthlyreport_pk)
    comment = _bounded_text(request, ReturnForm, "comment")
    if comment is None:
        return redirect(report)
    return run(request, lambda: services.report_return(report=report, user=request.user,
                                                        comment=comment),
               _("Report returned to the school."), report)


@role_required(*SECRETARIES)
@require_POST
def unlock_request(request: HttpRequest, monthlyreport_pk: int) -> HttpResponse:
    report = _report(request, monthlyreport_pk)
    reason = _bounded_text(request, UnlockForm, "reason")
    if reason is None:
        return redirect(report)
    return run(request, lambda: services.unlock_request_create(report=report, user=request.user,
                                                                reason=reason),
               _("Unlock requested."), report)


@role_required(*DISTRICT_EDITORS)
@require_POST
def unlock_grant(request: HttpRequest, unlockrequest_pk: int) -> HttpResponse:
    unlock = scoped_or_404(UnlockRequest.objects.select_related("report"), request.user,
                           pk=unlockrequest_pk)
    return run(request, lambda: services.unlock_request_grant(request=unlock, user=request.user),
               _("Month unlocked for a week."), unlock.report)

"""The evaluation pages: the reports page (the leaders' home), a report's progress and
download, a school's evaluation, and the printable inspection record.

Every object is fetched through the user's scope (`scoped_or_404`), files are served only
here (never from MEDIA_URL), and the POSTs that ask for a PDF are open to read-only leaders:
they write nothing but the report's own row (`allow_read_only_post`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.access import DISTRICT_READERS, READERS, allow_read_only_post, role_required
from portal.excel import wants_xlsx
from portal.forms import MAX_ID
from portal.models import District
from portal.school_year import school_year_of
from portal.scoping import scoped_or_404
from portal.services import run_service
from portal.uploads import serve_upload
from reports import collect, record, services
from reports.exports import EvaluationReportExport
from reports.forms import PeriodForm
from reports.models import EvaluationReport, language_suffix


def _district_for(request: HttpRequest, value: str | None) -> District | None:
    """A district user's own district; city-wide roles choose one (`?district=`)."""
    if not request.user.is_city_wide:
        return request.user.district
    value = str(value or "")
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
        return None  # not an id ("²" is a digit to isdigit), or beyond the database's range
    return scoped_or_404(District.objects, request.user, pk=int(value))


def _latest(*, district, period, school=None) -> EvaluationReport | None:
    return (EvaluationReport.objects.filter(
        district=district, school=school, period_start=period.start, period_end=period.end,
        language=translation.get_language()).order_by("-created_at", "-pk").first())


def report_listing(user, *, district=None, school=None):
    """The PDFs built that a reports page lists: a district's (the reports page) or a
    school's (the school's evaluation page), through the user's scope."""
    listing = EvaluationReport.objects.visible_to(user)
    if school is not None:
        return listing.filter(school=school)
    return listing.filter(district=district)


def _listing_export(request: HttpRequest, listing) -> HttpResponse:
    return EvaluationReportExport().response(listing, request.user)


@role_required(*DISTRICT_READERS)
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    district = _district_for(request, request.GET.get("district"))
    if district is None:
        return render(request, "reports/reports_choose.html", {
            "districts": District.objects.visible_to(request.user)})
    if wants_xlsx(request):  # the PDFs built, as the list below the figures
        return _listing_export(request, report_listing(request.user, district=district))
    period = school_year_of(timezone.localdate())
    sections = collect.cached_district_sections(district=district, period=period)
    figures, charts = collect.headlines(sections)
    latest = _latest(district=district, period=period)
    fresh = latest is not None and latest.is_done and \
        latest.fingerprint == collect.fingerprint(sections)
    listing = report_listing(request.user, district=district).select_related(
        "school", "requested_by")
    return render(request, "reports/reports.html", {
        "district": district, "period": period, "figures": figures, "charts": charts,
        "latest": latest, "fresh": fresh, "form": PeriodForm(district=district),
        "page_obj": Paginator(listing, 20).get_page(request.GET.get("page"))})


@allow_read_only_post
@role_required(*DISTRICT_READERS)
@require_POST
def report_request(request: HttpRequest) -> HttpResponse:
    district = _district_for(request, request.POST.get("district"))
    if district is None:
        raise Http404
    form = PeriodForm(request.POST, district=district)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_reports_url(request, district))
    report = None

    def call():
        nonlocal report
        report = services.report_request(user=request.user, district=district,
                                         period=form.cleaned_data["period"])

    if not run_service(request, call):
        return redirect(_reports_url(request, district))
    return redirect(report)


def _reports_url(request: HttpRequest, district) -> str:
    from django.urls import reverse

    url = reverse("reports")
    return f"{url}?district={district.pk}" if request.user.is_city_wide else url


@role_required(*READERS)
@require_GET
def report_detail(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = scoped_or_404(EvaluationReport.objects.select_related("district", "school"),
                           request.user, pk=report_pk)
    template = "reports/_report_status.html" if request.htmx else "reports/report_detail.html"
    return render(request, template, {"report": report})


@role_required(*READERS)
@require_GET
def report_download(request: HttpRequest, report_pk: int) -> FileResponse:
    report = scoped_or_404(EvaluationReport.objects.select_related("district", "school"),
                           request.user, pk=report_pk)
    if not report.is_done:
        raise Http404
    return serve_upload(report.file, report.download_name, inline_images=False)


@allow_read_only_post
@role_required(*READERS)
@require_POST
def report_retry(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = scoped_or_404(EvaluationReport.objects, request.user, pk=report_pk)
    retried = report

    def call():
        nonlocal retried
        retried = services.report_retry(report=report)  # or the same PDF's build under way

    run_service(request, call)
    return redirect(retried)


@allow_read_only_post
@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def school_evaluation(request: HttpRequest, school_pk: int) -> HttpResponse:
    from schools.models import School

    school = scoped_or_404(School.objects.select_related("district"), request.user,
                           pk=school_pk)
    form = PeriodForm(request.POST or None, district=school.district)
    if request.method == "POST":
        if form.is_valid():
            report = None

            def call():
                nonlocal report
                report = services.report_request(user=request.user, district=school.district,
                                                 school=school,
                                                 period=form.cleaned_data["period"])

            if run_service(request, call):
                return redirect(report)
        else:
            for error in form.non_field_errors():
                messages.error(request, error)
    listing = report_listing(request.user, school=school)
    if request.method == "GET" and wants_xlsx(request):
        return _listing_export(request, listing)
    return render(request, "reports/school_evaluation.html", {
        "school": school, "form": form,
        "page_obj": Paginator(listing.select_related("requested_by"), 20).get_page(
            request.GET.get("page"))})


@role_required(*READERS)
@require_GET
def inspection_record(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """One inspection, one or two pages: built in the request (no queue to wait for)."""
    from supervision.models import Inspection

    inspection = scoped_or_404(Inspection.objects.select_related("school__district"),
                               request.user, pk=inspection_pk)
    pdf = record.inspection_pdf(inspection=inspection)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = (f"{inspection.school.name}-{inspection.planned_date:%Y%m%d}"
            f"{language_suffix(translation.get_language())}.pdf")
    response["Content-Disposition"] = _attachment(name)
    return response


def _attachment(filename: str) -> str:
    from django.utils.http import content_disposition_header

    return content_disposition_header(True, filename)

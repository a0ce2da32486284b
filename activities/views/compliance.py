"""The district's compliance grid and the on-time overview (late and missing reports)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import compliance
from activities.exports import LateReportExport
from activities.filters import area_choices
from activities.models import MonthlyReport, Semester
from portal.access import DISTRICT_READERS, READERS, role_required
from portal.excel import wants_xlsx, xlsx_response
from portal.models import District
from schools.models import School


def _district(request) -> tuple[int | None, list[District]]:
    """The id of the district shown, and the districts to choose from. District users see
    their own district (``?district=`` is ignored); city-wide users choose one with
    ``?district=<id>`` (by default the first by name)."""
    user = request.user
    if not user.is_city_wide:
        return user.district_id, []
    districts = list(District.objects.order_by("name"))
    ids = [d.pk for d in districts]
    chosen = request.GET.get("district", "")
    district_id = next((pk for pk in ids if str(pk) == chosen), None)
    if district_id is None and ids:
        district_id = ids[0]
    return district_id, districts


def _semesters(request, district_id):
    """The semesters asked for: ?semester=<id>, ?year=<start year>, or the current one."""
    all_semesters = list(Semester.objects.filter(district_id=district_id).order_by("-start"))
    today = timezone.localdate()
    chosen = []
    year, semester = request.GET.get("year", ""), request.GET.get("semester", "")
    if year:
        chosen = [s for s in all_semesters if str(s.school_year) == year]
    elif semester:
        chosen = [s for s in all_semesters if str(s.pk) == semester]
    if not chosen:
        chosen = [s for s in all_semesters if s.start <= today] [:1] or all_semesters[:1]
    return all_semesters, sorted(chosen, key=lambda s: s.start)


@role_required(*DISTRICT_READERS)
def compliance_grid(request: HttpRequest) -> HttpResponse:
    district_id, districts = _district(request)
    all_semesters, semesters = _semesters(request, district_id)
    schools = (School.objects.visible_to(request.user).filter(district_id=district_id,
                                                              active=True).order_by("name"))
    area, level = request.GET.get("area", ""), request.GET.get("level", "")
    if area:
        schools = schools.filter(area=area)
    if level:
        schools = schools.filter(level=level)
    months = compliance.months_of(semesters)
    if request.GET.get("export") == "xlsx":
        rows = compliance.grid(schools, semesters)
        headers = [_("School"), _("Area"), *[f"{y}-{m:02d}" for y, m in months],
                   *[str(s) for s in semesters]]
        return xlsx_response("compliance.xlsx", _("Compliance"), headers, (
            [row.school.name, row.school.area, *[c.title for c in row.months],
             *[c.title for c in row.semesters]] for row in rows))
    page = Paginator(schools, 50).get_page(request.GET.get("page"))
    rows = compliance.grid(page.object_list, semesters)
    return render(request, "activities/compliance.html", {
        "rows": rows, "months": months, "semesters": semesters, "all_semesters": all_semesters,
        "years": sorted({s.school_year for s in all_semesters}, reverse=True),
        "page_obj": page, "areas": area_choices(district_id), "levels": School.Level.choices,
        "area": area, "level": level, "district_id": district_id, "districts": districts,
    })


@role_required(*DISTRICT_READERS)
def overview(request: HttpRequest) -> HttpResponse:
    """On-time rate per month, and for one month the schools late or missing."""
    district_id, districts = _district(request)
    all_semesters, semesters = _semesters(request, district_id)
    months = compliance.months_of(semesters)
    schools = School.objects.visible_to(request.user).filter(district_id=district_id)
    today = timezone.localdate()
    deadlines = {m: s.deadline_for(*m) for s in semesters for m in s.term_months}
    rates = compliance.on_time_rates(district_id, months, schools, deadlines=deadlines,
                                     today=today)
    past = [m for m in months if (m[0], m[1]) < (today.year, today.month)] or months
    chosen = request.GET.get("month", "")
    try:
        year, month = (int(p) for p in chosen.split("-"))
        start = compliance.month_start(year, month)
    except (ValueError, OverflowError):
        year, month = past[-1] if past else (today.year, today.month)
        start = compliance.month_start(year, month)
    expected = schools.filter(active=True).exclude(joined_on__gt=start).order_by("name")
    # Only the schools not on time are listed: the database leaves out the others, so a
    # 500-school district reads a few dozen schools and reports, not all of them.
    month_reports = MonthlyReport.objects.filter(year=year, month=month)
    expected = expected.exclude(pk__in=month_reports.filter(
        first_submitted_on__lte=F("deadline")).values("school_id"))
    reports = {r.school_id: r for r in month_reports.filter(school__in=expected)}
    deadline = next((s.deadline_for(year, month) for s in all_semesters
                     if (year, month) in s.term_months), None)
    problems = []
    label = f"{year}-{month:02d}"
    for school in expected:
        report = reports.get(school.pk)
        if report and report.on_time:
            continue
        due = report.deadline if report else deadline
        if report is None or report.first_submitted_on is None:
            if due and today > due:
                problems.append({"school": school, "report": report, "state": _("missing"),
                                 "days": (today - due).days, "due": due, "month": label})
        else:
            problems.append({"school": school, "report": report, "state": _("late"),
                             "days": report.days_late(), "due": due, "month": label})
    if wants_xlsx(request):
        return LateReportExport().response(
            problems, request.user, filename=f"late-and-missing-{label}.xlsx")
    return render(request, "activities/overview.html", {
        "rates": rates, "semesters": semesters, "all_semesters": all_semesters,
        "year": year, "month": month, "problems": problems, "deadline": deadline,
        "district_id": district_id, "districts": districts,
    })


__all__ = ["compliance_grid", "overview", "READERS"]

"""Membership applicants and their volunteer service; who falls short of the rule."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from activities import services
from activities.forms import ApplicantForm, VolunteerRecordForm
from activities.models import ActivitiesSettings
from activities.views.common import run
from portal.access import READERS, SCHOOL_EDITORS, SECRETARIES, role_required
from portal.scoping import scoped_or_404
from portal.services import run_service
from schools.exports import ApplicantExport, VolunteerRecordExport
from schools.models import Applicant, VolunteerRecord


def _required(user, district_id):
    settings = ActivitiesSettings.objects.filter(district_id=district_id).first()
    return settings.required_volunteer_hours if settings else ActivitiesSettings(
        ).required_volunteer_hours


@role_required(*READERS)
def applicant_list(request: HttpRequest) -> HttpResponse:
    applicants = Applicant.objects.visible_to(request.user).with_hours()
    school = request.GET.get("school", "")
    if school:
        applicants = applicants.filter(school__name__icontains=school)
    status = request.GET.get("status", "")
    if status in Applicant.Status.values:
        applicants = applicants.filter(status=status)
    else:
        status = ""
    required = _required(request.user, request.user.district_id)
    short = request.GET.get("short") == "1"
    if short:
        applicants = applicants.filter(volunteer_hours__lt=required)
    export = request.GET.get("export")
    if export == "xlsx":
        return ApplicantExport().response(applicants, request.user)
    if export == "records":  # the volunteer records of the applicants kept
        records = VolunteerRecord.objects.visible_to(request.user).filter(
            applicant__in=applicants.values("pk"))
        return VolunteerRecordExport().response(records, request.user)
    from django.core.paginator import Paginator

    page = Paginator(applicants, 50).get_page(request.GET.get("page"))
    return render(request, "activities/applicant_list.html", {
        "page_obj": page, "required": required, "short": short, "school": school,
        "status": status, "statuses": Applicant.Status.choices})


@role_required(*SECRETARIES)
def applicant_create(request: HttpRequest) -> HttpResponse:
    form = ApplicantForm(request.POST or None, school=request.user.school)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Applicant added."))
        return redirect(form.instance)
    return render(request, "activities/form.html", {"form": form,
                                                    "back": "/activities/applicants/",
                                                    "title": _("Membership applicant")})


@role_required(*READERS)
def applicant_detail(request: HttpRequest, applicant_pk: int) -> HttpResponse:
    applicant = scoped_or_404(Applicant.objects.with_hours(), request.user, pk=applicant_pk)
    if request.GET.get("export") == "xlsx":
        return VolunteerRecordExport().response(
            applicant.volunteer_records.all(), request.user,
            title=applicant.name, filename=f"volunteer-records-{applicant.pk}.xlsx")
    can_edit = services.may_keep_applicant(request.user, applicant)
    return render(request, "activities/applicant_detail.html", {
        "applicant": applicant, "can_edit": can_edit,
        "records": applicant.volunteer_records.select_related("pairing"),
        "required": _required(request.user, applicant.school.district_id),
        "moves": [(to, Applicant.Status(to).label, MOVE_LABELS[to])
                  for to in Applicant.MOVES[applicant.status]] if can_edit else [],
        "form": VolunteerRecordForm(applicant=applicant) if can_edit else None})


MOVE_LABELS = {
    Applicant.Status.UNDER_REVIEW: gettext_lazy("Start the assessment"),
    Applicant.Status.ADMITTED: gettext_lazy("Admit"),
    Applicant.Status.DEFERRED: gettext_lazy("Defer"),
}


@role_required(*SCHOOL_EDITORS)
@require_POST
def applicant_move(request: HttpRequest, applicant_pk: int) -> HttpResponse:
    """A step of the assessment (`services.applicant_move` keeps the rules)."""
    applicant = scoped_or_404(Applicant.objects.select_related("school"), request.user,
                              pk=applicant_pk)
    to = request.POST.get("to", "")
    return run(request, lambda: services.applicant_move(applicant=applicant, user=request.user,
                                                        to=to),
               _("The applicant is now “%(status)s”.") % {
                   "status": Applicant.Status(to).label if to in Applicant.Status.values
                   else to}, applicant)


@role_required(*SCHOOL_EDITORS)
def applicant_update(request: HttpRequest, applicant_pk: int) -> HttpResponse:
    applicant = scoped_or_404(Applicant.objects.select_related("school"), request.user,
                              pk=applicant_pk)
    form = ApplicantForm(request.POST or None, instance=applicant, school=applicant.school)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect(applicant)
    return render(request, "activities/form.html", {"form": form, "object": applicant,
                                                    "back": applicant.get_absolute_url()})


@role_required(*SCHOOL_EDITORS)
@require_POST
def record_create(request: HttpRequest, applicant_pk: int) -> HttpResponse:
    applicant = scoped_or_404(Applicant.objects.select_related("school"), request.user,
                              pk=applicant_pk)
    form = VolunteerRecordForm(request.POST, applicant=applicant)
    if form.is_valid():
        run_service(request, lambda: services.volunteer_record_save(
            record=form.instance, user=request.user), _("Volunteer service recorded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(applicant)


@role_required(*SCHOOL_EDITORS)
@require_POST
def record_delete(request: HttpRequest, volunteerrecord_pk: int) -> HttpResponse:
    record = scoped_or_404(VolunteerRecord.objects.select_related("applicant"), request.user,
                           pk=volunteerrecord_pk)
    return run(request, lambda: services.volunteer_record_delete(record=record,
                                                                 user=request.user),
               _("Deleted."), record.applicant)

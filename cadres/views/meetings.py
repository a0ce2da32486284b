"""Area meetings (片区交流会): list, yearly view, detail with photos, create/edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cadres import areas
from cadres.exports import AreaMeetingExport, AreaYearExport
from cadres.forms_people import (
    AreaMeetingForm,
    MeetingPhotoForm,
    attending_cadre_label,
    attending_school_label,
    meeting_cadres,
    meeting_schools,
)
from cadres.models import AreaMeeting, AreaMeetingPhoto, Cadre
from cadres.services import meetings as services
from cadres.views.people import _editing_district, chosen_district
from portal import access, school_year
from portal.access import DISTRICT_EDITORS, DISTRICT_READERS, READERS, role_required
from portal.choices import ChoiceSearch
from portal.excel import wants_xlsx
from portal.school_year import school_years
from portal.scoping import scoped_or_404
from portal.services import run_service, show_validation_errors
from portal.uploads import serve_thumbnail, serve_upload
from schools.models import School


@require_safe
@role_required(*READERS)
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = AreaMeeting.objects.visible_to(request.user).select_related("host_school")
    area_names = list(AreaMeeting.objects.visible_to(request.user).order_by("area")
                      .values_list("area", flat=True).distinct())
    area = request.GET.get("area", "")
    if area in area_names:  # anything else (a typo, a NUL) shows every area
        meetings = meetings.filter(area=area)
    if wants_xlsx(request):
        return AreaMeetingExport().response(meetings, request.user)
    page = Paginator(meetings.order_by("-held_on", "area", "pk"), 25).get_page(
        request.GET.get("page"))
    return render(request, "cadres/meeting_list.html", {
        "page_obj": page, "meetings": page.object_list, "areas": area_names, "area": area,
        "can_edit": access.holds_role(request.user, DISTRICT_EDITORS)})


@require_safe
@role_required(*DISTRICT_READERS)
def meeting_year(request: HttpRequest) -> HttpResponse:
    district_id, districts = chosen_district(request)
    current = school_year.start_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        year = current
    if not 2000 <= year <= current + 1:
        year = current
    start, end = school_year.bounds(year)
    rows = areas.area_meetings(district_id, start, end)
    if wants_xlsx(request):
        return AreaYearExport().response(
            rows, request.user, title=f"{year}-{year + 1}",
            filename=f"area-meetings-{year}-{year + 1}.xlsx")
    return render(request, "cadres/meeting_year.html", {
        "rows": rows, "year": year,
        "years": school_years(district_id), "district_id": district_id,
        "districts": districts})


@require_safe
@role_required(*READERS)
def meeting_detail(request: HttpRequest, areameeting_pk: int) -> HttpResponse:
    return _meeting_page(request, areameeting_pk)


def _meeting_page(request, areameeting_pk: int, photo_form: MeetingPhotoForm | None = None):
    meeting = scoped_or_404(
        AreaMeeting.objects.select_related("host_school").prefetch_related(
            "attending_schools", "attending_cadres__school", "attending_cadres__organisation",
            "photos"), request.user, pk=areameeting_pk)
    can_edit = access.edits_district(request.user, meeting.district_id)
    return render(request, "cadres/meeting_detail.html", {
        "meeting": meeting, "can_edit": can_edit,
        "photo_form": (photo_form or MeetingPhotoForm()) if can_edit else None})


def _meeting_form_page(request, form, *, title: str, back: str, success: str):
    if request.method == "POST" and form.is_valid():
        saved = []
        if run_service(request, lambda: saved.append(
                services.meeting_save(form=form, user=request.user)), success):
            return redirect(saved[0])
    return render(request, "cadres/people_form.html", {"form": form, "title": title,
                                                       "back": back})


@role_required(*DISTRICT_EDITORS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = AreaMeetingForm(request.POST or None, district=_editing_district(request))
    return _meeting_form_page(request, form, title=_("New area meeting"),
                              back="/cadres/meetings/", success=_("Meeting recorded."))


@role_required(*DISTRICT_EDITORS)
def meeting_update(request: HttpRequest, areameeting_pk: int) -> HttpResponse:
    meeting = scoped_or_404(AreaMeeting.objects.all(), request.user, pk=areameeting_pk)
    form = AreaMeetingForm(request.POST or None, instance=meeting, district=meeting.district)
    return _meeting_form_page(request, form, title=str(meeting),
                              back=meeting.get_absolute_url(), success=_("Changes saved."))


class _MeetingSchools(ChoiceSearch):
    """The schools a meeting form offers (the editor's district), by name, short name or
    area."""

    def rows(self, request):
        return meeting_schools(_editing_district(request),
                               School.objects.visible_to(request.user))

    def search(self, rows, text):
        return rows.filter(Q(name__icontains=text) | Q(short_name__icontains=text)
                           | Q(area__icontains=text))

    def label(self, row):
        return attending_school_label(row)


class _MeetingCadres(ChoiceSearch):
    """The cadres a meeting form offers (the editor's district), by name or workplace."""

    def rows(self, request):
        return meeting_cadres(_editing_district(request),
                              Cadre.objects.visible_to(request.user))

    def search(self, rows, text):
        return rows.filter(Q(name__icontains=text) | Q(school__name__icontains=text)
                           | Q(school__short_name__icontains=text)
                           | Q(organisation__name__icontains=text))

    def label(self, row):
        return attending_cadre_label(row)


meeting_school_search = require_safe(role_required(*DISTRICT_EDITORS)(_MeetingSchools()))
meeting_cadre_search = require_safe(role_required(*DISTRICT_EDITORS)(_MeetingCadres()))


@require_POST
@role_required(*DISTRICT_EDITORS)
def photo_upload(request: HttpRequest, areameeting_pk: int) -> HttpResponse:
    meeting = scoped_or_404(AreaMeeting.objects.all(), request.user, pk=areameeting_pk)
    form = MeetingPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photos_add(meeting=meeting, files=form.cleaned_data["photos"],
                                user=request.user)
        except ValidationError as error:
            show_validation_errors(request, error)
        else:
            messages.success(request, _("Photos added."))
            return redirect(meeting)
    for message in form.errors.get("photos", []):
        messages.error(request, message)
    return _meeting_page(request, areameeting_pk, photo_form=form)


@require_safe
@role_required(*READERS)
def photo_file(request: HttpRequest, areameetingphoto_pk: int) -> HttpResponse:
    photo = scoped_or_404(AreaMeetingPhoto.objects.all(), request.user, pk=areameetingphoto_pk)
    if request.GET.get("size") == "thumbnail":
        return serve_thumbnail(photo, photo.original_name or photo.image.name)
    return serve_upload(photo.image, photo.original_name or photo.image.name)


@require_POST
@role_required(*DISTRICT_EDITORS)
def photo_delete(request: HttpRequest, areameetingphoto_pk: int) -> HttpResponse:
    photo = scoped_or_404(AreaMeetingPhoto.objects.select_related("meeting"), request.user,
                          pk=areameetingphoto_pk)
    run_service(request, lambda: services.photo_delete(photo=photo, user=request.user),
                _("Photo deleted."))
    return redirect(photo.meeting)

"""Activity courses (set once per semester by each school) and the school calendar."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import services
from activities.exports import CourseExport, SemesterExport, SessionExport
from activities.forms import CourseForm, SemesterForm, SessionForm, SettingsForm
from activities.history import settings_history
from activities.models import ActivitiesSettings, ActivityCourse, ActivitySession, Semester
from portal import access
from portal.access import DISTRICT_EDITORS, READERS, SCHOOL_EDITORS, SECRETARIES, role_required
from portal.excel import wants_xlsx
from portal.scoping import scoped_or_404
from portal.services import run_service
from schools.models import School


def current_semester(district_id) -> Semester | None:
    today = timezone.localdate()
    semesters = Semester.objects.filter(district_id=district_id)
    return (semesters.filter(start__lte=today, end__gte=today).first()
            or semesters.filter(start__lte=today).order_by("-start").first())


@role_required(*READERS)
def course_list(request: HttpRequest) -> HttpResponse:
    """Officers: every school's course for a semester and the schools without one."""
    if request.user.is_secretary:
        return redirect("activities:course_mine")
    semesters = list(Semester.objects.visible_to(request.user))
    chosen = request.GET.get("semester", "")
    semester = next((s for s in semesters if str(s.pk) == chosen), None) or current_semester(
        request.user.district_id)
    courses = (ActivityCourse.objects.visible_to(request.user).filter(semester=semester)
               .select_related("school").prefetch_related("sessions"))
    without = (School.objects.visible_to(request.user).filter(active=True)
               .exclude(activity_courses__semester=semester).order_by("name"))
    if wants_xlsx(request):
        return CourseExport().response(courses, request.user)
    return render(request, "activities/course_list.html", {
        "semester": semester, "semesters": semesters, "courses": courses,
        "without": without})


def _own_courses(user):
    """The courses of the user's own school (a secretary's), scoped as every page is."""
    return ActivityCourse.objects.visible_to(user).filter(school_id=user.school_id)


@role_required(*SECRETARIES)
def course_mine(request: HttpRequest) -> HttpResponse:
    if wants_xlsx(request):  # every course of the secretary's school, semester by semester
        return CourseExport().response(_own_courses(request.user), request.user,
                                       filename="my-activity-courses.xlsx")
    semester = current_semester(request.user.district_id)
    if semester is None:
        messages.error(request, _("The district has not set its school calendar yet."))
        return redirect("activities:report_current")
    course = ActivityCourse.objects.filter(school_id=request.user.school_id,
                                           semester=semester).first()
    if course is None:
        form = CourseForm(request.POST or None, initial={
            "class_hours_per_month": ActivitiesSettings.for_district(
                semester.district_id).class_hours_per_month})
        if request.method == "POST" and form.is_valid():
            if run_service(request, lambda: services.course_create(
                    school_id=request.user.school_id, semester=semester, course=form.instance,
                    user=request.user),
                    _("Activity course saved; now plan its sessions.")):
                return redirect(form.instance)
            return redirect("activities:course_mine")
        return render(request, "activities/form.html", {
            "form": form, "title": _("Activity course of %(semester)s") % {
                "semester": semester}})
    if request.method == "POST":  # a second tab or click, after the first one saved
        messages.error(request, _("Your school's activity course of this semester was saved "
                                  "meanwhile; here it is."))
    return redirect(course)


@role_required(*READERS)
def course_detail(request: HttpRequest, activitycourse_pk: int) -> HttpResponse:
    course = scoped_or_404(ActivityCourse.objects.select_related("school", "semester"),
                           request.user, pk=activitycourse_pk)
    if wants_xlsx(request):
        return SessionExport().response(course.sessions.all(), request.user,
                                        title=str(course.semester),
                                        filename=f"course-{course.pk}-sessions.xlsx")
    can_edit = access.edits_school(request.user, course.school)
    return render(request, "activities/course_detail.html", {
        "course": course, "sessions": course.sessions.all(), "can_edit": can_edit,
        "is_secretary": request.user.is_secretary,
        "session_form": SessionForm(course=course) if can_edit else None})


@role_required(*SCHOOL_EDITORS)
def course_update(request: HttpRequest, activitycourse_pk: int) -> HttpResponse:
    course = scoped_or_404(ActivityCourse.objects, request.user, pk=activitycourse_pk)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect(course)
    return render(request, "activities/form.html", {"form": form, "object": course,
                                                    "back": course.get_absolute_url()})


@role_required(*SCHOOL_EDITORS)
@require_POST
def session_create(request: HttpRequest, activitycourse_pk: int) -> HttpResponse:
    course = scoped_or_404(ActivityCourse.objects.select_related("semester"), request.user,
                           pk=activitycourse_pk)
    form = SessionForm(request.POST, course=course)
    if form.is_valid():
        form.save()
        messages.success(request, _("Session planned."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(course)


@role_required(*SCHOOL_EDITORS)
@require_POST
def session_delete(request: HttpRequest, activitysession_pk: int) -> HttpResponse:
    session = scoped_or_404(ActivitySession.objects.select_related("course"), request.user,
                            pk=activitysession_pk)
    session.delete()
    messages.success(request, _("Session deleted."))
    return redirect(session.course)


@role_required(*DISTRICT_EDITORS)
def calendar(request: HttpRequest) -> HttpResponse:
    district = request.user.district
    if district is None:
        raise Http404
    semesters = Semester.objects.filter(district=district)
    if wants_xlsx(request) and request.method in ("GET", "HEAD"):
        return SemesterExport().response(semesters, request.user)
    settings = ActivitiesSettings.for_district(district.pk)
    form = SettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect("activities:calendar")
    return render(request, "activities/calendar.html", {
        "semesters": semesters, "settings_form": form,
        "settings_history": settings_history(settings)})


@role_required(*DISTRICT_EDITORS)
def semester_edit(request: HttpRequest, semester_pk: int | None = None) -> HttpResponse:
    district = request.user.district
    if district is None:
        raise Http404
    instance = (scoped_or_404(Semester.objects, request.user, pk=semester_pk)
                if semester_pk is not None else None)
    form = SemesterForm(request.POST or None, instance=instance, district=district)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect("activities:calendar")
    return render(request, "activities/form.html", {
        "form": form, "object": instance, "back": "/activities/calendar/",
        "title": _("Semester")})

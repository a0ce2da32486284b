"""Exports of the monthly reports' activities (one row per activity, with its school and
month, as the activities import reads them). Column keys are the importer's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import (
    Activity,
    ActivityCourse,
    ActivitySession,
    Allocation,
    Campaign,
    HonourSelection,
    Nomination,
    Semester,
)
from portal.excel import Column, Export, field_column, name_of, school_column


class ActivityExport(Export):
    kind = "activities"
    model = Activity
    title = _("Activities")
    filename = "activities.xlsx"
    order_by = ("report__school__name", "report__year", "report__month", "date", "pk")
    related = ("report__school", "partner", "campaign")

    def columns(self, viewer):
        return [
            school_column("report.school"),
            Column("year", _("Year"), lambda a: a.report.year),
            Column("month", _("Month"), lambda a: a.report.month),
            field_column(Activity, "kind"),
            field_column(Activity, "date"),
            field_column(Activity, "hours"),
            field_column(Activity, "participants"),
            Column("partner", _("Partner organisation"),
                   lambda a: a.partner.name if a.partner else ""),
            Column("campaign", _("Campaign"), lambda a: a.campaign.name if a.campaign else ""),
            field_column(Activity, "description"),
            Column("status", _("Report status"), lambda a: a.report.get_status_display()),
        ]


class CourseExport(Export):
    """The activity courses of a semester (活动课程), as the officers' courses page lists them."""

    kind = "courses"
    model = ActivityCourse
    title = _("Activity courses")
    filename = "activity-courses.xlsx"
    order_by = ("semester__start", "school__name")

    def columns(self, viewer):
        return [
            school_column(),
            Column("semester", _("Semester"), lambda c: str(c.semester)),
            field_column(ActivityCourse, "timetable_slot"),
            field_column(ActivityCourse, "class_hours_per_month"),
            Column("sessions", _("Sessions"), lambda c: len(c.sessions.all())),
            field_column(ActivityCourse, "demonstration_plan"),
            field_column(ActivityCourse, "demonstration_date"),
        ]

    def prepare(self, queryset):
        return queryset.select_related("school", "semester").prefetch_related("sessions")


class CampaignExport(Export):
    kind = "campaigns"
    model = Campaign
    title = _("Campaigns")
    filename = "campaigns.xlsx"
    order_by = ("-start", "name")

    def columns(self, viewer):
        return [
            field_column(Campaign, "name"),
            field_column(Campaign, "start"),
            field_column(Campaign, "end"),
            Column("partners", _("Partner organisations"),
                   lambda c: "、".join(o.name for o in c.partners.all())),
            Column("activity_count", _("Activities"), lambda c: c.activity_count),
            field_column(Campaign, "description"),
        ]

    def prepare(self, queryset):
        from django.db.models import Count

        if "activity_count" not in queryset.query.annotations:
            queryset = queryset.annotate(activity_count=Count("activities"))
        return queryset.prefetch_related("partners")


class SelectionExport(Export):
    """Honour selections (评选表彰) with their counts; the honoured students' names are the
    selection page's own export (for those who may see names)."""

    kind = "selections"
    model = HonourSelection
    title = _("Honour selections")
    filename = "honour-selections.xlsx"
    order_by = ("-year", "name")

    def columns(self, viewer):
        return [
            field_column(HonourSelection, "year"),
            field_column(HonourSelection, "name"),
            field_column(HonourSelection, "status"),
            field_column(HonourSelection, "quota_per_school"),
            field_column(HonourSelection, "nomination_opens"),
            field_column(HonourSelection, "nomination_closes"),
            Column("nominated", _("Nominated"), lambda s: s.nominated),
            Column("honoured", _("Honoured"), lambda s: s.honoured),
        ]

    def prepare(self, queryset):
        from django.db.models import Count, Q

        if "honoured" not in queryset.query.annotations:
            queryset = queryset.annotate(
                nominated=Count("nominations"),
                honoured=Count("nominations", filter=Q(nominations__status="accepted")))
        return queryset


class SessionExport(Export):
    """The planned sessions of an activity course, as its page lists them."""

    kind = "course_sessions"
    model = ActivitySession
    title = _("Planned sessions")
    filename = "course-sessions.xlsx"
    order_by = ("course__semester__start", "date", "week", "period", "pk")
    related = ("course__school", "course__semester")

    def columns(self, viewer):
        return [
            school_column("course.school"),
            Column("semester", _("Semester"), lambda s: str(s.course.semester)),
            field_column(ActivitySession, "date"),
            field_column(ActivitySession, "week"),
            field_column(ActivitySession, "period"),
            field_column(ActivitySession, "classes"),
            field_column(ActivitySession, "theme"),
        ]


class NominationExport(Export):
    """A secretary's own school's nominations, selection by selection (the honours page of
    the secretary). Student names only ever reach those the page shows them to."""

    kind = "nominations"
    model = Nomination
    title = pgettext_lazy("list", "Nominations")
    filename = "nominations.xlsx"
    order_by = ("-selection__year", "selection__name", "class_name", "student_name", "pk")
    related = ("selection", "school")

    def columns(self, viewer):
        return [
            Column("year", _("Year"), lambda n: n.selection.year),
            Column("selection", _("Honour selection"), lambda n: n.selection.name),
            Column("nomination_closes", _("Nominations close"),
                   lambda n: n.selection.nomination_closes),
            school_column(),
            field_column(Nomination, "student_name"),
            field_column(Nomination, "class_name"),
            field_column(Nomination, "reason"),
            field_column(Nomination, "status"),
        ]


class AllocationExport(Export):
    """A fund's allocations with what was spent of each (the fund page's table)."""

    kind = "allocations"
    model = Allocation
    title = _("Allocations")
    filename = "allocations.xlsx"
    order_by = ("pk",)

    def columns(self, viewer):
        return [
            Column("fund", _("Fund"), lambda a: a.fund.name),
            Column("campaign", _("Campaign"), lambda a: name_of(a.campaign)),
            school_column(),
            field_column(Allocation, "note"),
            Column("amount", _("Amount (yuan)"), lambda a: a.amount),
            Column("spent", _("Spent (yuan)"), lambda a: a.spent or 0),
            Column("balance", _("Balance (yuan)"), lambda a: a.balance),
            Column("spendings", _("Spendings"), lambda a: a.spending_count),
            Column("last_spent_on", _("Last spent on"), lambda a: a.last_spent_on),
        ]

    def prepare(self, queryset):
        from django.db.models import Count, Max, Sum

        return queryset.select_related("fund", "campaign", "school").annotate(
            spent=Sum("spendings__amount"), spending_count=Count("spendings"),
            last_spent_on=Max("spendings__date"))


class SemesterExport(Export):
    """The district's school calendar (the calendar page's table)."""

    kind = "semesters"
    model = Semester
    title = _("School calendar")
    filename = "school-calendar.xlsx"
    order_by = ("-start", "pk")

    def columns(self, viewer):
        return [
            Column("semester", _("Semester"), str),
            field_column(Semester, "school_year"),  # the term is in the semester's name
            field_column(Semester, "start"),
            field_column(Semester, "end"),
            Column("term_months", _("Term months"),
                   lambda s: "、".join(f"{y}-{m:02d}" for y, m in s.term_months)),
            field_column(Semester, "deadline_day"),
            field_column(Semester, "close_after_days"),
        ]


class SelectionSchoolsExport(Export):
    """A selection's nominated and honoured counts per school (the selection page's table,
    which every district reader sees; names are the honoured export's, for those who may)."""

    kind = "selection_schools"
    model = None
    title = _("Honour selections")
    filename = "selection-schools.xlsx"

    def columns(self, viewer):
        return [
            Column("school", _("School"), lambda r: r["school__name"]),
            Column("nominated", _("Nominated"), lambda r: r["nominated"]),
            Column("honoured", _("Honoured"), lambda r: r["honoured"]),
        ]

    def rows(self, queryset, viewer=None):
        columns = self.columns(viewer)
        for row in queryset:
            yield [c.value(row) for c in columns]


class LateReportExport(Export):
    """The schools whose report of one month is late or missing (the on-time overview's
    second table). Its rows are the page's own (dicts), not a queryset."""

    kind = "late_reports"
    model = None
    title = _("Late and missing reports")
    filename = "late-and-missing-reports.xlsx"

    def columns(self, viewer):
        return [
            Column("school", _("School"), lambda p: p["school"].name),
            Column("area", _("Area"), lambda p: p["school"].area),
            Column("month", _("Month"), lambda p: p["month"]),
            Column("deadline", _("Deadline"), lambda p: p["due"]),
            Column("state", _("State"), lambda p: str(p["state"])),
            Column("submitted_on", _("First submitted on"),
                   lambda p: p["report"].first_submitted_on if p["report"] else None),
            Column("days", _("Days late"), lambda p: p["days"]),
        ]

    def rows(self, queryset, viewer=None):
        columns = self.columns(viewer)
        for problem in queryset:
            yield [c.value(problem) for c in columns]


# Nominations (minors' names) and the late-report list are page exports only.
EXPORTS = [ActivityExport(), CourseExport(), CampaignExport(), SelectionExport(),
           SessionExport(), AllocationExport(), SemesterExport()]

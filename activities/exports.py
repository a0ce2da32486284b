"""Exports of the monthly reports' activities (one row per activity, with its school and
month, as the activities import reads them). Column keys are the importer's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityCourse, Campaign, HonourSelection
from portal.excel import Column, Export, field_column


class ActivityExport(Export):
    kind = "activities"
    model = Activity
    title = _("Activities")
    filename = "activities.xlsx"
    order_by = ("report__school__name", "report__year", "report__month", "date", "pk")

    def columns(self, viewer):
        return [
            Column("school", _("School"), lambda a: a.report.school.name),
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

    def prepare(self, queryset):
        return queryset.select_related("report__school", "partner", "campaign")


class CourseExport(Export):
    """The activity courses of a semester (活动课程), as the officers' courses page lists them."""

    kind = "courses"
    model = ActivityCourse
    title = _("Activity courses")
    filename = "activity-courses.xlsx"
    order_by = ("semester__start", "school__name")

    def columns(self, viewer):
        return [
            Column("school", _("School"), lambda c: c.school.name),
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


EXPORTS = [ActivityExport(), CourseExport(), CampaignExport(), SelectionExport()]

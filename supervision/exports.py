"""Exports of inspection scores, one row per indicator of an inspection (the offline score
sheet of a plan is `supervision.offline`; column keys are the importer's), of the plans,
meetings and standards lists, and of the meetings' action items and the inspections'
findings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.excel import Column, Export, field_column, school_column, yes_no
from supervision.models import (
    ActionItem,
    CoordinationMeeting,
    Finding,
    Indicator,
    InspectionPlan,
    Score,
)


class ScoreExport(Export):
    kind = "inspection_scores"
    model = Score
    title = _("Inspection scores")
    filename = "inspection-scores.xlsx"
    order_by = ("inspection__plan__title", "inspection__school__name", "inspection_id",
                "indicator__order", "indicator__code")
    related = ("inspection__plan", "inspection__school", "inspection__standard", "indicator")

    def columns(self, viewer):
        return [
            Column("inspection", "ID", lambda s: s.inspection_id),
            Column("plan", _("Plan"), lambda s: s.inspection.plan.title),
            school_column("inspection.school"),
            Column("standard", _("Standard"), lambda s: str(s.inspection.standard)),
            Column("indicator", _("Indicator code"), lambda s: s.indicator.code),
            Column("indicator_title", _("Indicator"), lambda s: s.indicator.title),
            Column("max_score", _("Maximum score"), lambda s: s.indicator.max_score),
            field_column(Score, "score"),
            Column("not_applicable", _("Not applicable"), lambda s: yes_no(s.not_applicable)),
            field_column(Score, "comment"),
        ]


class PlanExport(Export):
    """The plans list (督导计划) with its progress counts (the page's annotations)."""

    kind = "plans"
    model = InspectionPlan
    title = _("Inspection plans")
    filename = "inspection-plans.xlsx"
    order_by = ("-year", "title")

    def columns(self, viewer):
        return [
            field_column(InspectionPlan, "title"),
            Column("district", _("District"), lambda p: p.district.name),
            field_column(InspectionPlan, "year"),
            Column("inspection_count", _("Inspections"), lambda p: p.inspection_count),
            Column("published_count", _("Published"), lambda p: p.published_count),
            field_column(InspectionPlan, "notes"),
        ]

    def prepare(self, queryset):
        from django.db.models import Count, Q

        if "inspection_count" not in queryset.query.annotations:
            queryset = queryset.annotate(
                inspection_count=Count("inspections"),
                published_count=Count("inspections", filter=Q(inspections__status="published")))
        return queryset.select_related("district")


class MeetingExport(Export):
    """Coordination meetings (联席会议) with their open and overdue actions."""

    kind = "coordination_meetings"
    model = CoordinationMeeting
    title = _("Coordination meetings")
    filename = "coordination-meetings.xlsx"
    order_by = ("-date", "pk")

    def columns(self, viewer):
        return [
            field_column(CoordinationMeeting, "date"),
            field_column(CoordinationMeeting, "title"),
            Column("attendees", _("Attending organisations"),
                   lambda m: "、".join(o.name for o in m.attendees.all())),
            Column("open_actions", _("Open actions"), lambda m: m.open_actions),
            Column("overdue_actions", _("Overdue"), lambda m: m.overdue_actions),
            field_column(CoordinationMeeting, "decisions"),
        ]

    def prepare(self, queryset):
        from django.db.models import Count, Q
        from django.utils import timezone

        if "open_actions" not in queryset.query.annotations:
            today = timezone.localdate()
            queryset = queryset.annotate(
                open_actions=Count("action_items", filter=Q(action_items__done_at__isnull=True)),
                overdue_actions=Count("action_items", filter=Q(
                    action_items__done_at__isnull=True, action_items__due_date__lt=today)))
        return queryset.prefetch_related("attendees")


class IndicatorExport(Export):
    """The standards page: one row per indicator of each standard."""

    kind = "standards"
    model = Indicator
    title = _("Standards")
    filename = "standards.xlsx"
    order_by = ("standard__code", "standard__version", "order", "code")
    related = ("standard",)

    def base_queryset(self, district=None):
        return Indicator.objects.all()  # standards are city-wide

    def columns(self, viewer):
        return [
            Column("standard", _("Standard"), lambda i: str(i.standard)),
            Column("standard_kind", _("Kind"), lambda i: i.standard.get_kind_display()),
            field_column(Indicator, "code"),
            field_column(Indicator, "title"),
            field_column(Indicator, "description"),
            field_column(Indicator, "weight"),
            field_column(Indicator, "max_score"),
        ]


class ActionItemExport(Export):
    """Action items (落实事项) of coordination meetings, as a meeting's page lists them."""

    kind = "action_items"
    model = ActionItem
    title = _("Action items")
    filename = "action-items.xlsx"
    order_by = ("-meeting__date", "meeting_id", "due_date", "pk")
    related = ("meeting", "owner", "done_by")

    def columns(self, viewer):
        return [
            Column("meeting_date", _("Date"), lambda a: a.meeting.date),
            Column("meeting", _("Meeting"), lambda a: a.meeting.title),
            field_column(ActionItem, "text"),
            field_column(ActionItem, "owner"),
            field_column(ActionItem, "due_date"),
            Column("done", _("Done"), lambda a: yes_no(a.done_at is not None)),
            field_column(ActionItem, "done_at"),
            field_column(ActionItem, "done_by"),
            Column("overdue", _("Overdue"), lambda a: yes_no(a.is_overdue)),
        ]


class FindingExport(Export):
    """Findings (检查发现) of inspections, as an inspection's page lists them."""

    kind = "findings"
    model = Finding
    title = _("Findings")
    filename = "findings.xlsx"
    order_by = ("-inspection__planned_date", "inspection__school__name", "inspection_id",
                "kind", "created_at", "pk")
    related = ("inspection__school", "indicator", "follows")

    def columns(self, viewer):
        return [
            school_column("inspection.school"),
            Column("planned_date", _("Planned date"), lambda f: f.inspection.planned_date),
            field_column(Finding, "kind"),
            Column("indicator_code", _("Indicator code"),
                   lambda f: f.indicator.code if f.indicator else ""),
            Column("indicator", _("Indicator"),
                   lambda f: f.indicator.title if f.indicator else ""),
            field_column(Finding, "text"),
            Column("follows", _("Originally"), lambda f: f.follows.text if f.follows else ""),
            field_column(Finding, "created_at"),
        ]


EXPORTS = [ScoreExport(), PlanExport(), MeetingExport(), IndicatorExport(), ActionItemExport(),
           FindingExport()]

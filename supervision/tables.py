import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from supervision.models import Inspection, RectificationOrder


class InspectionTable(tables.Table):
    school = tables.Column(verbose_name=_("School"),
                           linkify=lambda record: record.get_absolute_url())
    plan = tables.Column(verbose_name=_("Plan"))
    planned_date = tables.DateColumn(verbose_name=_("Planned date"))
    kind = tables.Column(verbose_name=_("Kind"))
    status = tables.Column(verbose_name=_("Status"))
    total_score = tables.Column(verbose_name=_("Total"), attrs={"td": {"class": "text-end"}},
                                orderable=False)

    class Meta:
        model = Inspection
        fields = ("school", "plan", "planned_date", "kind", "status", "total_score")
        empty_text = _("No inspections match these filters.")
        attrs = {"class": "table table-sm table-hover"}

    def render_total_score(self, value):
        return f"{value:.1f}"

    @staticmethod
    def export_headers() -> list[str]:
        return [str(_("School")), str(_("Plan")), str(_("Planned date")), str(_("Kind")),
                str(_("Status")), str(_("Standard")), str(_("Total"))]

    @staticmethod
    def export_row(i: Inspection) -> list:
        total = None if i.total_score is None else round(i.total_score, 1)
        return [i.school.name, i.plan.title, i.planned_date, i.get_kind_display(),
                i.get_status_display(), str(i.standard), total]


class OrderTable(tables.Table):
    school = tables.Column(verbose_name=_("School"), accessor="inspection__school__name")
    indicator = tables.Column(verbose_name=_("Indicator"), accessor="finding__indicator__title",
                              default="—")
    # The order itself is the link (the school's name repeats from row to row).
    requirement = tables.Column(verbose_name=_("Requirement"))
    due_date = tables.DateColumn(verbose_name=_("Due date"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = RectificationOrder
        fields = ("school", "indicator", "requirement", "due_date", "status")
        empty_text = _("No rectification orders match these filters.")
        attrs = {"class": "table table-sm table-hover"}

    def render_requirement(self, record, value):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(),
                           value if len(value) < 60 else value[:60] + "…")

    def render_status(self, record, value):
        if record.is_overdue:
            return format_html('{} <span class="badge text-bg-danger">{}</span>', value,
                               _("Overdue"))
        return value

    @staticmethod
    def export_headers() -> list[str]:
        return [str(_("School")), str(_("Indicator")), str(pgettext_lazy("finding", "Problem")),
                str(_("Requirement")), str(_("Due date")), str(_("Status")), str(_("Overdue"))]

    @staticmethod
    def export_row(o: RectificationOrder) -> list:
        indicator = o.finding.indicator.title if o.finding.indicator else ""
        return [o.inspection.school.name, indicator, o.finding.text, o.requirement, o.due_date,
                o.get_status_display(), str(_("Yes")) if o.is_overdue else str(_("No"))]

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from activities.models import MonthlyReport


class ReportTable(tables.Table):
    period = tables.Column(verbose_name=_("Month"), accessor="period_label",
                           order_by=("year", "month"), linkify=lambda record:
                           record.get_absolute_url())
    school = tables.Column(verbose_name=_("School"), order_by="school__name")
    status = tables.Column(verbose_name=_("Status"))
    activity_count = tables.Column(verbose_name=_("Activities"), attrs={"td": {"class": "text-end"}})
    total_hours = tables.Column(verbose_name=_("Hours"), attrs={"td": {"class": "text-end"}},
                                default=0)
    deadline = tables.DateColumn(verbose_name=_("Deadline"), format="Y-m-d")
    first_submitted_on = tables.DateColumn(verbose_name=_("Submitted"), format="Y-m-d")
    days_late = tables.Column(verbose_name=_("Days late"), empty_values=(), orderable=False,
                              attrs={"td": {"class": "text-end"}})

    class Meta:
        model = MonthlyReport
        fields = ()
        sequence = ("period", "school", "status", "activity_count", "total_hours", "deadline",
                    "first_submitted_on", "days_late")
        empty_text = _("No reports match these filters.")

    def render_status(self, record, value):
        return record.get_status_display()

    def render_days_late(self, record):
        days = record.days_late()
        return days or "—"

    @staticmethod
    def export_headers() -> list[str]:
        return [str(h) for h in (_("Month"), _("School"), _("Area"), _("Status"), _("Activities"),
                                 _("Hours"), _("Deadline"), _("Submitted"), _("Days late"),
                                 _("Reviewed by"))]

    @staticmethod
    def export_row(r: MonthlyReport) -> list:
        return [r.period_label, r.school.name, r.school.area, r.get_status_display(),
                r.activity_count, r.total_hours or 0, r.deadline, r.first_submitted_on,
                r.days_late(), str(r.reviewed_by or "")]

import django_tables2 as tables
from django.db.models import Count, Sum
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, MonthlyReport
from portal import numbers


class ReportTable(tables.Table):
    period = tables.Column(verbose_name=_("Month"), empty_values=(),
                           order_by=("year", "month"))
    school = tables.Column(verbose_name=_("School"), order_by="school__name")
    status = tables.Column(verbose_name=_("Status"))
    activity_count = tables.Column(verbose_name=_("Activities"), empty_values=(),
                                   orderable=False, attrs={"td": {"class": "text-end"}})
    total_hours = tables.Column(verbose_name=_("Hours"), empty_values=(), orderable=False,
                                attrs={"td": {"class": "text-end"}})
    deadline = tables.Column(verbose_name=_("Deadline"))
    first_submitted_on = tables.Column(verbose_name=_("Submitted"))
    days_late = tables.Column(verbose_name=_("Days late"), empty_values=(), orderable=False,
                              attrs={"td": {"class": "text-end"}})

    class Meta:
        model = MonthlyReport
        fields = ()
        sequence = ("period", "school", "status", "activity_count", "total_hours", "deadline",
                    "first_submitted_on", "days_late")
        empty_text = _("No reports match these filters.")

    def page_stats(self) -> dict:
        """Activity count and hours of the reports on this page, in one query (aggregating
        over the whole list before the LIMIT would cost the page its speed)."""
        if not hasattr(self, "_page_stats"):
            rows = self.page.object_list if hasattr(self, "page") else self.rows
            ids = [row.record.pk for row in rows]
            self._page_stats = {r["report"]: r for r in Activity.objects.filter(
                report_id__in=ids).values("report").annotate(n=Count("pk"), h=Sum("hours"))}
        return self._page_stats

    def render_activity_count(self, record):
        return self.page_stats().get(record.pk, {}).get("n", 0)

    def render_total_hours(self, record):
        return numbers.hours(self.page_stats().get(record.pk, {}).get("h") or 0)

    # Plain render methods: django-tables2's generic columns cost the list its speed.
    def render_period(self, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(),
                           record.period_label)

    def render_school(self, record):
        return record.school.name

    def render_deadline(self, value):
        return value.isoformat()

    def render_first_submitted_on(self, value):
        return value.isoformat()

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
                r.activity_count, numbers.hours(r.total_hours or 0), r.deadline,
                r.first_submitted_on,
                r.days_late(), str(r.reviewed_by or "")]

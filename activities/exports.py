"""Exports of the monthly reports' activities (one row per activity, with its school and
month, as the activities import reads them). Column keys are the importer's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from activities.models import Activity
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


EXPORTS = [ActivityExport()]

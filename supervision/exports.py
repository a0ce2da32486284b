"""Exports of inspection scores, one row per indicator of an inspection (the offline score
sheet of a plan is `supervision.offline`). Column keys are the importer's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.excel import Column, Export, field_column, yes_no
from supervision.models import Score


class ScoreExport(Export):
    kind = "inspection_scores"
    model = Score
    title = _("Inspection scores")
    filename = "inspection-scores.xlsx"
    order_by = ("inspection__plan__title", "inspection__school__name", "inspection_id",
                "indicator__order", "indicator__code")

    def columns(self, viewer):
        return [
            Column("inspection", "ID", lambda s: s.inspection_id),
            Column("plan", _("Plan"), lambda s: s.inspection.plan.title),
            Column("school", _("School"), lambda s: s.inspection.school.name),
            Column("standard", _("Standard"), lambda s: str(s.inspection.standard)),
            Column("indicator", _("Indicator code"), lambda s: s.indicator.code),
            Column("indicator_title", _("Indicator"), lambda s: s.indicator.title),
            Column("max_score", _("Maximum score"), lambda s: s.indicator.max_score),
            field_column(Score, "score"),
            Column("not_applicable", _("Not applicable"), lambda s: yes_no(s.not_applicable)),
            field_column(Score, "comment"),
        ]

    def prepare(self, queryset):
        return queryset.select_related("inspection__plan", "inspection__school",
                                       "inspection__standard", "indicator")


EXPORTS = [ScoreExport()]

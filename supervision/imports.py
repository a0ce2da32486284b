"""Spreadsheet import of inspection scores (engine: `portal.imports`): one row per score —
plan, school, indicator code, score — for the joint team's officers, into open inspections
only. The plan page's own offline sheet (`supervision.offline.PlanSheetImporter`, one row per
inspection, one column per indicator) is registered here too."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import OFFICERS
from portal.imports.columns import DECIMAL, Column
from portal.imports.engine import Importer, RowFailed, remember
from supervision import services
from supervision.models import Inspection, InspectionPlan, Score
from supervision.offline import PlanSheetImporter, inspections_of


class InspectionScoreImporter(Importer):
    kind = "inspection_scores"
    title = gettext_lazy("Inspection scores")
    model = Score
    roles = OFFICERS
    list_url = "supervision:plan_list"
    exclude_from_clean = ("inspection", "indicator")
    columns = [
        Column("plan", gettext_lazy("Inspection plan"), required=True,
               example="2026年春季联合督导", aliases=("督导计划", "计划", "plan")),
        Column("school", gettext_lazy("School"), required=True, example="求精中学",
               aliases=("学校名称",)),
        Column("indicator", gettext_lazy("Indicator code"), required=True, example="A1",
               aliases=("指标代码", "指标", "代码", "indicator", "code")),
        Column("score", gettext_lazy("Score"), DECIMAL, required=True, example=8,
               aliases=("得分", "分数", "score")),
        Column("comment", gettext_lazy("Comment"), aliases=("说明", "评语", "备注")),
    ]
    update_fields = ("score", "comment")

    def prepare(self, rows):
        titles = {r["plan"] for r in rows if r.get("plan")}
        self.plans = {p.title: p for p in InspectionPlan.objects.filter(
            district=self.district, title__in=titles)}
        self.team_plans = set()
        if self.user is not None:
            self.team_plans = set(InspectionPlan.objects.filter(
                pk__in=[p.pk for p in self.plans.values()], team=self.user).values_list(
                    "pk", flat=True))
        scores = Score.objects.filter(inspection__plan__in=self.plans.values()).select_related(
            "inspection__school", "indicator")
        self.scores = {(s.inspection.plan_id, s.inspection.school.name, s.indicator.code): s
                       for s in scores}
        self.inspections = {(i.plan_id, i.school.name): i for i in Inspection.objects.filter(
            plan__in=self.plans.values()).select_related("school")}

    def match(self, values):
        plan = self.plans.get(values["plan"])
        if plan is None:
            raise RowFailed(_("There is no inspection plan “%(name)s” in %(district)s.") % {
                "name": values["plan"], "district": self.district}, self.label("plan"))
        if self.user is not None and not self.user.is_superuser and (
                plan.pk not in self.team_plans or self.user.district_id != plan.district_id):
            raise RowFailed(_("You are not on this plan's team."), self.label("plan"))
        inspection = self.inspections.get((plan.pk, values["school"]))
        if inspection is None:
            raise RowFailed(_("The plan does not inspect “%(name)s”.") % {
                "name": values["school"]}, self.label("school"))
        if not inspection.is_editable:
            raise RowFailed(_("This inspection is %(status)s and can no longer be edited.") % {
                "status": inspection.get_status_display()}, self.label("school"))
        score = self.scores.get((plan.pk, values["school"], values["indicator"]))
        if score is None:
            raise RowFailed(_("Indicator “%(code)s” is not part of this inspection.") % {
                "code": values["indicator"]}, self.label("indicator"))
        number = values["score"].quantize(Decimal("0.1"))
        if number < 0 or number > score.indicator.max_score:
            raise RowFailed(_("%(value)s is not between 0 and %(max)s.") % {
                "value": number, "max": score.indicator.max_score}, self.label("score"))
        remember(score, self)
        score.score = number
        if values.get("comment") is not None:
            score.comment = values["comment"]
        return score, score.pk

    def before_write(self, created, updated):
        for inspection in inspections_of(updated):
            services.scores_import_begin(user=self.user, inspection=inspection)

    def after_write(self, created, updated):
        for inspection in inspections_of(updated):
            services.scores_import_end(user=self.user, inspection=inspection)


# The plan page's offline score sheet (one row per inspection) is one of the imports too.
IMPORTERS = [InspectionScoreImporter, PlanSheetImporter]

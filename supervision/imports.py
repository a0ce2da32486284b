"""Spreadsheet import of inspection scores (engine: `portal.imports`): one row per score —
plan, school, indicator code, score — for the joint team's officers, into open inspections
only. The plan page's own offline sheet (`supervision.offline.PlanSheetImporter`, one row per
inspection, one column per indicator) is registered here too."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access
from portal.access import OFFICERS
from portal.imports.columns import DECIMAL, Column
from portal.imports.engine import Importer, RowFailed, remember
from portal.school_year import school_year_of
from schools.lookup import SchoolAmbiguous, SchoolNames, SchoolNotFound
from schools.models import School
from supervision import services
from supervision.models import Inspection, InspectionPlan, Score
from supervision.offline import PlanSheetImporter, inspections_of


def current_plan_title(today) -> str:
    """A plan of the school year of ``today`` as districts (and the demo) title it: the
    template's example."""
    return InspectionPlan.usual_title(school_year_of(today).start.year)


class InspectionScoreImporter(Importer):
    kind = "inspection_scores"
    title = gettext_lazy("Inspection scores")
    model = Score
    roles = OFFICERS
    list_url = "supervision:plan_list"
    exclude_from_clean = ("inspection", "indicator")
    columns = [
        Column("plan", gettext_lazy("Inspection plan"), required=True,
               example=lambda: current_plan_title(timezone.localdate()),
               aliases=("督导计划", "计划", "plan")),
        Column("school", gettext_lazy("School"), required=True, example="大坪小学",
               help=gettext_lazy("Full or short name."), aliases=("学校名称",)),
        Column("indicator", gettext_lazy("Indicator code"), required=True, example="P01",
               aliases=("指标代码", "指标", "代码", "indicator", "code")),
        Column("score", gettext_lazy("Score"), DECIMAL, example=8,
               help=gettext_lazy("Empty: the score stays as it is."),
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
        self.schools = SchoolNames(School.objects.filter(district=self.district))
        scores = Score.objects.filter(inspection__plan__in=self.plans.values()).select_related(
            "inspection", "indicator")
        self.scores = {(s.inspection.plan_id, s.inspection.school_id, s.indicator.code): s
                       for s in scores}
        self.inspections = {(i.plan_id, i.school_id): i for i in Inspection.objects.filter(
            plan__in=self.plans.values())}

    def match(self, values):
        plan = self.plans.get(values["plan"])
        if plan is None:
            raise RowFailed(_("There is no inspection plan “%(name)s” in %(district)s.") % {
                "name": values["plan"], "district": self.district}, self.label("plan"))
        if self.user is not None and not self.user.is_superuser and (
                plan.pk not in self.team_plans
                or not access.officer_of(self.user, plan.district_id)):
            raise RowFailed(_("You are not on this plan's team."), self.label("plan"))
        try:
            school = self.schools.find(values["school"])
        except SchoolAmbiguous as error:
            raise RowFailed(error.message(), self.label("school")) from None
        except SchoolNotFound:
            school = None
        inspection = school and self.inspections.get((plan.pk, school.pk))
        if inspection is None:
            raise RowFailed(_("The plan does not inspect “%(name)s”.") % {
                "name": values["school"]}, self.label("school"))
        score = self.scores.get((plan.pk, school.pk, values["indicator"]))
        if score is None:
            raise RowFailed(_("Indicator “%(code)s” is not part of this inspection.") % {
                "code": values["indicator"]}, self.label("indicator"))
        remember(score, self)
        if values["score"] is not None:
            number = values["score"].quantize(Decimal("0.1"))
            if number < 0 or number > score.indicator.max_score:
                raise RowFailed(_("%(value)s is not between 0 and %(max)s.") % {
                    "value": number, "max": score.indicator.max_score}, self.label("score"))
            score.score = number
        if values.get("comment") is not None:
            score.comment = values["comment"]
        if not inspection.is_editable and (score.score, score.comment) != (
                score._import_before):
            # A published inspection's row is refused only when it would change it.
            raise RowFailed(_("This inspection is %(status)s and can no longer be edited.") % {
                "status": inspection.get_status_display()}, self.label("school"))
        return score, score.pk

    def before_write(self, created, updated):
        for inspection in inspections_of(updated):
            services.scores_import_begin(user=self.user, inspection=inspection)

    def after_write(self, created, updated):
        for inspection in inspections_of(updated):
            services.scores_import_end(user=self.user, inspection=inspection)


# The plan page's offline score sheet (one row per inspection) is one of the imports too.
IMPORTERS = [InspectionScoreImporter, PlanSheetImporter]

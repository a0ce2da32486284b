"""Offline scoring: a plan's score sheet as xlsx — one row per open inspection, one column
per indicator — and its import, one of the imports of `portal.imports` (`PlanSheetImporter`:
stored, previewed with every error by row and column, confirmed once, checked and imported in
the background when large)."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access
from portal.access import OFFICERS
from portal.excel import build_workbook
from portal.imports.columns import DECIMAL, CellError, Column, clean_text
from portal.imports.engine import BATCH, Importer, Result, RowError, remember
from portal.imports.reader import FileRejected
from supervision import services
from supervision.models import Indicator, Inspection, InspectionPlan, Score

FIXED = 3  # ID, school, standard


def sheet_columns(plan: InspectionPlan) -> list[str]:
    codes = (Indicator.objects.filter(standard__inspections__plan=plan)
             .values_list("code", flat=True).distinct().order_by("code"))
    return list(codes)


def _editable(plan: InspectionPlan, user):
    return (plan.inspections.filter(status__in=[Inspection.Status.PLANNED,
                                                Inspection.Status.IN_PROGRESS])
            .select_related("school", "standard").prefetch_related("scores__indicator")
            .order_by("school__name"))


def build_sheet(plan: InspectionPlan, user) -> BytesIO:
    codes = sheet_columns(plan)
    rows = []
    for inspection in _editable(plan, user):
        by_code = {s.indicator.code: s.score for s in inspection.scores.all()}
        rows.append([inspection.pk, inspection.school.name, str(inspection.standard)]
                    + [by_code.get(c) for c in codes])
    book = build_workbook(plan.title, ["ID", _("School"), _("Standard"), *codes], rows)
    buffer = BytesIO()
    book.save(buffer)
    return buffer


class PlanSheetImporter(Importer):
    """The offline score sheet of one plan (``plan``: its id, kept on the batch): scores
    only for the plan's inspections still open for editing, by officers of its joint team.
    Uploaded from the plan's page only, never from the generic import page."""

    kind = "plan_score_sheet"
    title = gettext_lazy("Offline score sheet")
    model = Score
    roles = OFFICERS
    list_url = "supervision:plan_list"
    standalone = False
    update_fields = ("score",)
    exclude_from_clean = ("inspection", "indicator")
    change_reason = gettext_lazy("Offline score sheet")
    columns = [
        Column("id", "ID", required=True, aliases=("编号",)),
        Column("school", gettext_lazy("School"), required=True, aliases=("学校名称",)),
        Column("standard", gettext_lazy("Standard")),
    ]

    def __init__(self, *, user=None, district=None, plan=None, versions=None):
        super().__init__(user=user, district=district)
        self.plan = (InspectionPlan.objects.filter(pk=plan, district=district).first()
                     if plan and district is not None else None)
        # The inspections' versions when the file was previewed: the confirm refuses an
        # inspection saved by someone else meanwhile, as the scoring form does.
        self.versions = {int(k): v for k, v in (versions or {}).items()}
        self.seen_versions: dict[int, int] = {}
        if self.plan is not None:
            self.columns = [*type(self).columns,
                            *(Column(code, code, DECIMAL) for code in sheet_columns(self.plan))]

    @staticmethod
    def back_url(params: dict) -> str:
        return reverse("supervision:plan_detail", args=[params["plan"]])

    @staticmethod
    def upload_url(params: dict) -> str:
        return reverse("supervision:scores_upload", args=[params["plan"]])

    def batch_params(self) -> dict:
        return {"plan": self.plan.pk if self.plan else None,
                "versions": {str(k): v for k, v in self.seen_versions.items()}}

    def plan_rows(self, rows, progress=None):
        if self.plan is None:  # the command line, or a batch whose plan is gone
            raise FileRejected(_("This sheet is uploaded from its inspection plan's page."))
        result, to_update = Result(kind=self.kind), []
        plan, user = self.plan, self.user
        inspections = {i.pk: i for i in plan.inspections.select_related("school", "standard")
                       .prefetch_related("scores__indicator")}
        may_edit = user is not None and access.officer_of(
            user, plan.district_id) and plan.team.filter(pk=user.pk).exists()
        codes = self.columns[FIXED:]
        id_label, school_label = "ID", self.label("school")
        for index, (number, raw) in enumerate(rows, start=1):
            result.rows += 1
            if progress and index % BATCH == 0:
                progress(index)
            school = clean_text(raw.get("school"))
            inspection = inspections.get(_int(raw.get("id")))
            if inspection is None or inspection.school.name != school:
                result.errors.append(RowError(number, id_label, _(
                    "Unknown school or inspection “%(school)s”: use the sheet downloaded for "
                    "this plan.") % {"school": school}))
                continue
            if not inspection.is_editable:
                result.errors.append(RowError(number, school_label, _(
                    "This inspection is %(status)s and can no longer be edited.") % {
                        "status": inspection.get_status_display()}))
                continue
            if not may_edit:
                result.errors.append(RowError(number, "", _("You are not on this plan's team.")))
                continue
            self.seen_versions[inspection.pk] = inspection.version
            scores = {s.indicator.code: s for s in inspection.scores.all()}
            for column in codes:
                try:
                    value = column.parse(raw.get(column.key))
                except CellError as exc:
                    result.errors.append(RowError(number, column.key, str(exc)))
                    continue
                if value is None:
                    continue
                score = scores.get(column.key)
                if score is None:
                    result.errors.append(RowError(number, column.key, _(
                        "Indicator “%(code)s” is not part of this inspection.") % {
                            "code": column.key}))
                    continue
                value = value.quantize(Decimal("0.1"))
                if value < 0 or value > score.indicator.max_score:
                    result.errors.append(RowError(number, column.key, _(
                        "%(value)s is not between 0 and %(max)s.") % {
                            "value": value, "max": score.indicator.max_score}))
                    continue
                if value == score.score:
                    result.skip += 1
                    continue
                old = score.score
                remember(score, self)
                score.score = value
                to_update.append(score)
                if len(result.samples) < 20:
                    result.samples.append({"row": number, "action": "update", "text": (
                        f"{inspection.school.name} · {column.key}: "
                        f"{'—' if old is None else old} → {value}")})
        result.update = len(to_update)
        result.errors.sort(key=lambda e: e.row)
        return result, [], to_update

    def before_write(self, created, updated):
        for inspection in inspections_of(updated):
            services.scores_import_begin(user=self.user, inspection=inspection,
                                         version=self.versions.get(inspection.pk))

    def after_write(self, created, updated):
        for inspection in inspections_of(updated):
            services.scores_import_end(user=self.user, inspection=inspection)


def inspections_of(scores) -> list[Inspection]:
    """The inspections of the scores an import writes, each once (for its hooks)."""
    return list({s.inspection_id: s.inspection for s in scores}.values())

def _int(value):
    try:
        return int(clean_text(value))
    except (TypeError, ValueError):
        return None

"""The reports pages' list of the evaluation PDFs built, as Excel."""

from django.utils.translation import gettext_lazy as _

from portal.excel import Column, Export, display, field_column, name_of
from reports.models import EvaluationReport


class EvaluationReportExport(Export):
    """The evaluation PDFs built (a district's or a school's), as the reports pages list
    them."""

    kind = "evaluation_reports"
    model = EvaluationReport
    title = _("Evaluation reports")
    filename = "evaluation-reports.xlsx"
    order_by = ("-created_at", "-pk")
    related = ("district", "school", "requested_by")

    def columns(self, viewer):
        return [
            Column("document", _("Document"),
                   lambda r: r.school.name if r.school_id else display(r, "kind")),
            Column("district", _("District"), lambda r: r.district.name),
            field_column(EvaluationReport, "period_label"),
            field_column(EvaluationReport, "period_start"),
            field_column(EvaluationReport, "period_end"),
            field_column(EvaluationReport, "language"),
            field_column(EvaluationReport, "created_at"),
            Column("requested_by", _("Requested by"), lambda r: name_of(r.requested_by)),
            field_column(EvaluationReport, "status"),
            field_column(EvaluationReport, "finished_at"),
        ]

"""The printable record of one inspection: scores per indicator, findings, evidence list and
both sign-offs, the result grade and the outcome (commendation, rectification orders) —
the document an officer prints and files. Small (one or two pages), so it is
built in the request or by `evaluation_summary --inspection`; eight queries."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal import figures
from portal.evaluation.sections import BarChart
from reports import render
from supervision.figures import score_shares
from supervision.models import (
    Commendation,
    Evidence,
    Finding,
    RectificationOrder,
    Score,
    SignOff,
)
from supervision.models.standards import round_total

# The result grade as the inspection page names it (supervision/_band.html).
BANDS = {"commend": _lazy("Proposed: commend"), "rectify": _lazy("Proposed: rectify"),
         "satisfactory": _lazy("Proposed: satisfactory")}


def inspection_context(*, inspection) -> dict:
    scores = list(Score.objects.filter(inspection=inspection).select_related("indicator")
                  .order_by("indicator__order", "indicator__code"))
    total = inspection.compute_total(scores)
    findings = list(Finding.objects.filter(inspection=inspection)
                    .select_related("indicator").order_by("kind", "created_at"))
    kinds = dict(Finding.Kind.choices)
    grouped = [(kinds[k], [f for f in findings if f.kind == k]) for k in Finding.Kind.values]
    sign_offs = {s.side: s for s in SignOff.objects.filter(
        inspection=inspection, revoked_at__isnull=True).select_related("user")}
    sides = [(label, sign_offs.get(side)) for side, label in SignOff.Side.choices]
    chart = BarChart(caption=figures.label("inspection.score_share"),
                     bars=score_shares(scores), maximum=100, unit="%",
                     key="inspection.score_share")
    band = inspection.standard.band_for(total)
    # The outcome the inspection page shows: decided once the result is published.
    commendations, orders = [], []
    if inspection.is_published:
        commendations = list(Commendation.objects.filter(inspection=inspection)
                             .order_by("issued_on", "pk"))
        orders = list(RectificationOrder.objects.filter(inspection=inspection)
                      .select_related("finding__indicator").order_by("due_date", "pk"))
    return {
        "inspection": inspection, "school": inspection.school,
        "district": inspection.school.district, "scores": scores,
        "total": round_total(total), "band": band, "band_label": BANDS.get(band, ""),
        "commendations": commendations, "orders": orders,
        "findings": grouped, "evidence": list(Evidence.objects.filter(inspection=inspection)
                                              .select_related("uploaded_by")),
        "sides": sides, "chart": chart, "title": _("Inspection record"),
        "document_title": render.document_title(
            _("Inspection record"), inspection.school.name,
            f"{inspection.planned_date:%Y-%m-%d}"),
    }


def inspection_pdf(*, inspection, language: str | None = None, layout: bool = False):
    with translation.override(language or translation.get_language()):
        return render.render_pdf(template="evaluation/inspection.html", layout=layout,
                                 context=inspection_context(inspection=inspection))

"""Offline scoring: a plan's score sheet as xlsx, read back into a preview, applied whole."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from io import BytesIO
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.excel import build_workbook
from portal.imports.columns import CellError, clean_text, parse_decimal
from portal.imports.reader import FileRejected, open_rows
from supervision import services
from supervision.models import Indicator, Inspection, InspectionPlan

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


MAX_ROWS = 5000


def parse_sheet(plan: InspectionPlan, user, upload) -> dict:
    """Read a filled sheet: {"changes": [...], "errors": [...]}; nothing is written."""
    # The import engine's reader checks the file first (size, type, password, zip bomb) and
    # answers every unreadable file with a message, like every other import.
    try:
        book, sheet_rows = open_rows(upload.read())
        try:
            # A plan has at most a few thousand inspections: read no further than that, so
            # a crafted sheet cannot fill the memory.
            rows = list(islice(sheet_rows, MAX_ROWS + 1))
        finally:
            book.close()
    except FileRejected as exc:
        return {"changes": [], "errors": [str(exc)]}
    except Exception:  # noqa: BLE001 - any unreadable file is the same answer to the user
        return {"changes": [], "errors": [_("This is not a readable .xlsx file.")]}
    while rows and not any(v not in (None, "") for v in rows[-1]):
        rows.pop()  # trailing empty rows
    if not rows:
        return {"changes": [], "errors": [_("The sheet is empty.")]}
    if len(rows) > MAX_ROWS:
        return {"changes": [], "errors": [
            _("The sheet has more than %(n)s rows: use the sheet downloaded for this plan.")
            % {"n": MAX_ROWS}]}
    header = [clean_text(h) for h in rows[0]]
    codes = header[FIXED:]
    inspections = {i.pk: i for i in _editable(plan, user)}
    may_edit = services.is_district_officer_of(user, plan.district_id) and plan.team.filter(
        pk=user.pk).exists()
    changes, errors = [], []
    for n, row in enumerate(rows[1:], start=2):
        if not any(v not in (None, "") for v in row):
            continue
        ident, school = row[0], clean_text(row[1] if len(row) > 1 else "")
        inspection = inspections.get(ident if isinstance(ident, int) else _int(ident))
        if inspection is None or inspection.school.name != school:
            errors.append(_("Row %(n)s: unknown school or inspection “%(school)s”, or it is no "
                            "longer editable.") % {"n": n, "school": school})
            continue
        if not may_edit:
            errors.append(_("Row %(n)s: you are not on this plan's team.") % {"n": n})
            continue
        scores = {s.indicator.code: s for s in inspection.scores.all()}
        for code, value in zip(codes, row[FIXED:], strict=False):
            if value in (None, ""):
                continue
            score = scores.get(code)
            if score is None:
                errors.append(_("Row %(n)s: indicator “%(code)s” is not part of this "
                                "inspection.") % {"n": n, "code": code})
                continue
            try:
                # Full-width digits and numbers stored as text are read like every import.
                number = parse_decimal(value).quantize(Decimal("0.1"))
            except (CellError, InvalidOperation):
                errors.append(_("Row %(n)s, %(code)s: “%(value)s” is not a number.")
                              % {"n": n, "code": code, "value": value})
                continue
            if number < 0 or number > score.indicator.max_score:
                errors.append(_("Row %(n)s, %(code)s: %(value)s is not between 0 and %(max)s.")
                              % {"n": n, "code": code, "value": number,
                                 "max": score.indicator.max_score})
                continue
            if number != score.score:
                changes.append({"inspection": inspection.pk, "version": inspection.version,
                                "school": inspection.school.name, "code": code,
                                "indicator": score.indicator_id,
                                "old": None if score.score is None else str(score.score),
                                "new": str(number)})
    return {"changes": changes, "errors": errors}


@transaction.atomic
def apply_changes(plan: InspectionPlan, user, changes: list[dict]) -> int:
    """Apply a previewed sheet, all or nothing (stale versions refuse the whole sheet)."""
    by_inspection: dict[int, list[dict]] = {}
    for change in changes:
        by_inspection.setdefault(change["inspection"], []).append(change)
    inspections = plan.inspections.select_related("school", "plan").in_bulk(list(by_inspection))
    for pk, items in by_inspection.items():
        inspection = inspections.get(pk)
        if inspection is None:
            raise ValidationError(_("An inspection of the sheet no longer exists."))
        current = {s.indicator_id: s for s in inspection.scores.all()}
        scores = {c["indicator"]: services.ScoreInput(
            c["new"], current[c["indicator"]].comment, False) for c in items}
        services.inspection_save(inspection=inspection, user=user, version=items[0]["version"],
                                 scores=scores)
    return len(changes)


def _int(value):
    try:
        return int(clean_text(value))
    except (TypeError, ValueError):
        return None

"""Excel export shared by every list: one sheet, a bold header, and every text cell
neutralised so a spreadsheet never runs it as a formula."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Return a value safe to put in a cell: text that a spreadsheet would read as a formula
    gets a leading apostrophe; numbers and dates stay typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal | date):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def build_workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = str(title)[:31]
    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) * 2 + 2 for h in headers]
    for row in rows:
        values = [neutralise(v) for v in row]
        sheet.append(values)
        for i, v in enumerate(values):
            widths[i] = min(max(widths[i], len(str(v)) + 2), 60)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    return book


def xlsx_response(filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]):
    buffer = BytesIO()
    build_workbook(title, headers, rows).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

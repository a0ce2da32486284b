"""Building real .xlsx files for import tests."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook


def xlsx(rows, *, title_rows=(), merge_title=False) -> bytes:
    book = Workbook()
    sheet = book.active
    for title in title_rows:
        sheet.append([title])
    if merge_title and title_rows:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Reading exports back -----------------------------------------------------------------

FORMULA = "=1+1"


def sheet_of(response):
    """The active sheet of an Excel response (status 200, the .xlsx content type)."""
    from openpyxl import load_workbook

    from portal.excel import XLSX_TYPE

    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX_TYPE
    return load_workbook(BytesIO(response.content)).active


def rows_of(response) -> list[tuple]:
    return list(sheet_of(response).values)


def assert_plain_text(sheet, text=FORMULA):
    """The formula-like text comes back unchanged, as a quoted string cell, never a
    formula."""
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == text]
    assert cells, f"{text!r} not in the sheet"
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, (text, cell.data_type)

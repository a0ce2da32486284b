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

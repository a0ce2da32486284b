"""The blank template of each kind: Chinese headers (the user's language), one example row,
a drop-down of the allowed values on each coded column and a second sheet explaining them."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from portal.imports.columns import BOOL, CHOICE, DATE

REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
TEMPLATE_ROWS = 5000  # data rows (below the header) the drop-downs cover


def build_template(importer_class) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Data")
    lists = book.create_sheet(_("Allowed values"))
    columns = importer_class.columns
    sheet.append([str(c.label) for c in columns])
    # An example may depend on the day (a date in this month): a callable then.
    sheet.append([c.example() if callable(c.example) else c.example for c in columns])
    list_col = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        head = sheet.cell(row=1, column=index)
        head.font = Font(bold=True)
        if column.required:
            head.fill = REQUIRED_FILL
        notes = [_("Required") if column.required else _("Optional")]
        if column.help:
            notes.append(str(column.help))
        if column.kind == DATE:
            notes.append(_("A date such as 2024-09-01."))
            sheet.cell(row=2, column=index).number_format = "yyyy-mm-dd"
        values = []
        if column.kind == CHOICE:
            values = column.choice_labels()
        elif column.kind == BOOL:
            values = ["是", "否"]
        if values:
            list_col += 1
            list_letter = get_column_letter(list_col)
            lists.cell(row=1, column=list_col, value=str(column.label)).font = Font(bold=True)
            for n, value in enumerate(values, start=2):
                lists.cell(row=n, column=list_col, value=value)
            last = len(values) + 1
            ref = f"{quote_sheetname(lists.title)}!${list_letter}$2:${list_letter}${last}"
            check = DataValidation(type="list", formula1=ref, allow_blank=not column.required,
                                   showErrorMessage=True, errorTitle=str(column.label),
                                   error=_("Choose a value from the list."))
            check.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(check)
            notes.append(_("One of: %(values)s") % {"values": "、".join(values)})
        head.comment = Comment("\n".join(notes), "portal")
        sheet.column_dimensions[letter].width = column.width or max(
            12, len(str(column.label)) * 2 + 4)
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()

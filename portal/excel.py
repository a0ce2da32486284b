"""Excel export shared by every list and register: one sheet, a bold header, typed cells.

- Dates are date cells (with a date number format), numbers are numbers (int or Decimal; a
  float is rounded so no binary noise shows), booleans read 是/否.
- Text a spreadsheet would run as a formula (starting with =, +, -, @, tab, CR or LF) is
  written as a *string* cell with the quote-prefix style: nothing runs when the file is opened,
  the user sees their text unchanged, and reading the cell back gives the very same text, so
  an export imported again is a round trip.
- Sheet titles and file names come from user data and are made valid here.

A register's export (schools, branches, applicants, cadres, ...) is an `Export` in the app's
``exports`` module; the list pages and ``manage.py export_xlsx`` use the same one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from operator import attrgetter
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60
WIDTH_SAMPLE = 500  # rows looked at to size the columns
MAX_CELL_CHARS = 32767


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def neutralise(value):
    """Return the value a cell should hold: dates stay dates (aware datetimes in local time,
    without a zone, which a spreadsheet cannot store), numbers stay numbers, everything else
    becomes text without the characters a workbook cannot hold. The text is *not* altered
    for formulas: `write_cell` marks formula-like text as a quoted string instead."""
    if value is None:
        return None
    if isinstance(value, bool):
        return pgettext("boolean", "Yes") if value else pgettext("boolean", "No")
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        return value
    # Excel holds at most 32,767 characters in a cell (and reports a longer one as damage).
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_CHARS]


def write_cell(sheet, value, *, bold: bool = False) -> WriteOnlyCell | Any:
    """A write-only cell holding `value` (neutralised); formula-like text becomes a string
    cell with the quote prefix, never a formula."""
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    if cell.data_type == "f" or is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


_TITLE_SUBSTITUTES = str.maketrans({"/": "-", "\\": "-", ":": "-", "[": "(", "]": ")",
                                    "*": "", "?": ""})


def safe_sheet_title(title) -> str:
    """A valid worksheet title made from user data: none of []:*?/\\, no quote at either end,
    at most 31 characters, not empty and not Excel's reserved 'History'."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(title or "")).translate(_TITLE_SUBSTITUTES)
    text = " ".join(text.split()).strip("'")[:31].strip().strip("'")
    if not text or text.casefold() == "history":
        return pgettext("worksheet", "Sheet")
    return text


def safe_filename(name: str, default: str = "export.xlsx") -> str:
    """A file name with no path, quote or control characters (Chinese kept)."""
    text = re.sub(r'[\x00-\x1f\x7f/\\"<>:|?*]+', "-", str(name or ""))
    text = re.sub(r"-+(\.[A-Za-z0-9]+)$", r"\1", text).strip(" .-")
    return text or default


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the RFC 5987 ``filename*`` for the real
    (possibly Chinese) name."""
    name = safe_filename(filename)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "export"
    ascii_name = f"{stem}.{re.sub(r'[^A-Za-z0-9]+', '', ext)}".rstrip(".")
    header = f'attachment; filename="{ascii_name}"'
    if ascii_name != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 18
    if isinstance(value, date):
        return 11
    text = str(value)
    # CJK characters are about twice as wide as Latin ones.
    return len(text) + sum(1 for ch in text if ord(ch) > 0x2E7F)


def write_workbook(stream, title, headers: Sequence, rows: Iterable[Sequence]) -> None:
    """Write one sheet to `stream` in openpyxl's streaming mode (memory stays flat for large
    registers: only the first rows are held, to size the columns)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(safe_sheet_title(title))
    headers = [str(h) for h in headers]
    widths = [_width(h) + 2 for h in headers]
    rows = iter(rows)
    sample = []
    for row in rows:
        row = [neutralise(v) for v in row]
        sample.append(row)
        for i, v in enumerate(row[:len(widths)]):
            widths[i] = max(widths[i], _width(v) + 2)
        if len(sample) >= WIDTH_SAMPLE:
            break
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(width, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.append([write_cell(sheet, h, bold=True) for h in headers])
    for row in sample:
        sheet.append([write_cell(sheet, v) for v in row])
    for row in rows:
        sheet.append([write_cell(sheet, v) for v in row])
    book.save(stream)


def build_workbook(title, headers: Sequence, rows: Iterable[Sequence]) -> Workbook:
    """The same sheet as an editable workbook (for callers that add to it, e.g. data
    validation): read back from the streamed file."""
    from openpyxl import load_workbook

    buffer = BytesIO()
    write_workbook(buffer, title, headers, rows)
    buffer.seek(0)
    return load_workbook(buffer)


def xlsx_bytes(title, headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    buffer = BytesIO()
    write_workbook(buffer, title, headers, rows)
    return buffer.getvalue()


def xlsx_response(filename: str, title, headers: Sequence, rows: Iterable[Sequence]):
    response = HttpResponse(xlsx_bytes(title, headers, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def wants_xlsx(request) -> bool:
    return request.GET.get("export") == "xlsx"


# --- Registers ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str  # the import column it fills (same key as the app's importer), or a name
    header: Any  # a (lazy) translated string
    value: Callable[[Any], Any]


class Export:
    """One register's export. Subclasses name the model, the columns (which may depend on
    who reads: masked personal data) and how to fetch related rows in a constant number of
    queries; the caller passes the queryset already scoped and filtered, as its page shows it.

    ``viewer`` is the user the file is for; ``None`` is the command line (the server's
    operator, who sees what an administrator sees)."""

    kind: str = ""
    model = None
    title: Any = ""
    filename = "export.xlsx"
    order_by: Sequence[str] = ()
    related: Sequence[str] = ()  # the relations the columns read (select_related)

    def columns(self, viewer) -> list[Column]:
        raise NotImplementedError

    def prepare(self, queryset):
        """What the columns need fetched with the rows: ``related`` by default; override for
        prefetches and annotations."""
        return queryset.select_related(*self.related) if self.related else queryset

    def base_queryset(self, district=None):
        """Every row of the register (of a district): for the command line."""
        queryset = self.model.objects.all()
        if district is not None:
            queryset = queryset.for_district(district.pk)
        return queryset

    def import_labels(self) -> dict[str, str]:
        """The import template's header of each column key, when this kind is also imported:
        the export then carries the very same headers, so export → import is a round trip."""
        try:
            from portal.imports.registry import importers
        except ImportError:
            return {}
        importer = importers().get(self.kind)
        return {c.key: str(c.label) for c in getattr(importer, "columns", ())}

    def headers(self, viewer=None) -> list[str]:
        labels = self.import_labels()
        return [labels.get(c.key) or str(c.header) for c in self.columns(viewer)]

    def rows(self, queryset, viewer=None):
        columns = self.columns(viewer)
        queryset = self.prepare(queryset)
        if self.order_by:
            queryset = queryset.order_by(*self.order_by)
        for obj in queryset.iterator(chunk_size=2000):
            yield [c.value(obj) for c in columns]

    def write(self, stream, queryset, viewer=None, *, title=None) -> None:
        write_workbook(stream, title or self.title, self.headers(viewer),
                       self.rows(queryset, viewer))

    def response(self, queryset, viewer, *, title=None, filename=None) -> HttpResponse:
        buffer = BytesIO()
        self.write(buffer, queryset, viewer, title=title)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition(filename or self.filename)
        return response


def registers() -> dict[str, Export]:
    """Every app's register exports by kind (from each app's ``exports.EXPORTS``)."""
    from portal.plugins import app_modules

    found: dict[str, Export] = {}
    for module in app_modules("exports"):
        for export in getattr(module, "EXPORTS", ()):
            found[export.kind] = export
    return found


def yes_no(value: bool) -> str:
    return pgettext("boolean", "Yes") if value else pgettext("boolean", "No")


def display(obj, field: str) -> str:
    """The label of a choice field (``get_FOO_display``)."""
    return getattr(obj, f"get_{field}_display")()


def name_of(related) -> str:
    return "" if related is None else str(related)


def school_column(path: str = "school") -> Column:
    """The 学校 column: the name of the school found along ``path`` (``"report.school"``),
    nothing when there is none."""
    school = attrgetter(path)
    return Column("school", _("School"), lambda obj: name_of(school(obj)))



class SafeXLSX(base_formats.XLSX):
    """The admin's Excel export (django-import-export) written by `write_workbook`: formula
    text quoted the same way as on the pages (settings.EXPORT_FORMATS)."""

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(dataset.title or "Sheet", dataset.headers or [], dataset)


def field_column(model, key: str, value: Callable[[Any], Any] | None = None, *,
                 field: str | None = None) -> Column:
    """A column headed by a model field's verbose name; the value is the field's (its choice
    label for a coded field, the related object's name for a foreign key) unless given."""
    from django.utils.text import capfirst

    model_field = model._meta.get_field(field or key)
    if value is None:
        name = model_field.name
        if model_field.choices:
            def value(obj, name=name):
                return display(obj, name)
        elif model_field.is_relation:
            def value(obj, name=name):
                return name_of(getattr(obj, name))
        else:
            def value(obj, name=name):
                return getattr(obj, name)
    return Column(key, capfirst(model_field.verbose_name), value)

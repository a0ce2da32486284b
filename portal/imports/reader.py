"""Opening an uploaded sheet safely: the file is checked before openpyxl sees it (size, type,
password protection, a zip that would expand to gigabytes), then read in read-only mode, row
by row. Every failure is a `FileRejected` with a message for the user, never a traceback."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from portal.imports.columns import Column, squash

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SEARCH_ROWS = 10  # title rows (merged or not) above the header
MAX_COLUMNS = 100


class FileRejected(Exception):
    """The whole file is refused; ``str(exc)`` is the user's message."""


def limits() -> dict:
    return {
        "bytes": getattr(settings, "IMPORT_MAX_BYTES", settings.UPLOAD_MAX_BYTES),
        "unzipped": getattr(settings, "IMPORT_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024),
        "ratio": getattr(settings, "IMPORT_MAX_ZIP_RATIO", 200),
        "rows": getattr(settings, "IMPORT_MAX_ROWS", 20000),
    }


def check_file(data: bytes) -> None:
    """Refuse what is not a plain .xlsx of a sensible size before it is opened."""
    limit = limits()
    if len(data) > limit["bytes"]:
        raise FileRejected(_("The file is %(size)s; the largest accepted is %(limit)s.") % {
            "size": filesizeformat(len(data)), "limit": filesizeformat(limit["bytes"])})
    if not data:
        raise FileRejected(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise FileRejected(_("The file is protected by a password. Remove the password "
                                 "in Excel (File → Info → Protect Workbook) and upload it "
                                 "again."))
        raise FileRejected(_("This is an old Excel file (.xls). Save it as an Excel "
                             "workbook (.xlsx) and upload it again."))
    if not data.startswith(ZIP_MAGIC):
        raise FileRejected(_("This is not an Excel file (.xlsx). Download the template, fill "
                             "it in and upload it."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            unzipped = sum(m.file_size for m in members)
            compressed = sum(m.compress_size for m in members) or 1
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRejected(_("The file is damaged or not an Excel file (.xlsx).")) from None
    if "xl/workbook.xml" not in names:
        raise FileRejected(_("This is not an Excel file (.xlsx). Download the template, fill "
                             "it in and upload it."))
    if unzipped > limit["unzipped"] or unzipped / compressed > limit["ratio"]:
        raise FileRejected(_("The file would expand to %(size)s when opened: it is refused "
                             "as unsafe. Upload a smaller sheet.") % {
                                 "size": filesizeformat(unzipped)})


def open_rows(data: bytes):
    """(workbook, iterator over the first sheet's rows as value tuples)."""
    check_file(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        # Read to the last row whatever the sheet's <dimension> says: some writers leave
        # it too small, which would cut the rows off.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    except Exception:  # noqa: BLE001 - any unreadable workbook is the same answer to the user
        raise FileRejected(_("The file is damaged or not an Excel file (.xlsx).")) from None
    return book, rows


def _empty(row) -> bool:
    for v in row:  # a loop, not all(generator): called for every row of the file
        if v is not None and not (isinstance(v, str) and not v.strip()):
            return False
    return True


def locate_header(rows, columns: list[Column]):
    """Read up to HEADER_SEARCH_ROWS rows and pick the one naming the most columns.
    Returns (sheet row number of the header, {column key: index}, unknown headers)."""
    names = {c.key: c.header_names() for c in columns}
    best = (0, None, None)
    seen = []
    for number, row in enumerate(rows, start=1):
        seen.append(row)
        mapping = {}
        for index, cell in enumerate(row):
            if cell is None:
                continue
            name = squash(cell)
            for key, accepted in names.items():
                if name in accepted and key not in mapping:
                    mapping[key] = index
                    break
        if len(mapping) > len(best[1] or {}):
            best = (number, mapping, row)
        if number >= HEADER_SEARCH_ROWS or (mapping and len(mapping) == len(columns)):
            break
    if not seen or all(_empty(r) for r in seen):
        raise FileRejected(_("The sheet is empty."))
    number, mapping, header = best
    if not mapping:
        raise FileRejected(_("No column of this sheet is recognised. The first row (or a row "
                             "below the title) must hold the column names of the template: "
                             "%(names)s.") % {"names": "、".join(str(c.label) for c in columns)})
    missing = [str(c.label) for c in columns if c.required and c.key not in mapping]
    if missing:
        raise FileRejected(_("Required columns are missing: %(names)s.") % {
            "names": "、".join(missing)})
    return number, mapping, seen[number:]


def read_sheet(data: bytes, columns: list[Column]):
    """Yield (sheet row number, {key: raw value}) for each non-empty data row; the header is
    found first (`locate_header`). Raises `FileRejected`."""
    book, rows = open_rows(data)
    try:
        header_row, mapping, after = locate_header(rows, columns)
        max_rows = limits()["rows"]
        number = header_row
        count = 0
        pending = list(after)

        def rest():
            yield from pending
            yield from rows

        items = list(mapping.items())
        for row in rest():
            number += 1
            if _empty(row):
                continue
            count += 1
            if count > max_rows:
                raise FileRejected(_("The sheet has more than %(n)s rows: split it into "
                                     "smaller files.") % {"n": max_rows})
            size = len(row)
            yield number, {key: (row[i] if i < size else None) for key, i in items}
        if count == 0:
            raise FileRejected(_("The sheet has a header but no rows to import."))
    except FileRejected:
        raise
    except Exception:  # noqa: BLE001 - a malformed sheet part is the same answer to the user
        raise FileRejected(_("The file is damaged or not an Excel file (.xlsx).")) from None
    finally:
        book.close()

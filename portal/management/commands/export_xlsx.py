"""Export a register to .xlsx from the command line, with the same code as the pages'
exports (`portal.excel.Export`, each app's ``exports.py``):

    python manage.py export_xlsx schools schools.xlsx --district 渝中区
    python manage.py export_xlsx volunteer_records records.xlsx

Kinds: schools, branches, applicants, volunteer_records, cadres, posts, activities,
inspection_scores.
Without --district every district's rows are written. The command line sees what an
administrator sees (cadres' phones and identity numbers unmasked). Bad input is one line on
stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from portal.excel import registers
from portal.models import District


class Command(BaseCommand):
    help = "Write a register (schools, branches, applicants, ...) to an .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="one of: " + ", ".join(sorted(registers())))
        parser.add_argument("file", help="the .xlsx file to write")
        parser.add_argument("--district", help="district name or code (default: all)")
        parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])

    def handle(self, *args, kind, file, district, lang, **options):
        exports = registers()
        export = exports.get(kind)
        if export is None:
            raise CommandError(f"unknown kind '{kind}'; one of: {', '.join(sorted(exports))}")
        target = Path(file)
        if not target.parent.exists():
            raise CommandError(f"directory {target.parent} does not exist")
        found = None
        if district:
            found = District.named(district)
            if found is None:
                raise CommandError(f"--district: no district named '{district}'")
        with translation.override(lang):
            queryset = export.base_queryset(found)
            count = queryset.count()
            with target.open("wb") as stream:
                export.write(stream, queryset, viewer=None)
        self.stdout.write(f"{target}: {count} rows ({kind})")

"""Import a spreadsheet from the command line with the same code as the portal's pages:
``manage.py import_xlsx KIND FILE [--district NAME] [--dry-run]``. Prints what would be (or
was) created, updated and skipped and every error with its row; exits 1 on any error (and
then imports nothing)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from portal.imports import engine, registry
from portal.models import District


def district_named(name: str | None) -> District:
    if name:
        district = District.named(name)
        if district is None:
            raise CommandError(f"No district named {name!r}.")
        return district
    districts = list(District.objects.all()[:2])
    if len(districts) != 1:
        raise CommandError("Name the district with --district NAME.")
    return districts[0]


class Command(BaseCommand):
    help = "Import a spreadsheet (.xlsx) of one kind: " + ", ".join(sorted(
        registry.importers())) + "."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(registry.importers()))
        parser.add_argument("file")
        parser.add_argument("--district", help="District name or code (optional when the "
                            "database has one district).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the file and print the counts; write nothing.")

    def handle(self, *args, kind, file, district=None, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        with translation.override(translation.get_language() or "zh-hans"):
            importer = registry.get(kind)(user=None, district=district_named(district))
            result = engine.run(importer, path.read_bytes(), write=not dry_run,
                                change_reason=f"import_xlsx {path.name}")
            if result.file_error:
                raise CommandError(result.file_error)
            self.stdout.write(f"{kind}: {result.rows} rows; create {result.create}, "
                              f"update {result.update}, skip {result.skip}, "
                              f"errors {len(result.errors)}")
            for error in result.errors:
                where = f"row {error.row}" + (f", {error.column}" if error.column else "")
                self.stderr.write(f"{where}: {error.message}")
        if result.errors:
            raise CommandError(_("Nothing was imported.") + f" ({len(result.errors)} errors)")
        self.stdout.write("dry run: nothing written" if dry_run else (
            "imported" if result.written else "nothing to change"))

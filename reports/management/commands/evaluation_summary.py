"""Build an evaluation PDF from the command line, with the same code as the web pages:

    python manage.py evaluation_summary --district 渝中区 --from 2025-09-01 --to 2026-08-31 \
        -o summary.pdf
    python manage.py evaluation_summary --district 渝中区 --school 重庆市求精中学 -o school.pdf
    python manage.py evaluation_summary --inspection 12 -o record.pdf

Bad input is one line on stderr and a non-zero exit (CommandError), never a traceback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone, translation

from portal.evaluation.sections import Period
from portal.models import District
from portal.school_year import school_year_of
from reports import record, render
from reports.forms import MAX_DAYS


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: '{value}' is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Write a district evaluation summary, a school evaluation or an inspection record."

    def add_arguments(self, parser):
        parser.add_argument("--district", help="district name or code")
        parser.add_argument("--school", help="school name or short name (school evaluation)")
        parser.add_argument("--inspection", type=int, help="inspection id (inspection record)")
        parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD "
                            "(default: the current school year)")
        parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD")
        parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")

    def handle(self, *args, district, school, inspection, start, end, lang, output, **options):
        target = Path(output)
        if not target.parent.exists():
            raise CommandError(f"-o: directory {target.parent} does not exist")
        with translation.override(lang):
            if inspection is not None:
                pdf = self._inspection(inspection)
            else:
                found = self._district(district)
                period = self._period(start, end)
                if school:
                    pdf = render.school_pdf(school=self._school(found, school), period=period)
                else:
                    pdf = render.district_pdf(district=found, period=period)
        target.write_bytes(pdf)
        self.stdout.write(f"{target} ({len(pdf) // 1024} KB)")

    def _district(self, name: str | None) -> District:
        if not name:
            raise CommandError("--district is required (or --inspection ID)")
        found = District.named(name)
        if found is None:
            raise CommandError(f"--district: no district named '{name}'")
        return found

    def _school(self, district: District, name: str):
        from schools.models import School

        found = School.objects.filter(Q(name=name) | Q(short_name=name),
                                      district=district).first()
        if found is None:
            raise CommandError(f"--school: no school named '{name}' in {district}")
        return found

    def _period(self, start: str | None, end: str | None) -> Period:
        if not start and not end:
            return school_year_of(timezone.localdate())
        if not start or not end:
            raise CommandError("--from and --to go together")
        period = Period(start=_date(start, "--from"), end=_date(end, "--to"))
        if period.start > period.end:
            raise CommandError("--from must not be after --to")
        if (period.end - period.start).days > MAX_DAYS:
            raise CommandError("the period can be at most five years long")
        return period  # unlabelled: the cover prints the dates

    def _inspection(self, pk: int) -> bytes:
        from supervision.models import Inspection

        found = Inspection.objects.select_related("school__district", "standard").filter(
            pk=pk).first()
        if found is None:
            raise CommandError(f"--inspection: no inspection with id {pk}")
        return record.inspection_pdf(inspection=found, language=translation.get_language())

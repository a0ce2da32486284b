"""Write the blank import template of one kind: ``manage.py import_template KIND FILE``."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from portal.imports import registry
from portal.imports.template import build_template


class Command(BaseCommand):
    help = "Write the .xlsx template of one kind of import."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(registry.importers()))
        parser.add_argument("file")

    def handle(self, *args, kind, file, **options):
        with translation.override(translation.get_language() or "zh-hans"):
            Path(file).write_bytes(build_template(registry.get(kind)))
        self.stdout.write(f"{kind} template written to {file}")

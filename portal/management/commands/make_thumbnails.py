"""Make the missing thumbnails of stored images (rows uploaded before thumbnails existed, or
whose thumbnail could not be made then). Every model with a ``thumbnail`` file field is
covered; its image is the model's other file field."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models

from portal.uploads import make_thumbnail


def thumbnailed_models() -> list[tuple[type[models.Model], str]]:
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if "thumbnail" in names and not model._meta.label.split(".")[1].startswith("Historical"):
            found.append((model, next(n for n in names if n != "thumbnail")))
    return found


class Command(BaseCommand):
    help = "Make missing thumbnails of uploaded images."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count them.")

    def handle(self, *args, dry_run=False, **options):
        for model, source in thumbnailed_models():
            missing = model._base_manager.filter(thumbnail="").exclude(**{source: ""})
            made = skipped = 0
            for row in missing.iterator(chunk_size=200):
                if dry_run:
                    made += 1
                    continue
                try:
                    ok = make_thumbnail(row, source)
                except FileNotFoundError:
                    ok = False
                if ok:
                    # derived data, not a change of the record: no history row
                    row.save_without_historical_record(update_fields=["thumbnail"])
                    made += 1
                else:
                    skipped += 1
            verb = "would be made" if dry_run else "made"
            self.stdout.write(f"{model._meta.label}: {made} thumbnails {verb}, "
                              f"{skipped} files are not images or are missing.")

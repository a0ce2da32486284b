"""List, then remove, files under MEDIA_ROOT that no FileField of any model names.

Such files are left by a process killed between storing an upload and committing its row.
Files referenced only by history rows are kept (the history shows them). Files younger than
--min-age-minutes are kept too: their upload may still be committing."""

from __future__ import annotations

import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import models


def referenced_names() -> set[str]:
    """Every file name stored in a FileField (ImageField included) of any model."""
    names: set[str] = set()
    for model in apps.get_models():
        # A history model keeps its original's file fields as text (simple-history).
        original = getattr(model, "instance_type", model)
        fields = [f.name for f in original._meta.concrete_fields
                  if isinstance(f, models.FileField)]
        for field in fields:
            values = (model._base_manager.exclude(**{field: ""}).exclude(**{field: None})
                      .values_list(field, flat=True).iterator())
            names.update(values)
    return names


def orphan_files(root: Path, min_age_seconds: float) -> list[Path]:
    if not root.is_dir():
        return []
    referenced = referenced_names()
    cutoff = time.time() - min_age_seconds
    return sorted(path for path in root.rglob("*")
                  if path.is_file() and path.relative_to(root).as_posix() not in referenced
                  and path.stat().st_mtime < cutoff)


class Command(BaseCommand):
    help = "Lists and removes files under MEDIA_ROOT that no record refers to."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="only list the files that would be removed")
        parser.add_argument("--min-age-minutes", type=int, default=60,
                            help="keep files younger than this (default 60)")

    def handle(self, *args, dry_run: bool, min_age_minutes: int, **options):
        root = Path(settings.MEDIA_ROOT)
        found = orphan_files(root, min_age_minutes * 60)
        for path in found:
            self.stdout.write(str(path.relative_to(root)))
            if not dry_run:
                path.unlink()
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(f"{len(found)} orphan file(s) {verb}.")

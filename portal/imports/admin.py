"""The admin's django-import-export imports held to the portal's rules: every row runs the
model's full validation (resources set ``clean_model_instances``), errors are shown as
messages without tracebacks, and the page points to the portal's import (templates, preview,
Chinese headers)."""

from __future__ import annotations


class SafeImportMixin:
    import_template_name = "admin/import_export/import_safe.html"
    import_error_display = ("message",)

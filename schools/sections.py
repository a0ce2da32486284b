"""Sections that other apps add to a school's page (inspection history, report compliance…).

An app contributes by having a `school_page` module with
`section(request, school) -> str | None`, returning rendered HTML (its own template) or None.
The school page stays ignorant of other apps' models.
"""

from importlib import import_module

from django.utils.safestring import mark_safe

from portal.dashboard import LOCAL_APPS


def school_sections(request, school) -> list[str]:
    html = []
    for label in LOCAL_APPS:
        try:
            module = import_module(f"{label}.school_page")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.school_page":
                raise
            continue
        rendered = module.section(request, school)
        if rendered:
            html.append(mark_safe(rendered))
    return html

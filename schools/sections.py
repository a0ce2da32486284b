"""Sections that other apps add to a school's page (inspection history, report compliance…).

An app contributes by having a `school_page` module with
`section(request, school) -> str | None`, returning rendered HTML (its own template) or None.
The school page stays ignorant of other apps' models.
"""

from django.utils.safestring import mark_safe

from portal.plugins import app_modules


def school_sections(request, school) -> list[str]:
    html = []
    for module in app_modules("school_page"):
        rendered = module.section(request, school)
        if rendered:
            html.append(mark_safe(rendered))
    return html

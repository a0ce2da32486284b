"""HTML templates → PDF with WeasyPrint, in the active language.

The PDFs have their own small print stylesheet (`print.css`), not Bootstrap (which slows
WeasyPrint by an order of magnitude). Chinese needs three things WeasyPrint will not guess:
`<html lang="zh-CN">` (else the CJK font collection draws Japanese glyph forms), the font named
on the body *and* on the page's margin boxes (they do not inherit it), and on SVG text.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.evaluation import collect
from portal.evaluation.sections import Period, Section

PRINT_CSS = Path(__file__).resolve().parent / "print.css"


@dataclass
class RenderTimes:
    """Where a build spent its time (read by `make bench`)."""

    html: float = 0.0
    weasyprint: float = 0.0


LAST = RenderTimes()


def html_lang() -> str:
    return "zh-CN" if translation.get_language() == "zh-hans" else "en"


def _css_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_footer_css() -> str:
    """The footer's "page X of Y" as a CSS `content` value, in the active language."""
    words = _("Page {page} of {pages}")
    out, rest = [], words
    for token, counter in (("{page}", "counter(page)"), ("{pages}", "counter(pages)")):
        before, _sep, rest = rest.partition(token)
        out += [_css_text(before), counter]
    out.append(_css_text(rest))
    return " ".join(out)


def render_pdf(*, template: str, context: dict) -> bytes:
    from weasyprint import CSS, HTML  # imported late: the web pages never need it

    started = time.perf_counter()
    html = render_to_string(template, {
        "lang": html_lang(), "footer_content": page_footer_css(),
        "generated_at": timezone.localtime(), **context})
    middle = time.perf_counter()
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS))])
    LAST.html, LAST.weasyprint = middle - started, time.perf_counter() - middle
    return pdf


def district_pdf(*, district, period: Period, sections: list[Section] | None = None,
                 requested_by=None) -> bytes:
    sections = collect.district_sections(district=district, period=period) \
        if sections is None else sections
    from portal import figures

    return render_pdf(template="evaluation/district.html", context={
        "district": district, "period": period, "chapters": collect.chapters(sections),
        "glossary": figures.glossary(figures.used_keys(sections)),
        "requested_by": requested_by,
        "title": _("District evaluation summary")})


def school_pdf(*, school, period: Period, sections: list[Section] | None = None,
               requested_by=None) -> bytes:
    sections = collect.school_sections(school=school, period=period) \
        if sections is None else sections
    return render_pdf(template="evaluation/school.html", context={
        "school": school, "district": school.district, "period": period,
        "sections": sections, "requested_by": requested_by,
        "title": _("School evaluation")})

"""HTML templates → PDF with WeasyPrint, in the active language.

The PDFs have their own small print stylesheet (`print.css`), not Bootstrap (which slows
WeasyPrint by an order of magnitude). Chinese needs three things WeasyPrint will not guess:
`<html lang="zh-CN">` (else the CJK font collection draws Japanese glyph forms), the font named
on the body *and* on the page's margin boxes (they do not inherit it), and on SVG text.

The PDFs are tagged as PDF/UA-1 (WeasyPrint's `pdf/ua-1` variant): the structure tree follows
the HTML — h1–h3 are headings without a skipped level, tables keep their `<thead>` and
`<th scope>` header cells, each chart is a figure whose alternative text (its SVG `<title>`,
see charts.py) says what it shows — in the order of the page; `<html lang>` is the document's
language, `<title>` its title, shown as the window's title (DisplayDocTitle). Backgrounds and
borders are artifacts; the running header and footer (margin boxes) are left out of the tree.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import figures
from portal.evaluation.sections import Period, Section
from portal.school_year import school_year_of
from reports import collect

PRINT_CSS = Path(__file__).resolve().parent / "print.css"
PDF_VARIANT = "pdf/ua-1"  # tagged: headings, tables, figures, language, title


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


def render_pdf(*, template: str, context: dict, layout: bool = False):
    """The PDF's bytes; with `layout`, WeasyPrint's laid-out document instead (its pages and
    boxes, read by the layout tests)."""
    from weasyprint import CSS, HTML  # imported late: the web pages never need it

    started = time.perf_counter()
    html = render_to_string(template, {
        "lang": html_lang(), "footer_content": page_footer_css(),
        "generated_at": timezone.localtime(), **context})
    middle = time.perf_counter()
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[CSS(filename=str(PRINT_CSS))])
    if layout:
        return document
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    LAST.html, LAST.weasyprint = middle - started, time.perf_counter() - middle
    return pdf


def period_words(period: Period) -> str:
    """The period as a title names it: its label (学年), else its first and last day."""
    if period.label:
        return str(period.label)
    year = school_year_of(period.start)
    if (year.start, year.end) == (period.start, period.end):
        return str(year.label)
    return f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}"


def document_title(*parts) -> str:
    """A PDF's title: what it is, then its subject and period (学校评估报告 · 重庆市第四十二中学
    · 2025–2026学年), so that a reader's tab or a printed header names it."""
    return " · ".join(str(p) for p in parts if p)


def district_pdf(*, district, period: Period, sections: list[Section] | None = None,
                 requested_by=None, layout: bool = False):
    sections = collect.district_sections(district=district, period=period) \
        if sections is None else sections
    title = _("District evaluation summary")
    return render_pdf(template="evaluation/district.html", layout=layout, context={
        "district": district, "period": period, "chapters": collect.chapters(sections),
        "glossary": figures.glossary(figures.used_keys(sections)),
        "requested_by": requested_by, "title": title,
        "document_title": document_title(title, district.name, period_words(period))})


def school_pdf(*, school, period: Period, sections: list[Section] | None = None,
               requested_by=None, layout: bool = False):
    sections = collect.school_sections(school=school, period=period) \
        if sections is None else sections
    title = _("School evaluation")
    return render_pdf(template="evaluation/school.html", layout=layout, context={
        "school": school, "district": school.district, "period": period,
        "sections": sections, "requested_by": requested_by, "title": title,
        "document_title": document_title(title, school.name, period_words(period))})

"""Horizontal bar charts as inline SVG, drawn on the server from a `BarChart` (no script, no
chart library): the same markup goes into the PDFs and the reports page.

Text inside SVG does not inherit the page's font, so every chart names the CJK font itself
(WeasyPrint would otherwise fall back to a font without Chinese glyphs).

Each chart says what it shows in its `<title>` (`chart_text`): the caption and every bar's
value in words. It is the chart's accessible name on the reports page and, in the tagged
PDFs, the figure's alternative text (WeasyPrint reads an SVG's `<title>` into `/Alt`)."""

from __future__ import annotations

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.evaluation.sections import BarChart

FONT = "'Noto Sans CJK SC', 'Noto Sans CJK', sans-serif"
WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 60
BAR_HEIGHT = 14
GAP = 6
COLOUR = "#b71c1c"  # the league's red, as on the portal's navigation bar


def _number(value) -> str:
    value = float(value)
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _width(char: str) -> int:
    """A character's width in half-em units: a Chinese character is two, a Latin one one."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _label(text: str, limit: int = 32) -> str:
    """Labels wider than the label column (16 Chinese characters, or about 32 Latin ones)
    are cut (the tables carry the full text)."""
    text = str(text)
    if sum(_width(c) for c in text) <= limit:
        return text
    kept, used = [], 1  # room for the ellipsis
    for char in text:
        used += _width(char)
        if used > limit:
            break
        kept.append(char)
    return "".join(kept) + "…"


def _unit(unit: str) -> str:
    """A word unit stands apart from its number ("3 people"); a sign or a Chinese unit
    does not ("75%", "3人")."""
    return f" {unit}" if unit[:1].isascii() and unit[:1].isalpha() else unit


def chart_text(chart: BarChart) -> str:
    """What the chart shows, in words: its caption, then each bar's full label and value
    ("Inspection results: commend 3; satisfactory 5; rectify 4.")."""
    values = pgettext("list of chart values", "; ").join(
        f"{label} {_number(value)}{_unit(chart.unit)}" for label, value in chart.bars)
    return _("{caption}: {values}.").format(caption=chart.caption, values=values)


def bar_chart_svg(chart: BarChart) -> SafeString:
    bars = chart.bars
    if not bars:
        return mark_safe("")
    top = max((float(v) for _l, v in bars), default=0)
    maximum = float(chart.maximum) if chart.maximum else top
    maximum = maximum or 1.0
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" font-family="{FONT}" font-size="11" '
        f'style="font-family: {FONT}"><title>{escape(chart_text(chart))}</title>',
        f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}" stroke="#999" '
        f'stroke-width="0.5"/>',
    ]
    for i, (label, value) in enumerate(bars):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = max(0.0, min(float(value), maximum)) / maximum * area
        text_y = y + BAR_HEIGHT - 3
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{text_y}" text-anchor="end" '
            f'font-family="{FONT}">{escape(_label(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{COLOUR}" fill-opacity="0.8"/>'
            f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{text_y}" font-family="{FONT}">'
            f'{_number(value)}{escape(_unit(chart.unit))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))

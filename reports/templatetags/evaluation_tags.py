"""Template helpers of the evaluation PDFs and the reports page."""

import math

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from portal.evaluation.sections import BarChart
from reports.charts import bar_chart_svg

register = template.Library()


@register.filter
def bar_chart(chart: BarChart) -> SafeString:
    """A `BarChart` as inline SVG."""
    return bar_chart_svg(chart)


CELL_PADDING = 3  # half-em units: a cell's left and right padding, and a little air
# The text width of an A4 page (178 mm) in half-em units of the tables' 9 pt type.
AVAILABLE = 112


def _width(text) -> int:
    """Printed width in half-em units: a CJK character is two, a Latin one one."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text))


def _header_width(text) -> int:
    """The width a header needs to wrap only between words, in half-em units: its widest
    word, in bold (a bold Latin letter counts a little more than one). Chinese has no spaces:
    the whole header is one word."""
    words = str(text).split() or [""]
    return max(math.ceil(sum(2 if ord(ch) > 0x2E7F else 1.3 for ch in w)) for w in words)


@register.filter
def column_widths(table) -> list[str]:
    """Percent widths for a fixed table layout, from the content: every column at least as
    wide as its header's widest word (a header never breaks inside a word: "出库日期" stays
    whole), the rest of the line shared by how much wider each column's cells are (first
    200 rows). A fixed layout spares WeasyPrint measuring every cell's narrowest width —
    with CJK text every character is a break point, and that measuring was most of a long
    table's time."""
    columns = len(table.headers)
    need = [max(3, _header_width(h)) + CELL_PADDING for h in table.headers]
    widest = [0] * columns
    for row in table.rows[:200]:
        for i, cell in enumerate(row[:columns]):
            widest[i] = max(widest[i], min(_width(cell), 40))
    want = [max(n, w + CELL_PADDING) for n, w in zip(need, widest, strict=True)]
    if sum(want) > AVAILABLE and sum(need) < AVAILABLE:
        # Too wide: every header keeps its width, the cells share what is left and wrap.
        extra, wider = AVAILABLE - sum(need), sum(want) - sum(need)
        want = [n + extra * (w - n) / wider for n, w in zip(need, want, strict=True)]
    total = sum(want) or 1
    return [f"{100 * w / total:.1f}%" for w in want]


@register.filter
def header_class(header) -> str:
    """`nowrap` for a header that is one word (Chinese, or one Latin word): it may not wrap
    at all; a header of several words may wrap between them."""
    return "nowrap" if len(str(header).split()) < 2 else ""


@register.filter
def figure_value(value) -> SafeString:
    """A figure's value for a narrow box (the PDF's figures, the reports page's cards): a
    rate and its denominator ("28% (13/47 名积极分子)") each kept whole, so the line breaks
    before the parenthesis, never inside a word (Chinese would wrap between any two
    characters). The PDF keeps each part on one line (`.figure .keep`); the page sets the
    denominator smaller, as one block that wraps only when wider than its card."""
    text = str(value)
    head, sep, tail = text.partition(" (")
    if not sep:
        return conditional_escape(text)
    return format_html('<span class="keep">{}</span> '
                       '<span class="keep d-inline-block fs-6 fw-normal">({}</span>', head, tail)


@register.filter
def signed(value) -> str:
    """A change with its sign: +2, −1, 0."""
    if value is None:
        return ""
    return f"{value:+}" if value else "±0"

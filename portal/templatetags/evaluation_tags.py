"""Template helpers of the evaluation PDFs and the reports page."""

from django import template
from django.utils.safestring import SafeString

from portal.evaluation.charts import bar_chart_svg
from portal.evaluation.sections import BarChart

register = template.Library()


@register.filter
def bar_chart(chart: BarChart) -> SafeString:
    """A `BarChart` as inline SVG."""
    return bar_chart_svg(chart)


CELL_PADDING = 3  # half-em units: a cell's left and right padding, and a little air


def _width(text) -> int:
    """Printed width in half-em units: a CJK character is two, a Latin one one."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text))


@register.filter
def column_widths(table) -> list[str]:
    """Percent widths for a fixed table layout, from the widest cell of each column (first
    200 rows; a header counts half, it may wrap). A fixed layout spares WeasyPrint measuring
    every cell's narrowest width — with CJK text every character is a break point, and that
    measuring was most of a long table's time."""
    columns = len(table.headers)
    widest = [max(3, _width(h) // 2) for h in table.headers]
    for row in table.rows[:200]:
        for i, cell in enumerate(row[:columns]):
            widest[i] = max(widest[i], min(_width(cell), 40))
    widest = [w + CELL_PADDING for w in widest]  # a short column still needs its padding
    total = sum(widest) or 1
    return [f"{100 * w / total:.1f}%" for w in widest]


@register.filter
def signed(value) -> str:
    """A change with its sign: +2, −1, 0."""
    if value is None:
        return ""
    return f"{value:+}" if value else "±0"


@register.inclusion_tag("portal/_definition.html")
def figure_definition(key: str, label: str = ""):
    """The registry's definition of a figure (指标口径) as a disclosure: a button-like
    <summary> that opens on click, tap or keyboard, its text also a hover title."""
    from portal import figures

    figures.discover()
    if key not in figures.DEFINITIONS:
        return {"rows": []}
    rows = figures.definition(key).describe()
    return {"key": key, "label": label or figures.label(key), "rows": rows,
            "title": " · ".join(f"{term}: {text}" for term, text in rows)}

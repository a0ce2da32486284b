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


@register.filter
def signed(value) -> str:
    """A change with its sign: +2, −1, 0."""
    if value is None:
        return ""
    return f"{value:+}" if value else "±0"

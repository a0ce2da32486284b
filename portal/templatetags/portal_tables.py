"""The body of every list's table, written in Python.

django-tables2's own template works out each cell's ``<td>`` attributes per cell (three
dictionaries and their class names) and walks several template nodes per cell; on a page of
25 rows and 8 columns that was half of the page's time. Here a column's attributes are worked
out once per table unless they depend on the row (a callable), and each cell is one
``format_html``. The cells' values are still django-tables2's own (``BoundRow.items``), so
``render_<column>`` methods, ``linkify`` and empty values behave as before. Each cell carries
its column's name (``data-label``), so that on a phone the rows stack as cards with a label
before each value (portal.css, ``.table-stack``).
"""

from __future__ import annotations

from django import template
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def _depends_on_row(column) -> bool:
    attrs = {**dict(column._table.attrs), **dict(column.column.attrs)}
    cell = attrs.get("td", attrs.get("cell", {}))
    return any(callable(value) for value in cell.values())


def _value(cell, column, context):
    if column.localize is None:
        return render_value_in_context(cell, context)
    # {{ cell|localize }} / {{ cell|unlocalize }}
    return render_value_in_context(localize(cell, use_l10n=column.localize), context)


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    columns = list(table.columns)
    fixed = {}
    labels = {column.name: format_html(' data-label="{}"', column.header) for column in columns}
    for column in columns:
        if not _depends_on_row(column):
            column.current_record = column.current_value = None
            fixed[column.name] = mark_safe(column.attrs["td"].as_html())
    rows = []
    for row in table.paginated_rows:
        cells = []
        for column, cell in row.items():
            attrs = fixed.get(column.name)
            if attrs is None:
                attrs = column.attrs["td"].as_html()
            cells.append(format_html("<td {}{}>{}</td>", mark_safe(attrs), labels[column.name],
                                     _value(cell, column, context)))
        rows.append(format_html("<tr {}>{}</tr>", mark_safe(row.attrs.as_html()),
                                mark_safe("".join(cells))))
    if not rows and table.empty_text:
        return format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), table.empty_text)
    return mark_safe("\n".join(rows))

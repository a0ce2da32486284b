"""The body of every list's table, written in Python.

django-tables2's own template works out each cell's ``<td>`` attributes per cell (three
dictionaries and their class names) and walks several template nodes per cell; on a page of
25 rows and 8 columns that was half of the page's time. Here a column's attributes are worked
out once per table unless they depend on the row (a callable), and each cell is one
``format_html``. The cells' values are still django-tables2's own (``BoundRow.items``), so
``render_<column>`` methods, ``linkify`` and empty values behave as before. Each cell carries
its column's name (``data-label``), so that on a phone the rows stack as cards with a label
before each value (portal.css, ``.table-stack``).

django-tables2 also works out, for every cell, which arguments the column's ``render``
method takes (``utils.signature``: ``inspect.signature`` each time, a fifth of a list's
table). The answer depends only on the function, so ``remember_signatures`` (installed by
``PortalConfig.ready``) keeps it per function.
"""

from __future__ import annotations

import weakref

from django import template
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# function -> django-tables2's (arguments, name of the ** catch-all), one table for plain
# functions and one for methods (whose signature leaves out ``self``). Weak keys: a function
# made at run time (a closure) leaves the table with the function.
_SIGNATURES = (weakref.WeakKeyDictionary(), weakref.WeakKeyDictionary())


def remember_signatures() -> None:
    """Make django-tables2's ``signature(fn)`` compute once per function."""
    from django_tables2 import utils

    if getattr(utils.signature, "remembers", False):
        return
    original = utils.signature

    def signature(fn):
        function = getattr(fn, "__func__", None)
        table, key = (_SIGNATURES[1], function) if function is not None else (_SIGNATURES[0], fn)
        try:
            return table[key]
        except (KeyError, TypeError):  # TypeError: not weakly referenceable, not cached
            pass
        found = original(fn)
        try:
            table[key] = found
        except TypeError:
            pass
        return found

    signature.remembers = True
    utils.signature = signature


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

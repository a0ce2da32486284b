"""The body of every list's table, written in Python.

django-tables2's own template works out each cell's ``<td>`` attributes per cell (three
dictionaries and their class names) and walks several template nodes per cell; on a page of
25 rows and 8 columns that was half of the page's time. Here a column's attributes are worked
out once per table unless they depend on the row (a callable). A plain column's value (an
attribute path, a choice's label, or the default when empty) is read directly
(``_PlainColumn``); every other cell is still django-tables2's own (``BoundRow.get_cell``), so
``render_<column>`` methods, ``linkify`` and special columns behave as before. Each cell carries
its column's name (``data-label``), so that on a phone the rows stack as cards with a label
before each value (portal.css, ``.table-stack``).

django-tables2 also works out, for every cell, which arguments the column's ``render``
method takes (``utils.signature``: ``inspect.signature`` each time, a fifth of a list's
table). The answer depends only on the function, so ``remember_signatures`` (installed by
``PortalConfig.ready``) keeps it per function.
"""

from __future__ import annotations

import weakref

import django_tables2 as tables
from django import template
from django.db import models
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_tables2.utils import A

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


class _Unusual(Exception):
    """A plain column's value is not a plain attribute path: ask django-tables2."""


class _PlainColumn:
    """A column whose cell django-tables2 renders as its bare value (a ``tables.Column``
    itself, no ``render_<name>``, no link): its value read along the accessor's attributes
    of a model row, a choice field as its label (``get_<field>_display``), an empty value as
    the column's default. Anything else (a dictionary row, a callable on the way, an error)
    is handed back to django-tables2, whose rules these are."""

    def __init__(self, bound_column):
        self.column = bound_column
        bits = tuple(A(bound_column.accessor).bits)
        self.path, self.last = bits[:-1], bits[-1] if bits else ""
        self.empty = bound_column.column.empty_values
        self.labels: dict[tuple[type, type], bool] = {}

    @staticmethod
    def usable(bound_column, table) -> bool:
        render = getattr(bound_column.render, "__func__", None)
        return (type(bound_column.column) is tables.Column and not bound_column.link
                and render is tables.Column.render and bool(bound_column.accessor)
                and not callable(bound_column.accessor))

    def _shows_label(self, record, penultimate) -> bool:
        key = (type(record), type(penultimate))
        if key not in self.labels:
            field = A(self.column.accessor).get_field(record)
            self.labels[key] = bool(getattr(field, "choices", ())) and callable(
                getattr(penultimate, f"get_{self.last}_display", None))
        return self.labels[key]

    def value(self, record):
        if not isinstance(record, models.Model):
            raise _Unusual
        try:
            current = record
            for bit in self.path:
                current = getattr(current, bit)
                if current is None or not isinstance(current, models.Model):
                    break
            if current is None:  # a relation across an empty key
                value = None
            elif not isinstance(current, models.Model):
                raise _Unusual
            elif self._shows_label(record, current):
                value = getattr(current, f"get_{self.last}_display")()
            else:
                value = getattr(current, self.last)
        except _Unusual:
            raise
        except Exception as error:
            raise _Unusual from error
        if callable(value):
            raise _Unusual
        return self.column.default if value in self.empty else value


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    columns = list(table.columns)
    starts, plain = {}, {}
    for column in columns:
        label = format_html(' data-label="{}"', column.header)
        if _depends_on_row(column):
            starts[column.name] = None, label
            continue
        column.current_record = column.current_value = None
        starts[column.name] = format_html("<td {}{}>", mark_safe(column.attrs["td"].as_html()),
                                          label), None
        if _PlainColumn.usable(column, table):
            plain[column.name] = _PlainColumn(column)
    rows = []
    for row in table.paginated_rows:
        cells = []
        for column in columns:
            start, label = starts[column.name]
            fast = plain.get(column.name)
            try:
                if fast is None:
                    raise _Unusual
                cell = fast.value(row.record)
            except _Unusual:
                # django-tables2's own cell, as BoundRow.items() computes it
                cell = row.get_cell(column.name)
                column.current_value, column.current_record = cell, row.record
            if start is None:
                start = format_html("<td {}{}>", mark_safe(column.attrs["td"].as_html()), label)
            cells.append(f"{start}{_value(cell, column, context)}</td>")
        rows.append(f"<tr {row.attrs.as_html()}>{''.join(cells)}</tr>")
    if not rows and table.empty_text:
        return format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), table.empty_text)
    return mark_safe("\n".join(rows))

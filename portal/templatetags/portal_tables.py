"""The body of every list's table, written in Python.

django-tables2's own template works out each cell's ``<td>`` attributes per cell (three
dictionaries and their class names) and walks several template nodes per cell; on a page of
25 rows and 8 columns that was half of the page's time. Here a column's attributes are worked
out once per table unless they depend on the row (a callable). The cells of a plain
``tables.Column`` (its value along an attribute path, a choice's label, the default when
empty, then the table's ``render_<column>`` method if it has one) are computed directly
(``_DirectColumn``), as django-tables2 would; every other cell is still django-tables2's own
(``BoundRow.get_cell``), so ``linkify`` and special columns behave as before. Each cell carries
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
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django_tables2 import utils as tables_utils
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
        if type(cell) is str:  # what render_value_in_context makes of a plain string
            return escape(cell) if context.autoescape else cell
        return render_value_in_context(cell, context)
    # {{ cell|localize }} / {{ cell|unlocalize }}
    return render_value_in_context(localize(cell, use_l10n=column.localize), context)


class _Unusual(Exception):
    """A cell the direct path does not cover: ask django-tables2."""


_CELL_ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")


class _DirectColumn:
    """A ``tables.Column`` (not a subclass, no link) whose cells are computed here as
    django-tables2 computes them (``BoundRow._get_and_render_with``), without its per-cell
    steps: the value read along the accessor's attributes of a model row (an attribute that
    is missing gives ``None``), a choice field as its label (``get_<field>_display``), an
    empty value as the column's default, then the table's ``render_<name>`` method, if any,
    called with the arguments it names. Anything else (a dictionary row, a callable value, a
    relation that is not a model) is handed back to django-tables2, whose rules these are."""

    def __init__(self, bound_column, render, arguments):
        self.column = bound_column
        self.render, self.arguments = render, arguments
        bits = tuple(A(bound_column.accessor).bits)
        self.path, self.last = bits[:-1], bits[-1]
        self.empty = bound_column.column.empty_values
        self.labels: dict[tuple[type, type], bool] = {}

    @classmethod
    def of(cls, bound_column, table) -> _DirectColumn | None:
        accessor = bound_column.accessor
        if (type(bound_column.column) is not tables.Column or bound_column.link
                or not isinstance(accessor, str) or not accessor):
            return None
        render = bound_column.render
        if getattr(render, "__func__", None) is tables.Column.render:
            return cls(bound_column, None, ())
        if getattr(render, "__self__", None) is not table:
            return None
        arguments, catch_all = tables_utils.signature(render)
        if catch_all:
            arguments = _CELL_ARGUMENTS
        if any(name not in _CELL_ARGUMENTS for name in arguments):
            return None
        return cls(bound_column, render, tuple(arguments))

    def _shows_label(self, record, penultimate) -> bool:
        key = (type(record), type(penultimate))
        if key not in self.labels:
            field = A(self.column.accessor).get_field(record)
            self.labels[key] = bool(getattr(field, "choices", ())) and callable(
                getattr(penultimate, f"get_{self.last}_display", None))
        return self.labels[key]

    def _value(self, record):
        current = record
        try:
            for bit in self.path:
                current = getattr(current, bit)
                if current is None or not isinstance(current, models.Model):
                    break
            if current is None:  # a relation across an empty key
                return None
            if not isinstance(current, models.Model):
                raise _Unusual
            if self._shows_label(record, current):
                return getattr(current, f"get_{self.last}_display")()
            value = getattr(current, self.last)
        except AttributeError:  # includes a missing related object
            return None
        if callable(value):
            raise _Unusual
        return value

    def cell(self, row, table):
        record = row.record
        if not isinstance(record, models.Model):
            raise _Unusual
        value = self._value(record)
        if value in self.empty:
            return self.column.default
        if self.render is None:
            return value
        given = {"value": value, "record": record, "column": self.column.column,
                 "bound_column": self.column, "bound_row": row, "table": table}
        return self.render(**{name: given[name] for name in self.arguments})


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    columns = list(table.columns)
    starts, direct = {}, {}
    for column in columns:
        label = format_html(' data-label="{}"', column.header)
        if _depends_on_row(column):
            starts[column.name] = None, label
            continue
        column.current_record = column.current_value = None
        starts[column.name] = format_html("<td {}{}>", mark_safe(column.attrs["td"].as_html()),
                                          label), None
        found = _DirectColumn.of(column, table)
        if found is not None:
            direct[column.name] = found
    rows = []
    for row in table.paginated_rows:
        cells = []
        for column in columns:
            start, label = starts[column.name]
            fast = direct.get(column.name)
            try:
                if fast is None:
                    raise _Unusual
                cell = fast.cell(row, table)
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

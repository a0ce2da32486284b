"""The compliance grid's rows, written in Python.

The template's nested loops resolved five variables and escaped three values per cell
through the template engine, and reversed each school's address; on a page of 50 schools
and a school year's ten months and two semesters that was a third of the page. These tags
produce the same HTML: each distinct cell's class, title and text escaped once (the cells of
``compliance.grid`` are shared between rows, and so are whole rows of them), each school's
address from one reversal (``schools:detail`` with the school's id)."""

from __future__ import annotations

from html import escape  # what django.utils.html.escape does, without its lazy wrapper

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()

_CELL = '<td class="text-center small %s" title="%s">%s</td>'
_PLACEHOLDER = 2147483647  # a school id that the address of no real school contains


def _cells(cells, memo: dict) -> str:
    """The cells' HTML; ``memo`` keeps it per sequence of cells and per cell."""
    key = tuple(map(id, cells))
    html = memo.get(key)
    if html is None:
        parts = []
        for cell in cells:
            part = memo.get(id(cell))
            if part is None:
                part = memo[id(cell)] = _CELL % (escape(cell.css), escape(cell.title),
                                                  escape(cell.text))
            parts.append(part)
        html = memo[key] = "".join(parts)
    return html


@register.simple_tag
def compliance_cells(row):
    """The month cells then the semester cells of one ``compliance.grid`` row."""
    memo = {}
    return mark_safe(_cells(row.months, memo) + _cells(row.semesters, memo))


@register.simple_tag
def compliance_rows(rows):
    """Every school's row of the district's grid (activities/compliance.html)."""
    head, tail = (escape(part) for part in reverse(
        "schools:detail", kwargs={"school_pk": _PLACEHOLDER}).split(str(_PLACEHOLDER)))
    memo, out = {}, []
    for row in rows:
        school = row.school
        out.append(
            f'\n    <tr data-school="{school.pk}">'
            f'<th scope="row" class="text-nowrap fw-normal"><a href="'
            f'{head}{school.pk}{tail}">{escape(school.name)}</a></th>\n      '
            f'{_cells(row.months, memo)}\n      {_cells(row.semesters, memo)}</tr>\n  ')
    return mark_safe("".join(out))

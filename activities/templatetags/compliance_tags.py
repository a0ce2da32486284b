"""The compliance grid's rows, written in Python.

The template's nested loops resolved five variables and escaped three values per cell
through the template engine, and reversed each school's address; on a page of 50 schools
and a school year's ten months and two semesters that was a third of the page. These tags
produce the same HTML: each cell's class, title and text escaped once, each school's address
from one reversal (``schools:detail`` with the school's id)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_CELL = '<td class="text-center small %s" title="%s">%s</td>'
_PLACEHOLDER = 2147483647  # a school id that the address of no real school contains


def _cells(cells, memo: dict) -> str:
    out = []
    for cell in cells:
        html = memo.get(id(cell))
        if html is None:  # cells are shared between rows (compliance.grid)
            html = memo[id(cell)] = _CELL % (escape(cell.css), escape(cell.title),
                                              escape(cell.text))
        out.append(html)
    return "".join(out)


@register.simple_tag
def compliance_cells(row):
    """The month cells then the semester cells of one ``compliance.grid`` row."""
    memo = {}
    return mark_safe(_cells(row.months, memo) + _cells(row.semesters, memo))


@register.simple_tag
def compliance_rows(rows):
    """Every school's row of the district's grid (activities/compliance.html)."""
    head, tail = reverse("schools:detail", kwargs={"school_pk": _PLACEHOLDER}).split(
        str(_PLACEHOLDER))
    memo, out = {}, []
    for row in rows:
        school = row.school
        out.append(
            f'\n    <tr data-school="{school.pk}"><th class="text-nowrap fw-normal"><a href="'
            f'{escape(head)}{school.pk}{escape(tail)}">{escape(school.name)}</a></th>\n      '
            f'{_cells(row.months, memo)}\n      {_cells(row.semesters, memo)}</tr>\n  ')
    return mark_safe("".join(out))

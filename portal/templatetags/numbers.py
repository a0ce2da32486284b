"""``{{ value|hours }}``, ``{{ value|money }}``, ``{{ value|count }}``, ``{{ value|percent }}``:
numbers shown for their kind (see `portal.numbers`); an empty value shows as "—"."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from portal import numbers

register = template.Library()
EMPTY = "—"


@register.filter
def hours(value):
    number = numbers.hours(value)
    return EMPTY if number is None else number


@register.filter
def money(value):
    """Two decimals with thousands separators: 190,000.00."""
    number = numbers.money(value)
    return EMPTY if number is None else intcomma(f"{number:.2f}", use_l10n=False)


@register.filter
def count(value):
    number = numbers.count(value)
    return EMPTY if number is None else number


@register.filter
def percent(value):
    number = numbers.percent(value)
    return EMPTY if number is None else f"{number}%"

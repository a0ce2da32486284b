"""How a number is shown and exported, by its kind: hours with at most two decimals and no
trailing zeros (1.8, not 1.80000000000000, which is what SQLite's SUM of decimals gives),
money with two decimals, counts as integers, percentages as whole numbers. Exports get the
same values as numbers (a spreadsheet can still add them up); templates use the filters of
`portal.templatetags.numbers`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def hours(value) -> Decimal | None:
    """1.8 for 1.80000000000000, 2 for 2.0, at most two decimals."""
    number = _decimal(value)
    if number is None:
        return None
    number = number.quantize(CENT, rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def money(value) -> Decimal | None:
    number = _decimal(value)
    return None if number is None else number.quantize(CENT, rounding=ROUND_HALF_UP)


def count(value) -> int | None:
    number = _decimal(value)
    return None if number is None else int(number.to_integral_value(rounding=ROUND_HALF_UP))


def percent(value) -> int | None:
    """A share already in percent (83.3333) as a whole number (83)."""
    return count(value)

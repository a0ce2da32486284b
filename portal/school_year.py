"""The school year (学年): 1 September to 31 August. The one place the rule is written; every
page, form, figure and the demo ask here."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from portal.evaluation.sections import Period

FIRST_MONTH = 9  # September


def start_year_of(day: date) -> int:
    """The calendar year in which the school year holding `day` began."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def bounds(start_year: int) -> tuple[date, date]:
    """The first and last day of the school year that begins in `start_year`."""
    return date(start_year, FIRST_MONTH, 1), date(start_year + 1, FIRST_MONTH - 1, 31)


def school_year_of(day: date) -> Period:
    """The school year holding `day`, as a labelled evaluation period."""
    start_year = start_year_of(day)
    start, end = bounds(start_year)
    return Period(start=start, end=end,
                  label=_("School year %(start)d–%(end)d") % {"start": start_year,
                                                              "end": start_year + 1})

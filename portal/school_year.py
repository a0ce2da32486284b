"""The school year (学年): 1 September to 31 August. The one place the rule is written; every
page, form, figure and the demo ask here.

A district's pickers offer the school years where its data is: from its first school year —
the earliest year of the records the apps name in their `<app>/school_years.py` (`SOURCES`:
a model with a `district` key and its field holding a school year's start year or a date;
inspection plans, the school calendar, area meetings) — to the current one (and the next where
planning ahead makes sense), newest first; not every year since 2010. A district with no data
yet starts at the current school year. One query, whatever the district's size."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.evaluation.sections import Period
from portal.plugins import app_modules

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


def _sources() -> list[tuple[type[models.Model], str]]:
    return [source for module in app_modules("school_years") for source in module.SOURCES]


def first_school_year(district_id, *, today: date | None = None) -> int:
    """The start year of the district's first school year with data (one query)."""
    from portal.models import District

    current = start_year_of(today or timezone.localdate())
    if district_id is None:
        return current
    sources = _sources()
    earliest = {
        f"first_{n}": Subquery(model.objects.filter(district=OuterRef("pk")).order_by()
                                .values("district").annotate(first=Min(field))
                                .values("first")[:1])
        for n, (model, field) in enumerate(sources)}
    found = District.objects.filter(pk=district_id).annotate(**earliest).values(
        *earliest).first() or {}
    years = []
    for n, _source in enumerate(sources):
        value = found.get(f"first_{n}")
        if value is not None:
            years.append(start_year_of(value) if isinstance(value, date) else value)
    return min(years or [current])


def school_years(district_id, *, today: date | None = None,
                 with_next: bool = False) -> list[int]:
    """Start years from the current school year (or the next, `with_next`) back to the
    district's first, newest first."""
    current = start_year_of(today or timezone.localdate())
    last = current + 1 if with_next else current
    first = min(first_school_year(district_id, today=today), last)
    return list(range(last, first - 1, -1))

"""The school years (学年, 1 September – 31 August) a district's pickers offer.

A district's first school year is where its data starts: the earliest of its inspection
plans (督导计划, each of a school year), its school calendar (the semesters every monthly
report hangs on) and its area meetings (片区交流会). A picker offers the school years from
that one to the current one (and the next where planning ahead makes sense), newest first —
not every year since 2010. A district with no data yet starts at the current school year.
One query, whatever the district's size."""

from __future__ import annotations

from datetime import date

from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone


def school_year_start(day: date) -> int:
    """The start year of the school year containing `day` (2026-08-31 → 2025)."""
    return day.year if day.month >= 9 else day.year - 1


def first_school_year(district_id, *, today: date | None = None) -> int:
    """The start year of the district's first school year with data (one query)."""
    from activities.models import Semester
    from cadres.models import AreaMeeting
    from portal.models import District
    from supervision.models import InspectionPlan

    def earliest(model, field):
        return Subquery(model.objects.filter(district=OuterRef("pk")).order_by()
                        .values("district").annotate(first=Min(field)).values("first")[:1])

    current = school_year_start(today or timezone.localdate())
    if district_id is None:
        return current
    found = (District.objects.filter(pk=district_id)
             .annotate(plan=earliest(InspectionPlan, "year"),
                       semester=earliest(Semester, "school_year"),
                       meeting=earliest(AreaMeeting, "held_on"))
             .values("plan", "semester", "meeting").first()) or {}
    years = [found.get("plan"), found.get("semester")]
    if found.get("meeting"):
        years.append(school_year_start(found["meeting"]))
    return min([y for y in years if y is not None] or [current])


def school_years(district_id, *, today: date | None = None,
                 with_next: bool = False) -> list[int]:
    """Start years from the current school year (or the next, `with_next`) back to the
    district's first, newest first."""
    current = school_year_start(today or timezone.localdate())
    last = current + 1 if with_next else current
    first = min(first_school_year(district_id, today=today), last)
    return list(range(last, first - 1, -1))

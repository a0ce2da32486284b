"""The demo's history happened in time: every order, answer, sign-off and closure of
`seed_demo` follows the story of its school year, none is in the future, and the district
summary of each year counts that year's orders (computed here with its own queries)."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from portal.evaluation.sections import Period
from portal.models import District
from reports import collect
from supervision.models import (
    Commendation,
    Inspection,
    InspectionEvent,
    RectificationOrder,
    RectificationResponse,
    SignOff,
)

pytestmark = pytest.mark.django_db


def school_year(start_year: int) -> Period:
    return Period(start=date(start_year, 9, 1), end=date(start_year + 1, 8, 31))


def local_day(moment):
    return timezone.localtime(moment).date()


def visit(inspection):
    return timezone.make_aware(datetime.combine(inspection.planned_date, time(0, 0)))


def orders_figure(district, period) -> dict[str, int]:
    """The district summary's rectification-order figures, by their English label."""
    with translation.override("en"):
        sections = collect.district_sections(district=district, period=period)
        for section in sections:
            if str(section.title) == "Rectification orders":
                return {str(f.label): f.value for f in section.figures}
    raise AssertionError("the summary has no rectification-order section")


def test_seeded_history_follows_each_school_year():
    call_command("seed_demo", password="pw-for-tests-1", stdout=io.StringIO())
    district = District.objects.get(code="yuzhong")
    now = timezone.now()
    today = timezone.localdate()

    for inspection in Inspection.objects.all():
        assert inspection.created_at <= now
        if inspection.published_at:
            assert local_day(inspection.published_at) >= inspection.planned_date
            assert inspection.published_at <= now
    for sign in SignOff.objects.select_related("inspection"):
        # A January visit is signed in January, some days after the visit, never before.
        assert sign.inspection.planned_date <= local_day(sign.signed_at) <= today, sign.pk
        assert (sign.signed_at - visit(sign.inspection)).days <= 30, sign.pk
        if sign.inspection.published_at:
            assert sign.signed_at <= sign.inspection.published_at
    league = dict(SignOff.objects.filter(side="league").values_list("inspection", "signed_at"))
    for inspection_id, at in SignOff.objects.filter(side="education").values_list(
            "inspection", "signed_at"):
        assert league[inspection_id] <= at
    assert InspectionEvent.objects.filter(at__gt=now).count() == 0
    for c in Commendation.objects.select_related("inspection"):
        assert c.issued_on == local_day(c.inspection.published_at)

    orders = list(RectificationOrder.objects.select_related("inspection__plan"))
    assert orders
    for order in orders:
        # Issued with the published results, due after that.
        assert order.issued_at == order.inspection.published_at
        assert order.inspection.published_at <= order.issued_at <= now
        assert order.due_date > local_day(order.issued_at)
        if order.closed_at:
            assert order.issued_at <= order.closed_at <= now
    for response in RectificationResponse.objects.select_related("order"):
        assert response.order.issued_at < response.at <= now
        if response.reviewed_at:
            assert response.at <= response.reviewed_at <= now
        if response.order.closed_at:
            assert response.at <= response.order.closed_at
    answered = RectificationResponse.objects.filter(order__status="closed")
    assert any(local_day(r.at) <= r.order.due_date for r in answered)  # on time
    assert any(local_day(r.at) > r.order.due_date for r in answered)  # and late

    # Each year's summary counts the orders issued in that year, and the years differ: the
    # last one is closed, the current one still has orders open.
    current = today.year if today.month >= 9 else today.year - 1
    for start_year in (current - 1, current):
        period = school_year(start_year)
        issued = [o for o in orders if period.start <= local_day(o.issued_at) <= period.end]
        figures = orders_figure(district, period)
        assert figures.get("Orders issued", 0) == len(issued), start_year
        rectify = [i for i in Inspection.objects.filter(
            school__district=district, status="published",
            planned_date__range=(period.start, period.end)).with_total()
            if i.standard.band_for(i.total_score) == "rectify"]
        if rectify:
            assert issued, f"{start_year}: results propose rectification, no order issued"
    last = [o for o in orders if o.inspection.plan.year == current - 1]
    assert last and all(o.status == "closed" for o in last)
    late = [o for o in last if local_day(o.closed_at) > o.due_date]
    assert 0 < len(late) < len(last) / 2

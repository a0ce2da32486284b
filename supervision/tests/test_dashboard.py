"""The supervision panels (`supervision.dashboard`): open and overdue orders counted in one
query, the same figures as `open()` and `overdue()`."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.dashboard import panels
from supervision.models import Inspection, RectificationOrder
from supervision.tests.factories import make_inspection, make_order

pytestmark = pytest.mark.django_db
O = RectificationOrder.Status  # noqa: E741


def test_open_and_overdue_orders_in_one_query(world):
    inspection = make_inspection(world, status=Inspection.Status.PUBLISHED)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    make_order(inspection, due=yesterday)  # open, overdue
    make_order(inspection, due=yesterday, status=O.RESPONDED)  # still open, overdue
    make_order(inspection, due=yesterday, status=O.CLOSED)  # neither
    make_order(inspection)  # open, not yet due
    orders = RectificationOrder.objects.visible_to(world.secretary)
    assert (orders.open().count(), orders.overdue().count()) == (3, 2)
    with CaptureQueriesContext(connection) as ctx:
        values = [p.value for p in panels(world.secretary)]
    assert values == [3, 2]
    assert len(ctx.captured_queries) == 1
    assert [p.value for p in panels(world.officer)][:2] == [3, 2]

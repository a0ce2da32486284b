"""The organisation department's home reads its four figures from the registry
(`cadres.figures`, group "orgdep"): true counts, however long the lists it shows (they list
the first 100, and say so), in a constant number of queries; and the exact assessment
window as a database filter (`SecondmentQuerySet.assessable_on`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from cadres.models import Application, Secondment
from cadres.tests.factories import ReservePoolEntryFactory
from cadres.tests.secondment_helpers import make_application, make_round, make_secondment, today
from portal import figures

pytestmark = pytest.mark.django_db

A = Application.Status


def shown(html: str, key: str) -> int:
    """The number the page (in Chinese, the portal's language) shows under the figure's
    label."""
    with translation.override("zh-hans"):
        label = re.escape(figures.label(key))
    found = re.search(rf'>{label}</div><div class="stat-value[^"]*"[^>]*>(\d+)<', html)
    assert found, key
    return int(found.group(1))


def build(world, *, selected: int, terms: int, pool: int) -> None:
    round = make_round(world, posts_on_offer=selected)
    for _i in range(selected):
        make_application(world, round=round, status=A.SELECTED)
    # terms whose last month contains today: ending within 60 days and waiting for a grade
    secondments = [make_secondment(world) for _i in range(terms)]
    for s in secondments[:pool]:
        ReservePoolEntryFactory(secondment=s, added_by=world.org_department,
                                entered_on=today() - timedelta(days=5))


def test_the_figures_count_every_row_beyond_the_hundred_listed(world, client):
    build(world, selected=101, terms=102, pool=11)
    client.force_login(world.org_department)
    response = client.get(reverse("cadres:orgdep_home"))
    html = response.content.decode()
    assert shown(html, "secondments.approvals_waiting") == 101
    assert shown(html, "secondments.ending_soon") == 102
    assert shown(html, "secondments.assessments_waiting") == 102
    assert shown(html, "pool.now") == 11
    context = response.context
    assert len(context["waiting"]) == len(context["ending"]) == len(context["to_grade"]) == 100
    assert len(context["pool_recent"]) == 10
    assert "列出前 100 项，共 101 项" in html
    assert html.count("列出前 100 项，共 102 项") == 2
    # the registry says the same, and labels the cards
    found = figures.values("orgdep", figures.Scope(user=world.org_department))
    assert [found[k] for k in ("secondments.approvals_waiting", "secondments.ending_soon",
                               "secondments.assessments_waiting", "pool.now")] == [
        101, 102, 102, 11]
    for key in ("secondments.approvals_waiting", "pool.now"):
        with translation.override("zh-hans"):
            assert f">{figures.label(key)}</div>" in html


def test_the_home_runs_the_same_queries_for_few_rows_and_many(world, client,
                                                              django_assert_num_queries):
    client.force_login(world.org_department)
    build(world, selected=2, terms=2, pool=1)
    client.get(reverse("cadres:orgdep_home"))  # the session's first save
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cadres:orgdep_home"))
    build(world, selected=30, terms=30, pool=12)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cadres:orgdep_home"))
    assert shown(response.content.decode(), "secondments.approvals_waiting") == 32


def test_nothing_listed_and_nothing_counted(world, client):
    client.force_login(world.org_department)
    html = client.get(reverse("cadres:orgdep_home")).content.decode()
    for key in ("secondments.approvals_waiting", "secondments.ending_soon",
                "secondments.assessments_waiting", "pool.now"):
        assert shown(html, key) == 0
    assert "列出前" not in html


def test_the_assessment_window_as_a_filter_is_exact(world):
    """`assessable_on` keeps exactly the terms `is_assessable_on` accepts, for every end
    over two years and more (months of 28 to 31 days, February 2028 a leap one), on the days
    around the window's opening and closing."""
    secondment = make_secondment(world, start=date(2026, 1, 1))
    for end in (date(2026, 2, 10) + timedelta(days=n) for n in range(800)):
        Secondment.objects.filter(pk=secondment.pk).update(end=end)
        secondment.end = end
        opens = secondment.assessment_opens_on
        for day in (opens - timedelta(days=1), opens, end, end + timedelta(days=60),
                    end + timedelta(days=61)):
            found = Secondment.objects.filter(pk=secondment.pk).assessable_on(day).exists()
            assert found == secondment.is_assessable_on(day), (end, day)

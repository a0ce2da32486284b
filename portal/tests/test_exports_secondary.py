"""Excel exports of the portal's own lists (issue 11): the user's notifications, the evaluation
PDFs built (district and school pages) and the access log. Each is read back with openpyxl:
Chinese headers, typed cells, formula-like text unchanged and not a formula, the page's
filters and scope, the page's role check, and a number of queries that does not grow."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.access_log import AccessEvent
from portal.exports import AccessEventExport, NotificationExport
from portal.models import Notification
from portal.tests.xlsx import assert_plain_text, rows_of, sheet_of
from reports.exports import EvaluationReportExport
from reports.models import EvaluationReport

pytestmark = pytest.mark.django_db


def assert_constant_queries(client, url, params, grow, django_assert_max_num_queries):
    """The export costs no more queries with many rows than with few."""
    client.get(url, params)  # warm the per-process caches
    with django_assert_max_num_queries(20) as few:
        assert client.get(url, params).status_code == 200
    grow()
    with django_assert_max_num_queries(len(few)):
        assert len(rows_of(client.get(url, params))) > 10


# --- Notifications -------------------------------------------------------------------------

def test_notifications_export_is_the_users_own(world, client_for):
    read = timezone.make_aware(datetime(2026, 3, 2, 9, 30))
    Notification.objects.create(recipient=world.officer, title="=1+1", body="@cmd",
                                url="/supervision/", read_at=read)
    Notification.objects.create(recipient=world.officer, title="待办：月报")
    Notification.objects.create(recipient=world.secretary, title="别人的通知")
    client = client_for(world.officer)
    page = client.get(reverse("notifications"))
    assert 'data-testid="notifications-export"' in page.content.decode()
    response = client.get(reverse("notifications"), {"export": "xlsx"})
    sheet = sheet_of(response)
    rows = list(sheet.values)
    assert list(rows[0]) == NotificationExport().headers(world.officer)
    assert all(not h.isascii() for h in rows[0])  # Chinese headers
    assert rows[0][:2] == ("创建时间", "标题")
    assert sorted(r[1] for r in rows[1:]) == ["=1+1", "待办：月报"]  # not the secretary's
    formula = next(r for r in rows[1:] if r[1] == "=1+1")
    assert isinstance(formula[0], datetime)  # a date cell
    assert formula[2] == "@cmd" and formula[3] == "是" and formula[4] == datetime(2026, 3, 2, 9, 30)
    assert_plain_text(sheet, "=1+1")
    assert_plain_text(sheet, "@cmd")
    assert "别人的通知" not in [r[1] for r in rows_of(client.get(
        reverse("notifications"), {"export": "xlsx"}))]


def test_notifications_export_needs_a_sign_in(client):
    response = client.get(reverse("notifications"), {"export": "xlsx"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_notifications_export_queries_do_not_grow(world, client_for,
                                                  django_assert_max_num_queries):
    Notification.objects.create(recipient=world.officer, title="一")

    def grow():
        Notification.objects.bulk_create(
            Notification(recipient=world.officer, title=f"通知{n}") for n in range(25))

    assert_constant_queries(client_for(world.officer), reverse("notifications"),
                            {"export": "xlsx"}, grow, django_assert_max_num_queries)


# --- Evaluation reports --------------------------------------------------------------------

def report(district, school=None, **kw):
    return EvaluationReport.objects.create(
        kind="school" if school else "district", district=district, school=school,
        period_start=kw.pop("period_start", date(2025, 9, 1)),
        period_end=kw.pop("period_end", date(2026, 8, 31)), language="zh-hans", **kw)


def test_reports_export_lists_the_districts_pdfs(world, client_for):
    report(world.district, period_label="=1+1", requested_by=world.leader)
    report(world.district, world.school, period_label="@cmd")
    report(world.other_district, period_label="江北区的")
    client = client_for(world.leader)
    page = client.get(reverse("reports"))
    assert 'data-testid="reports-export"' in page.content.decode()
    sheet = sheet_of(client.get(reverse("reports"), {"export": "xlsx"}))
    rows = list(sheet.values)
    assert list(rows[0]) == EvaluationReportExport().headers(world.leader)
    assert all(not h.isascii() for h in rows[0])
    assert sorted(r[2] for r in rows[1:]) == ["=1+1", "@cmd"]  # not the other district's
    district_row = next(r for r in rows[1:] if r[2] == "=1+1")
    assert district_row[0] == "区评估总结报告" and district_row[1] == "渝中区"
    assert district_row[3] == datetime(2025, 9, 1) and district_row[4] == datetime(2026, 8, 31)
    assert isinstance(district_row[6], datetime)
    assert district_row[7] == str(world.leader)
    assert next(r for r in rows[1:] if r[2] == "@cmd")[0] == "求精中学"
    assert_plain_text(sheet, "=1+1")
    assert_plain_text(sheet, "@cmd")


def test_reports_export_of_a_chosen_district_for_city_wide_roles(world, client_for):
    report(world.district, period_label="渝中区的")
    report(world.other_district, period_label="江北区的")
    rows = rows_of(client_for(world.city_officer).get(
        reverse("reports"), {"district": world.other_district.pk, "export": "xlsx"}))
    assert [r[2] for r in rows[1:]] == ["江北区的"]


def test_reports_export_is_refused_to_secretaries(world, client_for):
    report(world.district, period_label="区级报告")
    assert client_for(world.secretary).get(
        reverse("reports"), {"export": "xlsx"}).status_code == 403


def test_school_evaluation_export_is_scoped_to_the_school(world, client_for):
    report(world.district, world.school, period_label="本校")
    report(world.district, world.other_school, period_label="别校")
    report(world.district, period_label="区级")
    client = client_for(world.secretary)
    url = reverse("school_evaluation", args=[world.school.pk])
    assert 'data-testid="reports-export"' in client.get(url).content.decode()
    rows = rows_of(client.get(url, {"export": "xlsx"}))
    assert [r[2] for r in rows[1:]] == ["本校"]
    assert client.get(reverse("school_evaluation", args=[world.other_school.pk]),
                      {"export": "xlsx"}).status_code == 404


def test_reports_export_queries_do_not_grow(world, client_for, django_assert_max_num_queries):
    report(world.district, requested_by=world.officer)

    def grow():
        for n in range(15):
            report(world.district, world.school if n % 2 else None, requested_by=world.leader,
                   period_start=date(2024, 9, 1) + timedelta(days=n))

    assert_constant_queries(client_for(world.leader), reverse("reports"), {"export": "xlsx"},
                            grow, django_assert_max_num_queries)


# --- Access log ----------------------------------------------------------------------------

A = AccessEvent.Action


def event(action, username, days_ago=0, **kw):
    return AccessEvent.objects.create(action=action, username=username,
                                      at=timezone.now() - timedelta(days=days_ago), **kw)


def test_access_log_export_applies_the_filters(world, client_for):
    event(A.SIGN_IN, "@cmd", ip="203.0.113.9", object_label="=1+1")
    event(A.SIGN_IN, "@cmd-old", days_ago=40)  # before the date filter
    event(A.EXPORT, "@cmd", object_label="schools.xlsx")  # another action
    event(A.SIGN_IN, "officer")  # another user
    client = client_for(world.admin)
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    params = {"user": "cmd", "action": "sign_in", "since": since}
    page = client.get(reverse("access_log"), params)
    assert 'data-testid="access-log-export"' in page.content.decode()
    sheet = sheet_of(client.get(reverse("access_log"), {**params, "export": "xlsx"}))
    rows = list(sheet.values)
    assert list(rows[0]) == AccessEventExport().headers(world.admin)
    assert all(not h.isascii() for h in rows[0])
    assert len(rows) == 2  # the one event the filters keep
    at, username, action, label = rows[1][:4]
    assert isinstance(at, datetime) and username == "@cmd" and action == "登录"
    assert label == "=1+1" and rows[1][7] == "203.0.113.9"
    assert_plain_text(sheet, "=1+1")
    assert_plain_text(sheet, "@cmd")


def test_access_log_export_with_invalid_filters_is_empty(world, client_for):
    event(A.SIGN_IN, "officer")
    rows = rows_of(client_for(world.admin).get(reverse("access_log"),
                                               {"since": "not-a-date", "export": "xlsx"}))
    assert len(rows) == 1  # the headers only, as the page shows no rows


@pytest.mark.parametrize("persona", ["officer", "leader", "secretary", "city_officer"])
def test_access_log_export_is_for_administrators_only(world, client_for, persona):
    event(A.SIGN_IN, "officer")
    response = client_for(getattr(world, persona)).get(reverse("access_log"),
                                                        {"export": "xlsx"})
    assert response.status_code == 403


def test_access_log_export_queries_do_not_grow(world, client_for,
                                               django_assert_max_num_queries):
    event(A.SIGN_IN, "officer")

    def grow():
        AccessEvent.objects.bulk_create(
            AccessEvent(action=A.SIGN_IN, username=f"user{n}") for n in range(25))

    assert_constant_queries(client_for(world.admin), reverse("access_log"), {"export": "xlsx"},
                            grow, django_assert_max_num_queries)

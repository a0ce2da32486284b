"""The admin does not bypass the workflows (issue 12): statuses and money are shown, not
edited; transition logs are read-only; a school with records cannot be deleted, it is
deactivated instead."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Allocation, Fund, MonthlyReport, ReportTransition, Spending
from activities.tests.factories import ActivityFactory, ReportFactory
from schools.models import School
from supervision.models import Inspection, InspectionEvent, RectificationOrder
from supervision.tests.factories import make_inspection, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(world, client):
    client.force_login(world.admin)
    client.cookies["django_language"] = "en"
    return client


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def editable_fields(response) -> set[str]:
    return set(response.context["adminform"].form.fields)


def test_statuses_are_not_editable(world, admin_client):
    inspection = make_inspection(world, status=Inspection.Status.SUBMITTED)
    order = make_order(make_inspection(world, school=world.other_school,
                                       status=Inspection.Status.PUBLISHED))
    report = ReportFactory(school=world.school)
    for obj in (inspection, order, report):
        response = admin_client.get(change_url(obj))
        assert response.status_code == 200
        assert "status" not in editable_fields(response), type(obj).__name__
    assert "status" not in editable_fields(
        admin_client.get(reverse("admin:supervision_inspection_add")))


def test_a_posted_status_is_ignored(world, admin_client):
    order = make_order(make_inspection(world, status=Inspection.Status.PUBLISHED))
    response = admin_client.post(change_url(order), {
        "inspection": order.inspection_id, "finding": order.finding_id,
        "requirement": order.requirement, "due_date": order.due_date.isoformat(),
        "status": "closed", "issued_by": world.officer.pk,
        "issued_at_0": "2026-01-01", "issued_at_1": "08:00:00"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    order.refresh_from_db()
    assert order.status == RectificationOrder.Status.OPEN


def test_money_is_not_editable_once_recorded(world, admin_client):
    fund = Fund.objects.create(district=world.district, name="专项经费", year=2026,
                               source=world.league, amount=Decimal("190000"))
    allocation = Allocation.objects.create(fund=fund, amount=Decimal("5000"))
    spending = Spending.objects.create(allocation=allocation, amount=Decimal("100"),
                                       date=date(2026, 3, 1), note="奖品")
    for obj in (allocation, spending):
        assert "amount" not in editable_fields(admin_client.get(change_url(obj)))
    add = admin_client.get(reverse("admin:activities_allocation_add"))
    assert "amount" in editable_fields(add)


def test_transition_logs_are_read_only(world, admin_client):
    inspection = make_inspection(world)
    event = InspectionEvent.objects.get(inspection=inspection)
    report = ReportFactory(school=world.school)
    log = ReportTransition.objects.create(report=report, from_status="", to_status="draft",
                                          by=world.secretary)
    for obj in (event, log):
        response = admin_client.get(change_url(obj))
        assert response.status_code == 200 and not editable_fields(response)
        meta = obj._meta
        assert admin_client.get(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
        assert admin_client.post(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk]),
            {"post": "yes"}).status_code == 403
    assert InspectionEvent.objects.filter(pk=event.pk).exists()


def test_a_school_with_records_is_protected_and_deactivated_instead(world, admin_client):
    report = ReportFactory(school=world.school)
    ActivityFactory(report=report)
    url = reverse("admin:schools_school_delete", args=[world.school.pk])
    response = admin_client.get(url)
    content = response.content.decode()
    assert response.status_code == 200 and "would require deleting the following protected" \
        in content
    admin_client.post(url, {"post": "yes"})
    assert School.objects.filter(pk=world.school.pk).exists()
    assert MonthlyReport.objects.filter(pk=report.pk).exists()
    assert world.school.branches.exists()
    response = admin_client.post(reverse("admin:schools_school_changelist"), {
        "action": "deactivate", "_selected_action": [world.school.pk]})
    assert response.status_code == 302
    world.school.refresh_from_db()
    assert world.school.active is False
    assert world.school.history.first().history_change_reason == "deactivated in the admin"

"""Special funds: balances computed, never negative, exact decimals."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from activities import services
from activities.models import Allocation, Fund, Spending
from activities.tests.factories import CampaignFactory, FundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(world):
    return FundFactory(district=world.district, source__district=world.district)


def test_balances(world, fund):
    campaign = CampaignFactory(district=world.district)
    allocation = services.allocation_create(fund=fund, user=world.officer,
                                            amount=Decimal("50000.00"), campaign=campaign)
    services.spending_create(allocation=allocation, user=world.officer,
                             amount=Decimal("1234.56"), day=date(2026, 5, 1), note="宣传品")
    listed = Fund.objects.with_balances().get()
    assert listed.balance == Decimal("140000.00")
    assert listed.spent == Decimal("1234.56")
    assert Allocation.objects.get().balance == Decimal("48765.44")


def test_overspending_is_refused_with_a_message(world, client_for, fund):
    allocation = services.allocation_create(fund=fund, user=world.officer,
                                            amount=Decimal("100.00"), school=world.school)
    response = client_for(world.officer).post(
        reverse("activities:spend", args=[allocation.pk]),
        {"date": "2026-05-01", "amount": "100.01", "note": "超支"}, follow=True)
    assert "仅剩 ¥100.00" in response.content.decode()
    assert not Spending.objects.exists()
    with pytest.raises(ValidationError):
        services.allocation_create(fund=fund, user=world.officer, amount=Decimal("189900.01"),
                                   school=world.school)
    assert Allocation.objects.count() == 1


def test_fund_pages_access(world, client_for, fund):
    assert client_for(world.officer).get(reverse("activities:fund_list")).status_code == 200
    assert client_for(world.leader).get(
        reverse("activities:fund_detail", args=[fund.pk])).status_code == 200
    assert client_for(world.secretary).get(reverse("activities:fund_list")).status_code == 403
    assert client_for(world.far_officer).get(
        reverse("activities:fund_detail", args=[fund.pk])).status_code == 404
    response = client_for(world.leader).post(reverse("activities:allocate", args=[fund.pk]),
                                             {"amount": "1", "note": "x"})
    assert response.status_code == 403 and not Allocation.objects.exists()
    with pytest.raises(PermissionDenied):
        services.allocation_create(fund=fund, user=world.secretary, amount=Decimal("1"))


@pytest.mark.parametrize("count", [3, 20])
def test_fund_list_one_query(world, client_for, django_assert_max_num_queries, count):
    for _ in range(count):
        fund = FundFactory(district=world.district, source__district=world.district)
        services.allocation_create(fund=fund, user=world.officer, amount=Decimal("10"),
                                   note="x")
    client = client_for(world.officer)
    with django_assert_max_num_queries(4):  # session, user, unread count, funds with balances
        response = client.get(reverse("activities:fund_list"))
    assert response.content.decode().count("¥189,990.00") == count  # money: 2 decimals

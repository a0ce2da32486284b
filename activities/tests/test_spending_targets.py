"""Issue 10: a spending can say which activity or campaign it paid for (a school's money
only its own school's activities), and the funds have Excel exports."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from activities import services
from activities.models import MonthlyReport, Spending
from activities.tests.factories import (
    ActivityFactory,
    CampaignFactory,
    FundFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def fund(world):
    return FundFactory(district=world.district, source__district=world.district, year=2026)


def activity_of(school, **kwargs):
    report = (MonthlyReport.objects.filter(school=school, year=2026, month=5).first()
              or ReportFactory(school=school, year=2026, month=5))
    return ActivityFactory(report=report, kind="volunteer", date=date(2026, 5, 10), **kwargs)


def spend(world, allocation, **kwargs):
    return services.spending_create(allocation=allocation, user=world.officer,
                                    amount=Decimal("300.00"), day=date(2026, 5, 12),
                                    note="志愿服务物资", **kwargs)


def test_a_school_spending_points_at_its_own_activity_only(world, fund):
    allocation = services.allocation_create(fund=fund, user=world.officer,
                                            amount=Decimal("1000"), school=world.school)
    own, other = activity_of(world.school), activity_of(world.other_school)
    with pytest.raises(ValidationError, match="activity of the school"):
        spend(world, allocation, activity=other)
    spending = spend(world, allocation, activity=own)
    assert Spending.objects.get() == spending and spending.activity == own


def test_a_campaign_allocation_pays_for_its_campaign(world, fund):
    campaign = CampaignFactory(district=world.district, name="雷锋榜样进校园")
    other = CampaignFactory(district=world.district, name="端午")
    allocation = services.allocation_create(fund=fund, user=world.officer,
                                            amount=Decimal("1000"), campaign=campaign)
    with pytest.raises(ValidationError, match="campaign"):
        spend(world, allocation, campaign=other)
    outside = activity_of(world.school)  # not an activity of the campaign
    with pytest.raises(ValidationError):
        spend(world, allocation, activity=outside)
    inside = activity_of(world.other_school, campaign=campaign)
    spending = spend(world, allocation, activity=inside, campaign=campaign)
    assert (spending.activity, spending.campaign) == (inside, campaign)


def test_the_spend_form_refuses_another_schools_activity(world, client_for, fund):
    allocation = services.allocation_create(fund=fund, user=world.officer,
                                            amount=Decimal("1000"), school=world.school)
    own, other = activity_of(world.school), activity_of(world.other_school)
    client = client_for(world.officer)
    page = client.get(fund.get_absolute_url())
    choices = page.context["allocations"][0].activity_choices
    assert choices == [own]
    data = {"date": "2026-05-12", "amount": "300", "note": "物资"}
    client.post(reverse("activities:spend", args=[allocation.pk]), {**data, "activity": other.pk})
    assert not Spending.objects.exists()
    client.post(reverse("activities:spend", args=[allocation.pk]), {**data, "activity": own.pk})
    assert Spending.objects.get().activity == own
    assert 'data-testid="paid-for"' in client.get(fund.get_absolute_url()).content.decode()


def test_funds_export_to_excel(world, client_for, fund):
    allocation = services.allocation_create(fund=fund, user=world.officer,
                                            amount=Decimal("1000"), school=world.school)
    spend(world, allocation, activity=activity_of(world.school))
    client = client_for(world.leader)
    response = client.get(reverse("activities:fund_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_row == 2 and sheet["A2"].value == fund.name
    # Amount, allocated, not yet allocated, spent, allocated but not yet spent (issue 20).
    assert [c.value for c in sheet[2][4:9]] == [190000, 1000, 189000, 300, 700]
    response = client.get(fund.get_absolute_url(), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_row == 2 and sheet["C2"].value == 300
    assert sheet["F2"].value == "求精中学"
    assert client_for(world.secretary).get(reverse("activities:fund_list"),
                                           {"export": "xlsx"}).status_code == 403


@pytest.mark.parametrize("count", [2, 10])
def test_the_fund_page_runs_constant_queries(world, client_for, fund, count,
                                             django_assert_max_num_queries):
    for _ in range(count):
        allocation = services.allocation_create(fund=fund, user=world.officer,
                                                amount=Decimal("10"), school=world.school)
        spend_ = services.spending_create(allocation=allocation, user=world.officer,
                                          amount=Decimal("1"), day=date(2026, 5, 1), note="x",
                                          activity=activity_of(world.school))
        assert spend_.pk
    client = client_for(world.officer)
    with django_assert_max_num_queries(12):
        response = client.get(fund.get_absolute_url())
    assert response.status_code == 200

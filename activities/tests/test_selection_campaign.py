"""Issue 10: an honour selection may belong to a campaign; the campaign page lists its
selections and the number honoured, in a constant number of queries."""

import pytest
from django.urls import reverse

from activities.models import HonourSelection, Nomination
from activities.tests.factories import CampaignFactory, NominationFactory, SelectionFactory
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db
ACCEPTED = Nomination.Status.ACCEPTED


def test_the_campaign_page_lists_its_selections_and_the_honoured(world, client_for):
    campaign = CampaignFactory(district=world.district, name="雷锋榜样进校园")
    selection = SelectionFactory(district=world.district, campaign=campaign, name="雷锋式好少年")
    SelectionFactory(district=world.district, name="五心四好美德少年")  # no campaign
    NominationFactory(selection=selection, school=world.school, status=ACCEPTED)
    NominationFactory(selection=selection, school=world.other_school, status=ACCEPTED)
    NominationFactory(selection=selection, school=world.school)  # not (yet) honoured
    page = client_for(world.leader).get(reverse("activities:campaign_list")).content.decode()
    cell = page.split('data-testid="campaign-selections"')[1].split("</td>")[0]
    assert "雷锋式好少年" in cell and "五心四好美德少年" not in cell
    assert "2 人获评" in cell


@pytest.mark.parametrize("count", [2, 12])
def test_the_campaign_page_runs_constant_queries(world, client_for, count,
                                                 django_assert_max_num_queries):
    for n in range(count):
        campaign = CampaignFactory(district=world.district, name=f"活动{n}")
        selection = SelectionFactory(district=world.district, campaign=campaign)
        NominationFactory(selection=selection, school=world.school, status=ACCEPTED)
    client = client_for(world.officer)
    # session, user, unread count, campaigns, partners, selections with their honoured
    with django_assert_max_num_queries(7):
        response = client.get(reverse("activities:campaign_list"))
    assert response.content.decode().count("1 人获评") == count


def test_the_selection_form_offers_only_the_district_campaigns(world, client_for):
    mine = CampaignFactory(district=world.district, name="端午")
    far = CampaignFactory(district=DistrictFactory(), name="外区活动")
    client = client_for(world.officer)
    form = client.get(reverse("activities:selection_create")).context["form"]
    assert list(form.fields["campaign"].queryset) == [mine]
    data = {"name": "雷锋式好少年", "year": 2026, "quota_per_school": 2,
            "nomination_opens": "2026-03-01", "nomination_closes": "2026-03-20"}
    response = client.post(reverse("activities:selection_create"), {**data, "campaign": far.pk})
    assert response.status_code == 200 and not HonourSelection.objects.exists()
    client.post(reverse("activities:selection_create"), {**data, "campaign": mine.pk})
    assert HonourSelection.objects.get().campaign == mine

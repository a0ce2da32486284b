import pytest

from activities.forms import CampaignForm
from portal.forms import MAX_ID

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("partner", [str(MAX_ID + 1), str(-MAX_ID - 2), "9" * 40])
def test_an_id_out_of_range_is_an_invalid_choice(world, partner):
    form = CampaignForm({"name": "学雷锋", "start": "2026-03-01", "end": "2026-03-31",
                         "partners": [partner]}, district=world.district)
    assert not form.is_valid() and "partners" in form.errors


def test_an_id_in_range_is_looked_up(world):
    form = CampaignForm({"name": "学雷锋", "start": "2026-03-01", "end": "2026-03-31",
                         "partners": [str(world.league.pk)]}, district=world.district)
    assert form.is_valid(), form.errors

"""Issue 25: the proposed outcome (建议：表彰/合格/整改) follows the total; a planned inspection
has no total and no band. The browser half (the band follows the typed total) is in
tests/browser/test_supervision.py."""

import re

import pytest
from django.urls import reverse

from supervision.models import Inspection, weighted_total
from supervision.tests.factories import make_inspection

pytestmark = pytest.mark.django_db
S = Inspection.Status


def shown_bands(page: str) -> list[str]:
    band = re.search(r'<span id="live-band"[^>]*>(.*?)</span></span>', page, re.S).group(1)
    return re.findall(r'<span [^>]*data-band="(\w+)"[^>]*(?<! hidden)>', band)


def test_nothing_scored_is_no_total_not_zero():
    assert weighted_total([(None, 10, 1, False), (None, 10, 2, False)]) is None
    assert weighted_total([(None, 10, 1, False), (5, 10, 1, False)]) == 25


def test_a_planned_inspection_shows_no_total_and_no_band(world, client_for):
    inspection = make_inspection(world)  # planned: no score yet
    assert Inspection.objects.with_total().get(pk=inspection.pk).total_score is None
    page = client_for(world.officer).get(inspection.get_absolute_url()).content.decode()
    total = re.search(r'id="live-total"[^>]*>([^<]*)<', page).group(1)
    assert total == "—"
    assert shown_bands(page) == []
    plan_page = client_for(world.officer).get(inspection.plan.get_absolute_url())
    assert plan_page.status_code == 200


def test_the_page_carries_the_standards_bands_for_the_live_total(world, client_for):
    inspection = make_inspection(world, status=S.IN_PROGRESS, score=10)  # 100.0
    standard = inspection.standard
    page = client_for(world.officer).get(
        reverse("supervision:inspection_detail", args=[inspection.pk])).content.decode()
    assert shown_bands(page) == ["commend"]
    # Each band with the range of totals it covers, from the standard's thresholds.
    ranges = dict((band, (start, below)) for band, start, below in re.findall(
        r'data-band="(\w+)" data-from="([\d.]*)" data-below="([\d.]*)"', page))
    assert ranges == {"rectify": ("", str(standard.rectify_threshold)),
                      "satisfactory": (str(standard.rectify_threshold),
                                       str(standard.commend_threshold)),
                      "commend": (str(standard.commend_threshold), "")}
    for total in (0, standard.rectify_threshold, standard.commend_threshold, 100):
        inside = [band for band, (start, below) in ranges.items()
                  if (not start or total >= float(start)) and (not below or total < float(below))]
        assert inside == [standard.band_for(total)]

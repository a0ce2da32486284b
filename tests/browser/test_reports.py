"""A leader signs in, lands on the reports page, asks for the district summary and downloads
it — in a real browser (the immediate task backend builds it during the request)."""

from pathlib import Path

import pytest

from activities.tests.factories import FundFactory
from portal.school_year import school_year_of
from supervision.models import Inspection
from supervision.tests.factories import make_inspection
from tests.browser.conftest import ARTIFACTS, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_leader_downloads_the_district_summary(world, page, login):
    from django.core.cache import cache
    from django.utils import timezone

    cache.clear()  # the reports page caches its sections by district id; ids repeat

    inspection = make_inspection(world, status=Inspection.Status.PUBLISHED, score=8)
    Inspection.objects.filter(pk=inspection.pk).update(planned_date=timezone.localdate())
    FundFactory(district=world.district, year=school_year_of(timezone.localdate()).start.year)

    login("leader")
    assert page.url.rstrip("/").endswith("/reports")  # the leader's home
    assert page.locator("h1").inner_text().startswith("评估报告")
    assert page.locator("svg.chart").count() >= 1
    screenshot(page, "reports-leader")

    page.locator("[data-testid=build-current]").click()
    page.wait_for_load_state("networkidle")
    status = page.locator("[data-testid=report-status]")
    assert status.get_attribute("data-status") == "done"
    with page.expect_download() as info:
        page.locator("[data-testid=download]").click()
    target = ARTIFACTS / "district-summary.pdf"
    info.value.save_as(str(target))
    assert Path(target).read_bytes().startswith(b"%PDF")
    screenshot(page, "reports-leader-done")

    # Back on the reports page the summary is ready and listed.
    page.goto(page.base_url + "/reports/")
    assert page.locator("[data-testid=download]").count() == 1
    assert page.locator("[data-testid=report-list] tbody tr").count() == 1

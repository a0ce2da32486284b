"""A month's report in the browser: the secretary fills and submits it with a photo, an
officer returns it, the secretary corrects and resubmits, the officer approves, and the
compliance grid cell of that month turns green."""

import struct
import zlib

import pytest
from django.utils import timezone

from activities.models import ActivityPhoto, MonthlyReport
from activities.tests.factories import current_semesters
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def png_bytes() -> bytes:
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\xcc\x1f\x1f" * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def grid_cell(page, school, column):
    return page.locator(f"#compliance tr[data-school='{school.pk}'] td").nth(column)


def test_report_round_trip_changes_the_compliance_grid(world, page, login, tmp_path):
    semester = current_semesters(world.district)[1]
    # The school joined this month: no older report is pending, so the link opens this month's.
    world.school.joined_on = timezone.localdate().replace(day=1)
    world.school.save()
    photo = tmp_path / "团日活动.png"
    photo.write_bytes(png_bytes())
    page.on("dialog", lambda dialog: dialog.accept())
    today = timezone.localdate()
    column = semester.term_months.index((today.year, today.month))
    grid = f"{page.base_url}/activities/compliance/?semester={semester.pk}"

    # Before: this month's cell for the school is not yet due.
    login("officer")
    page.goto(grid)
    assert "cell-none" in grid_cell(page, world.school, column).get_attribute("class")

    # The secretary opens this month's report: one click starts it (a GET creates nothing).
    login("secretary")
    page.click("[data-testid=nav-report]")
    page.click("[data-testid=start-report]")
    assert "求精中学" in page.locator("h1").inner_text()
    page.select_option("#activity-form select[name=kind]", "class_hour")
    page.fill("#activity-form input[name=hours]", "1")
    page.fill("#activity-form input[name=description]", "主题团课：青春心向党")
    page.click("[data-testid=add-activity]")
    page.wait_for_load_state("networkidle")
    assert "已添加活动" in page.content()
    page.set_input_files("[data-testid=photo-input]", str(photo))
    page.click("[data-testid=upload]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#photos img").count() == 1
    screenshot(page, "activities-report-draft")
    page.click("[data-testid=submit-report]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=report-status]").inner_text() == "已提交"
    report = MonthlyReport.objects.get(school=world.school)
    assert ActivityPhoto.objects.filter(report=report).count() == 1

    # The officer returns it with a comment.
    login("officer")
    page.goto(f"{page.base_url}/activities/reports/?status=submitted")
    page.click(f"a[href='/activities/reports/{report.pk}/']")
    page.fill("#return-comment", "请补充参加人数")
    page.click("[data-testid=return]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=report-status]").inner_text() == "已退回"

    # The secretary corrects and resubmits.
    login("secretary")
    page.goto(f"{page.base_url}/activities/reports/{report.pk}/")
    assert "请补充参加人数" in page.locator("[data-testid=return-comment]").inner_text()
    page.click("#activities a:has-text('编辑')")
    page.fill("input[name=participants]", "45")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.click("[data-testid=submit-report]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=report-status]").inner_text() == "已提交"

    # The officer approves; the compliance cell of this month turns green.
    login("officer")
    page.goto(f"{page.base_url}/activities/reports/{report.pk}/")
    screenshot(page, "activities-report-review")
    page.click("[data-testid=approve]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=report-status]").inner_text() == "已通过"
    page.goto(grid)
    cell = grid_cell(page, world.school, column)
    assert "cell-ok" in cell.get_attribute("class")
    assert cell.inner_text().strip() == "✓"
    screenshot(page, "activities-compliance-grid")
    report.refresh_from_db()
    assert report.status == "approved"
    assert report.activities.get().participants == 45

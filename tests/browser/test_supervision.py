"""An inspection from the first score to the school's answer, in a real browser."""

import datetime

import pytest

from supervision.demo import PNG
from supervision.models import Inspection, RectificationOrder
from supervision.tests.factories import PlanFactory, make_inspection
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_inspection_logged_signed_published_and_answered(world, page, login):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer],
                       title="2025学年联合督导")
    inspection = make_inspection(world, plan=plan)
    detail = page.base_url + inspection.get_absolute_url()
    page.on("dialog", lambda dialog: dialog.accept())

    # The team's league officer scores every indicator; the total follows the inputs.
    login("officer")
    page.goto(detail)
    inputs = page.locator("input.score-input")
    assert inputs.count() == 12
    for i in range(12):
        inputs.nth(i).fill("8")
    assert page.locator("#live-total").inner_text() == "80.0"
    page.locator("input.na-input").first.check()
    assert page.locator("#live-total").inner_text() == "80.0"
    page.locator("input.na-input").first.uncheck()
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state("networkidle")
    assert "草稿已保存" in page.content()

    # A problem finding and a photo.
    page.select_option("select[name=kind]", "problem")
    page.fill("textarea[name=text]", "团员证注册未按时完成")
    page.get_by_role("button", name="添加检查发现").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=finding]").count() == 1
    page.set_input_files("input[name=file]", files=[
        {"name": "团课.png", "mimeType": "image/png", "buffer": PNG}])
    page.fill("input[name=produced_on]", "2025-10-20")
    page.fill("input[name=caption]", "团课现场")
    page.get_by_role("button", name="上传").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=evidence]").count() == 1
    screenshot(page, "supervision-logging")

    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=status]").inner_text() == "已提交"

    # Both organisations sign, then the inspection is published.
    page.get_by_role("button", name="代表团区委会签").click()
    page.wait_for_load_state("networkidle")
    login("eduofficer")
    page.goto(detail)
    page.get_by_role("button", name="代表区教委会签").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=status]").inner_text() == "已会签"
    page.get_by_role("button", name="发布").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=status]").inner_text() == "已发布"

    # A rectification order for the problem.
    page.get_by_role("link", name="督促整改").click()
    page.select_option("select[name=finding]", label="存在问题: 团员证注册未按时完成")
    page.fill("textarea[name=requirement]", "两周内完成团员证注册")
    due = datetime.date.today() + datetime.timedelta(days=14)
    page.fill("input[name=due_date]", due.isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "整改通知已下发" in page.content()
    page.goto(page.base_url + plan.get_absolute_url())
    assert page.locator("[data-testid=progress]").inner_text().split()[:2] == ["0", "已计划"]
    assert "80.0" in page.content()
    screenshot(page, "supervision-plan")

    # The secretary sees the published result and answers.
    login("secretary")
    page.goto(detail)
    assert page.locator("[data-testid=status]").inner_text() == "已发布"
    assert "团员证注册未按时完成" in page.content() and "团的档案管理" in page.content()
    screenshot(page, "supervision-published-secretary")
    page.get_by_role("link", name="两周内完成团员证注册").click()
    page.fill("textarea[name=text]", "已完成全部团员证注册")
    page.get_by_role("button", name="报送").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=order-status]").inner_text() == "已报送"
    screenshot(page, "supervision-order-answered")

    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.PUBLISHED
    assert inspection.sign_offs.count() == 2
    order = RectificationOrder.objects.get(inspection=inspection)
    assert order.status == "responded" and order.responses.get().by == world.secretary


def test_the_proposed_outcome_follows_the_total_as_it_is_typed(world, page, login):
    """Issue 25: the band beside the total follows it while scoring, with the standard's
    thresholds; a planned inspection shows neither a total nor a band."""
    inspection = make_inspection(world)
    standard = inspection.standard
    login("officer")
    page.goto(page.base_url + inspection.get_absolute_url())
    band = page.locator("#live-band [data-band]:visible")
    assert page.locator("#live-total").inner_text() == "—" and band.count() == 0
    inputs = page.locator("input.score-input")
    inputs.first.fill("9.5")  # one indicator scored, the others count zero: 7.9
    assert page.locator("#live-total").inner_text() == "7.9"
    assert band.inner_text() == "建议：整改"
    for i in range(inputs.count()):
        inputs.nth(i).fill("9.5")
    assert page.locator("#live-total").inner_text() == "95.0"
    assert band.count() == 1 and band.inner_text() == "建议：表彰"
    assert standard.band_for(95) == "commend"
    screenshot(page, "supervision-live-band")
    for i in range(inputs.count()):
        inputs.nth(i).fill("7")
    assert page.locator("#live-total").inner_text() == "70.0"
    assert band.inner_text() == "建议：合格" and standard.band_for(70) == "satisfactory"
    for i in range(inputs.count()):
        inputs.nth(i).fill("")
    assert page.locator("#live-total").inner_text() == "—" and band.count() == 0

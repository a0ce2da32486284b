"""The joint workflow hands the work over, in a real browser: the league officer signs; the
education officer finds the inspection on their home page and under the bell, follows it and
signs; the school's secretary gets the published result and the order on their list."""

import datetime

import pytest
from django.utils import timezone

from portal.models import Notification
from supervision.models import Inspection
from supervision.tests.factories import PlanFactory, make_inspection, make_problem
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_sign_off_goes_to_the_other_body_then_to_the_school(world, page, login):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer],
                       title="2025学年联合督导")
    inspection = make_inspection(world, plan=plan, status=Inspection.Status.SUBMITTED)
    make_problem(inspection, text="团员证注册未按时完成")
    Notification.objects.all().delete()  # the planning asked for a self-assessment: not here
    detail = page.base_url + inspection.get_absolute_url()
    page.on("dialog", lambda dialog: dialog.accept())

    login("officer")
    page.goto(detail)
    page.get_by_role("button", name="代表团区委会签").click()
    page.wait_for_load_state("networkidle")

    # The education officer: the item on the home page, the bell counts it.
    login("eduofficer")
    page.goto(page.base_url + "/")
    item = page.locator("[data-testid=todo-item]", has_text="求精中学").filter(has_text="签署")
    assert item.count() == 1
    assert page.locator("[data-testid=unread-count]").inner_text() == "1"
    screenshot(page, "handover-education-officer-home")
    item.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.url == detail
    page.get_by_role("button", name="代表区教委会签").click()
    page.wait_for_load_state("networkidle")
    page.goto(page.base_url + "/")
    item = page.locator("[data-testid=todo-item]", has_text="发布")
    assert item.count() == 1
    item.locator("a").click()
    page.get_by_role("button", name="发布").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=status]").inner_text() == "已发布"
    page.get_by_role("link", name="督促整改").click()
    page.select_option("select[name=finding]", label="存在问题: 团员证注册未按时完成")
    page.fill("textarea[name=requirement]", "两周内完成团员证注册")
    due = timezone.localdate() + datetime.timedelta(days=14)
    page.fill("input[name=due_date]", due.isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")

    # The secretary: the result and the order under the bell, the order on their list.
    login("secretary")
    page.goto(page.base_url + "/")
    # The order is on the list once, with its due date (today's date may add a monthly
    # report falling due beside it: the test asserts what it made, not the list's length).
    item = page.locator("[data-testid=todo-item]", has_text="两周内完成团员证注册")
    assert item.count() == 1
    assert due.isoformat() in item.inner_text()
    assert page.locator("[data-testid=unread-count]").inner_text() == "2"
    screenshot(page, "handover-secretary-home")
    page.goto(page.base_url + "/notifications/")
    assert "督导检查结果已发布" in page.content() and "整改通知" in page.content()
    item_url = page.base_url + "/"
    page.goto(item_url)
    page.locator("[data-testid=todo-item]", has_text="两周内完成团员证注册").locator("a").click()
    page.wait_for_load_state("networkidle")
    assert "两周内完成团员证注册" in page.content()

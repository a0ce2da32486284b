"""The secondment cycle in a real browser: an officer opens a round, a secretary applies, the
officer selects, the organisation department approves (with a start date a year less two
weeks ago, so today falls in the term's last month), the three bodies grade, and the cadre
enters the reserve pool."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cadres.models import Application, Secondment, SecondmentRound
from cadres.models.secondments import add_months
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def submit(page, form_selector: str) -> None:
    page.locator(form_selector).locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_secondment_from_open_selection_to_the_reserve_pool(world, page, login):
    page.on("dialog", lambda dialog: dialog.accept())
    today = timezone.localdate()

    # The league committee's officer opens a round (the form comes filled with a window
    # starting today).
    login("officer")
    page.goto(page.base_url + "/cadres/rounds/")
    page.locator("[data-testid=round-create]").click()
    page.fill("input[name=title]", "2026年学校团干部挂职锻炼公开选拔")
    page.fill("input[name=posts_on_offer]", "1")
    page.fill("textarea[name=requirements]", "三年以上学校团队工作经历")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "已发起选拔" in page.content()
    round = SecondmentRound.objects.get()
    assert page.locator("[data-testid=round-status]").inner_text() == "进行中"

    # The school's secretary applies for themself (their cadre record is created).
    login("secretary")
    page.locator("[data-testid=nav-cadres]").click()
    page.locator("[data-testid=nav-secondments-mine]").click()
    page.wait_for_load_state("networkidle")
    form = page.locator("[data-testid=open-round] form")
    form.locator("select[name=applicant]").select_option("self")
    form.locator("select[name=gender]").select_option("female")
    form.locator("textarea[name=statement]").fill("担任学校团委书记六年，组织科技周主题团日。")
    submit(page, "[data-testid=open-round] form")
    assert page.locator("[data-testid=my-applications] [data-testid=application-status]"
                        ).inner_text() == "已报名"  # a secondment application, not a report
    screenshot(page, "secondment-apply")

    # The officer selects the candidate.
    login("officer")
    page.goto(page.base_url + round.get_absolute_url())
    submit(page, "form[action$='/select/']")
    assert "已选定" in page.content()
    screenshot(page, "secondment-round")

    # The organisation department approves from its home page.
    login("orgdep")
    assert page.url.endswith("/cadres/orgdep/")
    start = add_months(today, -12) + timedelta(days=14)
    approve = page.locator("[data-testid=to-approve] form")
    approve.locator("input[name=document_number]").fill("渝中组干〔2026〕8号")
    approve.locator("input[name=start]").fill(start.isoformat())
    submit(page, "[data-testid=to-approve] form")
    secondment = Secondment.objects.get()
    assert page.url.endswith(secondment.get_absolute_url())
    assert Application.objects.get().status == Application.Status.APPROVED
    assert secondment.start == start

    # The three bodies grade, each for itself.
    for username, grade in (("orgdep", "outstanding"), ("officer", "outstanding"),
                            ("eduofficer", "qualified")):
        login(username)
        page.goto(page.base_url + secondment.get_absolute_url())
        page.locator(f"[data-testid=assessment-form] input[value={grade}]").check()
        page.locator("[data-testid=assessment-form] textarea[name=comments]").fill("工作认真负责")
        submit(page, "[data-testid=assessment-form]")
        assert page.locator("[data-testid=assessments] tbody tr").count() >= 1
    assert page.locator("[data-testid=result]").inner_text() == "优秀"
    assert "区委组织部" in page.locator("[data-testid=reported]").inner_text()
    screenshot(page, "secondment-assessed")

    # The organisation department enters the cadre into the reserve pool.
    login("orgdep")
    page.goto(page.base_url + secondment.get_absolute_url())
    page.fill("input[name=school_support]", "学校党委同意推荐")
    page.get_by_role("button", name="纳入后备干部库").click()
    page.wait_for_load_state("networkidle")
    page.goto(page.base_url + "/cadres/reserve/")
    table = page.locator("[data-testid=reserve-table]")
    assert secondment.cadre.name in table.inner_text() and "在库" in table.inner_text()
    screenshot(page, "secondment-reserve-pool")

    # The school sees the result, not each body's grade.
    login("secretary")
    page.goto(page.base_url + secondment.get_absolute_url())
    assert page.locator("[data-testid=result]").inner_text() == "优秀"
    assert page.locator("[data-testid=assessments]").count() == 0

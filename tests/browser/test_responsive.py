"""The pages officers and secretaries use in the field, on a phone (390×844) and a tablet
(768×1024): screenshots in test-artifacts/screenshots/, no page scrolling sideways, lists as
cards with their filters behind one button, the compliance grid scrolling under a fixed school
column, the scoring page's controls full width and large enough to touch — and scores typed
while the connection is down kept in the page until the server has saved them. And on a phone
no page of any role scrolls sideways: every page of tests/browser/pages.py, in Chinese here and
in English in test_languages (one walk each, `pages.phone_walk`)."""

import pytest

from activities.tests.factories import ActivityFactory, ReportFactory, current_semesters
from supervision.models import Score
from supervision.tests.factories import PlanFactory, make_inspection
from tests.browser.conftest import screenshot
from tests.browser.pages import one_of_everything, phone_walk

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SIZES = {"phone": (390, 844), "tablet": (768, 1024)}


def _no_sideways_scroll(page, what):
    width, inner = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{what} scrolls sideways: {width} px wide in a {inner} px window"


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_phone_and_tablet_layouts(world, page, login):
    current_semesters(world.district)
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    inspection = make_inspection(world, plan=plan)
    report = ReportFactory(school=world.school)
    ActivityFactory(report=report, description="主题团日：学习二十大精神")
    ActivityFactory(report=report, hours="1.5", participants=120)
    scoring = page.base_url + inspection.get_absolute_url()

    login("officer")
    # Keyboard: the first Tab reaches the skip link, shown with a focus ring; Enter leads past
    # the menu to the page's content.
    page.goto(page.base_url + "/schools/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("(el) => el === document.activeElement")
    assert skip.is_visible() and skip.inner_text() == "跳到主要内容"
    assert skip.evaluate("(el) => getComputedStyle(el).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused  # the next Tab stays in the content, not back in the menu

    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        phone = size == "phone"

        page.goto(page.base_url + "/schools/")
        screenshot(page, f"{size}-school-list")
        _no_sideways_scroll(page, "the school list")
        filters, toggle = page.locator("#filters"), page.locator("[data-testid=filter-toggle]")
        assert filters.is_visible() is not phone and toggle.is_visible() is phone
        row = page.locator(".table-container tbody tr").first
        if phone:  # a card: the cells stacked, each after its column's name
            cells = row.locator("td")
            assert cells.nth(1).bounding_box()["y"] > cells.nth(0).bounding_box()["y"]
            assert cells.nth(1).bounding_box()["width"] > 300
            toggle.click()
            filters.wait_for(state="visible")
            assert toggle.get_attribute("aria-expanded") == "true"

        page.goto(page.base_url + "/activities/compliance/")
        screenshot(page, f"{size}-compliance-grid")
        _no_sideways_scroll(page, "the compliance grid")
        grid = page.locator("[data-testid=grid-scroll]")
        if phone:
            assert "is-scrollable" in grid.get_attribute("class")
            assert page.locator(".scroll-hint").is_visible()
            school = page.locator("#compliance tbody th").first
            before = school.bounding_box()["x"]
            page.locator("[data-testid=grid-scroll] .table-responsive").evaluate(
                "(el) => el.scrollBy(200, 0)")
            # a selector, not wait_for_function: the portal's CSP forbids evaluating strings,
            # which Playwright does when it has to poll a function
            page.locator("[data-testid=grid-scroll]:not(.at-start)").wait_for()
            assert abs(school.bounding_box()["x"] - before) < 1  # the school column stays
            assert page.locator("#compliance tbody td").first.bounding_box()["x"] < before
            screenshot(page, f"{size}-compliance-grid-scrolled")
            assert school.bounding_box()["width"] >= 100

        page.goto(scoring)
        screenshot(page, f"{size}-scoring")
        _no_sideways_scroll(page, "the scoring page")
        if phone:  # one indicator per card, its controls full width and large enough
            assert _box(page, "input.score-input")["width"] > 300
            assert _box(page, "#score-table input[type=text]")["width"] > 300
            na = _box(page, "input.na-input")
            assert na["width"] >= 24 and na["height"] >= 24
            assert page.locator(".na-label span").first.inner_text() == "不适用"
            assert page.locator(".na-label span").first.is_visible()
            save = page.get_by_role("button", name="保存草稿").bounding_box()
            assert save["height"] >= 44

    # Scores typed while the connection is down are kept in the page until the server has them.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(scoring)
    inputs = page.locator("input.score-input")
    inputs.nth(0).fill("7")
    inputs.nth(1).fill("9.5")
    page.locator("#score-table input[type=text]").first.fill("团队衔接材料齐全")
    page.context.set_offline(True)
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_timeout(500)
    page.context.set_offline(False)
    assert not Score.objects.filter(inspection=inspection, score__isnull=False).exists()
    page.goto(scoring)
    notice = page.locator("#draft-notice")
    assert notice.is_visible()
    assert inputs.nth(0).input_value() == "7" and inputs.nth(1).input_value() == "9.5"
    assert page.locator("#score-table input[type=text]").first.input_value() == "团队衔接材料齐全"
    screenshot(page, "phone-scoring-draft-restored")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state("networkidle")
    assert "草稿已保存" in page.content()
    assert not notice.is_visible()
    key = f"inspection-scores-{inspection.pk}"
    assert page.evaluate("(key) => window.localStorage.getItem(key)", key) is None
    saved = Score.objects.filter(inspection=inspection, score__isnull=False)
    assert sorted(float(s.score) for s in saved) == [7.0, 9.5]

    # The secretary's report page.
    login("secretary")
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(page.base_url + report.get_absolute_url())
        screenshot(page, f"{size}-secretary-report")
        _no_sideways_scroll(page, "the secretary's report page")
        assert page.locator("label[for=photo-files]").count() == 1


def test_no_page_of_any_role_scrolls_sideways_on_a_phone(browser, live_server, world):
    """Every page of every role at 390 px in Chinese (test_languages opens them in English at
    the same width); while there, the walk reads them for English that is not data."""
    one_of_everything(world)
    problems, visited = phone_walk(browser, live_server, world, "zh-hans")
    assert visited > 450, visited
    assert not problems, f"{len(problems)} problems on a phone:\n  " + "\n  ".join(problems)

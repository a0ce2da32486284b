"""Issue 25: pickers that can hold hundreds of entries search as you type — the area
meeting form's schools and cadres — by keyboard too, and stay the plain multi-select
without script."""

import pytest
from playwright.sync_api import expect

from cadres.models import AreaMeeting
from cadres.tests.factories import CadreFactory
from tests.browser.conftest import check_page, screenshot
from tests.factories import SchoolFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def fill_meeting(page, world):
    page.select_option("select[name=area]", "解放碑片区")
    page.fill("input[name=held_on]", "2025-10-20")
    page.fill("input[name=topic]", "团干部职业化发展座谈")
    page.select_option("select[name=host_school]", str(world.school.pk))


def test_the_meeting_form_searches_schools_and_cadres_as_you_type(world, page, login):
    for n in range(30):
        SchoolFactory(district=world.district, name=f"渝中区第{n:03d}中学", area="大坪片区")
    wanted = SchoolFactory(district=world.district, name="渝中区人和街小学", area="上清寺片区")
    cadre = CadreFactory(school=world.school, name="周晓岚")
    login("officer")
    page.goto(page.base_url + "/cadres/meetings/new/")
    fill_meeting(page, world)
    schools = page.get_by_label("参会学校", exact=True)
    assert schools.evaluate("e => e.type") == "search"  # the select gave way to the search
    assert page.locator("select[name=attending_schools]").count() == 0

    schools.fill("第0")  # thirty matches: a page of twenty, then "More…"
    results = page.locator("#id_attending_schools-results [data-choose]")
    expect(results).to_have_count(20)
    page.locator("[data-search-more]").click()
    expect(results).to_have_count(30)
    check_page(page)

    # By keyboard: type, ↓ into the results, Enter chooses.
    schools.fill("人和")
    expect(results).to_have_count(1)
    schools.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator("#id_attending_schools-results [aria-pressed=true]").count() == 1
    assert page.locator("[data-search-status]").first.inner_text() == \
        "已选：上清寺片区 · 渝中区人和街小学"
    cadres = page.get_by_label("参会干部", exact=True)
    cadres.fill("周晓")
    found = page.locator("#id_attending_cadres-results [data-choose]")
    expect(found).to_have_count(1)
    found.click()
    check_page(page)
    screenshot(page, "meeting-pickers")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    meeting = AreaMeeting.objects.get()
    assert list(meeting.attending_schools.all()) == [wanted]
    assert list(meeting.attending_cadres.all()) == [cadre]


def test_without_script_the_pickers_are_the_plain_selects(world, browser, live_server):
    from django.test import Client

    session = Client()
    session.force_login(world.officer)
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": session.cookies["sessionid"].value,
                          "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(live_server.url + "/cadres/meetings/new/")
        assert page.locator("input[data-search-input]").count() == 0
        fill_meeting(page, world)
        page.select_option("select[name=attending_schools]",
                           [str(world.school.pk), str(world.other_school.pk)])
        page.get_by_role("button", name="保存").click()
        page.wait_for_load_state("networkidle")
        meeting = AreaMeeting.objects.get()
        assert set(meeting.attending_schools.all()) == {world.school, world.other_school}
    finally:
        context.close()

"""A school secretary edits a branch in the browser; another school's edit URL is refused."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_secretary_edits_branch_and_is_refused_elsewhere(world, login):
    branch = world.school.branches.get()
    other_branch = world.other_school.branches.get()
    page = login("secretary")
    # A secretary lands on their home page; their school's page is one click away.
    assert page.url == page.base_url + "/"
    assert page.locator("[data-testid=todo-list]").count() == 1
    page.click("[data-testid=school-page]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/schools/{world.school.pk}/")
    assert page.locator("h1").inner_text().startswith("求精中学")
    page.click(f"[data-testid=edit-branch-{branch.pk}]")
    page.fill("input[name=advisor]", "赵老师")
    page.fill("input[name=member_count]", "31")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    row = page.locator("#branches tbody tr").first
    assert "赵老师" in row.inner_text()
    assert "31" in row.inner_text()
    screenshot(page, "secretary-branch-edited")

    response = page.goto(f"{page.base_url}/schools/branches/{other_branch.pk}/edit/")
    assert response.status == 404
    response = page.goto(f"{page.base_url}/schools/{world.other_school.pk}/")
    assert response.status == 404
    branch.refresh_from_db()
    assert branch.advisor == "赵老师"

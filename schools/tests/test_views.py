import pytest
from django.urls import reverse

from schools.models import Branch, School
from tests.factories import BranchFactory, HonourFactory, PairingFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_list_shows_only_the_district(world, client_for):
    response = client_for(world.officer).get(reverse("schools:list"))
    assert response.status_code == 200
    names = [s.name for s in response.context["table"].data]
    assert set(names) == {"求精中学", "大坪中学"}


def test_secretary_list_shows_only_own_school(world, client_for):
    response = client_for(world.secretary).get(reverse("schools:list"))
    assert [s.name for s in response.context["table"].data] == ["求精中学"]


def test_city_officer_sees_all_districts(world, client_for):
    response = client_for(world.city_officer).get(reverse("schools:list"))
    assert len(response.context["table"].data) == 3


def test_list_filters_and_searches(world, client_for):
    HonourFactory(school=world.other_school)
    client = client_for(world.officer)
    response = client.get(reverse("schools:list"), {"q": "大坪"})
    assert [s.name for s in response.context["table"].data] == ["大坪中学"]
    response = client.get(reverse("schools:list"), {"honour": "may_fourth_red_flag"})
    assert [s.name for s in response.context["table"].data] == ["大坪中学"]


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    client = client_for(world.officer)
    url = reverse("schools:list")
    counts = []
    for size in (5, 50):
        while School.objects.filter(district=world.district).count() < size:
            school = SchoolFactory(district=world.district)
            BranchFactory(school=school)
            HonourFactory(school=school)
        counts.append(_queries(client, url))
    assert counts[0] == counts[1]
    # session, user, row count, page of schools with counts, area choices, unread badge
    with django_assert_max_num_queries(7):
        client.get(url)


def test_detail_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    client = client_for(world.officer)
    url = reverse("schools:detail", args=[world.school.pk])
    counts = []
    for size in (5, 50):
        while world.school.branches.count() < size:
            n = world.school.branches.count()
            BranchFactory(school=world.school)
            HonourFactory(school=world.school, year=1950 + n)
            PairingFactory(school=world.school)
        counts.append(_queries(client, url))
    assert counts[0] == counts[1]
    response = client.get(url)
    assert response.content.count(b'data-testid="edit-branch-') == 50
    # session, user, school+district, units, branches, honours, pairings, unread badge,
    # then a few for each app's section on the page
    with django_assert_max_num_queries(20):
        client.get(url)


def test_secretary_edits_own_branch(world, client_for):
    branch = world.school.branches.get()
    client = client_for(world.secretary)
    url = reverse("schools:branch_update", args=[branch.pk])
    response = client.post(url, {"kind": "league_branch", "class_name": "初二3班", "grade": 8,
                                 "advisor": "赵老师", "member_count": 20, "applicant_count": 5})
    assert response.status_code == 302
    branch.refresh_from_db()
    assert (branch.class_name, branch.advisor, branch.member_count) == ("初二3班", "赵老师", 20)


def test_secretary_cannot_touch_other_school(world, client_for):
    client = client_for(world.secretary)
    other_branch = world.other_school.branches.get()
    assert client.get(reverse("schools:detail", args=[world.other_school.pk])).status_code == 404
    url = reverse("schools:branch_update", args=[other_branch.pk])
    assert client.post(url, {"class_name": "x", "grade": 1}).status_code == 404
    create_url = reverse("schools:branch_create", args=[world.other_school.pk])
    assert client.get(create_url).status_code == 404


def test_secretary_cannot_manage_honours(world, client_for):
    client = client_for(world.secretary)
    response = client.get(reverse("schools:honour_create", args=[world.school.pk]))
    assert response.status_code == 403


def test_leader_cannot_write(world, client_for):
    client = client_for(world.leader)
    assert client.get(reverse("schools:detail", args=[world.school.pk])).status_code == 200
    response = client.post(reverse("schools:update", args=[world.school.pk]), {"name": "x"})
    assert response.status_code == 403
    assert School.objects.get(pk=world.school.pk).name == "求精中学"


def test_branch_form_rejects_bad_input(world, client_for):
    client = client_for(world.secretary)
    url = reverse("schools:branch_create", args=[world.school.pk])
    existing = world.school.branches.get().class_name
    before = Branch.objects.count()
    cases = [
        ({"kind": "league_branch", "grade": 8}, "class_name"),  # missing
        ({"kind": "league_branch", "class_name": existing, "grade": 8, "member_count": 1,
          "applicant_count": 0}, "__all__"),  # duplicate
        ({"kind": "league_branch", "class_name": "x" * 51, "grade": 8, "member_count": 1,
          "applicant_count": 0}, "class_name"),  # too long
        ({"kind": "league_branch", "class_name": "初三1班", "grade": "八", "member_count": 1,
          "applicant_count": 0}, "grade"),  # wrong type
        ({"kind": "league_branch", "class_name": "初三1班", "grade": 13, "member_count": 1,
          "applicant_count": 0}, "grade"),  # out of range
    ]
    for data, field in cases:
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert field in response.context["form"].errors, (data, response.context["form"].errors)
    assert Branch.objects.count() == before


def test_school_form_messages_are_chinese(world, client_for):
    client = client_for(world.officer)
    response = client.post(reverse("schools:create"), {"name": "大坪中学", "level": "middle"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "已存在" in errors["name"][0]
    assert School.objects.filter(name="大坪中学").count() == 1


def test_officer_creates_school_in_own_district(world, client_for):
    client = client_for(world.officer)
    response = client.post(reverse("schools:create"), {
        "district": world.other_district.pk,  # ignored: the field is fixed
        "name": "新建小学", "level": "primary", "active": "on"})
    assert response.status_code == 302
    assert School.objects.get(name="新建小学").district == world.district


def test_export_xlsx_of_filtered_rows_neutralises_formulas(world, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    SchoolFactory(district=world.district, name="=HYPERLINK(\"x\")", level="primary")
    client = client_for(world.officer)
    response = client.get(reverse("schools:list"), {"level": "primary", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 2  # header + the one primary school
    name = sheet.cell(row=2, column=2)
    assert name.value == "=HYPERLINK(\"x\")"  # the text itself, quoted: no formula
    assert name.data_type == "s" and name.quotePrefix


def test_home_dashboard_counts_the_district(world, client_for):
    response = client_for(world.officer).get(reverse("home"))
    assert response.status_code == 200
    values = {str(p.title): p.value for p in response.context["panels"]}
    assert values["学校"] == 2
    assert values["团支部与少先队中队"] == 2


def test_secretary_home_is_a_page_of_their_own_a_click_from_the_school(world, client_for):
    response = client_for(world.secretary).get(reverse("home"))
    assert response.status_code == 200
    assert reverse("schools:detail", args=[world.school.pk]) in response.content.decode()


def test_not_found_page_is_chinese(world, client_for):
    response = client_for(world.secretary).get(
        reverse("schools:detail", args=[world.other_school.pk]))
    assert response.status_code == 404
    assert "不在您的账号可查看的范围内" in response.content.decode()

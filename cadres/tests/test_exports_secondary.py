"""Excel exports of the secondary cadres pages: the leadership page's moral-education table,
area meetings by year, and a secretary's own applications and secondments. Each answers
?export=xlsx with the page's own rows (its filters and scope), Chinese headers, typed cells
and formula-like text kept as plain text, in a fixed number of queries."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from cadres.models import Post
from cadres.tests.factories import AreaMeetingFactory, CadreFactory, PostFactory
from cadres.tests.secondment_helpers import make_application, make_cadre, make_secondment
from portal.tests.xlsx import FORMULA, assert_plain_text, rows_of, sheet_of
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
K = Post.Kind


# --- The leadership page ---------------------------------------------------------------------

@pytest.fixture
def moral_posts(world):
    holder = CadreFactory(school=world.school, name=FORMULA)
    PostFactory(cadre=holder)
    PostFactory(cadre=holder, kind=K.MORAL_EDUCATION_OFFICE, title="德育处副主任",
                is_concurrent=True, middle_management=True, start=date(2023, 9, 1))
    other = CadreFactory(school=world.other_school, name="郭志强")
    PostFactory(cadre=other)
    far = CadreFactory(school=world.far_school, name="江北书记")
    PostFactory(cadre=far)
    PostFactory(cadre=far, kind=K.MORAL_EDUCATION_OFFICE, title="德育处主任")


def test_leadership_exports_the_schools_table(world, client_for, moral_posts):
    url = reverse("cadres:leadership")
    client = client_for(world.officer)
    assert 'data-testid="moral-posts-export"' in client.get(url).content.decode()
    sheet = sheet_of(client.get(url, {"export": "xlsx"}))
    rows = list(sheet.values)
    assert rows[0] == ("学校", "片区", "团委书记", "已兼任德育处职务", "德育处职务", "任职起始",
                       "中层干部待遇")
    by_school = {r[0]: r for r in rows[1:]}
    assert set(by_school) == {"求精中学", "大坪中学"}  # not 江北中学 (another district)
    mine = by_school["求精中学"]
    assert mine[2] == FORMULA and mine[3] == "是" and mine[4] == "德育处副主任"
    assert mine[5] == datetime(2023, 9, 1)
    assert mine[6] == "是"
    assert by_school["大坪中学"][3] == "否" and by_school["大坪中学"][5] is None
    assert_plain_text(sheet)
    # The page's filter applies to the export.
    rows = rows_of(client.get(url, {"export": "xlsx", "holds": "no"}))
    assert [r[0] for r in rows[1:]] == ["大坪中学"]
    # Another district's officer: their own district only.
    rows = rows_of(client_for(world.far_officer).get(url, {"export": "xlsx",
                                                           "district": world.district.pk}))
    assert {r[0] for r in rows[1:]} == {"江北中学"}
    assert client_for(world.secretary).get(url, {"export": "xlsx"}).status_code == 403


@pytest.mark.parametrize("count", [1, 15])
def test_leadership_export_queries_do_not_grow(world, client_for, django_assert_max_num_queries,
                                               count):
    for n in range(count):
        cadre = CadreFactory(school=SchoolFactory(district=world.district, name=f"学校{n}"))
        PostFactory(cadre=cadre)
        PostFactory(cadre=cadre, kind=K.MORAL_EDUCATION_OFFICE, title="德育处主任")
    client = client_for(world.officer)
    client.get(reverse("home"))
    # session, user, the schools, their posts (and a spare)
    with django_assert_max_num_queries(6):
        rows = rows_of(client.get(reverse("cadres:leadership"), {"export": "xlsx"}))
    assert len(rows) == 1 + 2 + count


# --- Area meetings by year -------------------------------------------------------------------

def test_meeting_year_exports_one_row_per_area(world, client_for, django_assert_max_num_queries):
    world.school.area = "解放碑片区"
    world.school.save()
    world.other_school.area = "解放碑片区"
    world.other_school.save()
    SchoolFactory(district=world.district, area="大坪片区", name="大坪小学")
    meeting = AreaMeetingFactory(district=world.district, area="解放碑片区",
                                 held_on=date(2024, 11, 12), topic=FORMULA,
                                 host_school=world.school)
    AreaMeetingFactory(district=world.district, area="解放碑片区", held_on=date(2025, 3, 5),
                       topic="团课交流", host_school=world.school)
    AreaMeetingFactory(district=world.district, area="解放碑片区", held_on=date(2023, 11, 1),
                       topic="上一年度")  # another school year
    AreaMeetingFactory(district=world.other_district, area="观音桥片区",
                       held_on=date(2024, 12, 1), topic="江北")
    assert meeting.pk
    url = reverse("cadres:meeting_year")
    client = client_for(world.officer)
    assert 'data-testid="area-year-export"' in client.get(url, {"year": 2024}).content.decode()
    with django_assert_max_num_queries(8):
        sheet = sheet_of(client.get(url, {"year": 2024, "export": "xlsx"}))
    rows = list(sheet.values)
    assert rows[0] == ("片区", "学校数", "会议次数", "首次会议日期", "最近会议日期", "会议主题",
                       "缺席学校数", "全部缺席的学校")
    by_area = {r[0]: r for r in rows[1:]}
    assert set(by_area) == {"解放碑片区", "大坪片区"}
    row = by_area["解放碑片区"]
    assert row[1] == 2 and row[2] == 2 and isinstance(row[2], int)
    assert row[3] == datetime(2024, 11, 12) and row[4] == datetime(2025, 3, 5)
    assert row[5] == "=1+1、团课交流"
    assert row[6] == 1 and row[7] == "大坪中学"
    assert by_area["大坪片区"][2] == 0 and by_area["大坪片区"][3] is None
    # The year filter: 2023–2024 holds the other meeting only.
    rows = rows_of(client.get(url, {"year": 2023, "export": "xlsx"}))
    assert {r[0]: r[5] for r in rows[1:]}["解放碑片区"] == "上一年度"
    # The formula-like topic is text (here in a joined cell, so check a lone one).
    AreaMeetingFactory(district=world.district, area=FORMULA, held_on=date(2024, 10, 1),
                       topic=FORMULA)
    assert_plain_text(sheet_of(client.get(url, {"year": 2024, "export": "xlsx"})))
    assert client_for(world.secretary).get(url, {"export": "xlsx"}).status_code == 403


def test_meeting_year_export_queries_do_not_grow(world, client_for,
                                                 django_assert_max_num_queries):
    client = client_for(world.officer)
    url = reverse("cadres:meeting_year")
    AreaMeetingFactory(district=world.district, area="片区0", held_on=date(2024, 10, 1))
    with django_assert_max_num_queries(8) as one:
        client.get(url, {"year": 2024, "export": "xlsx"})
    for n in range(1, 10):
        school = SchoolFactory(district=world.district, area=f"片区{n}")
        meeting = AreaMeetingFactory(district=world.district, area=f"片区{n}",
                                     held_on=date(2024, 10, n), host_school=school)
        meeting.attending_schools.add(world.school)
    with django_assert_max_num_queries(len(one.captured_queries)):
        rows = rows_of(client.get(url, {"year": 2024, "export": "xlsx"}))
    assert {f"片区{n}" for n in range(10)} <= {r[0] for r in rows[1:]}


# --- A secretary's own applications and secondments -----------------------------------------

def test_secretary_exports_own_secondments_and_applications(world, client_for,
                                                            django_assert_max_num_queries):
    mine = make_secondment(world, post_title=FORMULA)
    make_secondment(world, school=world.other_school, post_title="外校挂职")
    make_application(world, cadre=make_cadre(world.school, name="本校干部"))
    make_application(world, school=world.other_school,
                     cadre=make_cadre(world.other_school, name="外校干部"))
    client = client_for(world.secretary)
    url = reverse("cadres:secondments_mine")
    page = client.get(url).content.decode()
    assert 'data-testid="my-secondments-export"' in page
    assert 'data-testid="my-applications-export"' in page
    with django_assert_max_num_queries(6) as one:
        sheet = sheet_of(client.get(url, {"export": "xlsx"}))
    rows = list(sheet.values)
    assert rows[0] == ("干部", "学校", "挂职单位", "职务", "开始日期", "结束日期", "任命文号",
                       "考核结果", "考核结果日期")
    assert len(rows) == 2
    assert rows[1][0] == mine.cadre.name and rows[1][1] == "求精中学"
    assert rows[1][4] == datetime.combine(mine.start, datetime.min.time())
    assert_plain_text(sheet)
    for _n in range(4):
        make_secondment(world)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(rows_of(client.get(url, {"export": "xlsx"}))) == 6

    sheet = sheet_of(client.get(url, {"export": "applications"}))
    rows = list(sheet.values)
    assert rows[0] == ("选拔批次", "学校", "干部", "状态", "报名时间", "决定时间", "任命文号")
    assert {r[1] for r in rows[1:]} == {"求精中学"}
    assert "本校干部" in {r[2] for r in rows[1:]} and "外校干部" not in {r[2] for r in rows}
    assert all(isinstance(r[4], datetime) for r in rows[1:])
    # The secretaries' own page: officers are refused.
    assert client_for(world.officer).get(url, {"export": "xlsx"}).status_code == 403


def test_no_export_links_without_rows(world, client_for):
    page = client_for(world.secretary).get(reverse("cadres:secondments_mine")).content.decode()
    assert 'data-testid="my-secondments-export"' not in page
    assert 'data-testid="my-applications-export"' not in page


# --- Posts: the leadership page's concurrent posts and a cadre's timeline (masked ids) ------

def test_leadership_posts_export_masks_identity_numbers(world, client_for, moral_posts,
                                                        django_assert_max_num_queries):
    deputy = CadreFactory(school=None, organisation=world.league, district=world.district,
                          name="张敏", id_number="500103198502020015")
    PostFactory(cadre=deputy, school=None, organisation=world.education, title=FORMULA,
                kind=K.PARTY_COMMITTEE_MEMBER, is_concurrent=True, start=date(2014, 6, 10))
    far = CadreFactory(school=world.far_school, name="江北兼任")
    PostFactory(cadre=far, is_concurrent=True, kind=K.PARTY_COMMITTEE_MEMBER, title="江北")
    url = reverse("cadres:leadership")
    client = client_for(world.officer)
    assert 'data-testid="leadership-posts-export"' in client.get(url).content.decode()
    with django_assert_max_num_queries(6) as one:
        sheet = sheet_of(client.get(url, {"export": "posts"}))
    rows = list(sheet.values)
    assert rows[0][:2] == ("姓名", "身份证号码")
    by_cadre = {r[0]: r for r in rows[1:]}
    assert "张敏" in by_cadre and "江北兼任" not in by_cadre
    assert by_cadre["张敏"][1] != "500103198502020015" and "*" in by_cadre["张敏"][1]
    assert datetime(2014, 6, 10) in by_cadre["张敏"]
    assert FORMULA in by_cadre["张敏"]
    assert_plain_text(sheet)
    baseline = len(one.captured_queries)  # before another request resets the query log
    # The organisation department sees identity numbers in full, on pages and in exports.
    rows = rows_of(client_for(world.org_department).get(url, {"export": "posts"}))
    assert {r[0]: r for r in rows[1:]}["张敏"][1] == "500103198502020015"
    for n in range(6):
        PostFactory(cadre=CadreFactory(school=None, organisation=world.league,
                                       district=world.district, name=f"兼任{n}"),
                    school=None, organisation=world.education, is_concurrent=True,
                    kind=K.PARTY_COMMITTEE_MEMBER, title="委员")
    client = client_for(world.officer)
    with django_assert_max_num_queries(baseline):
        assert len(rows_of(client.get(url, {"export": "posts"}))) == 1 + 1 + 6
    assert client_for(world.secretary).get(url, {"export": "posts"}).status_code == 403


def test_cadre_posts_export_masks_identity_numbers(world, client_for,
                                                   django_assert_max_num_queries):
    cadre = CadreFactory(school=world.school, name=FORMULA, id_number="500103198502020015")
    PostFactory(cadre=cadre, start=date(2020, 9, 1), end=date(2023, 8, 31))
    PostFactory(cadre=cadre, title="德育处副主任", kind=K.MORAL_EDUCATION_OFFICE,
                start=date(2023, 9, 1))
    PostFactory(cadre=CadreFactory(school=world.school, name="别人"))
    url = reverse("cadres:cadre_detail", args=[cadre.pk])
    client = client_for(world.secretary)
    assert 'data-testid="cadre-posts-export"' in client.get(url).content.decode()
    with django_assert_max_num_queries(6):
        sheet = sheet_of(client.get(url, {"export": "posts"}))
    rows = list(sheet.values)
    assert rows[0][:2] == ("姓名", "身份证号码")
    assert len(rows) == 3 and {r[0] for r in rows[1:]} == {FORMULA}
    assert all(r[1] != "500103198502020015" for r in rows[1:])
    assert {datetime(2020, 9, 1), datetime(2023, 9, 1)} <= {c for r in rows[1:] for c in r}
    assert_plain_text(sheet)
    full = rows_of(client_for(world.admin).get(url, {"export": "posts"}))
    assert {r[1] for r in full[1:]} == {"500103198502020015"}
    # Another school's secretary, another district's officer: not found.
    assert client_for(world.other_secretary).get(url, {"export": "posts"}).status_code == 404
    assert client_for(world.far_officer).get(url, {"export": "posts"}).status_code == 404

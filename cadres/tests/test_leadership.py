"""The district's "Posts and concurrent posts" page and the evaluation sections built on the
same reads: concurrent posts, the dual directors, research staff, and which schools'
secretaries hold a moral-education office post."""

from datetime import date

import pytest
from django.urls import reverse

from cadres import evaluation_people
from cadres.models import Post
from cadres.tests.factories import AreaMeetingFactory, CadreFactory, PostFactory
from portal.evaluation.sections import Chapter, Period
from portal.models import Organisation
from tests.factories import OrganisationFactory, SchoolFactory

pytestmark = pytest.mark.django_db
K = Post.Kind


@pytest.fixture
def posts(world):
    d = world.district
    party = OrganisationFactory(district=d, name="区教育党工委",
                                kind=Organisation.Kind.EDUCATION_PARTY_COMMITTEE)
    pioneers = OrganisationFactory(district=d, name="区少工委",
                                   kind=Organisation.Kind.PIONEERS_COMMITTEE)
    college = OrganisationFactory(district=d, name="渝中区教师进修学院",
                                  kind=Organisation.Kind.COLLEGE)
    deputy = CadreFactory(school=None, organisation=world.league, district=d, name="张敏")
    PostFactory(cadre=deputy, school=None, organisation=party, kind=K.PARTY_COMMITTEE_MEMBER,
                title="区教育党工委委员", is_concurrent=True, start=date(2014, 6, 10))
    PostFactory(cadre=deputy, school=None, organisation=pioneers, kind=K.PIONEERS_DIRECTOR,
                title="区少工委主任", is_concurrent=True, basis="渝中区第九次少代会选举")
    director = CadreFactory(school=None, organisation=world.education, district=d,
                            name="李建华")
    PostFactory(cadre=director, school=None, organisation=pioneers, kind=K.PIONEERS_DIRECTOR,
                title="区少工委主任", is_concurrent=True, basis="渝中区第九次少代会选举")
    researcher = CadreFactory(school=None, organisation=college, district=d, name="王德明")
    PostFactory(cadre=researcher, school=None, organisation=college, kind=K.RESEARCH_STAFF,
                title="学校共青团、少先队教研员", start=date(2014, 9, 5))
    holder = CadreFactory(school=world.school, name="周晓岚")
    PostFactory(cadre=holder)
    PostFactory(cadre=holder, kind=K.MORAL_EDUCATION_OFFICE, title="德育处副主任",
                is_concurrent=True, middle_management=True)
    former = CadreFactory(school=world.other_school, name="郭志强")
    PostFactory(cadre=former)
    PostFactory(cadre=former, kind=K.MORAL_EDUCATION_OFFICE, title="德育处副主任",
                start=date(2020, 9, 1), end=date(2023, 8, 31))  # ended: holds none now
    return {"deputy": deputy, "director": director, "researcher": researcher}


def test_the_page_shows_each_part(world, client_for, posts):
    page = client_for(world.officer).get(reverse("cadres:leadership")).content.decode()
    concurrent = page.split('id="concurrent-posts"')[1].split("</table>")[0]
    assert "张敏" in concurrent and "区教育党工委委员" in concurrent
    directors = page.split('id="pioneers-directors"')[1].split("</ul>")[0]
    assert "张敏" in directors and "李建华" in directors and "少代会" in directors
    research = page.split('id="research-staff"')[1].split("</table>")[0]
    assert "王德明" in research and "2014-09-05" in research
    moral = page.split('id="moral-posts"')[1].split("</table>")[0]
    rows = {row.split('data-school="')[1].split('"')[0]: row for row in moral.split("<tr")[2:]}
    assert "德育处副主任" in rows[str(world.school.pk)]
    assert "bi-x-circle" in rows[str(world.other_school.pk)]
    assert world.far_school.name not in page


def test_filter_holding_or_not(world, client_for, posts):
    client = client_for(world.officer)
    page = client.get(reverse("cadres:leadership"), {"holds": "no"}).content.decode()
    moral = page.split('id="moral-posts"')[1]
    assert world.other_school.name in moral and world.school.name not in moral
    page = client.get(reverse("cadres:leadership"), {"holds": "yes"}).content.decode()
    moral = page.split('id="moral-posts"')[1]
    assert world.school.name in moral and world.other_school.name not in moral


def test_access(world, client_for, posts, client):
    url = reverse("cadres:leadership")
    assert client_for(world.secretary).get(url).status_code == 403
    for user in (world.leader, world.org_department, world.education_officer):
        assert client_for(user).get(url).status_code == 200
    assert "张敏" not in client_for(world.far_officer).get(url).content.decode()
    page = client_for(world.city_officer).get(url, {"district": world.district.pk})
    assert "张敏" in page.content.decode()
    assert client_for(world.leader).post(url).status_code in (403, 405)
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("count", [3, 20])
def test_page_queries_do_not_grow(world, client_for, django_assert_max_num_queries, posts,
                                  count):
    for n in range(count):
        school = SchoolFactory(district=world.district)
        cadre = CadreFactory(school=school)
        PostFactory(cadre=cadre)
        if n % 2:
            PostFactory(cadre=cadre, kind=K.MORAL_EDUCATION_OFFICE, title="德育处主任",
                        middle_management=True)
    client = client_for(world.officer)
    client.get(reverse("home"))  # the first request after logging in writes the session
    # session, user, unread, leadership posts, counts, page count, page, school posts
    with django_assert_max_num_queries(8):
        response = client.get(reverse("cadres:leadership"))
    assert response.content.decode().count("德育处主任") == count // 2


# --- evaluation sections -------------------------------------------------------------------


PERIOD = Period(date(2025, 9, 1), date(2026, 8, 31))


def _by_title(sections):
    return {s.title: s for s in sections}


def test_district_sections(world, posts):
    a = SchoolFactory(district=world.district, area="大坪片区", name="大坪甲校")
    SchoolFactory(district=world.district, area="大坪片区", name="大坪乙校")
    meeting = AreaMeetingFactory(district=world.district, area="大坪片区",
                                 held_on=date(2025, 10, 10), host_school=a)
    meeting.attending_schools.set([a])
    sections = _by_title(evaluation_people.district_sections(district=world.district,
                                                             period=PERIOD))
    leadership = sections["职务与兼任"]
    assert leadership.chapter == Chapter.LEADERSHIP
    assert [r[0] for r in leadership.tables[0].rows] == ["张敏"]
    assert {r[0] for r in leadership.tables[1].rows} == {"张敏", "李建华"}
    research = sections["教研员"]
    assert research.chapter == Chapter.DISCIPLINISATION
    assert research.tables[0].rows[0][:2] == ["王德明", "渝中区教师进修学院"]
    moral = sections["学校团委书记兼任德育处职务情况"]
    assert moral.chapter == Chapter.PROFESSIONALISATION
    figures = {f.label: f.value for f in moral.figures}
    assert figures["兼任德育处职务的团委书记"] == 1
    assert figures["享受中层干部待遇"] == 1
    meetings = sections["片区交流会"]
    rows = {r[0]: r for r in meetings.tables[0].rows}
    assert rows["大坪片区"][1] == 1 and rows["大坪片区"][3] == "大坪乙校"


def test_sections_say_when_empty(world):
    sections = evaluation_people.district_sections(district=world.other_district, period=PERIOD)
    assert all(s.empty_note for s in sections if s.title != "学校团委书记兼任德育处职务情况")


@pytest.mark.parametrize("count", [2, 12])
def test_sections_run_a_fixed_number_of_queries(world, posts, django_assert_max_num_queries,
                                                count):
    for n in range(count):
        school = SchoolFactory(district=world.district, area=f"片区{n % 3}")
        cadre = CadreFactory(school=school)
        PostFactory(cadre=cadre, kind=K.MORAL_EDUCATION_OFFICE, title="德育处副主任")
        AreaMeetingFactory(district=world.district, area=school.area,
                           held_on=date(2025, 11, 1)).attending_schools.set([school])
    with django_assert_max_num_queries(7):
        evaluation_people.district_sections(district=world.district, period=PERIOD)
    with django_assert_max_num_queries(3):
        [section] = evaluation_people.school_sections(school=world.school, period=PERIOD)
    assert {r[1] for r in section.tables[0].rows} == {"团委书记", "德育处副主任"}

"""Cadres and posts: the list, a cadre's page, create/edit by role, posts added and ended,
validation of phones and identity numbers."""

import re
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from cadres.models import Cadre, Post
from cadres.models.people import validate_id_number, validate_phone
from cadres.tests.factories import CadreFactory, PostFactory, valid_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(world):
    """A cadre of the secretary's own school, with a current and a past post."""
    cadre = CadreFactory(school=world.school, name="周晓岚", id_number=valid_id_number(1))
    PostFactory(cadre=cadre, title="校团委书记", start=date(2020, 9, 1))
    PostFactory(cadre=cadre, kind=Post.Kind.OTHER, title="校团委副书记",
                start=date(2017, 9, 1), end=date(2020, 8, 31))
    return cadre


@pytest.fixture
def other(world):
    return CadreFactory(school=world.other_school, name="郭志强", id_number=valid_id_number(2))


@pytest.fixture
def far(world):
    return CadreFactory(school=world.far_school, name="江北干部", id_number=valid_id_number(3))


def _cadre_data(own_school, **extra):
    return {"name": "新干部", "gender": "male", "school": own_school.pk, "phone": "023-63851234",
            "id_number": valid_id_number(9), "notes": "", **extra}


# --- list ---------------------------------------------------------------------------------


def test_list_is_scoped_by_role(world, client_for, own, other, far):
    url = reverse("cadres:cadre_list")
    page = client_for(world.officer).get(url).content.decode()
    assert "周晓岚" in page and "郭志强" in page and "江北干部" not in page
    page = client_for(world.secretary).get(url).content.decode()
    assert "周晓岚" in page and "郭志强" not in page
    page = client_for(world.city_officer).get(url).content.decode()
    assert "周晓岚" in page and "江北干部" in page


def test_list_search_and_filters(world, client_for, own, other):
    client = client_for(world.officer)
    url = reverse("cadres:cadre_list")
    assert "郭志强" not in client.get(url, {"q": "晓岚"}).content.decode()
    page = client.get(url, {"school": world.other_school.name}).content.decode()
    assert "郭志强" in page and "周晓岚" not in page
    page = client.get(url, {"post_kind": Post.Kind.LEAGUE_SECRETARY}).content.decode()
    assert "周晓岚" in page and "郭志强" not in page
    org_cadre = CadreFactory(school=None, organisation=world.league, district=world.district,
                             name="团区委干部甲")
    page = client.get(url, {"organisation": world.league.pk}).content.decode()
    assert org_cadre.name in page and "周晓岚" not in page


def test_anonymous_is_sent_to_log_in(client, own):
    for url in (reverse("cadres:cadre_list"), own.get_absolute_url(),
                reverse("cadres:cadre_create"), reverse("cadres:leadership")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("count", [3, 15])
def test_list_queries_do_not_grow(world, client_for, django_assert_max_num_queries, count):
    for n in range(count):
        cadre = CadreFactory(school=world.school, id_number=valid_id_number(n))
        PostFactory(cadre=cadre)
        PostFactory(cadre=cadre, kind=Post.Kind.MORAL_EDUCATION_OFFICE, title="德育处副主任",
                    is_concurrent=True)
    client = client_for(world.officer)
    client.get(reverse("home"))  # the first request after logging in writes the session
    # session, user, unread count, organisations (filter), count, page, current posts
    with django_assert_max_num_queries(7):
        response = client.get(reverse("cadres:cadre_list"))
    assert response.content.decode().count("德育处副主任") == count


# --- a cadre's page ------------------------------------------------------------------------


def test_cadre_page_shows_the_timeline(world, client_for, own):
    doc_post = PostFactory(cadre=own, kind=Post.Kind.MORAL_EDUCATION_OFFICE,
                           title="德育处副主任", is_concurrent=True, middle_management=True,
                           appointed_by=world.league, start=date(2021, 9, 1))
    page = client_for(world.officer).get(own.get_absolute_url()).content.decode()
    current, past = page.split('id="current-posts"')[1].split('id="past-posts"')
    assert "校团委书记" in current and "德育处副主任" in current
    assert "校团委副书记" in past and "2020-08-31" in past
    assert 'data-testid="concurrent"' in current and "中层干部待遇" in current
    assert str(world.league) in current
    assert doc_post.title in page


def test_cadre_page_access(world, client_for, own, other, far):
    assert client_for(world.secretary).get(own.get_absolute_url()).status_code == 200
    assert client_for(world.secretary).get(other.get_absolute_url()).status_code == 404
    assert client_for(world.officer).get(far.get_absolute_url()).status_code == 404
    assert client_for(world.leader).get(own.get_absolute_url()).status_code == 200
    assert client_for(world.org_department).get(own.get_absolute_url()).status_code == 200


def test_cadre_page_queries(world, client_for, own, django_assert_max_num_queries):
    for n in range(6):
        PostFactory(cadre=own, title=f"岗位{n}", appointed_by=world.league,
                    start=date(2010 + n, 9, 1), end=date(2011 + n, 8, 31))
    client = client_for(world.officer)
    client.get(reverse("home"))  # the first request after logging in writes the session
    # session, user, unread, cadre, posts with places and documents, meetings
    with django_assert_max_num_queries(6):
        response = client.get(own.get_absolute_url())
    assert response.content.decode().count('data-testid="post"') == 8


# --- create and edit -----------------------------------------------------------------------


def test_officer_creates_a_cadre_of_an_organisation(world, client_for):
    response = client_for(world.officer).post(reverse("cadres:cadre_create"), _cadre_data(
        world.school, school="", organisation=world.league.pk))
    cadre = Cadre.objects.get(name="新干部")
    assert response.status_code == 302 and response["Location"] == cadre.get_absolute_url()
    assert cadre.organisation == world.league and cadre.district == world.district


def test_secretary_creates_a_cadre_of_their_school_only(world, client_for):
    client = client_for(world.secretary)
    response = client.post(reverse("cadres:cadre_create"), _cadre_data(world.other_school))
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    response = client.post(reverse("cadres:cadre_create"), _cadre_data(world.far_school))
    assert not Cadre.objects.exists()
    response = client.post(reverse("cadres:cadre_create"), _cadre_data(
        world.school, organisation=world.league.pk))
    cadre = Cadre.objects.get()
    assert cadre.school == world.school and cadre.organisation is None


def test_school_or_organisation_is_required(world, client_for):
    response = client_for(world.officer).post(reverse("cadres:cadre_create"),
                                              _cadre_data(world.school, school=""))
    assert "请选择干部所在的学校或单位" in response.content.decode()
    assert not Cadre.objects.exists()


def test_edit_by_role(world, client_for, own, other):
    data = _cadre_data(world.school, name="周晓岚（改）", phone=own.phone,
                       id_number=own.id_number)
    assert client_for(world.secretary).post(
        reverse("cadres:cadre_update", args=[other.pk]), data).status_code == 404
    assert client_for(world.leader).post(
        reverse("cadres:cadre_update", args=[own.pk]), data).status_code == 403
    assert client_for(world.org_department).post(
        reverse("cadres:cadre_update", args=[own.pk]), data).status_code == 403
    assert client_for(world.far_officer).get(
        reverse("cadres:cadre_update", args=[own.pk])).status_code == 404
    response = client_for(world.secretary).post(reverse("cadres:cadre_update", args=[own.pk]),
                                                data)
    assert response.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.name == "周晓岚（改）" and other.name == "郭志强"


@pytest.mark.parametrize(("phone", "ok"), [
    ("13812345678", True), ("023-63851234", True), ("02363851234", True),
    ("12812345678", False), ("1381234567", False), ("138-1234-5678", False), ("abc", False),
])
def test_phone_validation(phone, ok):
    from django.core.exceptions import ValidationError

    if ok:
        validate_phone(phone)
    else:
        with pytest.raises(ValidationError):
            validate_phone(phone)


def test_identity_number_validation():
    from django.core.exceptions import ValidationError

    validate_id_number("11010519491231002X")  # the standard's own example
    with pytest.raises(ValidationError, match="应为 X，而不是 1"):
        validate_id_number("110105194912310021")
    with pytest.raises(ValidationError, match="18 位"):
        validate_id_number("11010519491231002")
    with pytest.raises(ValidationError, match="不存在"):
        validate_id_number("500103" + "19900230" + "0011")


def test_form_refuses_a_wrong_checksum_with_a_clear_message(world, client_for):
    good = valid_id_number(5)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    response = client_for(world.officer).post(reverse("cadres:cadre_create"),
                                              _cadre_data(world.school, id_number=wrong))
    page = response.content.decode()
    assert f"应为 {good[17]}" in page and not Cadre.objects.exists()
    response = client_for(world.officer).post(reverse("cadres:cadre_create"),
                                              _cadre_data(world.school, phone="12345"))
    assert "11 位手机号码" in response.content.decode()
    response = client_for(world.officer).post(
        reverse("cadres:cadre_create"),
        _cadre_data(world.school, id_number="11010519491231002x"))
    assert Cadre.objects.get().id_number == "11010519491231002X"


def test_duplicate_identity_number_is_refused(world, client_for, own):
    """Two records of one number at one school (or organisation) are refused, with the
    message on the identity number; the database refuses them too."""
    for user in (world.officer, world.secretary):
        response = client_for(user).post(
            reverse("cadres:cadre_create"), _cadre_data(world.school, id_number=own.id_number))
        assert "本校已有该身份证号码的干部" in response.content.decode()
    assert Cadre.objects.count() == 1
    official = CadreFactory(school=None, organisation=world.league, district=world.district,
                            id_number=valid_id_number(4))
    response = client_for(world.officer).post(reverse("cadres:cadre_create"), _cadre_data(
        world.school, school="", organisation=world.league.pk, id_number=official.id_number))
    assert "本单位已有该身份证号码的干部" in response.content.decode()
    assert Cadre.objects.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Cadre.objects.create(district=world.district, school=world.school, name="重复",
                             gender="male", id_number=own.id_number)
    with pytest.raises(IntegrityError), transaction.atomic():
        Cadre.objects.create(district=world.district, organisation=world.league, name="重复",
                             gender="male", id_number=official.id_number)


def _form_outcome(client, response) -> tuple:
    """What the user of a cadre form reads after saving: where it leads, the message, and
    the fields of the record saved."""
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    cadre = Cadre.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    message = re.search(r'role="alert">\s*(.*?)\s*<button', page, re.S).group(1)
    return message, (cadre.name, cadre.school_id, cadre.organisation_id, cadre.phone)


@pytest.mark.parametrize("where", ["other school", "organisation"])
def test_a_secretarys_form_learns_nothing_of_numbers_outside_their_school(
        world, client_for, own, where):
    """Issue 26 (6) in the add and edit forms: a number recorded outside the secretary's
    school saves a record at their school exactly as a number recorded nowhere."""
    def recorded_outside(n):
        if where == "other school":
            return CadreFactory(school=world.other_school, id_number=valid_id_number(n))
        return CadreFactory(school=None, organisation=world.league, district=world.district,
                            id_number=valid_id_number(n))

    outside, edited_to = recorded_outside(21), recorded_outside(24)
    before = list(Cadre.objects.exclude(school=world.school).values().order_by("pk"))
    client = client_for(world.secretary)
    url = reverse("cadres:cadre_create")
    with transaction.atomic():
        unused = _form_outcome(client, client.post(url, _cadre_data(
            world.school, id_number=valid_id_number(22))))
        transaction.set_rollback(True)
    named = _form_outcome(client, client.post(url, _cadre_data(
        world.school, id_number=outside.id_number)))
    assert named == unused and unused[1][1] == world.school.pk
    assert Cadre.objects.filter(id_number=outside.id_number, school=world.school).count() == 1
    # Editing their own cadre to the number: saved, as an unused number is.
    edit = reverse("cadres:cadre_update", args=[own.pk])
    data = _cadre_data(world.school, name=own.name, phone=own.phone)
    with transaction.atomic():
        unused = _form_outcome(client, client.post(edit, {**data,
                                                          "id_number": valid_id_number(23)}))
        transaction.set_rollback(True)
    assert _form_outcome(client, client.post(edit, {**data, "id_number": edited_to.id_number})) \
        == unused
    own.refresh_from_db()
    assert own.id_number == edited_to.id_number
    assert list(Cadre.objects.exclude(school=world.school).values().order_by("pk")) == before


# --- the same number at two workplaces -----------------------------------------------------


@pytest.fixture
def moved(world, own):
    """The cadre `own` recorded again at another school (a transfer) and at an organisation."""
    return [CadreFactory(school=world.other_school, name="周晓岚", id_number=own.id_number),
            CadreFactory(school=None, organisation=world.league, district=world.district,
                         name="周晓岚", id_number=own.id_number)]


def test_the_organisation_department_sees_where_else_a_number_is_recorded(
        world, client_for, own, other, moved):
    client = client_for(world.org_department)
    page = client.get(reverse("cadres:cadre_list")).content.decode()
    rows = {re.search(r'href="/cadres/(\d+)/"', row).group(1): row
            for row in page.split("<tbody")[1].split("</tbody>")[0].split("<tr")[1:]}
    assert page.count('data-testid="recorded-elsewhere"') == 3
    own_row = rows[str(own.pk)]
    assert "另在大坪中学及其他1个单位登记" in own_row
    assert f'href="/cadres/{moved[0].pk}/" data-testid="recorded-elsewhere"' in own_row
    assert "另在求精中学及其他1个单位登记" in rows[str(moved[0].pk)]
    assert "recorded-elsewhere" not in rows[str(other.pk)]
    # The filter keeps the three records of the one number.
    page = client.get(reverse("cadres:cadre_list"), {"elsewhere": "yes"}).content.decode()
    assert page.count('data-testid="recorded-elsewhere"') == 3 and "郭志强" not in page
    # The cadre page names every other record.
    page = client.get(own.get_absolute_url()).content.decode()
    box = page.split('data-testid="recorded-elsewhere"')[1].split("</div>")[0]
    assert world.other_school.name in box and world.league.name in box
    assert moved[0].get_absolute_url() in box and moved[1].get_absolute_url() in box


def test_roles_that_see_masked_numbers_never_learn_of_other_records(world, client_for, own,
                                                                   moved):
    for user in (world.secretary, world.officer, world.leader, world.education_officer):
        client = client_for(user)
        page = client.get(reverse("cadres:cadre_list")).content.decode()
        assert "recorded-elsewhere" not in page and 'name="elsewhere"' not in page
        assert "另在" not in page
        # The filter is not theirs: asked for anyway, it is ignored.
        filtered = client.get(reverse("cadres:cadre_list"), {"elsewhere": "yes"})
        assert "周晓岚" in filtered.content.decode()
        page = client.get(own.get_absolute_url()).content.decode()
        assert "recorded-elsewhere" not in page and "另在" not in page
    assert client_for(world.admin).get(own.get_absolute_url()).content.decode().count(
        'data-testid="recorded-elsewhere"') == 1


@pytest.mark.parametrize("count", [2, 12])
def test_the_marker_costs_no_query_per_row(world, client_for, django_assert_max_num_queries,
                                           count):
    for n in range(count):
        first = CadreFactory(school=world.school, id_number=valid_id_number(n))
        PostFactory(cadre=first)
        CadreFactory(school=world.other_school, name=first.name, id_number=first.id_number)
    client = client_for(world.org_department)
    client.get(reverse("home"))  # the first request after logging in writes the session
    # session, user, unread count, organisations (filter), count, page, current posts
    with django_assert_max_num_queries(7):
        response = client.get(reverse("cadres:cadre_list"))
    assert response.content.decode().count('data-testid="recorded-elsewhere"') == 2 * count
    url = Cadre.objects.filter(school=world.school).first().get_absolute_url()
    # session, user, unread count, cadre, posts, meetings, the other records
    with django_assert_max_num_queries(7):
        response = client.get(url)
    assert response.content.decode().count('data-testid="recorded-elsewhere"') == 1


# --- posts ---------------------------------------------------------------------------------


def _post_data(**extra):
    return {"kind": Post.Kind.MORAL_EDUCATION_OFFICE, "title": "德育处副主任",
            "start": "2024-09-01", "end": "", "is_concurrent": "on", "middle_management": "on",
            "appointed_by": "", "document": "", "basis": "学校党委任命", **extra}


def test_officer_adds_a_concurrent_post(world, client_for, own):
    response = client_for(world.officer).post(reverse("cadres:post_create", args=[own.pk]),
                                              _post_data(school=world.school.pk))
    assert response.status_code == 302
    post = own.posts.get(title="德育处副主任")
    assert post.is_concurrent and post.middle_management and post.end is None


def test_secretary_adds_posts_in_their_school_only(world, client_for, own, other):
    client = client_for(world.secretary)
    assert client.post(reverse("cadres:post_create", args=[other.pk]),
                       _post_data(school=world.other_school.pk)).status_code == 404
    response = client.post(reverse("cadres:post_create", args=[own.pk]),
                           _post_data(school=world.other_school.pk))
    assert response.status_code == 200 and not own.posts.filter(title="德育处副主任").exists()
    response = client.post(reverse("cadres:post_create", args=[own.pk]),
                           _post_data(school=world.school.pk, organisation=world.league.pk))
    post = own.posts.get(title="德育处副主任")
    assert post.school == world.school and post.organisation is None


def test_post_end_dates_are_checked(world, client_for, own):
    post = own.posts.get(end__isnull=True)
    client = client_for(world.officer)
    assert client.get(reverse("cadres:post_end", args=[post.pk])).status_code == 200
    response = client.post(reverse("cadres:post_end", args=[post.pk]), {"end": "2019-01-01"},
                           follow=True)
    assert "不能早于开始日期" in response.content.decode()
    post.refresh_from_db()
    assert post.end is None
    response = client.post(reverse("cadres:post_end", args=[post.pk]), {"end": "2025-07-31"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.end == date(2025, 7, 31) and not post.is_current()


def test_post_writes_are_refused_outside_the_role(world, client_for, own, far):
    post = own.posts.get(end__isnull=True)
    assert client_for(world.leader).post(reverse("cadres:post_end", args=[post.pk]),
                                         {"end": "2025-07-31"}).status_code == 403
    assert client_for(world.other_secretary).post(reverse("cadres:post_end", args=[post.pk]),
                                                  {"end": "2025-07-31"}).status_code == 404
    assert client_for(world.far_officer).get(
        reverse("cadres:post_update", args=[post.pk])).status_code == 404
    assert client_for(world.officer).get(
        reverse("cadres:post_create", args=[far.pk])).status_code == 404
    post.refresh_from_db()
    assert post.end is None


def test_post_end_must_not_precede_start_in_the_form(world, client_for, own):
    response = client_for(world.officer).post(
        reverse("cadres:post_create", args=[own.pk]),
        _post_data(school=world.school.pk, start="2024-09-01", end="2024-01-01"))
    assert "岗位的结束日期不能早于开始日期" in response.content.decode()

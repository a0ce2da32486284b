"""The secondment pages: access by role, what each role sees, refusals as messages (never a
500), query counts with several rows, the pool's Excel export with masking."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cadres.models import Application, Assessment, ReservePoolEntry, Secondment, SecondmentRound
from cadres.models.secondments import Grade
from cadres.services import secondments as services
from cadres.tests.factories import DocumentFactory, ReservePoolEntryFactory
from cadres.tests.secondment_helpers import (
    make_application,
    make_cadre,
    make_round,
    make_secondment,
    today,
)

A = Application.Status


@pytest.fixture
def client_for(client, settings):
    """Logged-in clients reading English (the switch's cookie): messages are matched in
    English here; the browser test reads the Chinese."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def login(user):
        client.force_login(user)
        return client

    return login


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow_messages(client, url, data=None) -> list[str]:
    response = client.post(url, data or {}, follow=True)
    assert response.status_code == 200
    return messages_of(response)


# ---------------------------------------------------------------- rounds

def test_an_officer_opens_a_round_through_the_form(world, client_for):
    notice = DocumentFactory(district=world.district, title="关于挂职选拔的通知")
    client = client_for(world.officer)
    assert client.get(reverse("cadres:round_create")).status_code == 200
    response = client.post(reverse("cadres:round_create"), {
        "year": 2026, "title": "2026年挂职选拔", "post_title": "团区委学少部副部长",
        "posts_on_offer": 2, "requirements": "三年经历", "opens_on": today().isoformat(),
        "closes_on": (today() + timedelta(days=10)).isoformat(), "term_months": 12,
        "notice": notice.pk})
    round = SecondmentRound.objects.get()
    assert response.status_code == 302 and response["Location"] == round.get_absolute_url()
    page = client.get(round.get_absolute_url())
    assert "关于挂职选拔的通知" in page.content.decode()


def test_the_round_form_shows_errors(world, client_for):
    client = client_for(world.officer)
    response = client.post(reverse("cadres:round_create"), {
        "year": 2026, "title": "x", "post_title": "p", "posts_on_offer": 0, "term_months": 12,
        "opens_on": today().isoformat(), "closes_on": (today() - timedelta(days=1)).isoformat()})
    assert response.status_code == 200 and not SecondmentRound.objects.exists()
    assert response.context["form"].errors


@pytest.mark.parametrize("who, status", [
    ("secretary", 403), ("leader", 403), ("org_department", 403)])
def test_only_officers_reach_the_round_form(world, client_for, who, status):
    assert client_for(getattr(world, who)).get(reverse("cadres:round_create")).status_code == status


def test_a_round_is_edited_until_someone_applies(world, client_for):
    round = make_round(world)
    client = client_for(world.officer)
    url = reverse("cadres:round_update", kwargs={"round_pk": round.pk})
    data = {"year": 2026, "title": "改名", "post_title": round.post_title, "posts_on_offer": 3,
            "opens_on": round.opens_on.isoformat(), "closes_on": round.closes_on.isoformat(),
            "term_months": 12}
    assert client.post(url, data).status_code == 302
    round.refresh_from_db()
    assert round.title == "改名"
    make_application(world, round=round)
    response = client.post(url, data | {"title": "再改"}, follow=True)
    assert any("can no longer be changed" in m for m in messages_of(response))
    round.refresh_from_db()
    assert round.title == "改名"


@pytest.mark.parametrize("who, status", [
    ("officer", 200), ("education_officer", 200), ("org_department", 200), ("leader", 200),
    ("secretary", 403), ("far_officer", 404)])
def test_round_page_access(world, client_for, who, status):
    round = make_round(world)
    make_application(world, round=round)
    response = client_for(getattr(world, who)).get(round.get_absolute_url())
    assert response.status_code == status


def test_anonymous_users_log_in_first(world, client):
    round = make_round(world)
    response = client.get(round.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_round_page_actions_by_role(world, client_for):
    round = make_round(world)
    make_application(world, round=round)
    make_application(world, round=round, school=world.other_school, status=A.SELECTED)
    officer_page = client_for(world.officer).get(round.get_absolute_url()).content.decode()
    assert "application_select" not in officer_page  # (url names never leak)
    assert "/select/" in officer_page and "/approve/" not in officer_page
    orgdep_page = client_for(world.org_department).get(round.get_absolute_url()).content.decode()
    assert "/approve/" in orgdep_page and "/select/" not in orgdep_page
    leader_page = client_for(world.leader).get(round.get_absolute_url()).content.decode()
    assert "/approve/" not in leader_page and "/select/" not in leader_page


def test_round_page_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    round = make_round(world, posts_on_offer=5)
    for school in (world.school, world.other_school) * 6:
        make_application(world, round=round, school=school)
    make_secondment(world)
    client = client_for(world.org_department)
    # session, user, the user's organisation (which body they act for), round, counts by
    # status, page count, rows (with cadre, school, secondment), unread notifications,
    # the session's save (savepoint, update, release)
    with django_assert_max_num_queries(11):
        response = client.get(round.get_absolute_url())
    assert len(response.context["page_obj"]) == 12


def test_officers_select_and_close_from_the_round_page(world, client_for):
    round = make_round(world, posts_on_offer=1)
    first = make_application(world, round=round)
    second = make_application(world, round=round, school=world.other_school)
    client = client_for(world.education_officer)
    url = lambda name, a: reverse(f"cadres:{name}", kwargs={"application_pk": a.pk})  # noqa: E731
    assert any("shortlisted" in m for m in follow_messages(client, url("application_shortlist",
                                                                        first)))
    follow_messages(client, url("application_select", first))
    messages = follow_messages(client, url("application_select", second))
    assert any("posts on offer are already taken" in m for m in messages)
    follow_messages(client, reverse("cadres:round_close", kwargs={"round_pk": round.pk}))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (A.SELECTED, A.NOT_SELECTED)


def test_leaders_change_nothing(world, client_for):
    round = make_round(world)
    application = make_application(world, round=round, status=A.SELECTED)
    secondment = make_secondment(world)
    client = client_for(world.leader)
    for url in (reverse("cadres:round_close", kwargs={"round_pk": round.pk}),
                reverse("cadres:application_select", kwargs={"application_pk": application.pk}),
                reverse("cadres:application_approve", kwargs={"application_pk": application.pk}),
                reverse("cadres:assessment_record", kwargs={"secondment_pk": secondment.pk}),
                reverse("cadres:reserve_enter", kwargs={"secondment_pk": secondment.pk})):
        assert client.post(url, {"grade": "qualified", "document_number": "x"}).status_code == 403
    application.refresh_from_db()
    assert application.status == A.SELECTED and not Assessment.objects.exists()


# ---------------------------------------------------------------- the secretary's page

def test_a_secretary_applies_from_their_page(world, client_for):
    round = make_round(world, notice=DocumentFactory(district=world.district))
    cadre = make_cadre(world.school, name="王静")
    client = client_for(world.secretary)
    page = client.get(reverse("cadres:secondments_mine"))
    assert page.status_code == 200 and round.title in page.content.decode()
    url = reverse("cadres:application_submit")
    data = {"round": round.pk, "applicant": cadre.pk, "statement": "八年团干部经历"}
    assert any(round.title in m for m in follow_messages(client, url, data))
    assert Application.objects.get().cadre == cadre
    # Twice: a message, not a 500.
    assert any("王静 has already applied" in m for m in follow_messages(client, url, data))
    # For themself: the gender is asked the first time.
    messages = follow_messages(client, url, {"round": round.pk, "applicant": "self",
                                             "statement": "我"})
    assert any("gender" in m for m in messages)
    follow_messages(client, url, {"round": round.pk, "applicant": "self", "statement": "我",
                                  "gender": "male"})
    assert Application.objects.filter(cadre__user=world.secretary).exists()


def test_a_secretary_cannot_apply_outside_the_window_or_for_another_school(world, client_for):
    closed = make_round(world, opens_on=today() - timedelta(days=30),
                        closes_on=today() - timedelta(days=1))
    other_cadre = make_cadre(world.other_school)
    client = client_for(world.secretary)
    url = reverse("cadres:application_submit")
    messages = follow_messages(client, url, {"round": closed.pk, "applicant": "self",
                                             "statement": "x", "gender": "male"})
    assert any("Applications closed on" in m for m in messages)
    open_round = make_round(world)
    messages = follow_messages(client, url, {"round": open_round.pk, "applicant": other_cadre.pk,
                                             "statement": "x"})
    assert messages  # not a choice of theirs: refused by the form
    assert not Application.objects.exists()
    far_round = make_round(world, district=world.other_district)
    assert client.post(url, {"round": far_round.pk, "applicant": "self",
                             "statement": "x"}).status_code == 404
    assert client.post(url, {"round": "abc"}).status_code == 404


def test_a_secretary_sees_only_their_schools_applications(world, client_for):
    round = make_round(world)
    mine = make_application(world, round=round, cadre=make_cadre(world.school, name="本校干部"))
    theirs = make_application(world, round=round, school=world.other_school,
                              cadre=make_cadre(world.other_school, name="外校干部"))
    client = client_for(world.secretary)
    page = client.get(reverse("cadres:secondments_mine")).content.decode()
    assert "本校干部" in page and "外校干部" not in page
    # Another school's application: a 404, like a missing one.
    withdraw = reverse("cadres:application_withdraw", kwargs={"application_pk": theirs.pk})
    assert client.post(withdraw).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == A.SUBMITTED
    follow_messages(client, reverse("cadres:application_withdraw",
                                    kwargs={"application_pk": mine.pk}))
    mine.refresh_from_db()
    assert mine.status == A.WITHDRAWN


def test_secretaries_do_not_reach_officer_pages(world, client_for):
    client = client_for(world.secretary)
    for name in ("cadres:round_list", "cadres:reserve_list", "cadres:secondment_list",
                 "cadres:orgdep_home"):
        assert client.get(reverse(name)).status_code == 403, name


# ---------------------------------------------------------------- approval and secondments

def test_the_organisation_department_approves_from_its_home(world, client_for):
    application = make_application(world, status=A.SELECTED)
    client = client_for(world.org_department)
    assert client.get(reverse("home"))["Location"] == reverse("cadres:orgdep_home")
    home = client.get(reverse("cadres:orgdep_home"))
    assert application.cadre.name in home.content.decode()
    url = reverse("cadres:application_approve", kwargs={"application_pk": application.pk})
    response = client.post(url, {"document_number": "", "next": "home"})
    assert response["Location"] == reverse("cadres:orgdep_home")
    response = client.post(url, {"document_number": "渝中组干〔2026〕1号", "next": "home"})
    secondment = Secondment.objects.get()
    assert response["Location"] == secondment.get_absolute_url()
    messages = follow_messages(client, url, {"document_number": "渝中组干〔2026〕2号"})
    assert any("already been approved" in m for m in messages)


def test_officers_cannot_approve(world, client_for):
    application = make_application(world, status=A.SELECTED)
    url = reverse("cadres:application_approve", kwargs={"application_pk": application.pk})
    assert client_for(world.officer).post(url, {"document_number": "x"}).status_code == 403


def test_secondment_page_shows_grades_to_officers_and_only_the_result_to_the_school(
        world, client_for):
    secondment = make_secondment(world)
    for user in (world.org_department, world.officer, world.education_officer):
        services.assessment_record(secondment=secondment, user=user, grade=Grade.QUALIFIED,
                                   comments=f"评语-{user.username}")
    officer_page = client_for(world.officer).get(secondment.get_absolute_url()).content.decode()
    assert "评语-orgdep" in officer_page and "评语-eduofficer" in officer_page
    assert 'data-testid="reported"' in officer_page
    school_page = client_for(world.secretary).get(secondment.get_absolute_url())
    assert school_page.status_code == 200
    html = school_page.content.decode()
    assert "评语-orgdep" not in html and 'data-testid="assessments"' not in html
    assert 'data-testid="result"' in html
    assert client_for(world.other_secretary).get(
        secondment.get_absolute_url()).status_code == 404


def test_each_assessor_grades_for_their_own_body_only(world, client_for):
    secondment = make_secondment(world)
    url = reverse("cadres:assessment_record", kwargs={"secondment_pk": secondment.pk})
    client = client_for(world.education_officer)
    page = client.get(secondment.get_absolute_url())
    assert page.context["can_assess"] and page.context["body"] == "education_commission"
    messages = follow_messages(client, url, {"grade": "qualified",
                                             "body": "league_committee"})
    assert any("not for" in m for m in messages)
    assert not Assessment.objects.exists()
    follow_messages(client, url, {"grade": "qualified", "body": "education_commission"})
    assert Assessment.objects.get().body == "education_commission"
    assert client_for(world.secretary).post(url, {"grade": "qualified"}).status_code == 403


def test_an_assessment_before_the_last_month_is_refused_on_the_page(world, client_for):
    from cadres.models.secondments import add_months

    secondment = make_secondment(world, start=add_months(today(), -6))
    client = client_for(world.officer)
    page = client.get(secondment.get_absolute_url())
    assert not page.context["can_assess"]
    messages = follow_messages(client, reverse("cadres:assessment_record",
                                               kwargs={"secondment_pk": secondment.pk}),
                               {"grade": "qualified"})
    assert any("last month of the term" in m for m in messages)


def test_secondment_page_query_count(world, client_for, django_assert_max_num_queries):
    secondment = make_secondment(world)
    for user in (world.org_department, world.officer):
        services.assessment_record(secondment=secondment, user=user, grade=Grade.QUALIFIED)
    client = client_for(world.officer)
    with django_assert_max_num_queries(16):
        assert client.get(secondment.get_absolute_url()).status_code == 200


# ---------------------------------------------------------------- reserve pool

def entry_for(world, school, name, left=False, id_number=""):
    secondment = make_secondment(world, school=school, result=Grade.QUALIFIED,
                                 result_on=today() - timedelta(days=30))
    secondment.cadre.name, secondment.cadre.phone = name, "13812345678"
    secondment.cadre.id_number = id_number or secondment.cadre.id_number
    secondment.cadre.save()
    return ReservePoolEntryFactory(secondment=secondment, added_by=world.org_department,
                                   entered_on=today() - timedelta(days=20),
                                   left_on=today() if left else None,
                                   left_reason="提任副校长" if left else "")


def test_the_pool_lists_current_and_former_members(world, client_for):
    entry_for(world, world.school, "在库干部")
    entry_for(world, world.other_school, "出库干部", left=True)
    client = client_for(world.officer)
    page = client.get(reverse("cadres:reserve_list")).content.decode()
    assert "在库干部" in page and "出库干部" in page and "提任副校长" in page
    current = client.get(reverse("cadres:reserve_list") + "?state=current").content.decode()
    assert "在库干部" in current and "出库干部" not in current
    by_school = client.get(reverse("cadres:reserve_list") + f"?school={world.other_school.name}")
    assert "在库干部" not in by_school.content.decode()


@pytest.mark.parametrize("who, full", [("officer", False), ("leader", False),
                                       ("org_department", True)])
def test_the_pool_masks_personal_data_on_screen_and_in_excel(world, client_for, who, full):
    entry_for(world, world.school, "在库干部", id_number="500103198801150012")
    client = client_for(getattr(world, who))
    page = client.get(reverse("cadres:reserve_list")).content.decode()
    assert ("13812345678" in page) is full and ("138****5678" in page) is not full
    assert ("500103198801150012" in page) is full
    response = client.get(reverse("cadres:reserve_list") + "?export=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[1][0] == "在库干部"
    assert rows[1][3] == ("13812345678" if full else "138****5678")
    assert rows[1][4] == ("500103198801150012" if full else "5001**********0012")


def test_the_pool_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    for n in range(6):
        entry_for(world, world.school if n % 2 else world.other_school, f"干部{n}", left=n > 3)
    client = client_for(world.org_department)
    # session, user, the user's organisation, count, rows (cadre, school, secondment),
    # unread notifications, the user's district, the session's save (3)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cadres:reserve_list"))
    assert len(response.context["table"].page.object_list) == 6


def test_the_organisation_department_records_entry_and_leaving(world, client_for):
    secondment = make_secondment(world, result=Grade.OUTSTANDING,
                                 result_on=today() - timedelta(days=3))
    client = client_for(world.org_department)
    url = reverse("cadres:reserve_enter", kwargs={"secondment_pk": secondment.pk})
    messages = follow_messages(client, url, {"basis": "挂职考核优秀", "school_support": ""})
    assert messages and not ReservePoolEntry.objects.exists()
    follow_messages(client, url, {"basis": "挂职考核优秀", "school_support": "学校党委推荐"})
    entry = ReservePoolEntry.objects.get()
    leave = reverse("cadres:reserve_leave", kwargs={"reservepoolentry_pk": entry.pk})
    assert client.get(leave).status_code == 200
    assert client.post(leave, {"reason": "提任副校长"}).status_code == 302
    entry.refresh_from_db()
    assert entry.left_on == today()
    assert client_for(world.officer).get(leave).status_code == 403


def test_orgdep_home_query_count(world, client_for, django_assert_max_num_queries):
    round = make_round(world, posts_on_offer=6)
    for school in (world.school, world.other_school) * 3:
        make_application(world, round=round, school=school, status=A.SELECTED)
    for school in (world.school, world.other_school) * 2:
        make_secondment(world, school=school)
    entry_for(world, world.school, "在库干部")
    client = client_for(world.org_department)
    # session, user, to approve, ending, the user's organisation, to grade, pool count, pool
    # rows, the register's documents (the approval's choice), unread notifications, the user's
    # district (heading), the session's save (3)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("cadres:orgdep_home"))
    assert len(response.context["waiting"]) == 6
    assert len(response.context["to_grade"]) == 4  # the pool member's term is assessed
    assert len(response.context["ending"]) == 5


def test_officer_dashboard_panels(world, client_for):
    make_application(world)
    make_secondment(world)
    response = client_for(world.officer).get(reverse("home"))
    titles = {p.title: p.value for p in response.context["panels"]}
    assert titles["Secondment applications waiting for a decision"] == 1
    assert titles["Secondees waiting for your body's grade"] == 1

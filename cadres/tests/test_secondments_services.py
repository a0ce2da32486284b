"""Every transition of the secondment cycle, by every role, allowed and refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cadres.models import (
    Application,
    Assessment,
    Cadre,
    Post,
    ReservePoolEntry,
    Secondment,
    SecondmentRound,
)
from cadres.models.secondments import Grade, add_months, term_end
from cadres.services import secondments as services
from cadres.tests.factories import DocumentFactory
from cadres.tests.secondment_helpers import (
    make_application,
    make_cadre,
    make_round,
    make_secondment,
    today,
)
from portal.access import Refused
from portal.models import Notification, Organisation, Role
from tests.factories import OrganisationFactory, UserFactory

A = Application.Status
B = Assessment.Body
O, Q, N = Grade.OUTSTANDING, Grade.QUALIFIED, Grade.NOT_QUALIFIED  # noqa: E741


@pytest.fixture(autouse=True)
def _hand_overs(hand_overs_at_once):
    """The services' notifications are hand-overs, sent on commit: send them at once."""


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English here; the views and the browser test read Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield


def refused(call, text: str = ""):
    """A refusal: a `ValidationError` (what cannot be done) or `portal.access.Refused` (who
    may not do it)."""
    with pytest.raises((ValidationError, Refused)) as error:
        call()
    if text:
        assert any(text in m for m in error.value.messages), error.value.messages
    return error.value


def round_values(**kw):
    values = dict(year=2026, title="2026年挂职选拔", post_title="团区委学少部副部长",
                  posts_on_offer=2, requirements="三年以上经历", opens_on=today(),
                  closes_on=today() + timedelta(days=14), term_months=12, notice=None)
    return values | kw


# ---------------------------------------------------------------- rounds

@pytest.mark.parametrize("who", ["officer", "education_officer"])
def test_officers_open_a_round(world, who):
    notice = DocumentFactory(district=world.district)
    round = services.round_open(user=getattr(world, who), **round_values(notice=notice))
    assert round.district == world.district and round.status == SecondmentRound.Status.OPEN
    assert round.created_by == getattr(world, who) and round.notice == notice
    assert round.history.first().history_change_reason == "opened"


@pytest.mark.parametrize("who", ["secretary", "leader", "org_department", "city_officer",
                                 "admin"])
def test_others_cannot_open_a_round(world, who):
    refused(lambda: services.round_open(user=getattr(world, who), **round_values()),
            "Only officers")
    assert not SecondmentRound.objects.exists()


def test_an_officer_of_another_body_cannot_open_a_round(world):
    pioneers = OrganisationFactory(district=world.district,
                                   kind=Organisation.Kind.PIONEERS_COMMITTEE)
    user = UserFactory(role=Role.DISTRICT_OFFICER, organisation=pioneers,
                       district=world.district)
    refused(lambda: services.round_open(user=user, **round_values()), "Only officers")


def test_a_round_checks_its_window_and_notice(world):
    refused(lambda: services.round_open(user=world.officer, **round_values(
        closes_on=today() - timedelta(days=1))), "cannot close before")
    far_notice = DocumentFactory(district=world.other_district)
    refused(lambda: services.round_open(user=world.officer, **round_values(notice=far_notice)),
            "document of the district")
    refused(lambda: services.round_open(user=world.officer, **round_values(posts_on_offer=0)))


def test_a_round_is_edited_only_before_anyone_applies(world):
    round = make_round(world)
    services.round_update(round=round, user=world.education_officer, posts_on_offer=3)
    round.refresh_from_db()
    assert round.posts_on_offer == 3
    make_application(world, round=round)
    refused(lambda: services.round_update(round=round, user=world.officer, posts_on_offer=5),
            "can no longer be changed")
    refused(lambda: services.round_update(round=round, user=world.far_officer, title="x"))


def test_closing_marks_the_undecided_not_selected(world):
    round = make_round(world)
    submitted = make_application(world, round=round)
    shortlisted = make_application(world, round=round, status=A.SHORTLISTED)
    selected = make_application(world, round=round, school=world.other_school,
                                status=A.SELECTED)
    withdrawn = make_application(world, round=round, status=A.WITHDRAWN)
    refused(lambda: services.round_close(round=round, user=world.org_department))
    services.round_close(round=round, user=world.officer)
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {submitted.pk: A.NOT_SELECTED, shortlisted.pk: A.NOT_SELECTED,
                        selected.pk: A.SELECTED, withdrawn.pk: A.WITHDRAWN}
    assert Notification.objects.filter(recipient=world.secretary).exists()
    refused(lambda: services.round_close(round=round, user=world.officer), "already closed")


# ---------------------------------------------------------------- applications

def test_a_secretary_applies_for_a_cadre_of_their_school(world):
    round = make_round(world)
    cadre = make_cadre(world.school)
    application = services.application_submit(round=round, user=world.secretary, cadre=cadre,
                                              statement="  八年团干部经历  ")
    assert (application.status, application.school, application.statement) == (
        A.SUBMITTED, world.school, "八年团干部经历")
    assert Notification.objects.filter(recipient=world.officer,
                                       url=round.get_absolute_url()).exists()


def test_a_secretary_applies_for_themself(world):
    round = make_round(world)
    refused(lambda: services.application_submit(round=round, user=world.secretary,
                                                statement="申请"), "gender")
    application = services.application_submit(round=round, user=world.secretary,
                                              statement="申请", gender=Cadre.Gender.MALE)
    cadre = application.cadre
    assert cadre.user == world.secretary and cadre.school == world.school
    # The second round finds the same cadre record.
    second = make_round(world)
    again = services.application_submit(round=second, user=world.secretary, statement="再申请")
    assert again.cadre == cadre


@pytest.mark.parametrize("opens, closes, text", [
    (1, 10, "Applications open on"), (-20, -1, "Applications closed on")])
def test_applying_outside_the_window_is_refused(world, opens, closes, text):
    round = make_round(world, opens_on=today() + timedelta(days=opens),
                       closes_on=today() + timedelta(days=closes))
    refused(lambda: services.application_submit(round=round, user=world.secretary,
                                                cadre=make_cadre(world.school), statement="x"),
            text)
    assert not Application.objects.exists()


def test_applying_twice_in_a_round_is_refused(world):
    round = make_round(world)
    cadre = make_cadre(world.school, name="王静")
    services.application_submit(round=round, user=world.secretary, cadre=cadre, statement="x")
    refused(lambda: services.application_submit(round=round, user=world.secretary, cadre=cadre,
                                                statement="y"), "王静 has already applied")
    assert Application.objects.count() == 1


def test_the_database_holds_one_application_per_cadre_and_round(world):
    application = make_application(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(round=application.round, cadre=application.cadre,
                                   school=world.school, statement="x",
                                   submitted_by=world.secretary)


def test_applying_for_another_schools_cadre_is_refused(world):
    round = make_round(world)
    refused(lambda: services.application_submit(
        round=round, user=world.secretary, cadre=make_cadre(world.other_school),
        statement="x"), "your own school")


@pytest.mark.parametrize("who", ["officer", "org_department", "leader"])
def test_only_secretaries_apply(world, who):
    round = make_round(world)
    refused(lambda: services.application_submit(round=round, user=getattr(world, who),
                                                cadre=make_cadre(world.school), statement="x"))


def test_applying_to_a_closed_round_is_refused(world):
    round = make_round(world, status=SecondmentRound.Status.CLOSED)
    refused(lambda: services.application_submit(round=round, user=world.secretary,
                                                cadre=make_cadre(world.school), statement="x"),
            "closed")


def test_a_secretary_withdraws_before_a_decision(world):
    application = make_application(world)
    refused(lambda: services.application_withdraw(application=application,
                                                  user=world.other_secretary))
    refused(lambda: services.application_withdraw(application=application, user=world.officer))
    services.application_withdraw(application=application, user=world.secretary)
    application.refresh_from_db()
    assert application.status == A.WITHDRAWN
    decided = make_application(world, status=A.SELECTED)
    refused(lambda: services.application_withdraw(application=decided, user=world.secretary),
            "can no longer be withdrawn")


# ---------------------------------------------------------------- shortlist and select

def test_officers_shortlist_and_select(world):
    application = make_application(world)
    services.application_shortlist(application=application, user=world.officer)
    services.application_select(application=application, user=world.education_officer)
    application.refresh_from_db()
    assert application.status == A.SELECTED
    assert application.decided_by == world.education_officer
    assert Notification.objects.filter(recipient=world.org_department).exists()
    reasons = [h.history_change_reason for h in application.history.order_by("history_id")]
    assert reasons[-2:] == ["shortlisted", "selected"]


@pytest.mark.parametrize("who", ["secretary", "leader", "org_department", "far_officer"])
def test_others_cannot_shortlist_or_select(world, who):
    application = make_application(world)
    user = getattr(world, who)
    refused(lambda: services.application_shortlist(application=application, user=user))
    refused(lambda: services.application_select(application=application, user=user))
    refused(lambda: services.application_decline(application=application, user=user))
    application.refresh_from_db()
    assert application.status == A.SUBMITTED


def test_never_more_selected_than_posts_on_offer(world):
    round = make_round(world, posts_on_offer=2)
    make_application(world, round=round, status=A.APPROVED)
    second = make_application(world, round=round)
    third = make_application(world, round=round, school=world.other_school)
    services.application_select(application=second, user=world.officer)
    refused(lambda: services.application_select(application=third, user=world.officer),
            "All 2 posts on offer are already taken")
    # Marking a selected candidate not selected frees the post.
    services.application_decline(application=second, user=world.officer)
    services.application_select(application=third, user=world.officer)
    assert round.applications.filter(status__in=(A.SELECTED, A.APPROVED)).count() == 2


def test_decisions_end_with_the_round(world):
    round = make_round(world, status=SecondmentRound.Status.CLOSED)
    application = make_application(world, round=round)
    refused(lambda: services.application_select(application=application, user=world.officer),
            "decisions are final")


def test_a_withdrawn_application_cannot_be_selected(world):
    application = make_application(world, status=A.WITHDRAWN)
    refused(lambda: services.application_select(application=application, user=world.officer))


# ---------------------------------------------------------------- approval

def test_the_organisation_department_approves_a_selected_candidate(world):
    round = make_round(world, term_months=12)
    application = make_application(world, round=round, status=A.SELECTED)
    start = today() - timedelta(days=3)
    secondment = services.application_approve(application=application,
                                              user=world.org_department,
                                              document_number="渝中组干〔2026〕3号", start=start)
    application.refresh_from_db()
    assert application.status == A.APPROVED
    assert application.approval_document_number == "渝中组干〔2026〕3号"
    assert (secondment.start, secondment.end) == (start, term_end(start, 12))
    assert secondment.end == add_months(start, 12) - timedelta(days=1)
    assert secondment.post_title == "团区委学少部副部长" and secondment.host == world.league
    post = Post.objects.get(cadre=application.cadre, kind=Post.Kind.SECONDMENT)
    assert post.is_concurrent and post.organisation == world.league
    assert post.appointed_by == world.org_department.organisation
    assert (post.start, post.end) == (secondment.start, secondment.end)
    assert Notification.objects.filter(recipient=world.secretary,
                                       url=secondment.get_absolute_url()).exists()
    assert Notification.objects.filter(recipient=world.officer,
                                       url=secondment.get_absolute_url()).exists()


def test_approval_starts_today_by_default_and_links_a_registered_document(world):
    document = DocumentFactory(district=world.district, number="渝中组干〔2026〕9号")
    application = make_application(world, status=A.SELECTED)
    secondment = services.application_approve(application=application,
                                              user=world.org_department,
                                              document_number="渝中组干〔2026〕9号")
    assert secondment.start == today()
    assert Post.objects.get(kind=Post.Kind.SECONDMENT).document == document


@pytest.mark.parametrize("who", ["officer", "education_officer", "secretary", "leader"])
def test_only_the_organisation_department_approves(world, who):
    application = make_application(world, status=A.SELECTED)
    refused(lambda: services.application_approve(application=application,
                                                 user=getattr(world, who),
                                                 document_number="x"),
            "organisation department")
    assert not Secondment.objects.exists()


def test_approval_needs_a_selected_candidate_and_a_document_number(world):
    application = make_application(world, status=A.SHORTLISTED)
    refused(lambda: services.application_approve(application=application,
                                                 user=world.org_department,
                                                 document_number="x"), "Only a selected")
    selected = make_application(world, status=A.SELECTED)
    refused(lambda: services.application_approve(application=selected,
                                                 user=world.org_department,
                                                 document_number="  "), "document")
    services.application_approve(application=selected, user=world.org_department,
                                 document_number="x")
    refused(lambda: services.application_approve(application=selected,
                                                 user=world.org_department,
                                                 document_number="y"), "already been approved")
    assert Secondment.objects.count() == 1


# ---------------------------------------------------------------- assessment

def grade(secondment, user, value=Q, **kw):
    return services.assessment_record(secondment=secondment, user=user, grade=value,
                                      comments="认真负责", **kw)


def test_three_bodies_grade_and_the_third_sets_the_result(world):
    secondment = make_secondment(world)
    first = grade(secondment, world.org_department, O)
    assert first.body == B.ORGANISATION_DEPARTMENT
    assert grade(secondment, world.officer, O).body == B.LEAGUE_COMMITTEE
    secondment.refresh_from_db()
    assert secondment.result == ""
    assert grade(secondment, world.education_officer, Q).body == B.EDUCATION_COMMISSION
    secondment.refresh_from_db()
    assert (secondment.result, secondment.result_on) == (O, today())
    note = Notification.objects.get(recipient=world.org_department)
    assert note.url == secondment.get_absolute_url()
    assert not Notification.objects.filter(recipient=world.secretary,
                                           url=secondment.get_absolute_url()).exists()
    refused(lambda: grade(secondment, world.officer), "complete")


def test_the_result_is_reported_to_the_education_party_committee_too(world):
    party = OrganisationFactory(district=world.district,
                                kind=Organisation.Kind.EDUCATION_PARTY_COMMITTEE)
    member = UserFactory(role=Role.LEADER, organisation=party, district=world.district)
    secondment = make_secondment(world)
    for user in (world.org_department, world.officer, world.education_officer):
        grade(secondment, user)
    assert Notification.objects.filter(recipient=member).exists()
    assert party in services.reported_to(world.district.pk)


def test_an_education_officer_cannot_grade_for_the_league_committee(world):
    secondment = make_secondment(world)
    refused(lambda: grade(secondment, world.education_officer, body=B.LEAGUE_COMMITTEE),
            "not for")
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("who", ["leader", "secretary", "city_officer", "far_officer"])
def test_leaders_and_schools_do_not_grade(world, who):
    secondment = make_secondment(world)
    refused(lambda: grade(secondment, getattr(world, who)))
    assert not Assessment.objects.exists()


def test_each_body_grades_once(world):
    secondment = make_secondment(world)
    grade(secondment, world.officer)
    other_league_officer = UserFactory(role=Role.DISTRICT_OFFICER, organisation=world.league,
                                       district=world.district)
    refused(lambda: grade(secondment, other_league_officer), "already graded")


def test_no_assessment_before_the_last_month_of_the_term(world):
    start = add_months(today(), -10)
    secondment = make_secondment(world, start=start)
    refused(lambda: grade(secondment, world.officer), "last month of the term")
    # The first day of the last month it opens.
    opens = secondment.assessment_opens_on
    assert opens == add_months(secondment.end + timedelta(days=1), -1)
    assert grade(secondment, world.officer, today=opens).pk
    refused(lambda: grade(secondment, world.education_officer,
                          today=opens - timedelta(days=1)), "last month")


def test_no_assessment_after_the_grace(world):
    secondment = make_secondment(world, start=add_months(today(), -16))
    assert today() > secondment.assessment_closes_on
    refused(lambda: grade(secondment, world.officer), "closed on")
    assert grade(secondment, world.officer, today=secondment.end + timedelta(days=60)).pk


def test_an_invalid_grade_is_refused(world):
    refused(lambda: grade(make_secondment(world), world.officer, "excellent"), "grade")


@pytest.mark.parametrize("grades, result", [
    ([O, O, O], O), ([O, O, Q], O), ([O, Q, O], O), ([Q, O, O], O),
    ([O, Q, Q], Q), ([Q, Q, Q], Q),
    ([O, O, N], N), ([Q, Q, N], N), ([N, O, O], N), ([N, N, N], N),
])
def test_the_result_rule(grades, result):
    assert Secondment.result_from(grades) == result


# ---------------------------------------------------------------- reserve pool

def assessed(world, result=Q):
    secondment = make_secondment(world, result=result)
    secondment.result_on = today() - timedelta(days=5)
    secondment.save()
    return secondment


def test_a_qualified_secondee_supported_by_the_school_enters_the_pool(world):
    secondment = assessed(world)
    entry = services.reserve_enter(secondment=secondment, user=world.org_department,
                                   basis="挂职考核合格", school_support="学校党委同意")
    assert (entry.cadre, entry.entered_on, entry.added_by) == (
        secondment.cadre, today(), world.org_department)
    assert Notification.objects.filter(recipient=world.secretary).exists()
    refused(lambda: services.reserve_enter(secondment=secondment, user=world.org_department,
                                           basis="b", school_support="s"),
            "already in the reserve pool")


def test_the_pool_needs_a_pass_and_the_schools_support(world):
    failed = assessed(world, N)
    refused(lambda: services.reserve_enter(secondment=failed, user=world.org_department,
                                           basis="b", school_support="s"), "qualified")
    unassessed = make_secondment(world)
    refused(lambda: services.reserve_enter(secondment=unassessed, user=world.org_department,
                                           basis="b", school_support="s"), "qualified")
    passed = assessed(world)
    refused(lambda: services.reserve_enter(secondment=passed, user=world.org_department,
                                           basis="b", school_support=" "), "supports")
    refused(lambda: services.reserve_enter(secondment=passed, user=world.org_department,
                                           basis="b", school_support="s",
                                           entered_on=passed.result_on - timedelta(days=1)),
            "after the assessment")
    assert not ReservePoolEntry.objects.exists()


@pytest.mark.parametrize("who", ["officer", "education_officer", "secretary", "leader"])
def test_only_the_organisation_department_keeps_the_pool(world, who):
    secondment = assessed(world)
    refused(lambda: services.reserve_enter(secondment=secondment, user=getattr(world, who),
                                           basis="b", school_support="s"),
            "organisation department")
    entry = services.reserve_enter(secondment=secondment, user=world.org_department,
                                   basis="b", school_support="s")
    refused(lambda: services.reserve_leave(entry=entry, user=getattr(world, who), reason="r"))


def test_leaving_the_pool_is_recorded_not_deleted(world):
    secondment = assessed(world, O)
    entry = services.reserve_enter(secondment=secondment, user=world.org_department,
                                   basis="b", school_support="s",
                                   entered_on=today() - timedelta(days=2))
    refused(lambda: services.reserve_leave(entry=entry, user=world.org_department, reason=""),
            "reason")
    refused(lambda: services.reserve_leave(entry=entry, user=world.org_department, reason="r",
                                           left_on=today() - timedelta(days=3)), "between")
    services.reserve_leave(entry=entry, user=world.org_department, reason="提任副校长")
    entry.refresh_from_db()
    assert (entry.left_on, entry.left_reason) == (today(), "提任副校长")
    assert ReservePoolEntry.objects.count() == 1
    refused(lambda: services.reserve_leave(entry=entry, user=world.org_department, reason="x"),
            "left the pool")
    # Back in later: a new entry, the old one kept.
    again = services.reserve_enter(secondment=secondment, user=world.org_department, basis="b",
                                   school_support="s")
    assert ReservePoolEntry.objects.current().get() == again
    assert ReservePoolEntry.objects.count() == 2


def test_one_person_recorded_at_two_schools_enters_the_pool_once(world):
    """An identity number is unique per workplace: the same person's record at another
    school (a transfer) is not a second member of the pool."""
    first = assessed(world)
    services.reserve_enter(secondment=first, user=world.org_department, basis="b",
                           school_support="s")
    second = make_secondment(world, school=world.other_school, result=Q)
    second.result_on = today() - timedelta(days=5)
    second.save()
    Cadre.objects.filter(pk=second.cadre_id).update(id_number=first.cadre.id_number)
    second.cadre.refresh_from_db()
    refused(lambda: services.reserve_enter(secondment=second, user=world.org_department,
                                           basis="b", school_support="s"),
            f"recorded at {world.school.name}")
    assert ReservePoolEntry.objects.count() == 1


def test_waiting_lists(world):
    make_application(world)
    make_application(world, status=A.SELECTED)
    assert services.waiting_applications(world.officer).count() == 1
    assert services.waiting_applications(world.far_officer).count() == 0
    secondment = make_secondment(world)
    assert services.waiting_assessments(world.officer) == [secondment]
    grade(secondment, world.officer)
    assert services.waiting_assessments(world.officer) == []
    assert services.waiting_assessments(world.education_officer) == [secondment]
    assert services.waiting_assessments(world.leader) == []

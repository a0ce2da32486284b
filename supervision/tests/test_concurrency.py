"""The races of issue 12, reproduced with real threads on PostgreSQL: each request runs in
its own thread and connection, released at the same moment; exactly one wins, and every
loser reads why."""

import pytest
from django.urls import reverse

from portal.form_tokens import FIELD, new_token
from supervision.models import (
    Commendation,
    Indicator,
    Inspection,
    InspectionEvent,
    RectificationOrder,
    RectificationResponse,
    SelfAssessment,
    SignOff,
)
from supervision.tests.factories import PlanFactory, make_inspection, make_order
from tests.concurrency import logged_in, message_texts, needs_postgresql, post_all, race

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]
S = Inspection.Status


def url(name, **kwargs):
    return reverse(f"supervision:{name}", kwargs=kwargs)


def errors(responses):
    return [t for r in responses for t in message_texts(r)]


def test_sign_off_racing_a_reopen_leaves_no_live_sign_off(world):
    """The league has signed; education signs while the league reopens. Whatever the order,
    a reopened inspection carries no live sign-off (else one side alone could finish it)."""
    for _ in range(3):  # the order of the two differs from run to run: try both
        inspection = make_inspection(world, status=S.SUBMITTED)
        SignOff.objects.create(inspection=inspection, side=SignOff.Side.LEAGUE,
                               user=world.officer)
        sign, reopen = race(
            lambda i=inspection: logged_in(world.education_officer).post(
                url("inspection_sign_off", inspection_pk=i.pk)),
            lambda i=inspection: logged_in(world.officer).post(
                url("inspection_reopen", inspection_pk=i.pk), {"reason": "分数录错"}))
        inspection.refresh_from_db()
        assert inspection.status == S.IN_PROGRESS
        assert not inspection.sign_offs.filter(revoked_at__isnull=True).exists()
        assert any("Inspection reopened." in t for t in message_texts(reopen))
        signed = message_texts(sign)
        assert signed == ["Signed off."] or any("is now “In progress”" in t for t in signed)


def test_two_publications_at_once_publish_once(world):
    inspection = make_inspection(world, status=S.SIGNED_OFF)
    clients = [logged_in(world.officer), logged_in(world.education_officer)] * 2
    responses = post_all(clients, url("inspection_publish", inspection_pk=inspection.pk))
    assert all(r.status_code == 302 for r in responses)
    assert InspectionEvent.objects.filter(inspection=inspection, to_status=S.PUBLISHED).count() == 1
    texts = errors(responses)
    assert texts.count("Published: the school now sees the result.") == 1
    assert sum("is now “Published”" in t for t in texts) == 3


def test_two_officers_adding_the_same_school_plan_one_inspection(world):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    clients = [logged_in(world.officer), logged_in(world.education_officer)] * 3
    responses = post_all(clients, url("plan_add_inspection", plan_pk=plan.pk),
                         {"school": world.school.name, "planned_date": "2025-11-03"})
    assert all(r.status_code in (200, 302) for r in responses)
    assert Inspection.objects.filter(plan=plan, school=world.school).count() == 1
    texts = errors(responses)
    assert texts.count("Inspection planned.") == 1
    # the losers read the form's check (the page again, 200) or, past it, the service's or
    # the constraint's refusal
    refusals = [t for t in texts if "already has a regular inspection" in t] + [
        r for r in responses if r.status_code == 200
        and "already has a regular inspection" in r.content.decode()]
    assert len(refusals) == 5


def test_a_response_posted_ten_times_at_once_is_one_response(world):
    inspection = make_inspection(world, status=S.PUBLISHED)
    order = make_order(inspection)
    clients = [logged_in(world.secretary) for _ in range(10)]
    responses = post_all(clients, url("order_respond", order_pk=order.pk),
                         {"text": "已补齐团员档案"})
    assert all(r.status_code == 302 for r in responses)
    assert RectificationResponse.objects.filter(order=order).count() == 1
    texts = errors(responses)
    assert texts.count("Your answer was sent for review.") == 1
    assert texts.count("This order is waiting for review or closed.") == 9


def test_accept_and_send_back_at_once_one_wins(world):
    inspection = make_inspection(world, status=S.PUBLISHED)
    order = make_order(inspection, status=RectificationOrder.Status.RESPONDED)
    RectificationResponse.objects.create(order=order, text="已整改", by=world.secretary)
    accept, send_back = race(
        lambda: logged_in(world.officer).post(url("order_review", order_pk=order.pk),
                                              {"decision": "accept"}),
        lambda: logged_in(world.education_officer).post(
            url("order_review", order_pk=order.pk),
            {"decision": "send_back", "comment": "缺少照片"}))
    order.refresh_from_db()
    won = {"Order closed.": RectificationOrder.Status.CLOSED,
           "Answer sent back to the school.": RectificationOrder.Status.SENT_BACK}
    texts = message_texts(accept) + message_texts(send_back)
    winners = [t for t in texts if t in won]
    assert len(winners) == 1 and order.status == won[winners[0]]
    assert sum("Only an answered order can be reviewed." in t for t in texts) == 1


def test_first_self_assessments_at_once_make_one_row_per_indicator(world):
    inspection = make_inspection(world)
    indicators = list(Indicator.objects.filter(standard=inspection.standard)[:3])
    data = {f"self_{i.pk}": "5" for i in indicators}
    clients = [logged_in(world.secretary) for _ in range(4)]
    responses = post_all(clients, url("self_assessment", inspection_pk=inspection.pk), data)
    assert all(r.status_code == 302 for r in responses)  # no 500 on the unique constraint
    assert SelfAssessment.objects.filter(inspection=inspection).count() == len(indicators)


def test_a_double_clicked_create_form_creates_one_record(world):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer],
                       commendation_quota=100)
    inspection = make_inspection(world, plan=plan, status=S.PUBLISHED, score=10)
    token = new_token()
    clients = [logged_in(world.officer) for _ in range(3)]
    responses = post_all(clients, url("commendation_create", inspection_pk=inspection.pk),
                         {"text": "团员发展规范", FIELD: token})
    assert all(r.status_code == 302 for r in responses)
    assert Commendation.objects.filter(inspection=inspection).count() == 1
    assert sum("already sent" in t for t in errors(responses)) == 2


def test_findings_added_while_submitting_do_not_land_on_a_submitted_inspection(world):
    inspection = make_inspection(world, status=S.IN_PROGRESS)  # every indicator scored
    submit, add = race(
        lambda: logged_in(world.officer).post(
            url("inspection_save", inspection_pk=inspection.pk),
            {"version": inspection.version, "action": "submit"}),
        lambda: logged_in(world.education_officer).post(
            url("finding_add", inspection_pk=inspection.pk),
            {"kind": "problem", "text": "档案缺失", FIELD: new_token()}))
    inspection.refresh_from_db()
    assert inspection.status == S.SUBMITTED
    added = inspection.findings.exists()
    created_at = inspection.findings.values_list("created_at", flat=True).first()
    submitted_at = inspection.events.get(to_status=S.SUBMITTED).at
    assert not added or created_at < submitted_at
    assert isinstance(submit.status_code, int) and isinstance(add.status_code, int)


def test_two_commendations_at_once_cannot_overrun_the_plan_quota(world):
    """Quota 50 % of two schools: one commendation. Two officers commend the two schools at
    the same moment; the plan's lock makes the second count the first, and refuse."""
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer],
                       commendation_quota=50)
    first = make_inspection(world, plan=plan, status=S.PUBLISHED, score=10)
    second = make_inspection(world, school=world.other_school, plan=plan, status=S.PUBLISHED,
                             score=10)
    responses = race(
        lambda: logged_in(world.officer).post(
            url("commendation_create", inspection_pk=first.pk), {"text": "成绩突出"}),
        lambda: logged_in(world.education_officer).post(
            url("commendation_create", inspection_pk=second.pk), {"text": "成绩突出"}))
    assert Commendation.objects.filter(inspection__plan=plan).count() == 1
    refusals = [r for r in responses if r.status_code == 200]
    assert len(refusals) == 1 and "quota" in refusals[0].content.decode()

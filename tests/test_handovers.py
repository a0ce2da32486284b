"""Every workflow hands the work over: after each step the next actor has exactly one to-do
item about the object and one new notification, the previous actor's item is gone, and the
item's link answers 200 for the next actor (`portal.todo`, `portal.notify`)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services as activities
from activities.models import HonourSelection
from activities.tests.factories import ActivityFactory, ReportFactory, SelectionFactory
from portal.models import Notification
from portal.todo import collect_todos
from supervision import services as supervision
from supervision.models import ActionItem, CoordinationMeeting
from supervision.tests.factories import PlanFactory, make_inspection, make_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(world):
    """The world, with its schools joined today: no month's report is due yet, so only the
    workflow under test puts items on the lists."""
    today = timezone.localdate()
    for school in (world.school, world.other_school):
        school.joined_on = today
        school.save(update_fields=["joined_on"])
    world.secretary.refresh_from_db()
    return world


class Journey:
    """Runs each step as a committed transaction would (hand-overs are sent on commit) and
    checks the lists and bells of everyone concerned."""

    def __init__(self, commit, client):
        self.commit, self.client = commit, client
        self.seen: dict[int, int] = {}

    def items(self, user, key: str):
        return [i for i in collect_todos(user) if key in i.object_key]

    def step(self, call, *, to, gone=(), key: str, silent=()):
        people = [*to, *gone, *silent]
        before = {u.pk: Notification.objects.filter(recipient=u).count() for u in people}
        with self.commit(execute=True):
            result = call()
        for user in to:
            mine = self.items(user, key)
            assert len(mine) == 1, (user, mine)
            assert Notification.objects.filter(recipient=user).count() == before[user.pk] + 1, user
            self.client.force_login(user)
            assert self.client.get(mine[0].url).status_code == 200, mine[0].url
        for user in gone:
            assert self.items(user, key) == [], user
        for user in silent:
            assert Notification.objects.filter(recipient=user).count() == before[user.pk], user
        return result


@pytest.fixture
def journey(django_capture_on_commit_callbacks, client):
    return Journey(django_capture_on_commit_callbacks, client)


def test_an_inspection_goes_from_one_body_to_the_other_then_to_the_school(w, journey):
    inspection = make_inspection(w, status="submitted")
    key = f"supervision.inspection.{inspection.pk}."
    assert len(journey.items(w.officer, key)) == len(journey.items(w.education_officer, key)) == 1
    journey.step(lambda: supervision.inspection_sign_off(inspection=inspection, user=w.officer),
                 to=[w.education_officer], gone=[w.officer], key=key)
    # Both signed: the team publishes (the league officer is told; the signer has it too).
    journey.step(lambda: supervision.inspection_sign_off(inspection=inspection,
                                                         user=w.education_officer),
                 to=[w.officer], key=key + "inspection_publish", silent=[w.education_officer])
    assert len(journey.items(w.education_officer, key)) == 1
    journey.step(lambda: supervision.inspection_publish(inspection=inspection, user=w.officer),
                 to=[], gone=[w.secretary], key=key + "inspection_publish")
    assert Notification.objects.filter(recipient=w.secretary,
                                       url=inspection.get_absolute_url()).count() == 1
    assert [i.kind for i in journey.items(w.officer, key)] == ["inspection_outcome"]

    finding = make_problem(inspection)
    due = timezone.localdate() + datetime.timedelta(days=20)
    order = journey.step(lambda: supervision.rectification_issue(
        inspection=inspection, finding=finding, user=w.officer, requirement="补齐团员档案",
        due_date=due), to=[w.secretary], key="supervision.order.")
    assert journey.items(w.officer, key) == []  # an outcome is decided
    assert journey.items(w.secretary, "order")[0].due == due
    order_key = f"supervision.order.{order.pk}."
    journey.step(lambda: supervision.rectification_respond(order=order, user=w.secretary,
                                                           text="已补齐"),
                 to=[w.officer, w.education_officer], gone=[w.secretary], key=order_key)
    journey.step(lambda: supervision.rectification_review(order=order, user=w.officer,
                                                          accept=False, comment="缺照片"),
                 to=[w.secretary], gone=[w.officer, w.education_officer], key=order_key)
    supervision.rectification_respond(order=order, user=w.secretary, text="照片已补")
    journey.step(lambda: supervision.rectification_review(order=order, user=w.officer,
                                                          accept=True),
                 to=[], gone=[w.secretary, w.officer, w.education_officer], key=order_key)
    assert Notification.objects.filter(recipient=w.secretary, url=order.get_absolute_url(),
                                       title__contains="关闭").exists()


def test_a_planned_inspection_asks_the_school_for_its_self_assessment(w, journey, client):
    plan = PlanFactory(district=w.district, team=[w.officer, w.education_officer])
    inspection = journey.step(lambda: supervision.inspection_create(
        plan=plan, school=w.school, planned_date=timezone.localdate() + datetime.timedelta(10),
        user=w.officer), to=[w.secretary], silent=[w.other_secretary],
        key="self_assessment")
    indicator = inspection.standard.indicators.first()
    supervision.self_assessment_save(inspection=inspection, user=w.secretary,
                                     entries={indicator.pk: ("8", "")})
    assert journey.items(w.secretary, "self_assessment") == []


def test_a_monthly_report_goes_to_the_officers_and_back(w, journey):
    last = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    report = ReportFactory(school=w.school, year=last.year, month=last.month,
                           deadline=timezone.localdate() + datetime.timedelta(days=5),
                           closes_on=timezone.localdate() + datetime.timedelta(days=20))
    ActivityFactory(report=report, date=last)
    key = f"activities.report.{report.pk}."
    journey.step(lambda: activities.report_submit(report=report, user=w.secretary),
                 to=[w.officer, w.education_officer], gone=[w.secretary], key=key)
    journey.step(lambda: activities.report_return(report=report, user=w.officer,
                                                  comment="缺少照片"),
                 to=[w.secretary], gone=[w.officer, w.education_officer], key=key)
    journey.step(lambda: activities.report_submit(report=report, user=w.secretary),
                 to=[w.officer, w.education_officer], gone=[w.secretary], key=key)
    journey.step(lambda: activities.report_approve(report=report, user=w.education_officer),
                 to=[], gone=[w.officer, w.education_officer, w.secretary], key=key)
    assert Notification.objects.filter(recipient=w.secretary).count() == 2


def test_an_unlock_request_reaches_the_officers(w, journey):
    report = ReportFactory(school=w.school, year=2025, month=9,
                           deadline=datetime.date(2025, 10, 10),
                           closes_on=datetime.date(2025, 10, 25))
    request = journey.step(lambda: activities.unlock_request_create(
        report=report, user=w.secretary, reason="补报"),
        to=[w.officer, w.education_officer], key="activities.unlock.")
    journey.step(lambda: activities.unlock_request_grant(request=request, user=w.officer),
                 to=[], gone=[w.officer, w.education_officer], key="activities.unlock.")
    assert Notification.objects.filter(recipient=w.secretary).count() == 1


def test_an_honour_selection_in_review_and_in_notice(w, journey):
    today = timezone.localdate()
    selection = SelectionFactory(district=w.district, nomination_opens=today,
                                 nomination_closes=today, notice_starts=today,
                                 notice_ends=today + datetime.timedelta(days=5))
    key = f"activities.selection.{selection.pk}."
    journey.step(lambda: activities.selection_advance(selection=selection, user=w.officer),
                 to=[w.education_officer], key=key)
    journey.step(lambda: activities.selection_advance(selection=selection, user=w.officer),
                 to=[w.education_officer], key=key)
    selection.refresh_from_db()
    assert selection.status == HonourSelection.Status.PUBLIC_NOTICE
    assert journey.items(w.officer, key)[0].due == selection.notice_ends + datetime.timedelta(1)


def test_a_meeting_action_goes_to_its_owner_organisation(w, journey, client):
    meeting = CoordinationMeeting.objects.create(district=w.district, title="联席会议",
                                                 date=timezone.localdate())
    client.force_login(w.officer)
    due = timezone.localdate() + datetime.timedelta(days=7)
    journey.step(lambda: client.post(reverse("supervision:action_create",
                                             kwargs={"meeting_pk": meeting.pk}),
                                     {"text": "制定团队衔接方案", "owner": w.education.pk,
                                      "due_date": due.isoformat()}),
                 to=[w.education_officer], silent=[w.officer, w.leader],
                 key="supervision.action.")
    assert ActionItem.objects.get().owner == w.education


def test_a_secondment_goes_from_the_school_to_the_officers_to_the_organisation_department(
        w, journey):
    from cadres.services import secondments
    from cadres.tests.secondment_helpers import make_cadre, make_round

    round = make_round(w)
    cadre = make_cadre(w.school)
    application = journey.step(lambda: secondments.application_submit(
        round=round, user=w.secretary, cadre=cadre, statement="八年团务经验"),
        to=[w.officer, w.education_officer], key="cadres.application.")
    key = f"cadres.application.{application.pk}."
    journey.step(lambda: secondments.application_select(application=application,
                                                        user=w.officer),
                 to=[w.org_department], gone=[w.officer, w.education_officer], key=key)
    journey.step(lambda: secondments.application_approve(
        application=application, user=w.org_department, document_number="渝中组干〔2026〕1号"),
        to=[], gone=[w.org_department], key=key)
    assert Notification.objects.filter(recipient=w.secretary, title__contains=cadre.name).exists()


def test_an_officer_reviews_a_submitted_report_without_changing_it(w, client_for):
    from django.core.exceptions import ValidationError

    last = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    report = ReportFactory(school=w.school, year=last.year, month=last.month,
                           deadline=timezone.localdate() + datetime.timedelta(days=5),
                           closes_on=timezone.localdate() + datetime.timedelta(days=20))
    activity = ActivityFactory(report=report, date=last)
    client = client_for(w.secretary)
    client.post(reverse("activities:activity_update", kwargs={"activity_pk": activity.pk}),
                {"kind": activity.kind, "date": last.isoformat(), "hours": "2"})
    activities.report_submit(report=report, user=w.secretary)
    page = client_for(w.officer).get(report.get_absolute_url()).content.decode()
    assert 'data-testid="approve"' in page and 'data-testid="return"' in page
    for control in ("activity_update", "activity_delete", "activity_repeat", "report_prefill",
                    "photo_upload"):
        assert reverse(f"activities:{control}", kwargs={
            "activity_pk" if control.startswith("activity_") and control != "activity_repeat"
            else "monthlyreport_pk": activity.pk if control in ("activity_update",
                                                                "activity_delete")
            else report.pk}) not in page, control
    for user in (w.officer, w.secretary):
        with pytest.raises(ValidationError):
            activities.activity_delete(activity=activity, user=user)
    activities.report_return(report=report, user=w.officer, comment="时长有误")
    activity.refresh_from_db()
    activity.hours = 1
    activities.activity_save(activity=activity, user=w.secretary)
    history = client_for(w.officer).get(report.get_absolute_url()).context["history"]
    texts = [e.text for e in history]
    assert texts.count("修改活动") == 2 and "新增活动" in texts and "已退回" in texts

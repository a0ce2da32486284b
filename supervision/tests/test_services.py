"""The workflow, transition by transition, for every role."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from supervision import services
from supervision.models import (
    Finding,
    Inspection,
    InspectionEvent,
    RectificationOrder,
    SignOff,
    Standard,
    weighted_total,
)
from supervision.services import ScoreInput
from supervision.tests.factories import make_inspection, make_order, make_problem

pytestmark = pytest.mark.django_db
S = Inspection.Status


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English here; the views' tests check the Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield


def all_scores(inspection, value="8"):
    return {s.indicator_id: ScoreInput(value) for s in inspection.scores.all()}


def test_standards_ship_with_migrations():
    middle = Standard.objects.get(code="middle-league")
    assert [i.title for i in middle.indicators.all()][:2] == ["团队衔接", "团员发展"]
    assert middle.indicators.count() == 12
    assert Standard.objects.get(code="primary-pioneer").is_draft


def test_weighted_total_rescales_over_applicable():
    assert weighted_total([(10, 10, 1, False), (5, 10, 1, False)]) == Decimal("75.0")
    assert weighted_total([(10, 10, 1, False), (0, 10, 3, True)]) == Decimal("100.0")
    assert weighted_total([(10, 10, 3, False), (0, 10, 1, False)]) == Decimal("75.0")
    assert weighted_total([(None, 10, 1, True)]) is None


def test_queryset_total_matches_python(world):
    inspection = make_inspection(world, status=S.IN_PROGRESS, score=7)
    first = inspection.scores.order_by("indicator__order").first()
    first.not_applicable = True
    first.save()
    annotated = Inspection.objects.with_total().get(pk=inspection.pk).total_score
    python = inspection.compute_total(inspection.scores.select_related("indicator"))
    assert round(Decimal(str(annotated)), 1) == python == Decimal("70.0")


def test_queryset_total_matches_python_for_every_kind_of_score(world):
    """Unscored, mixed (an empty score, a low one, one not applicable), all not applicable:
    the subquery's total is the Python rule's, and an inspection without a live score has
    none."""
    unscored = make_inspection(world)
    mixed = make_inspection(world, school=world.other_school, status=S.IN_PROGRESS, score=9)
    rows = list(mixed.scores.order_by("indicator__order"))
    rows[0].score = None
    rows[1].score = Decimal("2.5")
    rows[2].not_applicable = True
    for row in rows[:3]:
        row.save()
    none_apply = make_inspection(world, status=S.IN_PROGRESS, score=4)
    none_apply.scores.update(not_applicable=True)
    totals = dict(Inspection.objects.with_total().values_list("pk", "total_score"))
    for inspection in (unscored, mixed, none_apply):
        python = inspection.compute_total(inspection.scores.select_related("indicator"))
        annotated = totals[inspection.pk]
        assert (None if annotated is None else round(Decimal(str(annotated)), 1)) == python
    assert totals[none_apply.pk] is None and totals[mixed.pk] is not None


def test_counting_the_inspection_list_reads_no_scores(world):
    make_inspection(world, status=S.IN_PROGRESS)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert Inspection.objects.for_list().count() == 1
    assert "supervision_score" not in queries[0]["sql"]


def test_full_workflow_records_every_transition(world):
    inspection = make_inspection(world)
    services.inspection_save(inspection=inspection, user=world.officer, version=1,
                             scores=all_scores(inspection))
    assert inspection.status == S.IN_PROGRESS
    services.inspection_submit(inspection=inspection, user=world.officer)
    services.inspection_sign_off(inspection=inspection, user=world.officer)
    inspection.refresh_from_db()
    assert inspection.status == S.SUBMITTED  # half signed
    services.inspection_sign_off(inspection=inspection, user=world.education_officer)
    inspection.refresh_from_db()
    assert inspection.status == S.SIGNED_OFF
    services.inspection_publish(inspection=inspection, user=world.officer)
    inspection.refresh_from_db()
    assert inspection.status == S.PUBLISHED and inspection.published_at
    steps = list(InspectionEvent.objects.filter(inspection=inspection)
                 .values_list("from_status", "to_status", "user__username"))
    assert steps == [
        ("", "planned", "officer"), ("planned", "in_progress", "officer"),
        ("in_progress", "submitted", "officer"), ("submitted", "signed_off", "eduofficer"),
        ("signed_off", "published", "officer"),
    ]
    snap = SignOff.objects.get(inspection=inspection, side="league").scores_snapshot
    assert snap["M01"] == {"score": "8.0", "not_applicable": False}
    assert inspection.history.count() >= 4


def test_score_above_max_is_refused_and_nothing_changes(world):
    inspection = make_inspection(world)
    scores = all_scores(inspection, "8")
    first = next(iter(scores))
    scores[first] = ScoreInput("11")
    with pytest.raises(ValidationError, match="between 0 and 10"):
        services.inspection_save(inspection=inspection, user=world.officer, version=1,
                                 scores=scores)
    inspection.refresh_from_db()
    assert inspection.version == 1 and inspection.status == S.PLANNED
    assert not inspection.scores.filter(score__isnull=False).exists()


def test_submit_refuses_missing_scores(world):
    inspection = make_inspection(world)
    scores = all_scores(inspection)
    scores.pop(next(iter(scores)))
    services.inspection_save(inspection=inspection, user=world.officer, version=1, scores=scores)
    with pytest.raises(ValidationError, match="团队衔接"):
        services.inspection_submit(inspection=inspection, user=world.officer)
    inspection.refresh_from_db()
    assert inspection.status == S.IN_PROGRESS


def test_not_applicable_needs_no_score(world):
    inspection = make_inspection(world)
    scores = all_scores(inspection)
    first = next(iter(scores))
    scores[first] = ScoreInput("", not_applicable=True)
    services.inspection_save(inspection=inspection, user=world.officer, version=1, scores=scores)
    services.inspection_submit(inspection=inspection, user=world.officer)
    assert inspection.status == S.SUBMITTED


def test_stale_version_is_refused(world):
    inspection = make_inspection(world)
    services.inspection_save(inspection=inspection, user=world.officer, version=1,
                             scores=all_scores(inspection, "9"))
    stale = Inspection.objects.get(pk=inspection.pk)
    with pytest.raises(ValidationError, match="reload"):
        services.inspection_save(inspection=stale, user=world.education_officer, version=1,
                                 scores=all_scores(inspection, "3"))
    assert set(inspection.scores.values_list("score", flat=True)) == {Decimal("9.0")}


@pytest.mark.parametrize("who", ["secretary", "leader", "org_department", "city_officer",
                                 "admin", "far_officer"])
def test_non_team_roles_cannot_edit(world, who):
    inspection = make_inspection(world)
    with pytest.raises(PermissionDenied):
        services.inspection_save(inspection=inspection, user=getattr(world, who), version=1,
                                 scores=all_scores(inspection))


def test_officer_outside_team_cannot_edit(world):
    from tests.factories import UserFactory

    outsider = UserFactory(role="district_officer", organisation=world.league,
                           district=world.district)
    inspection = make_inspection(world)
    with pytest.raises(PermissionDenied, match="team"):
        services.inspection_save(inspection=inspection, user=outsider, version=1,
                                 scores=all_scores(inspection))


@pytest.mark.parametrize("status", [S.SUBMITTED, S.SIGNED_OFF, S.PUBLISHED])
def test_closed_inspections_are_read_only(world, status):
    inspection = make_inspection(world, status=status)
    with pytest.raises(ValidationError, match="can no longer be edited"):
        services.inspection_save(inspection=inspection, user=world.officer,
                                 version=inspection.version, scores=all_scores(inspection))
    with pytest.raises(ValidationError):
        services.finding_add(inspection=inspection, user=world.officer, kind="problem", text="x")


def test_sign_off_rules(world):
    inspection = make_inspection(world, status=S.IN_PROGRESS)
    with pytest.raises(ValidationError, match="submitted"):
        services.inspection_sign_off(inspection=inspection, user=world.officer)
    Inspection.objects.filter(pk=inspection.pk).update(status=S.SUBMITTED)
    for who in ("secretary", "leader", "org_department", "far_officer", "city_officer"):
        with pytest.raises(PermissionDenied):
            services.inspection_sign_off(inspection=inspection, user=getattr(world, who))
    services.inspection_sign_off(inspection=inspection, user=world.officer)
    with pytest.raises(ValidationError, match="already signed"):
        services.inspection_sign_off(inspection=inspection, user=world.officer)
    from tests.factories import UserFactory

    second_league = UserFactory(role="district_officer", organisation=world.league,
                                district=world.district)
    with pytest.raises(ValidationError, match="already signed"):
        services.inspection_sign_off(inspection=inspection, user=second_league)
    inspection.refresh_from_db()
    assert inspection.status == S.SUBMITTED


def test_publish_needs_both_signatures(world):
    inspection = make_inspection(world, status=S.SUBMITTED)
    with pytest.raises(ValidationError):
        services.inspection_publish(inspection=inspection, user=world.officer)
    Inspection.objects.filter(pk=inspection.pk).update(status=S.SIGNED_OFF)
    inspection.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.inspection_publish(inspection=inspection, user=world.secretary)
    services.inspection_publish(inspection=inspection, user=world.education_officer)
    assert inspection.status == S.PUBLISHED


def test_reopen_needs_reason_and_revokes_sign_offs(world):
    inspection = make_inspection(world, status=S.SUBMITTED)
    services.inspection_sign_off(inspection=inspection, user=world.officer)
    services.inspection_sign_off(inspection=inspection, user=world.education_officer)
    inspection.refresh_from_db()
    services.inspection_publish(inspection=inspection, user=world.officer)
    with pytest.raises(ValidationError, match="reason"):
        services.inspection_reopen(inspection=inspection, user=world.officer, reason=" ")
    with pytest.raises(PermissionDenied):
        services.inspection_reopen(inspection=inspection, user=world.secretary, reason="x")
    services.inspection_reopen(inspection=inspection, user=world.officer, reason="分数录错")
    inspection.refresh_from_db()
    assert inspection.status == S.IN_PROGRESS
    assert not inspection.sign_offs.filter(revoked_at__isnull=True).exists()
    assert inspection.sign_offs.count() == 2
    assert inspection.events.last().note == "分数录错"
    with pytest.raises(ValidationError, match="nothing to reopen"):
        services.inspection_reopen(inspection=inspection, user=world.officer, reason="x")


def test_change_after_sign_off_is_visible_against_snapshot(world):
    inspection = make_inspection(world, status=S.SUBMITTED, score=8)
    services.inspection_sign_off(inspection=inspection, user=world.officer)
    inspection.refresh_from_db()
    services.inspection_reopen(inspection=inspection, user=world.officer, reason="更正")
    first = inspection.scores.order_by("indicator__order").first()
    services.inspection_save(inspection=inspection, user=world.officer,
                             version=inspection.version,
                             scores={first.indicator_id: ScoreInput("6")})
    snapshot = inspection.sign_offs.get().scores_snapshot
    assert snapshot["M01"]["score"] == "8.0"
    first.refresh_from_db()
    assert first.score == Decimal("6.0")
    assert first.history.count() >= 2


def test_evidence_refuses_bad_type_and_size(world, settings, png):
    from django.core.files.uploadedfile import SimpleUploadedFile

    inspection = make_inspection(world)
    bad = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="not accepted"):
        services.evidence_add(inspection=inspection, user=world.officer, file=bad,
                              produced_on=datetime.date(2025, 10, 1))
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="largest accepted"):
        services.evidence_add(inspection=inspection, user=world.officer, file=png(),
                              produced_on=datetime.date(2025, 10, 1))
    assert not inspection.evidence.exists()


def test_outcomes_need_published_inspection_and_problem_finding(world):
    inspection = make_inspection(world, status=S.SIGNED_OFF)
    problem = make_problem(inspection)
    due = datetime.date.today() + datetime.timedelta(days=10)
    with pytest.raises(ValidationError, match="published"):
        services.rectification_issue(inspection=inspection, finding=problem, user=world.officer,
                                     requirement="r", due_date=due)
    Inspection.objects.filter(pk=inspection.pk).update(status=S.PUBLISHED)
    inspection.refresh_from_db()
    baseline = Finding.objects.create(inspection=inspection, kind="baseline", text="b")
    with pytest.raises(ValidationError, match="problem"):
        services.rectification_issue(inspection=inspection, finding=baseline,
                                     user=world.officer, requirement="r", due_date=due)
    with pytest.raises(PermissionDenied):
        services.commendation_issue(inspection=inspection, user=world.secretary, text="t")
    order = services.rectification_issue(inspection=inspection, finding=problem,
                                         user=world.officer, requirement="r", due_date=due)
    assert order.status == RectificationOrder.Status.OPEN


def test_rectification_cycle(world):
    inspection = make_inspection(world, status=S.PUBLISHED)
    order = make_order(inspection)
    with pytest.raises(PermissionDenied):
        services.rectification_respond(order=order, user=world.other_secretary, text="x")
    with pytest.raises(ValidationError, match="answered"):
        services.rectification_review(order=order, user=world.officer, accept=True)
    services.rectification_respond(order=order, user=world.secretary, text="已补齐")
    with pytest.raises(PermissionDenied):
        services.rectification_review(order=order, user=world.secretary, accept=True)
    with pytest.raises(ValidationError, match="missing"):
        services.rectification_review(order=order, user=world.officer, accept=False)
    services.rectification_review(order=order, user=world.officer, accept=False,
                                  comment="缺少照片")
    assert order.status == RectificationOrder.Status.SENT_BACK
    services.rectification_respond(order=order, user=world.secretary, text="补了照片")
    services.rectification_review(order=order, user=world.education_officer, accept=True)
    order.refresh_from_db()
    assert order.status == RectificationOrder.Status.CLOSED and order.closed_at
    assert [r.accepted for r in order.responses.all()] == [False, True]
    with pytest.raises(ValidationError):
        services.rectification_respond(order=order, user=world.secretary, text="again")


def test_overdue(world):
    inspection = make_inspection(world, status=S.PUBLISHED)
    late = make_order(inspection, due=datetime.date.today() - datetime.timedelta(days=1))
    make_order(inspection, due=datetime.date.today() - datetime.timedelta(days=1),
               status=RectificationOrder.Status.CLOSED)
    responded = make_order(inspection, due=datetime.date.today() - datetime.timedelta(days=1),
                           status=RectificationOrder.Status.RESPONDED)
    assert set(RectificationOrder.objects.overdue()) == {late, responded}
    assert late.is_overdue


def test_follow_up_carries_only_failures(world):
    inspection = make_inspection(world, status=S.PUBLISHED, score=9)
    low = inspection.scores.order_by("indicator__order").first()
    low.score = Decimal("4")
    low.save()
    problem = make_problem(inspection)
    Finding.objects.create(inspection=inspection, kind="featured", text="特色")
    follow = services.follow_up_create(inspection=inspection, user=world.officer,
                                       planned_date=datetime.date(2026, 3, 1))
    assert follow.kind == "follow_up" and follow.follows == inspection
    assert list(follow.scores.values_list("indicator_id", flat=True)) == [low.indicator_id]
    assert [(f.kind, f.follows) for f in follow.findings.all()] == [("problem", problem)]


def test_self_assessment_only_own_school_before_visit(world):
    inspection = make_inspection(world)
    indicator = inspection.standard.indicators.first()
    with pytest.raises(PermissionDenied):
        services.self_assessment_save(inspection=inspection, user=world.other_secretary,
                                      entries={indicator.pk: ("8", "")})
    with pytest.raises(ValidationError):
        services.self_assessment_save(inspection=inspection, user=world.secretary,
                                      entries={indicator.pk: ("12", "")})
    services.self_assessment_save(inspection=inspection, user=world.secretary,
                                  entries={indicator.pk: ("8", "有团课记录")})
    assert inspection.self_assessments.get().score == Decimal("8.0")
    Inspection.objects.filter(pk=inspection.pk).update(status=S.SUBMITTED)
    inspection.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.self_assessment_save(inspection=inspection, user=world.secretary,
                                      entries={indicator.pk: ("9", "")})


def test_band_and_new_version(world):
    standard = Standard.objects.get(code="middle-league")
    assert standard.band_for(95) == "commend"
    assert standard.band_for(75) == "satisfactory"
    assert standard.band_for(50) == "rectify"
    inspection = make_inspection(world)
    copy = services.standard_new_version(standard=standard, user=world.admin)
    assert copy.version == 2 and copy.indicators.count() == 12
    inspection.refresh_from_db()
    assert inspection.standard_id == standard.pk
    assert inspection.scores.first().indicator.standard_id == standard.pk
    assert services.standard_for(world.school) == copy
    with pytest.raises(PermissionDenied):
        services.standard_new_version(standard=standard, user=world.officer)


def test_plan_team_must_be_joint(world):
    assert len(services.plan_team_errors([world.officer])) == 1
    assert services.plan_team_errors([world.officer, world.education_officer]) == []


def test_admin_refuses_editing_a_standard_in_use(world, client_for):
    standard = Standard.objects.get(code="middle-league")
    client = client_for(world.admin)
    url = f"/admin/supervision/standard/{standard.pk}/change/"
    data = {"code": standard.code, "version": 1, "name": "改名", "kind": standard.kind,
            "issuing_bodies": "", "effective_on": "2014-09-01", "commend_threshold": "90",
            "rectify_threshold": "60", "commendation_quota": 20, "pass_ratio": "0.60",
            "indicators-TOTAL_FORMS": 0, "indicators-INITIAL_FORMS": 0}
    unused = client.post(url, {**data, "name": standard.name, "is_draft": "on",
                               "reason": "草案待确认"})
    assert unused.status_code == 302  # no inspection yet: the edit goes through
    assert standard.history.latest().history_change_reason == "草案待确认"
    make_inspection(world)
    response = client.post(url, {**data, "reason": "改名"})
    assert response.status_code == 200
    assert "创建新版本" in response.content.decode()
    standard.refresh_from_db()
    assert standard.name != "改名"


# ---------------------------------------------------------------- each service asks who acts

@pytest.fixture
def far_on_team(world):
    """A plan of the district whose team also (wrongly) lists another district's officer:
    only the services' own district check stands between them and the inspection."""
    from supervision.tests.factories import PlanFactory

    return PlanFactory(district=world.district,
                       team=[world.officer, world.education_officer, world.far_officer])


def _team_calls(world, inspection, png):
    far = world.far_officer
    finding = make_problem(inspection)
    evidence = services.evidence_add(inspection=inspection, user=world.officer, file=png(),
                                     produced_on=datetime.date(2025, 11, 3))
    return {
        "inspection_save": lambda: services.inspection_save(
            inspection=inspection, user=far, version=inspection.version,
            scores=all_scores(inspection)),
        "inspection_submit": lambda: services.inspection_submit(inspection=inspection,
                                                                user=far),
        "finding_add": lambda: services.finding_add(inspection=inspection, user=far,
                                                    kind="problem", text="x"),
        "finding_remove": lambda: services.finding_remove(finding=finding, user=far),
        "evidence_add": lambda: services.evidence_add(
            inspection=inspection, user=far, file=png(), produced_on=datetime.date(2025, 11, 3)),
        "evidence_remove": lambda: services.evidence_remove(evidence=evidence, user=far),
        "scores_import_begin": lambda: services.scores_import_begin(user=far,
                                                                    inspection=inspection),
        "inspection_create": lambda: services.inspection_create(
            plan=inspection.plan, school=world.other_school,
            planned_date=datetime.date(2025, 11, 4), user=far),
    }


def test_team_services_refuse_another_districts_officer_on_the_team(world, far_on_team, png):
    from portal.access import Refused

    inspection = make_inspection(world, plan=far_on_team, status=S.IN_PROGRESS)
    for name, call in _team_calls(world, inspection, png).items():
        with pytest.raises(Refused, match="district"):
            call()
        assert inspection.events.count() == 1, name
    assert inspection.plan.inspections.count() == 1
    Inspection.objects.filter(pk=inspection.pk).update(status=S.SUBMITTED)
    inspection.refresh_from_db()
    with pytest.raises(Refused):
        services.inspection_sign_off(inspection=inspection, user=world.far_officer)
    assert not inspection.sign_offs.exists()
    with pytest.raises(Refused):
        services.inspection_reopen(inspection=inspection, user=world.far_officer, reason="改")
    Inspection.objects.filter(pk=inspection.pk).update(status=S.SIGNED_OFF)
    inspection.refresh_from_db()
    with pytest.raises(Refused):
        services.inspection_publish(inspection=inspection, user=world.far_officer)
    inspection.refresh_from_db()
    assert inspection.status == S.SIGNED_OFF


def test_outcome_services_refuse_another_districts_officer(world, far_on_team):
    from portal.access import Refused

    inspection = make_inspection(world, plan=far_on_team, status=S.PUBLISHED, score=10)
    problem = make_problem(inspection)
    due = datetime.date.today() + datetime.timedelta(days=10)
    far = world.far_officer
    for call in (
            lambda: services.commendation_issue(inspection=inspection, user=far, text="t"),
            lambda: services.rectification_issue(inspection=inspection, finding=problem,
                                                 user=far, requirement="r", due_date=due),
            lambda: services.follow_up_create(inspection=inspection, user=far,
                                              planned_date=due)):
        with pytest.raises(Refused):
            call()
    assert not inspection.commendations.exists() and not inspection.orders.exists()
    assert not inspection.follow_ups.exists()
    order = make_order(inspection, status=RectificationOrder.Status.RESPONDED)
    with pytest.raises(Refused):
        services.rectification_review(order=order, user=far, accept=True)
    order.refresh_from_db()
    assert order.status == RectificationOrder.Status.RESPONDED


def test_action_items_refuse_another_districts_officer(world):
    from portal.access import Refused
    from supervision.models import ActionItem, CoordinationMeeting

    meeting = CoordinationMeeting.objects.create(district=world.district,
                                                 date=datetime.date(2026, 3, 1), title="联席会")
    item = ActionItem.objects.create(meeting=meeting, text="完成督导", owner=world.league,
                                     due_date=datetime.date(2026, 4, 1))
    with pytest.raises(Refused):
        services.action_item_done(item=item, user=world.far_officer)
    item.refresh_from_db()
    assert item.done_at is None


def test_secretary_services_refuse_another_districts_secretary(world):
    from portal.access import Refused
    from tests.factories import UserFactory

    far_secretary = UserFactory(role="school_secretary", school=world.far_school,
                                district=world.other_district)
    inspection = make_inspection(world)
    indicator = inspection.standard.indicators.first()
    with pytest.raises(Refused):
        services.self_assessment_save(inspection=inspection, user=far_secretary,
                                      entries={indicator.pk: ("8", "")})
    Inspection.objects.filter(pk=inspection.pk).update(status=S.PUBLISHED)
    order = make_order(inspection)
    with pytest.raises(Refused):
        services.rectification_respond(order=order, user=far_secretary, text="x")
    assert not inspection.self_assessments.exists() and not order.responses.exists()

"""The supervision pages: access matrix, messages, exports, query counts."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from supervision.models import Evidence, Finding, Inspection, RectificationOrder
from supervision.tests.factories import PlanFactory, make_inspection, make_order, make_problem

pytestmark = pytest.mark.django_db
S = Inspection.Status


def score_post(inspection, value="8", version=None, **extra):
    data = {"version": inspection.version if version is None else version}
    for s in inspection.scores.all():
        data[f"score_{s.indicator_id}"] = value
        data[f"comment_{s.indicator_id}"] = ""
    return {**data, **extra}


def url(name, obj):
    return reverse(f"supervision:{name}", args=[obj.pk])


# ---------------------------------------------------------------- reading

def test_anonymous_is_sent_to_login(world, client):
    inspection = make_inspection(world)
    for target in (reverse("supervision:inspection_list"), url("inspection_detail", inspection),
                   reverse("supervision:order_list"), reverse("supervision:plan_list")):
        response = client.get(target)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_secretary_sees_only_published_own_school(world, client_for):
    draft = make_inspection(world, status=S.SIGNED_OFF)
    published = make_inspection(world, status=S.PUBLISHED)  # one regular one per plan
    make_problem(published, "团支部活动记录缺失")
    other = make_inspection(world, school=world.other_school, plan=draft.plan,
                            status=S.PUBLISHED)
    client = client_for(world.secretary)
    assert client.get(url("inspection_detail", draft)).status_code == 404
    assert client.get(url("inspection_detail", other)).status_code == 404
    response = client.get(url("inspection_detail", published))
    assert response.status_code == 200
    content = response.content.decode()
    assert "团支部活动记录缺失" in content and "团队衔接" in content
    assert 'name="score_' not in content  # read-only
    listed = client.get(reverse("supervision:inspection_list")).context["table"].data
    assert [i.pk for i in listed] == [published.pk]


def test_far_officer_gets_404(world, client_for):
    inspection = make_inspection(world)
    assert client_for(world.far_officer).get(url("inspection_detail", inspection)).status_code \
        == 404


def test_leader_reads_but_cannot_write(world, client_for):
    inspection = make_inspection(world)
    client = client_for(world.leader)
    assert client.get(url("inspection_detail", inspection)).status_code == 200
    assert client.post(url("inspection_save", inspection), score_post(inspection)).status_code \
        == 403
    assert not inspection.scores.filter(score__isnull=False).exists()


def test_secretary_cannot_post_officer_actions(world, client_for):
    inspection = make_inspection(world, status=S.PUBLISHED)
    client = client_for(world.secretary)
    for name in ("inspection_save", "inspection_sign_off", "inspection_publish",
                 "inspection_reopen", "finding_add", "evidence_add"):
        assert client.post(url(name, inspection), {}).status_code == 403
    inspection.refresh_from_db()
    assert inspection.status == S.PUBLISHED


def test_city_officer_and_admin_read_only(world, client_for):
    inspection = make_inspection(world)
    for user in (world.city_officer, world.admin):
        client = client_for(user)
        response = client.get(url("inspection_detail", inspection))
        assert response.status_code == 200 and not response.context["can_edit"]


# ---------------------------------------------------------------- logging an inspection

def test_officer_saves_draft_and_submits(world, client_for):
    inspection = make_inspection(world)
    client = client_for(world.officer)
    page = client.get(url("inspection_detail", inspection))
    assert page.context["can_edit"] and 'name="version" value="1"' in page.content.decode()
    response = client.post(url("inspection_save", inspection), score_post(inspection, "7.5"))
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == S.IN_PROGRESS
    assert set(inspection.scores.values_list("score", flat=True)) == {Decimal("7.5")}
    response = client.post(url("inspection_save", inspection),
                           score_post(inspection, "8", action="submit"), follow=True)
    assert "已提交" in response.content.decode() or response.status_code == 200
    inspection.refresh_from_db()
    assert inspection.status == S.SUBMITTED


def test_score_above_max_shows_message_and_keeps_db(world, client_for):
    inspection = make_inspection(world)
    client = client_for(world.officer)
    response = client.post(url("inspection_save", inspection), score_post(inspection, "12"))
    assert response.status_code == 400
    assert "0 到 10" in response.content.decode() or "0 and 10" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.version == 1 and inspection.status == S.PLANNED
    assert not inspection.scores.filter(score__isnull=False).exists()


def test_submit_with_missing_score_changes_nothing(world, client_for):
    inspection = make_inspection(world)
    data = score_post(inspection, "8", action="submit")
    first = inspection.scores.order_by("indicator__order").first()
    data[f"score_{first.indicator_id}"] = ""
    response = client_for(world.officer).post(url("inspection_save", inspection), data)
    assert response.status_code == 400
    assert "团队衔接" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == S.PLANNED and inspection.version == 1
    assert not inspection.scores.filter(score__isnull=False).exists()


def test_concurrent_edit_second_save_refused(world):
    inspection = make_inspection(world)
    first, second = Client(), Client()
    first.force_login(world.officer)
    second.force_login(world.education_officer)
    v1 = first.get(url("inspection_detail", inspection)).context["inspection"].version
    v2 = second.get(url("inspection_detail", inspection)).context["inspection"].version
    assert v1 == v2
    assert first.post(url("inspection_save", inspection),
                      score_post(inspection, "9", version=v1)).status_code == 302
    response = second.post(url("inspection_save", inspection),
                           score_post(inspection, "3", version=v2))
    assert response.status_code == 400
    assert "重新加载" in response.content.decode()
    assert set(inspection.scores.values_list("score", flat=True)) == {Decimal("9.0")}


def test_findings_add_and_remove(world, client_for):
    inspection = make_inspection(world)
    client = client_for(world.officer)
    client.post(url("finding_add", inspection), {"kind": "featured", "text": "红领巾广播站"})
    finding = Finding.objects.get(inspection=inspection)
    assert finding.kind == "featured" and finding.created_by == world.officer
    client_for(world.secretary).post(url("finding_delete", finding))
    assert Finding.objects.filter(pk=finding.pk).exists()
    client_for(world.officer).post(url("finding_delete", finding))
    assert not Finding.objects.filter(pk=finding.pk).exists()


def test_evidence_upload_and_download(world, client_for, png):
    inspection = make_inspection(world)
    client = client_for(world.officer)
    client.post(url("evidence_add", inspection),
                {"file": png(), "produced_on": "2025-10-20", "caption": "团课照片"})
    evidence = Evidence.objects.get(inspection=inspection)
    assert evidence.produced_on == datetime.date(2025, 10, 20)
    response = client.get(url("evidence_file", evidence))
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    # secretary: not until published
    assert client_for(world.secretary).get(url("evidence_file", evidence)).status_code == 404


@pytest.mark.parametrize("case", ["type", "size", "date"])
def test_bad_evidence_refused_with_message(world, client_for, png, settings, case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    inspection = make_inspection(world)
    data = {"file": png(), "produced_on": "2025-10-20"}
    expected = ""
    if case == "type":
        data["file"] = SimpleUploadedFile("x.exe", b"MZ\x90\x00")
        expected = "exe"
    elif case == "size":
        settings.UPLOAD_MAX_BYTES = 20
        expected = "20"
    else:
        data.pop("produced_on")
    response = client_for(world.officer).post(url("evidence_add", inspection), data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages and expected in messages[0]
    assert not Evidence.objects.exists()


def test_sign_off_and_publish_through_views(world, client_for):
    inspection = make_inspection(world, status=S.SUBMITTED)
    client_for(world.secretary).post(url("inspection_sign_off", inspection))
    client_for(world.officer).post(url("inspection_sign_off", inspection))
    response = client_for(world.officer).post(url("inspection_sign_off", inspection),
                                              follow=True)
    assert any("已" in str(m) for m in response.context["messages"])
    client_for(world.education_officer).post(url("inspection_sign_off", inspection))
    client_for(world.education_officer).post(url("inspection_publish", inspection))
    inspection.refresh_from_db()
    assert inspection.status == S.PUBLISHED
    client_for(world.officer).post(url("inspection_reopen", inspection), {"reason": ""})
    inspection.refresh_from_db()
    assert inspection.status == S.PUBLISHED
    client_for(world.officer).post(url("inspection_reopen", inspection), {"reason": "改分"})
    inspection.refresh_from_db()
    assert inspection.status == S.IN_PROGRESS


# ---------------------------------------------------------------- outcomes

def test_order_form_preselects_the_only_problem(world, client_for):
    inspection = make_inspection(world, status=S.PUBLISHED)
    problem = make_problem(inspection)
    form = client_for(world.officer).get(url("order_create", inspection)).context["form"]
    assert form["finding"].value() == problem.pk
    html = str(form["finding"])
    assert f'value="{problem.pk}" selected' in html and 'value=""' not in html
    # With two problems the officer chooses.
    make_problem(inspection, text="团课记录缺失")
    form = client_for(world.officer).get(url("order_create", inspection)).context["form"]
    assert form["finding"].value() is None and 'value=""' in str(form["finding"])


def test_order_created_answered_and_closed(world, client_for):
    inspection = make_inspection(world, status=S.PUBLISHED)
    problem = make_problem(inspection)
    due = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    client_for(world.officer).post(url("order_create", inspection),
                                   {"finding": problem.pk, "requirement": "一个月内补齐",
                                    "due_date": due})
    order = RectificationOrder.objects.get()
    assert client_for(world.other_secretary).get(url("order_detail", order)).status_code == 404
    assert client_for(world.other_secretary).post(url("order_respond", order),
                                                  {"text": "x"}).status_code == 404
    client_for(world.secretary).post(url("order_respond", order), {"text": "已补齐"})
    order.refresh_from_db()
    assert order.status == "responded"
    assert client_for(world.leader).post(url("order_review", order),
                                         {"decision": "accept"}).status_code == 403
    client_for(world.officer).post(url("order_review", order), {"decision": "accept"})
    order.refresh_from_db()
    assert order.status == "closed"


def test_order_list_filters_overdue_and_exports(world, client_for):
    inspection = make_inspection(world, status=S.PUBLISHED)
    late = make_order(inspection, due=datetime.date.today() - datetime.timedelta(days=3))
    make_order(inspection)
    make_order(inspection, status="closed")
    client = client_for(world.officer)
    response = client.get(reverse("supervision:order_list"))
    assert len(response.context["table"].data) == 2
    assert "逾期" in response.content.decode()
    response = client.get(reverse("supervision:order_list"), {"overdue": "true"})
    assert [o.pk for o in response.context["table"].data] == [late.pk]
    response = client.get(reverse("supervision:order_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_row == 3 and sheet["A2"].value == "求精中学"


def test_commendation(world, client_for):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer],
                       commendation_quota=100)
    inspection = make_inspection(world, plan=plan, status=S.PUBLISHED, score=10)
    client_for(world.education_officer).post(url("commendation_create", inspection),
                                             {"text": "团队工作成绩突出"})
    assert inspection.commendations.get().issued_by == world.education_officer


# ---------------------------------------------------------------- plans, lists

def test_plan_create_requires_joint_team(world, client_for):
    client = client_for(world.officer)
    response = client.post(reverse("supervision:plan_create"),
                           {"year": 2025, "title": "2025年督导", "team": [world.officer.pk]})
    assert response.status_code == 200 and "区教委" in response.content.decode() or \
        "教育" in response.content.decode()
    response = client.post(reverse("supervision:plan_create"), {
        "year": 2025, "title": "2025年督导",
        "team": [world.officer.pk, world.education_officer.pk]})
    assert response.status_code == 302


def test_plan_detail_progress_averages_and_quota(world, client_for):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    make_inspection(world, plan=plan, status=S.PUBLISHED, score=10)
    make_inspection(world, school=world.other_school, plan=plan, status=S.IN_PROGRESS)
    client = client_for(world.officer)
    response = client.get(url("plan_detail", plan))
    assert response.context["progress"]["published"] == 1
    assert response.context["progress"]["in_progress"] == 1
    assert response.context["averages"][0]["average"] == 10
    assert response.context["over_quota"]  # 1 of 2 schools commended > 20 %
    assert "data-testid=\"quota-warning\"" in response.content.decode()
    response = client.get(url("plan_detail", plan), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["C2"].value == "团队衔接" and sheet["E2"].value == 10
    assert client_for(world.secretary).get(url("plan_detail", plan)).status_code == 403


def test_inspection_list_filters_and_exports(world, client_for):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    make_inspection(world, plan=plan, status=S.PUBLISHED)
    make_inspection(world, school=world.other_school, plan=plan)
    client = client_for(world.officer)
    response = client.get(reverse("supervision:inspection_list"), {"status": "published"})
    assert len(response.context["table"].data) == 1
    response = client.get(reverse("supervision:inspection_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_row == 3
    assert sorted(r[6] or 0 for r in sheet.iter_rows(min_row=2, values_only=True)) == [0, 80]


@pytest.mark.parametrize("count", [5, 30])
def test_list_query_count(world, client_for, django_assert_max_num_queries, count):
    from tests.factories import SchoolFactory

    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    for _ in range(count):
        make_inspection(world, school=SchoolFactory(district=world.district), plan=plan,
                        status=S.PUBLISHED)
    client = client_for(world.officer)
    # session, user, count, page with totals, plan choices, school choices
    with django_assert_max_num_queries(8):
        assert client.get(reverse("supervision:inspection_list")).status_code == 200


@pytest.mark.parametrize("count", [5, 30])
def test_plan_detail_query_count(world, client_for, django_assert_max_num_queries, count):
    from tests.factories import SchoolFactory

    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    for _ in range(count):
        make_inspection(world, school=SchoolFactory(district=world.district), plan=plan,
                        status=S.PUBLISHED)
    client = client_for(world.officer)
    # session, user, plan, progress, averages, published totals, school count, inspections,
    # team, create-form schools
    with django_assert_max_num_queries(12):
        assert client.get(url("plan_detail", plan)).status_code == 200


@pytest.mark.parametrize("count", [2, 12])
def test_inspection_page_query_count(world, client_for, django_assert_max_num_queries, count,
                                     png):
    inspection = make_inspection(world, status=S.IN_PROGRESS)
    for n in range(count):
        Finding.objects.create(inspection=inspection, kind="baseline", text=f"f{n}")
        Evidence.objects.create(inspection=inspection, file=f"supervision/x{n}.png",
                                produced_on=datetime.date(2025, 1, 1), uploaded_by=world.officer)
    client = client_for(world.officer)
    with django_assert_max_num_queries(20):
        assert client.get(url("inspection_detail", inspection)).status_code == 200


def test_school_page_section(world, client_for, django_assert_max_num_queries):
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    published = make_inspection(world, plan=plan, status=S.PUBLISHED, score=6)
    make_order(published, due=datetime.date.today() - datetime.timedelta(days=1))
    make_inspection(world)  # another plan's: a school has one regular inspection per plan
    response = client_for(world.secretary).get(reverse("schools:detail", args=[world.school.pk]))
    content = response.content.decode()
    assert content.count('data-testid="school-inspection"') == 1  # unpublished hidden
    assert "团的档案管理" in content and "逾期" in content
    response = client_for(world.officer).get(reverse("schools:detail", args=[world.school.pk]))
    assert response.content.decode().count('data-testid="school-inspection"') == 2


def test_self_assessment_page(world, client_for):
    inspection = make_inspection(world)
    indicator = inspection.standard.indicators.get(code="M05")
    client = client_for(world.secretary)
    assert client.get(url("self_assessment", inspection)).status_code == 200
    client.post(url("self_assessment", inspection), {f"self_{indicator.pk}": "9",
                                                     f"note_{indicator.pk}": "每班都有团支部"})
    assert inspection.self_assessments.get().score == 9
    assert client_for(world.other_secretary).get(url("self_assessment", inspection)) \
        .status_code == 404
    page = client_for(world.officer).get(url("inspection_detail", inspection))
    assert "每班都有团支部" in page.content.decode()
    Inspection.objects.filter(pk=inspection.pk).update(status=S.SUBMITTED)
    assert client_for(world.secretary).get(url("self_assessment", inspection)).status_code == 404


def test_meetings(world, client_for):
    client = client_for(world.officer)
    response = client.post(reverse("supervision:meeting_create"), {
        "date": "2025-12-01", "title": "学校共青团工作联系会议",
        "attendees": [world.league.pk, world.education.pk], "minutes": "m", "decisions": "d"})
    meeting = world.district.coordination_meetings.get()
    assert response.status_code == 302
    client.post(url("action_create", meeting), {"text": "完成督导", "owner": world.league.pk,
                                                 "due_date": "2020-01-01"})
    item = meeting.action_items.get()
    assert "逾期" in client.get(url("meeting_detail", meeting)).content.decode()
    assert client_for(world.leader).post(url("action_done", item)).status_code == 403
    assert client_for(world.secretary).get(url("meeting_detail", meeting)).status_code == 403
    client_for(world.officer).post(url("action_done", item))
    item.refresh_from_db()
    assert item.done_at and item.done_by == world.officer


def test_dashboard_panels(world):
    from supervision.dashboard import panels

    inspection = make_inspection(world, status=S.PUBLISHED)
    make_order(inspection, due=datetime.date.today() - datetime.timedelta(days=1))
    values = [p.value for p in panels(world.officer)]
    assert values[:2] == [1, 1]
    assert [p.value for p in panels(world.other_secretary)] == [0, 0]


def test_a_score_field_named_with_a_non_ascii_digit_is_ignored(world, client_for):
    """Issue 26: "score_²" passed str.isdigit and failed int() (a 500)."""
    inspection = make_inspection(world, status=S.IN_PROGRESS)
    client = client_for(world.officer)
    client.raise_request_exception = False
    response = client.post(url("inspection_save", inspection),
                           score_post(inspection, **{"score_²": "5", "comment_²": ""}))
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert {s.score for s in inspection.scores.all()} == {Decimal("8")}

"""Excel exports of the supervision pages that had none (issue 11): a meeting's action items
(and those of every meeting listed), an inspection's findings and scores (and the findings of
the inspections the list keeps). Read back with openpyxl: Chinese headers, typed cells,
formula-like text unchanged and not a formula, filters and scope, role checks, constant
queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.tests.xlsx import assert_plain_text, rows_of, sheet_of
from supervision.exports import ActionItemExport, FindingExport, ScoreExport
from supervision.models import ActionItem, CoordinationMeeting, Finding, Inspection
from supervision.tests.factories import make_inspection, make_problem
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


# --- Action items --------------------------------------------------------------------------

def meeting(district, title, day=date(2026, 3, 10)):
    return CoordinationMeeting.objects.create(district=district, date=day, title=title)


def action(meeting, text, owner, **kw):
    return ActionItem.objects.create(meeting=meeting, text=text, owner=owner,
                                     due_date=kw.pop("due_date", date(2026, 4, 1)), **kw)


def test_meeting_action_items_export(world, client_for):
    first = meeting(world.district, "第一次联席会议")
    done_at = timezone.make_aware(datetime(2026, 3, 20, 10, 0))
    action(first, "=1+1", world.league, done_at=done_at, done_by=world.officer)
    action(first, "@cmd", world.education, due_date=date(2020, 1, 1))  # overdue
    action(meeting(world.district, "第二次"), "别的会议的事项", world.league)
    client = client_for(world.officer)
    url = reverse("supervision:meeting_detail", args=[first.pk])
    assert 'data-testid="export-actions"' in client.get(url).content.decode()
    sheet = sheet_of(client.get(url, {"export": "xlsx"}))
    rows = list(sheet.values)
    assert list(rows[0]) == ActionItemExport().headers(world.officer)
    assert all(not h.isascii() for h in rows[0])  # Chinese headers
    assert sorted(r[2] for r in rows[1:]) == ["=1+1", "@cmd"]  # this meeting's only
    done = next(r for r in rows[1:] if r[2] == "=1+1")
    assert done[0] == datetime(2026, 3, 10) and done[1] == "第一次联席会议"
    assert done[3] == "团区委" and done[4] == datetime(2026, 4, 1)  # date cells
    assert (done[5], done[6], done[8]) == ("是", datetime(2026, 3, 20, 10, 0), "否")
    overdue = next(r for r in rows[1:] if r[2] == "@cmd")
    assert (overdue[5], overdue[6], overdue[8]) == ("否", None, "是")
    assert_plain_text(sheet, "=1+1")
    assert_plain_text(sheet, "@cmd")


def test_meeting_list_exports_the_action_items_of_the_district(world, client_for):
    action(meeting(world.district, "一"), "渝中区事项一", world.league)
    action(meeting(world.district, "二"), "渝中区事项二", world.league)
    far_org = world.far_officer.organisation
    action(meeting(world.other_district, "江北"), "江北区事项", far_org)
    client = client_for(world.officer)
    assert 'data-testid="export-actions"' in client.get(
        reverse("supervision:meeting_list")).content.decode()
    rows = rows_of(client.get(reverse("supervision:meeting_list"), {"export": "actions"}))
    assert sorted(r[2] for r in rows[1:]) == ["渝中区事项一", "渝中区事项二"]


def test_action_items_export_is_scoped_and_refused_to_secretaries(world, client_for):
    far = meeting(world.other_district, "江北")
    action(far, "江北区事项", world.far_officer.organisation)
    mine = meeting(world.district, "渝中")
    assert client_for(world.officer).get(reverse("supervision:meeting_detail", args=[far.pk]),
                                         {"export": "xlsx"}).status_code == 404
    secretary = client_for(world.secretary)
    assert secretary.get(reverse("supervision:meeting_detail", args=[mine.pk]),
                         {"export": "xlsx"}).status_code == 403
    assert secretary.get(reverse("supervision:meeting_list"),
                         {"export": "actions"}).status_code == 403


def test_action_items_export_queries_do_not_grow(world, client_for,
                                                 django_assert_max_num_queries):
    one = meeting(world.district, "一")
    action(one, "事项", world.league)
    client = client_for(world.officer)
    urls = [(reverse("supervision:meeting_list"), {"export": "actions"}),
            (reverse("supervision:meeting_detail", args=[one.pk]), {"export": "xlsx"})]
    counts = []
    for url, params in urls:
        client.get(url, params)
        with django_assert_max_num_queries(20) as few:
            sheet_of(client.get(url, params))
        counts.append(len(few))
    for n in range(12):
        other = meeting(world.district, f"会议{n}", date(2026, 1, 1) + timedelta(days=n))
        action(other, f"事项{n}", world.education, done_at=timezone.now(),
               done_by=world.education_officer)
        action(one, f"本次事项{n}", world.education, done_at=timezone.now(),
               done_by=world.officer)
    for (url, params), count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert len(rows_of(client.get(url, params))) > 12


# --- Findings and scores -------------------------------------------------------------------

def test_inspection_findings_export(world, client_for):
    inspection = make_inspection(world, status=Inspection.Status.PUBLISHED)
    original = make_problem(inspection, "=1+1")
    Finding.objects.create(inspection=inspection, kind=Finding.Kind.FEATURED, text="@cmd",
                           follows=original)
    make_problem(make_inspection(world, school=world.other_school), "别校的问题")
    client = client_for(world.officer)
    url = reverse("supervision:inspection_detail", args=[inspection.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="export-findings"' in page and 'data-testid="export-scores"' in page
    sheet = sheet_of(client.get(url, {"export": "findings"}))
    rows = list(sheet.values)
    assert list(rows[0]) == FindingExport().headers(world.officer)
    assert all(not h.isascii() for h in rows[0])
    assert sorted(r[5] for r in rows[1:]) == ["=1+1", "@cmd"]  # this inspection's only
    problem = next(r for r in rows[1:] if r[5] == "=1+1")
    assert problem[0] == "求精中学" and problem[1] == datetime(2025, 11, 3)  # a date cell
    assert problem[2] == "存在问题" and problem[3] and problem[4]  # the indicator
    assert isinstance(problem[7], datetime)
    assert next(r for r in rows[1:] if r[5] == "@cmd")[6] == "=1+1"  # the original finding
    assert_plain_text(sheet, "=1+1")
    assert_plain_text(sheet, "@cmd")


def test_inspection_scores_export_has_numbers(world, client_for):
    inspection = make_inspection(world, status=Inspection.Status.PUBLISHED, score=Decimal("7.5"))
    rows = rows_of(client_for(world.secretary).get(
        reverse("supervision:inspection_detail", args=[inspection.pk]), {"export": "scores"}))
    assert list(rows[0]) == ScoreExport().headers(world.secretary)
    assert len(rows) == inspection.scores.count() + 1
    assert {r[0] for r in rows[1:]} == {inspection.pk}
    assert all(r[7] == 7.5 and isinstance(r[6], int | float) for r in rows[1:])


def test_findings_exports_are_scoped_like_the_pages(world, client_for):
    published = make_inspection(world, status=Inspection.Status.PUBLISHED)
    make_problem(published, "已公布的问题")
    draft = make_inspection(world, status=Inspection.Status.IN_PROGRESS)
    make_problem(draft, "未公布的问题")
    other = make_inspection(world, school=world.other_school, status=Inspection.Status.PUBLISHED)
    make_problem(other, "别校的问题")
    secretary = client_for(world.secretary)
    for inspection, status in ((published, 200), (draft, 404), (other, 404)):
        response = secretary.get(reverse("supervision:inspection_detail", args=[inspection.pk]),
                                 {"export": "findings"})
        assert response.status_code == status
    rows = rows_of(secretary.get(reverse("supervision:inspection_list"), {"export": "findings"}))
    assert [r[5] for r in rows[1:]] == ["已公布的问题"]
    far = client_for(world.far_officer)
    assert far.get(reverse("supervision:inspection_detail", args=[published.pk]),
                   {"export": "findings"}).status_code == 404
    assert len(rows_of(far.get(reverse("supervision:inspection_list"),
                               {"export": "findings"}))) == 1


def test_inspection_list_findings_export_applies_the_filters(world, client_for):
    make_problem(make_inspection(world, status=Inspection.Status.PUBLISHED), "求精的问题")
    make_problem(make_inspection(world, school=world.other_school), "大坪的问题")
    client = client_for(world.officer)
    rows = rows_of(client.get(reverse("supervision:inspection_list"),
                              {"export": "findings", "school": "大坪"}))
    assert [(r[0], r[5]) for r in rows[1:]] == [("大坪中学", "大坪的问题")]
    rows = rows_of(client.get(reverse("supervision:inspection_list"),
                              {"export": "findings", "status": "published"}))
    assert [r[5] for r in rows[1:]] == ["求精的问题"]


def test_findings_exports_queries_do_not_grow(world, client_for, django_assert_max_num_queries):
    inspection = make_inspection(world, status=Inspection.Status.PUBLISHED)
    make_problem(inspection)
    client = client_for(world.officer)
    urls = [(reverse("supervision:inspection_list"), {"export": "findings"}),
            (reverse("supervision:inspection_detail", args=[inspection.pk]),
             {"export": "findings"})]
    counts = []
    for url, params in urls:
        client.get(url, params)
        with django_assert_max_num_queries(20) as few:
            sheet_of(client.get(url, params))
        counts.append(len(few))
    for n in range(6):
        school = SchoolFactory(district=world.district, name=f"新学校{n}")
        other = make_inspection(world, school=school)
        original = make_problem(other, f"问题{n}")
        Finding.objects.create(inspection=other, kind=Finding.Kind.PROBLEM, text=f"复查{n}",
                               follows=original)
        make_problem(inspection, f"本次问题{n}")
        make_problem(inspection, f"本次问题{n}b")
    for (url, params), count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert len(rows_of(client.get(url, params))) > 12


# --- A plan's inspections ------------------------------------------------------------------

def test_plan_inspections_export(world, client_for, django_assert_max_num_queries):
    from supervision.tests.factories import PlanFactory

    plan = PlanFactory(district=world.district, title="=1+1",
                       team=[world.officer, world.education_officer])
    make_inspection(world, plan=plan, status=Inspection.Status.PUBLISHED, score=8)
    make_inspection(world, school=world.other_school)  # another plan of the district
    client = client_for(world.officer)
    url = reverse("supervision:plan_detail", args=[plan.pk])
    assert 'data-testid="export-inspections"' in client.get(url).content.decode()
    client.get(url, {"export": "inspections"})
    with django_assert_max_num_queries(20) as few:
        sheet = sheet_of(client.get(url, {"export": "inspections"}))
    rows = list(sheet.values)
    assert all(not h.isascii() for h in rows[0])
    assert len(rows) == 2 and rows[1][0] == "求精中学" and rows[1][1] == "=1+1"
    assert rows[1][2] == datetime(2025, 11, 3) and isinstance(rows[1][6], int | float)
    assert_plain_text(sheet, "=1+1")
    for n in range(11):
        make_inspection(world, plan=plan,
                        school=SchoolFactory(district=world.district, name=f"计划学校{n}"))
    with django_assert_max_num_queries(len(few)):
        assert len(rows_of(client.get(url, {"export": "inspections"}))) == 13
    assert client_for(world.secretary).get(url, {"export": "inspections"}).status_code == 403
    assert client_for(world.far_officer).get(url, {"export": "inspections"}).status_code == 404

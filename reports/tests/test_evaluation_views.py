"""The evaluation pages by role: who may see, request and download which PDF; the build's
progress, failure and retry; reuse of an unchanged PDF."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.tests.factories import FundFactory
from portal.school_year import school_year_of
from reports import collect, render, services
from reports.models import EvaluationReport
from supervision.models import Inspection
from supervision.tests.factories import make_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    """The reports page caches its sections by district id, and ids repeat between tests."""
    from django.core.cache import cache

    cache.clear()


def school_year():
    return school_year_of(timezone.localdate())


@pytest.fixture
def district_report(world):
    return services.report_request(user=world.leader, district=world.district,
                                   period=school_year())


@pytest.fixture
def school_report(world):
    return services.report_request(user=world.secretary, district=world.district,
                                   school=world.school, period=school_year())


def test_leader_home_is_the_reports_page(world, client_for):
    response = client_for(world.leader).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("reports")


@pytest.mark.parametrize("persona", ["leader", "officer", "education_officer",
                                     "org_department"])
def test_district_roles_see_the_reports_page(world, client_for, persona):
    response = client_for(getattr(world, persona)).get(reverse("reports"))
    assert response.status_code == 200
    assert response.context["district"] == world.district


def test_reports_page_refuses_secretaries_and_sends_strangers_to_log_in(world, client_for,
                                                                        client):
    assert client.get(reverse("reports")).status_code == 302
    assert client_for(world.secretary).get(reverse("reports")).status_code == 403


def test_city_officer_chooses_a_district(world, client_for):
    client = client_for(world.city_officer)
    page = client.get(reverse("reports"))
    assert "reports/reports_choose.html" in [t.name for t in page.templates]
    page = client.get(reverse("reports"), {"district": world.other_district.pk})
    assert page.context["district"] == world.other_district


def test_leader_requests_and_downloads_the_summary(world, client_for):
    client = client_for(world.leader)
    response = client.post(reverse("report_request"), {"kind": "year",
                                                       "school_year": school_year().start.year})
    report = EvaluationReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert report.status == "done" and report.requested_by == world.leader
    download = client.get(reverse("report_download", args=[report.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    page = client.get(reverse("reports"))
    assert page.context["fresh"] and page.context["latest"] == report


def test_other_district_and_secretaries_never_reach_a_district_report(world, client_for,
                                                                      district_report):
    for persona in ("far_officer", "secretary"):
        client = client_for(getattr(world, persona))
        for name in ("report_detail", "report_download"):
            assert client.get(reverse(name, args=[district_report.pk])).status_code == 404
        assert client.post(reverse("report_retry", args=[district_report.pk])).status_code == 404


def test_secretary_gets_only_their_schools_evaluation(world, client_for, school_report):
    client = client_for(world.secretary)
    assert client.get(reverse("school_evaluation", args=[world.school.pk])).status_code == 200
    assert client.get(reverse("report_download", args=[school_report.pk])).status_code == 200
    assert client.get(reverse("school_evaluation",
                              args=[world.other_school.pk])).status_code == 404
    assert client.post(reverse("school_evaluation", args=[world.other_school.pk]),
                       {"kind": "year", "school_year": 2025}).status_code == 404
    other = client_for(world.other_secretary)
    assert other.get(reverse("report_download", args=[school_report.pk])).status_code == 404
    assert client_for(world.far_officer).get(
        reverse("school_evaluation", args=[world.school.pk])).status_code == 404


def test_school_evaluation_can_be_requested_by_a_leader(world, client_for):
    response = client_for(world.leader).post(
        reverse("school_evaluation", args=[world.school.pk]),
        {"kind": "year", "school_year": school_year().start.year})
    report = EvaluationReport.objects.get()
    assert response.status_code == 302 and report.school == world.school and report.is_done


def test_anonymous_users_log_in_first(world, client, district_report):
    for url in (reverse("reports"), reverse("report_request"),
                reverse("report_detail", args=[district_report.pk]),
                reverse("report_download", args=[district_report.pk]),
                reverse("school_evaluation", args=[world.school.pk]),
                reverse("inspection_record", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_inspection_record_follows_inspection_scope(world, client_for):
    published = make_inspection(world, status=Inspection.Status.PUBLISHED)
    submitted = make_inspection(world, school=world.other_school,
                                status=Inspection.Status.SUBMITTED)
    own_unpublished = make_inspection(world, status=Inspection.Status.SUBMITTED,
                                      plan=submitted.plan)
    secretary = client_for(world.secretary)
    response = secretary.get(reverse("inspection_record", args=[published.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert secretary.get(reverse("inspection_record", args=[own_unpublished.pk])
                         ).status_code == 404
    assert secretary.get(reverse("inspection_record", args=[submitted.pk])).status_code == 404
    assert client_for(world.far_officer).get(
        reverse("inspection_record", args=[published.pk])).status_code == 404
    assert client_for(world.leader).get(
        reverse("inspection_record", args=[submitted.pk])).status_code == 200


def test_pending_report_polls_and_finished_report_stops(world, client_for):
    report = EvaluationReport.objects.create(
        kind="district", district=world.district, period_start=date(2025, 9, 1),
        period_end=date(2026, 8, 31), language="zh-hans")
    client = client_for(world.leader)
    fragment = client.get(reverse("report_detail", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in fragment.content.decode()
    assert "reports/_report_status.html" in [t.name for t in fragment.templates]
    services.build_report.call(report_id=report.pk)
    fragment = client.get(reverse("report_detail", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in fragment.content.decode()
    assert reverse("report_download", args=[report.pk]) in fragment.content.decode()


def test_a_failed_build_says_why_and_can_be_retried(world, client_for, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("字体缺失")

    monkeypatch.setattr(render, "district_pdf", broken)
    client = client_for(world.leader)
    client.post(reverse("report_request"), {"kind": "year",
                                            "school_year": school_year().start.year})
    report = EvaluationReport.objects.get()
    assert report.status == "failed" and "字体缺失" in report.error
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "PDF 生成失败" in page and "字体缺失" in page and 'data-testid="retry"' in page
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 404
    monkeypatch.undo()
    response = client.post(reverse("report_retry", args=[report.pk]))
    report.refresh_from_db()
    assert response.status_code == 302 and report.status == "done" and report.error == ""


def test_an_unchanged_summary_is_served_again_without_a_new_render(world, monkeypatch):
    first = services.report_request(user=world.leader, district=world.district,
                                    period=school_year())
    first.refresh_from_db()

    def must_not_render(**kwargs):
        raise AssertionError("rendered again although nothing changed")

    monkeypatch.setattr(render, "district_pdf", must_not_render)
    again = services.report_request(user=world.officer, district=world.district,
                                    period=school_year())
    again.refresh_from_db()
    assert again.status == "done" and again.file.name == first.file.name
    FundFactory(district=world.district, year=school_year().start.year)  # the data changes
    monkeypatch.undo()
    changed = services.report_request(user=world.officer, district=world.district,
                                      period=school_year())
    changed.refresh_from_db()
    assert changed.fingerprint != first.fingerprint and changed.file.name != first.file.name


@pytest.mark.parametrize("data, message", [
    ({"kind": "dates", "start": "2026-03-01", "end": "2026-02-01"}, "开始日期不能晚于结束日期"),
    ({"kind": "dates", "start": "2020-03-01",
      "end": (date.today() + timedelta(days=30)).isoformat()}, "结束日期不能晚于今天"),
    ({"kind": "dates", "start": "2010-01-01", "end": "2019-01-01"}, "期间最长为五年"),
    ({"kind": "semester", "semester": ""}, "请选择学期"),
])
def test_period_form_errors_are_plain_chinese(world, client_for, data, message):
    response = client_for(world.leader).post(reverse("report_request"), data, follow=True)
    assert message in response.content.decode()
    assert not EvaluationReport.objects.exists()


def test_section_collection_does_not_grow_with_the_number_of_schools(
        world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import SchoolFactory

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            collect.district_sections(district=world.district, period=school_year())
        return len(queries)

    make_inspection(world, status=Inspection.Status.PUBLISHED)
    few = count()
    for _ in range(6):
        school = SchoolFactory(district=world.district)
        make_inspection(world, school=school, status=Inspection.Status.PUBLISHED)
    assert count() == few
    # every app's sections (schools, supervision, activities, cadres): about 35 aggregate
    # queries whatever the district's size
    with django_assert_max_num_queries(45):
        collect.district_sections(district=world.district, period=school_year())

"""Issue 25: a published inspection's outcome can be closed as not needed (无需处理) with a
reason, by the officers who issue outcomes; it leaves the to-do list, shows on the inspection
page and record, and is in the history. A reopening lifts it."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports import record
from supervision import services, todo
from supervision.models import Inspection
from supervision.tests.factories import make_inspection, make_order, make_problem
from tests.concurrency import needs_postgresql, race

S = Inspection.Status
REASON = "结果合格，无需表彰或整改"


def close(inspection, user, reason=REASON):
    return services.outcome_not_needed(inspection=inspection, user=user, reason=reason)


def outcome_keys(user):
    return [i.object_key for i in todo.officer_items(user, timezone.localdate())
            if i.kind == "inspection_outcome"]


@pytest.mark.django_db
def test_closing_takes_the_inspection_off_the_to_do_list_and_is_recorded(world):
    inspection = make_inspection(world, status=S.PUBLISHED, score=7)
    assert outcome_keys(world.officer) == [
        f"supervision.inspection.{inspection.pk}.inspection_outcome"]
    close(inspection, world.education_officer)  # either body's officer decides outcomes
    inspection.refresh_from_db()
    assert inspection.needs_no_outcome and inspection.no_outcome_reason == REASON
    assert inspection.no_outcome_by == world.education_officer
    assert outcome_keys(world.officer) == []
    last = inspection.history.first()
    assert last.history_user == world.education_officer
    assert last.no_outcome_reason == REASON and REASON in last.history_change_reason


@pytest.mark.django_db
def test_closing_needs_a_reason_a_published_result_no_outcome_yet_and_an_officer(world):
    inspection = make_inspection(world, status=S.PUBLISHED, score=7)
    with pytest.raises(ValidationError):
        close(inspection, world.officer, reason="   ")
    for user in (world.secretary, world.leader, world.far_officer, world.org_department):
        with pytest.raises(PermissionDenied):
            close(inspection, user)
    signed = make_inspection(world, school=world.other_school, status=S.SIGNED_OFF)
    with pytest.raises(ValidationError):
        close(signed, world.officer)
    make_order(inspection)  # an outcome is decided already
    with pytest.raises(ValidationError) as refused:
        close(inspection, world.officer)
    assert refused.value.code == "decided"
    assert not Inspection.objects.filter(no_outcome_at__isnull=False).exists()


@pytest.mark.django_db
def test_a_closed_outcome_takes_no_order_or_commendation_until_reopened(world):
    inspection = make_inspection(world, status=S.PUBLISHED, score=10)
    problem = make_problem(inspection)
    close(inspection, world.officer)
    with pytest.raises(ValidationError):
        services.rectification_issue(inspection=inspection, finding=problem, user=world.officer,
                                     requirement="补齐", due_date=timezone.localdate())
    with pytest.raises(ValidationError):
        services.commendation_issue(inspection=inspection, user=world.officer, text="表彰")
    with pytest.raises(ValidationError):
        close(inspection, world.officer)  # closed once
    services.inspection_reopen(inspection=inspection, user=world.officer, reason="更正分数")
    inspection.refresh_from_db()
    assert not inspection.needs_no_outcome and inspection.no_outcome_reason == ""
    assert inspection.history.first().no_outcome_at is None


@pytest.mark.django_db
def test_the_page_offers_closing_and_shows_it_with_the_record(world, client_for):
    inspection = make_inspection(world, status=S.PUBLISHED, score=7)
    client = client_for(world.officer)
    page = client.get(inspection.get_absolute_url()).content.decode()
    url = reverse("supervision:outcome_not_needed", args=[inspection.pk])
    assert f'action="{url}"' in page and 'name="no_outcome-reason"' in page
    refused = client.post(url, {"no_outcome-reason": ""}, follow=True).content.decode()
    assert not Inspection.objects.get(pk=inspection.pk).needs_no_outcome
    assert "请说明无需处理的理由" in refused
    response = client.post(url, {"no_outcome-reason": REASON})
    assert response.status_code == 302
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert 'data-testid="no-outcome"' in page and REASON in page
    assert f'action="{url}"' not in page  # decided: no form, no outcome buttons
    assert reverse("supervision:order_create", args=[inspection.pk]) not in page
    # The school sees the decision with its result.
    school_page = client_for(world.secretary).get(inspection.get_absolute_url())
    assert REASON in school_page.content.decode()
    # And the printed record carries it.
    inspection.refresh_from_db()
    pdf = PdfReader(io.BytesIO(record.inspection_pdf(inspection=inspection,
                                                     language="zh-hans")))
    text = "".join("".join(p.extract_text() for p in pdf.pages).split())
    assert "无需处理" in text and REASON in text


@pytest.mark.django_db
def test_others_cannot_post_the_closing(world, client_for):
    inspection = make_inspection(world, status=S.PUBLISHED, score=7)
    url = reverse("supervision:outcome_not_needed", args=[inspection.pk])
    assert client_for(world.secretary).post(url, {"no_outcome-reason": REASON}
                                            ).status_code == 403
    assert client_for(world.far_officer).post(url, {"no_outcome-reason": REASON}
                                              ).status_code == 404
    assert not Inspection.objects.get(pk=inspection.pk).needs_no_outcome


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_closing_and_an_order_at_once_leave_one_of_them(world):
    inspection = make_inspection(world, status=S.PUBLISHED, score=7)
    problem = make_problem(inspection)
    results = race(
        lambda: close(Inspection.objects.get(pk=inspection.pk), world.officer),
        lambda: services.rectification_issue(
            inspection=Inspection.objects.get(pk=inspection.pk), finding=problem,
            user=world.education_officer, requirement="补齐", due_date=timezone.localdate()))
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    inspection.refresh_from_db()
    assert inspection.needs_no_outcome != inspection.orders.exists()

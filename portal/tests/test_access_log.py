"""The access log: sign-ins, failed sign-ins, sign-outs, exports, PDF and file downloads and
role changes are recorded; only administrators read the log, nobody edits it; pruning keeps
six months."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from portal.access_log import AccessEvent
from portal.models import Role
from supervision.demo import PNG
from supervision.models import Evidence, Inspection
from supervision.tests.factories import make_inspection
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
A = AccessEvent.Action


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def only(action):
    events = list(AccessEvent.objects.filter(action=action))
    assert len(events) == 1, events
    return events[0]


def test_sign_in_failed_sign_in_and_sign_out_are_logged(world, client):
    world.officer.set_password("secret-pass-1")
    world.officer.save()
    client.post(reverse("login"), {"username": "officer", "password": "wrong"},
                REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="TestBrowser/1.0")
    failed = only(A.SIGN_IN_FAILED)
    assert (failed.username, failed.ip, failed.user) == ("officer", "203.0.113.9", None)
    assert failed.user_agent == "TestBrowser/1.0"
    client.post(reverse("login"), {"username": "officer", "password": "secret-pass-1"},
                REMOTE_ADDR="203.0.113.9")
    signed_in = only(A.SIGN_IN)
    assert (signed_in.user, signed_in.ip) == (world.officer, "203.0.113.9")
    client.post(reverse("logout"))
    assert only(A.SIGN_OUT).user == world.officer


def test_excel_export_is_logged(world, client_for):
    make_inspection(world, status=Inspection.Status.PUBLISHED)
    client_for(world.officer).get(reverse("supervision:inspection_list"), {"export": "xlsx"})
    event = only(A.EXPORT)
    assert event.user == world.officer and event.object_label.endswith(".xlsx")
    assert "export=xlsx" in event.path


def test_pdf_download_is_logged(world, client_for):
    inspection = make_inspection(world, status=Inspection.Status.PUBLISHED)
    response = client_for(world.secretary).get(reverse("inspection_record",
                                                       args=[inspection.pk]))
    assert response.status_code == 200
    event = only(A.PDF)
    assert (event.user, event.object_id) == (world.secretary, str(inspection.pk))
    assert event.object_label.endswith(".pdf") and event.object_type == "inspection_record"


def test_file_download_is_logged_and_a_refused_one_is_not(world, client_for):
    inspection = make_inspection(world)
    evidence = Evidence(inspection=inspection, uploaded_by=world.officer,
                        produced_on=timezone.localdate())
    evidence.file.save("photo.png", ContentFile(PNG))
    url = reverse("supervision:evidence_file", args=[evidence.pk])
    assert client_for(world.secretary).get(url).status_code == 404
    assert not AccessEvent.objects.filter(action=A.DOWNLOAD).exists()
    response = client_for(world.officer).get(url)
    b"".join(response.streaming_content)
    event = only(A.DOWNLOAD)
    assert (event.user, event.object_id) == (world.officer, str(evidence.pk))
    assert event.object_type == "supervision:evidence_file"


def test_role_change_is_logged_with_who_changed_it(world, client_for):
    target = UserFactory(username="newcomer", role=Role.LEADER, organisation=world.league,
                         district=world.district)
    assert not AccessEvent.objects.filter(action=A.ROLE_CHANGE).exists()  # seeding: no one
    client = client_for(world.admin)
    data = {"username": "newcomer", "role": Role.DISTRICT_OFFICER, "is_active": "on",
            "district": world.district.pk, "organisation": world.league.pk,
            "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00"}
    response = client.post(reverse("admin:portal_user_change", args=[target.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = only(A.ROLE_CHANGE)
    assert event.user == world.admin and event.object_id == str(target.pk)
    assert "role: leader → district_officer" in event.object_label
    # a sign-in saves last_login only: no role change, no extra query
    target.refresh_from_db()
    target.last_login = timezone.now()
    target.save(update_fields=["last_login"])
    assert AccessEvent.objects.filter(action=A.ROLE_CHANGE).count() == 1


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMINISTRATOR])
def test_only_administrators_read_the_log(world, client_for, role):
    user = UserFactory(username=f"u-{role}", role=role, district=world.district,
                       school=world.school if role == Role.SCHOOL_SECRETARY else None)
    assert client_for(user).get(reverse("access_log")).status_code == 403


def test_log_page_filters_and_runs_constant_queries(world, client_for,
                                                     django_assert_max_num_queries):
    administrator = UserFactory(username="portaladmin", role=Role.ADMINISTRATOR)
    client = client_for(administrator)
    for i in range(60):
        AccessEvent.objects.create(action=A.DOWNLOAD, username=f"user{i % 3}",
                                   object_label=f"file-{i}.png")
    AccessEvent.objects.create(action=A.EXPORT, username="officer", object_label="plans.xlsx",
                               at=timezone.now() - timedelta(days=40))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("access_log"))
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 50
    page = client.get(reverse("access_log"), {"user": "officer", "action": A.EXPORT})
    assert [e.object_label for e in page.context["page_obj"]] == ["plans.xlsx"]
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    page = client.get(reverse("access_log"), {"since": since, "object": "file-1"})
    assert {e.object_label for e in page.context["page_obj"]} == {
        "file-1.png", *(f"file-{i}.png" for i in range(10, 20))}
    with django_assert_max_num_queries(8):
        client.get(reverse("access_log"), {"page": 2, "user": "user1"})
    assert client.post(reverse("access_log")).status_code == 405


def test_log_is_read_only_in_the_admin(world, rf):
    request = rf.get("/")
    request.user = world.admin
    model_admin = admin.site._registry[AccessEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_pruning_deletes_only_old_entries(settings, db):
    settings.ACCESS_LOG_RETENTION_DAYS = 200
    now = timezone.now()
    old = AccessEvent.objects.create(action=A.SIGN_IN, at=now - timedelta(days=201))
    kept = AccessEvent.objects.create(action=A.SIGN_IN, at=now - timedelta(days=199))
    recent = AccessEvent.objects.create(action=A.SIGN_IN)
    call_command("prune_access_log", "--dry-run")
    assert AccessEvent.objects.count() == 3
    call_command("prune_access_log")
    assert set(AccessEvent.objects.values_list("pk", flat=True)) == {kept.pk, recent.pk}
    assert old.pk not in AccessEvent.objects.values_list("pk", flat=True)


def test_pruning_refuses_less_than_six_months(settings, db):
    AccessEvent.objects.create(action=A.SIGN_IN, at=timezone.now() - timedelta(days=100))
    with pytest.raises(CommandError):
        call_command("prune_access_log", "--days", "90")
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    with pytest.raises(CommandError):
        call_command("prune_access_log")
    assert AccessEvent.objects.count() == 1


def test_user_history_records_role_changes_with_who_but_not_sign_ins(world, client):
    """History of users (issue 12): a role change has a history row naming who made it; a
    sign-in (which saves last_login) and the password are not in the history."""
    target = UserFactory(username="moved", role=Role.LEADER, organisation=world.league,
                         district=world.district)
    target.set_password("secret-pass-1")
    target.save()
    rows = target.history.count()
    client.post(reverse("login"), {"username": "moved", "password": "secret-pass-1"})
    assert target.history.count() == rows
    client.force_login(world.admin)
    data = {"username": "moved", "role": Role.EDUCATION_OFFICER, "is_active": "on",
            "district": world.district.pk, "organisation": world.education.pk,
            "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00"}
    assert client.post(reverse("admin:portal_user_change", args=[target.pk]),
                       data).status_code == 302
    latest = target.history.first()
    assert (latest.role, latest.organisation_id, latest.history_user) == (
        Role.EDUCATION_OFFICER, world.education.pk, world.admin)
    assert latest.prev_record.role == Role.LEADER
    assert not hasattr(latest, "password") and not hasattr(latest, "last_login")
    assert client.get(reverse("admin:portal_user_history", args=[target.pk])).status_code == 200

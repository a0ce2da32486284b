"""Every model keeps its history (issue 12; issue 24: reference data too, in every app of the
project): who changed what and when, deletions included. Only append-only logs, named with
their reason, are without.
Issue 26: many-to-many changes (who joined a plan's team, who attended) and rows a deletion
empties (SET_NULL) are in the history too, with the user who made them."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalChanges

from activities.models import Campaign
from activities.tests.factories import ApplicantFactory, CampaignFactory
from cadres.models import AreaMeeting
from cadres.tests.factories import AreaMeetingFactory, CadreFactory
from schools.models import Applicant
from supervision.demo import PNG
from supervision.models import CoordinationMeeting, Evidence, Finding, Inspection, InspectionPlan
from supervision.tests.factories import PlanFactory, make_inspection
from tests.factories import BranchFactory, UserFactory


def project_apps() -> list:
    """Every installed app whose code is the project's own (not a package of the virtual
    environment): portal, schools, supervision, activities, cadres and any app added later."""
    base = Path(settings.BASE_DIR).resolve()
    return [config for config in apps.get_app_configs()
            if Path(config.path).resolve().is_relative_to(base)
            and "site-packages" not in Path(config.path).resolve().parts]


def is_historical(model) -> bool:
    """A history table of django-simple-history (a model's or a many-to-many field's)."""
    return issubclass(model, HistoricalChanges)


# Append-only logs: rows written once by the code (and at most marked done or pruned), which
# are themselves a record of what happened, or hold a task's state. Each says why.
WITHOUT_HISTORY = {
    "supervision.InspectionEvent": "the inspection's transition log is itself a history",
    "activities.ReportTransition": "the report's transition log is itself a history",
    "portal.Notification": "a message sent to one user; read and digest marks are delivery, "
                           "not work",
    "portal.AccessEvent": "the access log itself (append-only, pruned after its retention)",
    "portal.ImportBatch": "an upload and its task state; the rows it writes keep their history",
    "reports.EvaluationReport": "a PDF built by the worker and its task state; never edited",
    "portal.OutgoingMessage": "the outbox: a message to send and its delivery attempts",
    "portal.ReminderLog": "the log of reminders sent, so none is sent twice",
    "portal.FormToken": "a form's one-time claim against double submission, pruned",
}
# Many-to-many fields whose changes the history need not keep, and why.
M2M_WITHOUT_HISTORY = {
    "portal.User.groups": "follow the role (portal.roles.sync_role_groups), whose every change "
                          "the user's history keeps",
    "portal.User.user_permissions": "not granted by the portal: access follows the role",
}


def project_models() -> list:
    return [model for config in project_apps() for model in config.get_models()
            if not is_historical(model)]


def test_the_walk_covers_every_project_app():
    labels = {config.label for config in project_apps()}
    assert {"portal", "schools", "supervision", "activities", "cadres"} <= labels
    assert not labels & {"admin", "auth", "simple_history", "axes", "django_tasks"}
    walked = {m._meta.label for m in project_models()}
    assert {"portal.District", "supervision.Standard", "cadres.Document"} <= walked
    assert not any(".Historical" in label for label in walked)


def test_every_model_of_every_app_has_history():
    """Reference data too (districts, organisations, the standard and its indicators, the
    district settings): who changed an indicator's weight or the required volunteer hours,
    and when. Only the append-only logs named above are without."""
    missing = [m._meta.label for m in project_models()
               if not has_history(m) and m._meta.label not in WITHOUT_HISTORY]
    assert not missing, f"models without history: {missing}"
    stale = [label for label in WITHOUT_HISTORY
             if label not in {m._meta.label for m in project_models()}
             or has_history(apps.get_model(label))]
    assert not stale, f"exceptions that are no longer needed: {stale}"


@pytest.mark.django_db
def test_a_finding_and_an_evidence_removal_are_recorded_with_their_user(world, client_for,
                                                                         settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    inspection = make_inspection(world, status=Inspection.Status.IN_PROGRESS)
    client = client_for(world.officer)
    client.post(reverse("supervision:finding_add", args=[inspection.pk]),
                {"kind": "problem", "text": "团员档案不完整"})
    finding = Finding.objects.get(inspection=inspection)
    assert finding.history.get().history_user == world.officer
    client.post(reverse("supervision:evidence_add", args=[inspection.pk]),
                {"file": SimpleUploadedFile("p.png", PNG), "produced_on": "2025-11-03"})
    evidence = Evidence.objects.get(inspection=inspection)
    client.post(reverse("supervision:evidence_delete", args=[evidence.pk]))
    assert not Evidence.objects.exists()
    deleted = Evidence.history.filter(id=evidence.pk, history_type="-").get()
    assert deleted.history_user == world.officer and deleted.file == evidence.file.name


def has_history(model) -> bool:
    return bool(getattr(model._meta, "simple_history_manager_attribute", None))


def _local_models():
    yield from project_models()


def test_every_many_to_many_keeps_its_history():
    """A plan's joint team decides who may score and sign; meeting attendance, campaign
    partners and a document's issuers are records: who was added or removed, and by whom."""
    missing = []
    for model in _local_models():
        tracked = {f.name for f in getattr(model.history.model, "_history_m2m_fields", ())} \
            if has_history(model) else set()
        for field in model._meta.local_many_to_many:
            name = f"{model._meta.label}.{field.name}"
            if field.name not in tracked and name not in M2M_WITHOUT_HISTORY:
                missing.append(name)
    assert not missing, f"many-to-many fields without history: {missing}"


def test_every_set_null_key_of_a_model_with_history_is_recorded_when_emptied():
    from portal.history import KEYS

    recorded = {f for fields in KEYS.values() for f in fields}
    missing = [f"{m._meta.label}.{f.name}" for m in _local_models() if has_history(m)
               for f in m._meta.concrete_fields
               if isinstance(f, models.ForeignKey)
               and f.remote_field.on_delete is models.SET_NULL and f not in recorded]
    assert not missing


def _members(row, field: str) -> set[int]:
    """The ids a history row's snapshot of ``field`` holds."""
    target = row.instance_type._meta.get_field(field).m2m_reverse_field_name()
    return set(getattr(row, field).values_list(target, flat=True))


def _check_recorded(obj, field, before, user, *, added, removed):
    rows = list(obj.history.filter(history_id__gt=before.history_id))
    assert rows and {r.history_user for r in rows} == {user}
    latest = obj.history.latest()
    old, new = _members(before, field), _members(latest, field)
    assert (new - old, old - new) == (added, removed)
    change = next(c for c in latest.diff_against(before).changes if c.field == field)
    assert change.old != change.new


@pytest.mark.django_db
def test_a_plans_team_change_is_recorded_with_who_and_by_whom(world, client_for):
    colleague = UserFactory(district=world.district, organisation=world.league)
    plan = PlanFactory(district=world.district, team=[world.officer, world.education_officer])
    before = plan.history.latest()
    assert _members(before, "team") == {world.officer.pk, world.education_officer.pk}
    client_for(world.officer).post(reverse("supervision:plan_update", args=[plan.pk]), {
        "year": plan.year, "title": plan.title,
        "team": [world.officer.pk, world.education_officer.pk, colleague.pk]})
    assert InspectionPlan.objects.get(pk=plan.pk).team.count() == 3
    _check_recorded(plan, "team", before, world.officer, added={colleague.pk}, removed=set())


@pytest.mark.django_db
def test_meeting_attendance_and_campaign_partners_are_recorded(world, client_for):
    client = client_for(world.officer)
    client.post(reverse("supervision:meeting_create"), {
        "date": "2025-12-01", "title": "联系会议", "attendees": [world.league.pk],
        "minutes": "m", "decisions": "d"})
    meeting = CoordinationMeeting.objects.get()
    before = meeting.history.latest()
    client.post(reverse("supervision:meeting_update", args=[meeting.pk]), {
        "date": "2025-12-01", "title": "联系会议", "attendees": [world.education.pk],
        "minutes": "m", "decisions": "d"})
    _check_recorded(meeting, "attendees", before, world.officer, added={world.education.pk},
                    removed={world.league.pk})

    campaign = CampaignFactory(district=world.district)
    campaign.partners.set([world.league])
    before = Campaign.objects.get(pk=campaign.pk).history.latest()
    client.post(reverse("activities:campaign_update", args=[campaign.pk]), {
        "name": campaign.name, "start": "2020-01-01", "end": "2030-12-31",
        "partners": [world.league.pk, world.education.pk]})
    _check_recorded(campaign, "partners", before, world.officer, added={world.education.pk},
                    removed=set())


@pytest.mark.django_db
def test_area_meeting_schools_and_cadres_are_recorded(world, client_for):
    cadre = CadreFactory(school=world.school)
    meeting = AreaMeetingFactory(district=world.district, area="解放碑片区",
                                 host_school=world.school)
    meeting.attending_schools.set([world.school, world.other_school])
    before = AreaMeeting.objects.get(pk=meeting.pk).history.latest()
    client_for(world.officer).post(reverse("cadres:meeting_update", args=[meeting.pk]), {
        "area": "解放碑片区", "held_on": "2025-10-20", "topic": "座谈",
        "host_school": world.school.pk, "attending_schools": [world.school.pk],
        "attending_cadres": [cadre.pk], "minutes": ""})
    _check_recorded(meeting, "attending_schools", before, world.officer, added=set(),
                    removed={world.other_school.pk})
    _check_recorded(meeting, "attending_cadres", before, world.officer, added={cadre.pk},
                    removed=set())


@pytest.mark.django_db
def test_deleting_a_branch_records_its_applicants_emptied_branch(world, client_for):
    """Issue 26: deleting a branch set its applicants' branch to empty with no history."""
    branch = BranchFactory(school=world.school)
    applicants = [ApplicantFactory(school=world.school, branch=branch) for _ in range(2)]
    response = client_for(world.secretary).post(
        reverse("schools:branch_delete", args=[branch.pk]))
    assert response.status_code == 302
    for applicant in applicants:
        assert Applicant.objects.get(pk=applicant.pk).branch is None
        latest = applicant.history.latest()
        assert (latest.branch_id, latest.history_type, latest.history_user) == (
            None, "~", world.secretary)
        assert "branch" in latest.history_change_reason

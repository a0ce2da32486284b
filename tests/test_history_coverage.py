"""Every model that holds work keeps its history (issue 12): who changed what and when,
deletions included. Logs that are themselves the history, and reference data, say why not."""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supervision.demo import PNG
from supervision.models import Evidence, Finding, Inspection
from supervision.tests.factories import make_inspection

WITHOUT_HISTORY = {
    "supervision.InspectionEvent": "the transition log is itself a history",
    "activities.ReportTransition": "the transition log is itself a history",
    "supervision.Standard": "versioned: a standard in use is never changed, a copy is",
    "supervision.Indicator": "versioned with its standard",
    "activities.ActivitiesSettings": "a district's deadline settings, not work",
}


@pytest.mark.parametrize("label", ["schools", "supervision", "activities"])
def test_every_model_with_work_has_history(label):
    missing = [m._meta.label for m in apps.get_app_config(label).get_models()
               if not m._meta.label.startswith(f"{label}.Historical")
               and not hasattr(m, "history") and m._meta.label not in WITHOUT_HISTORY]
    assert not missing, f"models without history: {missing}"


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

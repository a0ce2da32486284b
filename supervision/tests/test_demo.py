import pytest
from django.core.management import call_command

from supervision.models import (
    ActionItem,
    Commendation,
    CoordinationMeeting,
    Evidence,
    Finding,
    Inspection,
    InspectionPlan,
    RectificationOrder,
    RectificationResponse,
    SelfAssessment,
    SignOff,
)

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_and_model_and_is_idempotent():
    call_command("seed_demo", schools=60, years=2, verbosity=0)
    statuses = set(Inspection.objects.values_list("status", flat=True))
    assert statuses == set(Inspection.Status.values)
    assert SignOff.objects.filter(inspection__status="submitted").exists()  # half-signed
    for model, school_path in [
        (Inspection, "school"), (Finding, "inspection__school"),
        (Evidence, "inspection__school"), (RectificationOrder, "inspection__school"),
        (RectificationResponse, "order__inspection__school"),
        (Commendation, "inspection__school"), (SelfAssessment, "inspection__school"),
    ]:
        schools = model.objects.values(school_path).distinct().count()
        assert schools >= 2, model
    orders = RectificationOrder.objects
    assert orders.overdue().exists() and orders.filter(status="closed").exists()
    assert orders.open().exclude(pk__in=orders.overdue()).exists()
    assert CoordinationMeeting.objects.count() == 2 and ActionItem.objects.count() == 4
    counts = Inspection.objects.count(), InspectionPlan.objects.count()
    call_command("seed_demo", schools=60, years=2, verbosity=0)
    assert (Inspection.objects.count(), InspectionPlan.objects.count()) == counts

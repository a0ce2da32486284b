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


def test_the_demo_passes_the_services_rules():
    """Issue 25: the demo's commendations (表彰) and honour nominations are within the rules
    the services apply to officers and secretaries: a commendation only in the commendation
    band of a published result and never past the plan's quota; nominations within each
    school's quota; an outcome closed as not needed says why and has no other outcome."""
    from activities.models import HonourSelection, Nomination

    call_command("seed_demo", verbosity=0)
    plans = list(InspectionPlan.objects.all())
    assert plans and Commendation.objects.exists()
    for plan in plans:
        commended = (Commendation.objects.filter(inspection__plan=plan)
                     .select_related("inspection__standard"))
        schools = (plan.inspections.filter(kind=Inspection.Kind.REGULAR)
                   .values("school").distinct().count())
        commended_schools = {c.inspection.school_id for c in commended}
        for c in commended:
            quota = plan.quota_for(c.inspection.standard)
            assert len(commended_schools) * 100 <= quota * schools, (plan.year, quota, schools)
        for inspection in Inspection.objects.filter(commendations__inspection__plan=plan
                                                    ).with_total().select_related("standard"):
            assert inspection.status == Inspection.Status.PUBLISHED
            assert inspection.standard.band_for(inspection.total_score) == "commend"
    closed = Inspection.objects.filter(no_outcome_at__isnull=False)
    for inspection in closed:
        assert inspection.no_outcome_reason and inspection.status == "published"
        assert not inspection.commendations.exists() and not inspection.orders.exists()
    for selection in HonourSelection.objects.all():
        per_school = {}
        for nomination in selection.nominations.all():
            per_school[nomination.school_id] = per_school.get(nomination.school_id, 0) + 1
        assert max(per_school.values(), default=0) <= selection.quota_per_school
        if selection.status == HonourSelection.Status.PUBLISHED:
            assert not selection.nominations.filter(
                status=Nomination.Status.NOMINATED).exists()

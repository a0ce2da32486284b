"""What the inspection pages show, gathered in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from activities.models import ActivitiesSettings, Activity, MonthlyReport
from portal import access
from schools.models import Branch, Honour, SchoolUnit, VolunteerRecord
from supervision import services, suggestions
from supervision.forms import EvidenceForm, FindingForm, FollowUpForm, NoOutcomeForm, ReasonForm
from supervision.models import Inspection, SignOff


def inspection_page_context(request, inspection: Inspection, posted=None) -> dict:
    user = request.user
    scores = list(inspection.scores.select_related("indicator__standard").order_by(
        "indicator__order"))
    total = inspection.compute_total(scores)
    on_team = services.on_team(user, inspection)
    can_edit = on_team and inspection.is_editable
    self_scores = {}
    if not user.is_secretary:
        self_scores = {a.indicator_id: a for a in inspection.self_assessments.all()}
    original = {}
    if inspection.follows_id:
        original = {s.indicator_id: s for s in inspection.follows.scores.all()}
    rows = []
    for s in scores:
        row = {"score": s, "indicator": s.indicator, "self": self_scores.get(s.indicator_id),
               "original": original.get(s.indicator_id), "value": s.score,
               "comment": s.comment, "na": s.not_applicable}
        if posted is not None and f"score_{s.indicator_id}" in posted:
            row.update(value=posted.get(f"score_{s.indicator_id}"),
                       comment=posted.get(f"comment_{s.indicator_id}", ""),
                       na=posted.get(f"na_{s.indicator_id}") == "on")
        rows.append(row)
    sign_offs = list(inspection.sign_offs.filter(revoked_at__isnull=True).select_related("user"))
    side = services.sign_off_side(user, inspection.school.district_id)
    signed_sides = {s.side for s in sign_offs}
    can_sign = (inspection.status == Inspection.Status.SUBMITTED and side is not None
                and side not in signed_sides and all(s.user_id != user.pk for s in sign_offs))
    officer = access.officer_of(user, inspection.school.district_id)
    return {
        "inspection": inspection,
        "rows": rows,
        "total": total,
        "band": inspection.standard.band_for(total),
        "bands": inspection.standard.bands(),
        "findings": list(inspection.findings.select_related("indicator", "follows")),
        "evidence": list(inspection.evidence.select_related("uploaded_by")),
        "sign_offs": sign_offs,
        "events": list(inspection.events.select_related("user")) if not user.is_secretary else [],
        "orders": list(inspection.orders.select_related("finding")),
        "commendations": list(inspection.commendations.all()),
        "can_edit": can_edit,
        "can_sign": can_sign,
        "sign_side": SignOff.Side(side).label if side else "",
        "can_publish": on_team and inspection.status == Inspection.Status.SIGNED_OFF,
        "can_reopen": on_team and inspection.status in (
            Inspection.Status.SUBMITTED, Inspection.Status.SIGNED_OFF,
            Inspection.Status.PUBLISHED),
        "can_issue": officer and inspection.is_published,
        "can_follow_up": on_team and inspection.is_published,
        "finding_form": FindingForm(inspection=inspection) if can_edit else None,
        "evidence_form": EvidenceForm() if can_edit else None,
        "reason_form": ReasonForm(),
        "follow_up_form": FollowUpForm(),
        "no_outcome_form": NoOutcomeForm(),
    }


def school_facts(school) -> dict:
    """What the portal already knows about a school, for the self-assessment (5 queries):
    its branches, organisations and honours, and from the activities app the last twelve
    months of reported activities and its applicants' volunteering."""
    branches = Branch.objects.filter(school=school).aggregate(
        count=Count("pk"), members=Sum("member_count"), applicants=Sum("applicant_count"))
    units = list(SchoolUnit.objects.filter(school=school))
    honours = list(Honour.objects.filter(school=school))
    since = timezone.localdate() - timedelta(days=365)
    kinds = Activity.Kind
    activities = Activity.objects.filter(
        report__school=school, date__gte=since,
        report__status__in=[MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.APPROVED],
    ).aggregate(
        reports=Count("report", distinct=True),
        class_hours=Count("pk", filter=Q(kind=kinds.CLASS_HOUR)),
        demonstrations=Count("pk", filter=Q(kind=kinds.DEMONSTRATION)),
        theme_days=Count("pk", filter=Q(kind=kinds.THEME_DAY)),
    )
    volunteering = VolunteerRecord.objects.filter(applicant__school=school).aggregate(
        hours=Sum("hours"), applicants=Count("applicant", distinct=True))
    return {"branches": branches, "units": units, "honours": honours,
            "activities": activities, "volunteering": volunteering}


# Which facts are worth showing beside which indicator (by title keyword).
FACT_HINTS = {
    "branches": ("支部", "班级", "中队", "组织建设"),
    "members": ("团员发展", "团员教育", "团籍", "入队", "衔接"),
    "honours": ("校团委建设", "特色", "党建带团建", "组织建设"),
    "activities": ("团员教育", "活动", "团校", "学生会", "实践"),
    "volunteering": ("团员发展", "衔接", "志愿", "实践"),
}


def self_assessment_context(request, inspection: Inspection) -> dict:
    indicators = list(inspection.standard.indicators.all())
    if inspection.kind == Inspection.Kind.FOLLOW_UP:
        scored = set(inspection.scores.values_list("indicator_id", flat=True))
        indicators = [i for i in indicators if i.pk in scored]
    existing = {a.indicator_id: a for a in inspection.self_assessments.all()}
    facts = school_facts(inspection.school)
    required = ActivitiesSettings.for_district(
        inspection.school.district_id).required_volunteer_hours
    shares = suggestions.fact_shares(facts, required)
    rows = []
    for indicator in indicators:
        hints = [key for key, words in FACT_HINTS.items()
                 if any(w in indicator.title for w in words)]
        entry = existing.get(indicator.pk)
        suggestion = suggestions.suggest(indicator, hints, shares)
        # A saved entry is what the secretary confirmed; else the suggestion fills the form.
        rows.append({"indicator": indicator, "entry": entry, "hints": hints,
                     "suggestion": suggestion,
                     "suggested": entry is None and suggestion is not None,
                     "value": entry.score if entry else suggestion.score if suggestion else None,
                     "note": entry.note if entry else suggestion.note if suggestion else ""})
    return {
        "inspection": inspection,
        "rows": rows,
        "facts": facts,
        "any_suggested": any(r["suggested"] for r in rows),
        "can_fill": services.can_self_assess(request.user, inspection),
    }

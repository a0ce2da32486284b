"""Every write of the supervision workflow: keyword-only, atomic, permission-checked, logged.

Views call these and nothing else changes an inspection's or an order's status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from portal import access
from portal.access import Refused
from portal.models import Organisation
from portal.uploads import (
    delete_file_on_commit,
    files_removed_on_failure,
    make_thumbnail,
    upload_name,
)
from supervision import handovers
from supervision.models import (
    ActionItem,
    Commendation,
    Evidence,
    Finding,
    Indicator,
    Inspection,
    InspectionEvent,
    InspectionPlan,
    RectificationOrder,
    RectificationResponse,
    Score,
    SelfAssessment,
    SignOff,
    Standard,
)
from supervision.models.inspections import NO_OUTCOME_REASON_MAX_LENGTH
from supervision.models.standards import round_total

S = Inspection.Status
SIDE_BY_ORG_KIND = {
    Organisation.Kind.LEAGUE_COMMITTEE: SignOff.Side.LEAGUE,
    Organisation.Kind.EDUCATION_COMMISSION: SignOff.Side.EDUCATION,
}
REASON_MAX_LENGTH = 100  # the history's change reason holds 100 characters
STALE_MESSAGE = _("Someone else saved this inspection meanwhile; reload the page to see their "
                  "changes, then make yours again. Nothing was saved.")



def _moved_on(inspection: Inspection, rule) -> ValidationError:
    """The refusal of a transition whose starting status is gone: the rule, and the status
    found (often someone else's change made after this page was loaded)."""
    return ValidationError([
        ValidationError(rule),
        ValidationError(_("The inspection is now “%(status)s”; nothing was done. Someone may "
                          "have changed it meanwhile: reload the page."),
                        code="moved_on", params={"status": inspection.get_status_display()}),
    ])


def _lock_inspection(inspection: Inspection) -> Inspection:
    """Lock the inspection's row until the transaction ends and re-read its state, so that
    two transitions of one inspection run one after the other, each seeing the other's
    result (a sign-off and a reopening, two publications)."""
    fresh = (Inspection.objects.select_for_update()
             .only("status", "version", "published_at", "no_outcome_at").get(pk=inspection.pk))
    inspection.status, inspection.version = fresh.status, fresh.version
    inspection.published_at, inspection.no_outcome_at = fresh.published_at, fresh.no_outcome_at
    return inspection


def _lock_order(order: RectificationOrder) -> RectificationOrder:
    fresh = (RectificationOrder.objects.select_for_update().only("status", "closed_at")
             .get(pk=order.pk))
    order.status, order.closed_at = fresh.status, fresh.closed_at
    return order


# ---------------------------------------------------------------- permissions (read by views)

def on_team(user, inspection: Inspection) -> bool:
    """An officer of the school's district on the plan's joint team."""
    return (access.officer_of(user, inspection.school.district_id)
            and inspection.plan.team.filter(pk=user.pk).exists())


def can_edit_inspection(user, inspection: Inspection) -> bool:
    """Only officers on the plan's team edit, and only while the inspection is open."""
    return inspection.is_editable and on_team(user, inspection)


def sign_off_side(user, district_id) -> str | None:
    """The side a user signs for in that district: their body's (`portal.access.body_of`)."""
    return SIDE_BY_ORG_KIND.get(access.body_of(user, district_id))


def _require_team_officer(user, inspection: Inspection) -> None:
    if not access.officer_of(user, inspection.school.district_id):
        raise Refused(_("Only officers of the district may do this."))
    if not inspection.plan.team.filter(pk=user.pk).exists():
        raise Refused(_("Only members of the plan's joint team may do this."))


def _require_editable(user, inspection: Inspection) -> None:
    """Check on the locked row: callers run in a transaction (every service here does)."""
    _require_team_officer(user, inspection)
    _lock_open(inspection)


def _lock_open(inspection: Inspection) -> None:
    """Lock the inspection and refuse unless it can still be edited."""
    _lock_inspection(inspection)
    if not inspection.is_editable:
        raise ValidationError(_("This inspection is %(status)s and can no longer be edited."),
                              params={"status": inspection.get_status_display()})


def scores_import_begin(*, user, inspection: Inspection, version: int | None = None) -> None:
    """Before an import writes an inspection's scores, inside its transaction: lock the row
    and refuse unless the inspection is still open (and ``user``, when there is one — the
    command line has none — on its team) and, given the version the preview saw, unless
    nobody saved it since; then move its version on, so a scoring form opened before the
    import is refused as stale instead of overwriting the imported scores."""
    if user is not None:
        _require_editable(user, inspection)
    else:
        _lock_open(inspection)
    if version is not None and inspection.version != version:
        raise ValidationError(STALE_MESSAGE)
    Inspection.objects.filter(pk=inspection.pk).update(version=F("version") + 1)


def scores_import_end(*, user, inspection: Inspection) -> None:
    """After an import wrote an inspection's scores: a planned inspection is now in
    progress, recorded as the user's step (the command line records none)."""
    if user is not None and inspection.status == S.PLANNED:
        _move(inspection, user, S.IN_PROGRESS)


def _move(inspection: Inspection, user, to: str, note: str = "",
          also: tuple[str, ...] = ()) -> None:
    """Record a status change (the only place `status` is written), saving the fields in
    `also` with it (one history row)."""
    InspectionEvent.objects.create(inspection=inspection, from_status=inspection.status,
                                   to_status=to, user=user, note=note)
    inspection.status = to
    inspection.version = F("version") + 1
    fields = ["status", "version", *also]
    if to == S.PUBLISHED:
        inspection.published_at = timezone.now()
        fields.append("published_at")
    inspection._change_reason = (note or f"{inspection.status}")[:REASON_MAX_LENGTH]
    inspection.save(update_fields=fields)
    inspection.refresh_from_db(fields=["version"])


def _lock(inspection: Inspection, version: int | None) -> None:
    """Optimistic locking: claim the version the form was built on, or refuse."""
    if version is None:
        raise ValidationError(STALE_MESSAGE, code="stale")
    # A bare version bump, not a change of the inspection's content: no history row (the
    # transition or score change it guards records its own).
    claimed = Inspection.objects.filter(pk=inspection.pk, version=version).update(
        version=F("version") + 1)
    if not claimed:
        raise ValidationError(STALE_MESSAGE, code="stale")
    inspection.version = version + 1


# ---------------------------------------------------------------- plans and inspections

def plan_team_errors(team) -> list:
    sides = {sign_off_side(u, u.district_id) for u in team}
    errors = []
    if SignOff.Side.LEAGUE not in sides:
        errors.append(_("The joint team needs at least one member of the league committee."))
    if SignOff.Side.EDUCATION not in sides:
        errors.append(_("The joint team needs at least one member of the education commission."))
    return errors


def standard_for(school) -> Standard:
    kind = (Standard.Kind.PRIMARY_PIONEER if school.level == school.Level.PRIMARY
            else Standard.Kind.MIDDLE_LEAGUE)
    return Standard.objects.current().filter(kind=kind).order_by("-version").first()


@transaction.atomic
def inspection_create(*, plan: InspectionPlan, school, planned_date: date, user,
                      standard: Standard | None = None) -> Inspection:
    if not access.officer_of(user, plan.district_id) or school.district_id != plan.district_id:
        raise Refused(_("Only officers of the district may plan inspections."))
    standard = standard or standard_for(school)
    taken = ValidationError(_("%(school)s already has a regular inspection in this plan."),
                            code="unique", params={"school": school})
    if plan.inspections.filter(school=school, kind=Inspection.Kind.REGULAR).exists():
        raise taken
    try:  # two officers adding the same school at once: the constraint decides
        with transaction.atomic():
            inspection = Inspection.objects.create(plan=plan, school=school, standard=standard,
                                                   planned_date=planned_date)
    except IntegrityError:
        raise taken from None
    bulk_create_with_history([Score(inspection=inspection, indicator=i)
                              for i in standard.indicators.all()], Score, default_user=user)
    InspectionEvent.objects.create(inspection=inspection, to_status=S.PLANNED, user=user)
    handovers.inspection_planned(inspection, user)
    return inspection


@dataclass
class ScoreInput:
    score: str | Decimal | None
    comment: str = ""
    not_applicable: bool = False


def _parse_score(raw, indicator: Indicator) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip())
        if not value.is_finite():  # NaN and infinities compare with nothing
            raise InvalidOperation
        value = value.quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(indicator)s: “%(value)s” is not a number."),
                              params={"indicator": indicator.title, "value": raw}) from None
    if value < 0 or value > indicator.max_score:
        raise ValidationError(_("%(indicator)s: the score must be between 0 and %(max)s."),
                              params={"indicator": indicator.title, "max": indicator.max_score})
    return value


def _text_too_long(model, field: str, text: str, indicator) -> str | None:
    """The refusal of a note longer than its field holds (the scoring pages post their
    notes without a form, so the bound is checked here)."""
    limit = model._meta.get_field(field).max_length
    if limit and len(text) > limit:
        return _("%(indicator)s: the note has %(length)d characters; at most %(max)d.") % {
            "indicator": indicator.title, "length": len(text), "max": limit}
    return None


@transaction.atomic
def inspection_save(*, inspection: Inspection, user, version: int | None,
                    scores: dict[int, ScoreInput]) -> Inspection:
    """Save the team's scores as a draft. Refused whole on any invalid score or stale version."""
    _require_editable(user, inspection)
    rows = {s.indicator_id: s for s in inspection.scores.select_related("indicator")}
    errors = []
    for indicator_id, given in scores.items():
        row = rows.get(indicator_id)
        if row is None:
            continue
        try:
            row.score = _parse_score(given.score, row.indicator)
        except ValidationError as exc:
            errors.extend(exc.messages)
        row.comment = given.comment.strip()
        if too_long := _text_too_long(Score, "comment", row.comment, row.indicator):
            errors.append(too_long)
        row.not_applicable = given.not_applicable
    if errors:
        raise ValidationError(errors)
    _lock(inspection, version)
    changed = [rows[i] for i in scores if i in rows]
    for row in changed:  # one history row per score, so a change after sign-off is visible
        row.save(update_fields=["score", "comment", "not_applicable"])
    if inspection.status == S.PLANNED:
        _move(inspection, user, S.IN_PROGRESS)
    return inspection


@transaction.atomic
def inspection_submit(*, inspection: Inspection, user) -> Inspection:
    _require_editable(user, inspection)
    missing = [s.indicator.title for s in inspection.scores.select_related("indicator")
               if not s.not_applicable and s.score is None]
    if missing:
        raise ValidationError(_("Score every indicator (or mark it not applicable) before "
                                "submitting. Missing: %(list)s."),
                              params={"list": "、".join(missing)})
    if inspection.status == S.PLANNED:
        _move(inspection, user, S.IN_PROGRESS)
    _move(inspection, user, S.SUBMITTED)
    return inspection


def _snapshot(inspection: Inspection) -> dict:
    return {s.indicator.code: {"score": None if s.score is None else str(s.score),
                               "not_applicable": s.not_applicable}
            for s in inspection.scores.select_related("indicator")}


@transaction.atomic
def inspection_sign_off(*, inspection: Inspection, user) -> SignOff:
    """A league committee officer signs for the league, an education officer for education;
    once both have signed the inspection is signed off."""
    _lock_inspection(inspection)
    side = sign_off_side(user, inspection.school.district_id)
    if side is None:
        raise Refused(_("Only an officer of the league committee or the education "
                                 "commission may sign off."))
    if inspection.status != S.SUBMITTED:
        raise _moved_on(inspection, _("Only a submitted inspection can be signed off."))
    active = list(inspection.sign_offs.filter(revoked_at__isnull=True))
    if any(s.user_id == user.pk for s in active):
        raise ValidationError(_("You have already signed this inspection; the other "
                                "organisation must sign."))
    if any(s.side == side for s in active):
        raise ValidationError(_("%(side)s has already signed this inspection."),
                              params={"side": SignOff.Side(side).label})
    sign_off = SignOff.objects.create(inspection=inspection, side=side, user=user,
                                      scores_snapshot=_snapshot(inspection))
    complete = {s.side for s in active} | {side} == set(SignOff.Side.values)
    if complete:
        _move(inspection, user, S.SIGNED_OFF)
    handovers.inspection_signed(inspection, side, complete, user)
    return sign_off


@transaction.atomic
def inspection_publish(*, inspection: Inspection, user) -> Inspection:
    _require_team_officer(user, inspection)
    _lock_inspection(inspection)
    if inspection.status != S.SIGNED_OFF:
        raise _moved_on(inspection, _("Only an inspection signed off by both organisations "
                                      "can be published."))
    _move(inspection, user, S.PUBLISHED)
    handovers.inspection_published(inspection, user)
    return inspection


@transaction.atomic
def inspection_reopen(*, inspection: Inspection, user, reason: str) -> Inspection:
    """Corrections to a submitted, signed or published inspection go through a recorded
    reopening; earlier sign-offs are revoked (kept, with the date)."""
    _require_team_officer(user, inspection)
    if not reason.strip():
        raise ValidationError(_("Give the reason for reopening."))
    if len(reason.strip()) > REASON_MAX_LENGTH:
        raise ValidationError(_("Keep the reason under %(max)d characters."),
                              params={"max": REASON_MAX_LENGTH})
    _lock_inspection(inspection)
    if inspection.status not in (S.SUBMITTED, S.SIGNED_OFF, S.PUBLISHED):
        raise _moved_on(inspection, _("This inspection is still open; nothing to reopen."))
    revoked_at = timezone.now()
    for sign_off in inspection.sign_offs.filter(revoked_at__isnull=True):  # one or two rows
        sign_off.revoked_at = revoked_at  # saved one by one: each revocation in the history
        sign_off._change_reason = reason.strip()[:REASON_MAX_LENGTH]
        sign_off._history_user = user
        sign_off.save(update_fields=["revoked_at"])
    # An outcome closed as not needed is decided again once the corrected result is out.
    lifted = NO_OUTCOME_FIELDS if inspection.needs_no_outcome else ()
    if lifted:
        inspection.no_outcome_reason, inspection.no_outcome_by = "", None
        inspection.no_outcome_at = None
    _move(inspection, user, S.IN_PROGRESS, note=reason.strip(), also=lifted)
    return inspection


@transaction.atomic
def finding_add(*, inspection: Inspection, user, kind: str, text: str,
                indicator: Indicator | None = None) -> Finding:
    _require_editable(user, inspection)
    if not text.strip():
        raise ValidationError(_("Write the finding."))
    if indicator is not None and indicator.standard_id != inspection.standard_id:
        raise ValidationError(_("This indicator is not part of the inspection's standard."))
    return Finding.objects.create(inspection=inspection, kind=kind, text=text.strip(),
                                  indicator=indicator, created_by=user)


@transaction.atomic
def finding_remove(*, finding: Finding, user) -> None:
    _require_editable(user, finding.inspection)
    if finding.orders.exists():
        raise ValidationError(_("A rectification order refers to this finding."))
    finding.delete()


@transaction.atomic
def evidence_add(*, inspection: Inspection, user, file, produced_on: date,
                 caption: str = "") -> Evidence:
    _require_editable(user, inspection)
    evidence = Evidence(inspection=inspection, file=file, produced_on=produced_on,
                        caption=caption, uploaded_by=user, original_name=upload_name(file))
    evidence.full_clean()
    with files_removed_on_failure() as stored:
        make_thumbnail(evidence, "file", stored=stored)  # images only
        stored.append(evidence.file)
        evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user) -> None:
    _require_editable(user, evidence.inspection)
    evidence.delete()
    delete_file_on_commit(evidence.file)
    delete_file_on_commit(evidence.thumbnail)


# ---------------------------------------------------------------- self-assessment, follow-up

def can_self_assess(user, inspection: Inspection) -> bool:
    return (access.secretary_of(user, inspection.school_id)
            and inspection.status in (S.PLANNED, S.IN_PROGRESS))


@transaction.atomic
def self_assessment_save(*, inspection: Inspection, user,
                         entries: dict[int, tuple[str, str]]) -> None:
    # The lock makes two first saves of one school wait for each other: the second finds the
    # first one's rows and updates them instead of inserting duplicates.
    _lock_inspection(inspection)
    if not can_self_assess(user, inspection):
        raise Refused(_("Only the school's secretary fills the self-assessment, "
                                 "before the inspection is submitted."))
    indicators = {i.pk: i for i in inspection.standard.indicators.all()}
    errors, parsed = [], {}
    for indicator_id, (raw, note) in entries.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            continue
        try:
            parsed[indicator_id] = (_parse_score(raw, indicator), note.strip())
        except ValidationError as exc:
            errors.extend(exc.messages)
        if too_long := _text_too_long(SelfAssessment, "note", note.strip(), indicator):
            errors.append(too_long)
    if errors:
        raise ValidationError(errors)
    existing = {a.indicator_id: a for a in inspection.self_assessments.all()}
    now = timezone.now()
    for indicator_id, (score, note) in parsed.items():
        row = existing.get(indicator_id) or SelfAssessment(inspection=inspection,
                                                           indicator_id=indicator_id)
        row.score, row.note, row.updated_by, row.updated_at = score, note, user, now
        row.save()


@transaction.atomic
def follow_up_create(*, inspection: Inspection, user, planned_date: date) -> Inspection:
    """A follow-up (复查) carries only the indicators scored below the pass mark and the
    problem findings of the original."""
    _require_team_officer(user, inspection)
    _lock_inspection(inspection)
    if inspection.status != S.PUBLISHED:
        raise ValidationError(_("Only a published inspection can be followed up."))
    if inspection.follow_ups.exclude(status=S.PUBLISHED).exists():
        raise ValidationError(_("A follow-up of this inspection is already planned."))
    failed = [s.indicator for s in inspection.scores.select_related("indicator__standard")
              if s.below_pass]
    problems = list(inspection.findings.filter(kind=Finding.Kind.PROBLEM))
    if not failed and not problems:
        raise ValidationError(_("Nothing failed in this inspection; no follow-up is needed."))
    follow_up = Inspection.objects.create(
        plan=inspection.plan, school=inspection.school, standard=inspection.standard,
        planned_date=planned_date, kind=Inspection.Kind.FOLLOW_UP, follows=inspection)
    bulk_create_with_history([Score(inspection=follow_up, indicator=i) for i in failed], Score,
                             default_user=user)
    bulk_create_with_history(
        [Finding(inspection=follow_up, kind=Finding.Kind.PROBLEM, indicator=f.indicator,
                 text=f.text, follows=f, created_by=user) for f in problems], Finding,
        default_user=user)
    InspectionEvent.objects.create(inspection=follow_up, to_status=S.PLANNED, user=user,
                                   note=str(_("Follow-up")))
    handovers.inspection_planned(follow_up, user)
    return follow_up


# ---------------------------------------------------------------- outcomes

NO_OUTCOME_FIELDS = ("no_outcome_reason", "no_outcome_by", "no_outcome_at")


def _require_officer_of(user, inspection: Inspection) -> None:
    if not access.officer_of(user, inspection.school.district_id):
        raise Refused(_("Only officers of the district may do this."))


def _refuse_if_no_outcome(inspection: Inspection) -> None:
    """On the locked row: an outcome closed as not needed takes no commendation or order."""
    if inspection.needs_no_outcome:
        raise ValidationError(_("This inspection's outcome was closed as not needed; reopen "
                                "the inspection to decide it again."), code="no_outcome")


@transaction.atomic
def outcome_not_needed(*, inspection: Inspection, user, reason: str) -> Inspection:
    """Close a published inspection's outcome as not needed (无需处理): neither a
    commendation nor a rectification order, for the reason given. Decided by the officers
    who issue outcomes; the row is locked and its state read again, so a closing and a
    commendation or order at once leave one of them. It leaves the to-do list."""
    _require_officer_of(user, inspection)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason why no outcome is needed."), code="reason")
    if len(reason) > NO_OUTCOME_REASON_MAX_LENGTH:
        raise ValidationError(_("Keep the reason under %(max)d characters."),
                              params={"max": NO_OUTCOME_REASON_MAX_LENGTH})
    _lock_inspection(inspection)
    if inspection.status != S.PUBLISHED:
        raise _moved_on(inspection, _("Outcomes are decided for published inspections only."))
    _refuse_if_no_outcome(inspection)
    if inspection.commendations.exists() or inspection.orders.exists():
        raise ValidationError(_("This inspection already has an outcome (a commendation or a "
                                "rectification order)."), code="decided")
    inspection.no_outcome_reason, inspection.no_outcome_by = reason, user
    inspection.no_outcome_at = timezone.now()
    inspection._change_reason = f"{_('No outcome needed')}: {reason}"[:REASON_MAX_LENGTH]
    inspection._history_user = user
    inspection.save(update_fields=list(NO_OUTCOME_FIELDS))
    return inspection


@transaction.atomic
def commendation_issue(*, inspection: Inspection, user, text: str,
                       issued_on: date | None = None) -> Commendation:
    """Commend a school (表彰) for a published inspection whose total is in the commendation
    band, within the plan's quota (at most 20 % of its schools unless the plan says
    otherwise). The plan's row is locked first, so that two commendations in one plan are
    counted one after the other and the quota cannot be overrun by clicks at once."""
    _require_officer_of(user, inspection)
    plan = InspectionPlan.objects.select_for_update().get(pk=inspection.plan_id)
    _lock_inspection(inspection)
    if inspection.status != S.PUBLISHED:
        raise ValidationError(_("Outcomes are issued from published inspections only."))
    _refuse_if_no_outcome(inspection)
    standard = inspection.standard
    total = round_total(Inspection.objects.filter(pk=inspection.pk).with_total()
                        .values_list("total_score", flat=True).get())
    if standard.band_for(total) != "commend":
        raise ValidationError(
            _("Only an inspection in the commendation band can be commended: this one totals "
              "%(total)s, the commendation threshold is %(threshold)s."),
            code="band", params={"total": "—" if total is None else total,
                                 "threshold": standard.commend_threshold})
    if inspection.commendations.exists():
        raise ValidationError(_("This inspection has already led to a commendation."),
                              code="commended")
    schools = (plan.inspections.filter(kind=Inspection.Kind.REGULAR)
               .values("school").distinct().count())
    commended = set(Commendation.objects.filter(inspection__plan=plan)
                    .values_list("inspection__school", flat=True).distinct())
    quota = plan.quota_for(standard)
    if inspection.school_id not in commended and (len(commended) + 1) * 100 > quota * schools:
        raise ValidationError(
            _("The plan's commendation quota is used up: at most %(quota)s%% of its "
              "%(schools)s schools, that is %(allowed)s, may be commended, and %(done)s "
              "already are. Nothing was issued."),
            code="quota", params={"quota": quota, "schools": schools,
                                  "allowed": quota * schools // 100, "done": len(commended)})
    return Commendation.objects.create(inspection=inspection, text=text, issued_by=user,
                                       issued_on=issued_on or timezone.localdate())


@transaction.atomic
def rectification_issue(*, inspection: Inspection, finding: Finding, user, requirement: str,
                        due_date: date) -> RectificationOrder:
    _require_officer_of(user, inspection)
    _lock_inspection(inspection)
    if inspection.status != S.PUBLISHED:
        raise ValidationError(_("Outcomes are issued from published inspections only."))
    _refuse_if_no_outcome(inspection)
    if finding.inspection_id != inspection.pk or finding.kind != Finding.Kind.PROBLEM:
        raise ValidationError(_("A rectification order must refer to a problem found in this "
                                "inspection."))
    order = RectificationOrder.objects.create(inspection=inspection, finding=finding,
                                              requirement=requirement, due_date=due_date,
                                              issued_by=user)
    handovers.order_issued(order, user)
    return order


@transaction.atomic
def rectification_respond(*, order: RectificationOrder, user, text: str,
                          file=None) -> RectificationResponse:
    if not access.secretary_of(user, order.inspection.school_id):
        raise Refused(_("Only the school's secretary answers its orders."))
    _lock_order(order)  # ten clicks at once: one answer, nine refusals
    if order.status not in (RectificationOrder.Status.OPEN, RectificationOrder.Status.SENT_BACK):
        raise ValidationError(_("This order is waiting for review or closed."))
    if not text.strip():
        raise ValidationError(_("Describe what the school has done."))
    response = RectificationResponse(order=order, text=text.strip(), by=user)
    if file:
        response.file = file
        response.original_name = upload_name(file)
    response.full_clean()
    with files_removed_on_failure() as stored:
        stored.append(response.file)
        response.save()
        order.status = RectificationOrder.Status.RESPONDED
        order.save(update_fields=["status"])
    handovers.order_answered(order, user)
    return response


@transaction.atomic
def rectification_review(*, order: RectificationOrder, user, accept: bool,
                         comment: str = "") -> RectificationOrder:
    """Verify (close) the latest response, or send it back with a comment."""
    _require_officer_of(user, order.inspection)
    _lock_order(order)  # an acceptance and a sending back at once: the second is refused
    if order.status != RectificationOrder.Status.RESPONDED:
        raise ValidationError([
            ValidationError(_("Only an answered order can be reviewed.")),
            ValidationError(_("The order is now “%(status)s”; nothing was done. Someone may "
                              "have reviewed it meanwhile: reload the page."),
                            code="moved_on", params={"status": order.get_status_display()})])
    if not accept and not comment.strip():
        raise ValidationError(_("Say what is missing when sending an answer back."))
    response = order.responses.order_by("-at", "-pk").first()
    response.accepted, response.review_comment = accept, comment.strip()
    response.reviewed_by, response.reviewed_at = user, timezone.now()
    response.save(update_fields=["accepted", "review_comment", "reviewed_by", "reviewed_at"])
    if accept:
        order.status, order.closed_at = RectificationOrder.Status.CLOSED, timezone.now()
    else:
        order.status = RectificationOrder.Status.SENT_BACK
    order.save(update_fields=["status", "closed_at"])
    handovers.order_reviewed(order, accept, comment.strip(), user)
    return order


@transaction.atomic
def action_item_done(*, item: ActionItem, user) -> ActionItem:
    if not access.officer_of(user, item.meeting.district_id):
        raise Refused(_("Only officers of the district may do this."))
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.done_at:
        raise ValidationError(_("This action is already done."))
    item.done_at, item.done_by = timezone.now(), user
    item.save(update_fields=["done_at", "done_by"])
    return item


# ---------------------------------------------------------------- standards

@transaction.atomic
def standard_new_version(*, standard: Standard, user) -> Standard:
    """Copy a standard and its indicators as the next version: the way to change a standard
    that inspections already use."""
    if not access.administers(user):
        raise Refused(_("Only administrators edit standards."))
    latest = Standard.objects.filter(code=standard.code).order_by("-version").first()
    indicators = list(standard.indicators.all())
    copy = Standard.objects.get(pk=standard.pk)
    copy.pk = None
    copy.version = latest.version + 1
    reason = f"new version of {standard}"[:REASON_MAX_LENGTH]
    copy._change_reason, copy._history_user = reason, user
    copy.save()
    for indicator in indicators:
        indicator.pk = None
        indicator.standard = copy
    bulk_create_with_history(indicators, Indicator, default_user=user,
                             default_change_reason=reason)
    return copy

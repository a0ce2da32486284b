"""Every transition of the secondment cycle (挂职): open selection rounds, applications,
selection, approval by the organisation department, the joint assessment and the reserve pool.

Each function is keyword-only, runs in one transaction, locks the row it changes
(`select_for_update`) and re-checks the state under the lock, checks the user's role *and*
organisation, keeps the history (django-simple-history, with a change reason) and notifies
the next people to act. Who may act is asked of `portal.access` (a refusal is its
`Refused`); what cannot be done is a `ValidationError`; the user reads either's message
(views call these through `portal.services.run_service`).

Decisions written down here:
- officers (district league committee or education commission) open, edit (until the first
  application), and close rounds, and shortlist and select at any time while the round is
  open — the cap (selected + approved ≤ posts on offer) is checked under a lock on the round;
  closing the round marks every application still undecided as not selected;
- the organisation department alone approves appointments and keeps the reserve pool;
- the assessment opens on the first day of the term's last month and stays open for
  `ASSESSMENT_GRACE_DAYS` (60) days after the term ends.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres import handovers
from cadres.models import (
    Application,
    Assessment,
    Cadre,
    Document,
    Post,
    ReservePoolEntry,
    Secondment,
    SecondmentRound,
)
from cadres.models.secondments import Grade, term_end
from portal import access
from portal.access import Refused
from portal.models import OFFICER_ROLES, Organisation, Role, User
from portal.notify import hand_over

A = Application.Status
K = Organisation.Kind
BODY_BY_KIND = {
    K.ORGANISATION_DEPARTMENT: Assessment.Body.ORGANISATION_DEPARTMENT,
    K.LEAGUE_COMMITTEE: Assessment.Body.LEAGUE_COMMITTEE,
    K.EDUCATION_COMMISSION: Assessment.Body.EDUCATION_COMMISSION,
}
UNDECIDED = (A.SUBMITTED, A.SHORTLISTED)
TAKING_A_POST = (A.SELECTED, A.APPROVED)
PASSING = (Grade.OUTSTANDING, Grade.QUALIFIED)


# ---------------------------------------------------------------- who may act (read by views)

def assessing_body(user, district_id) -> str | None:
    """The body a user grades for: the one they act for (`portal.access.body_of`: officers
    of the league committee or the education commission, the organisation department;
    never leaders or schools)."""
    return BODY_BY_KIND.get(access.body_of(user, district_id))


def _require_round_officer(user, district_id) -> None:
    if not access.joint_officer_of(user, district_id):
        raise Refused(_("Only officers of the district league committee or the education "
                        "commission may do this."))


def _require_orgdep(user, district_id) -> None:
    if not access.organisation_department_of(user, district_id):
        raise Refused(_("Only the district's organisation department may do this."))


# ---------------------------------------------------------------- notifications

def _notify(users, kind: str, params: dict, url: str, *, by=None, district_id=None) -> None:
    """A hand-over (`portal.notify`): the bell, and e-mail as each user prefers, once the
    transaction commits. Unlike the other apps' hand-overs, the one who acted is told too
    (``by`` only names them)."""
    hand_over(users=users, kind=kind, params=params, url=url, by=by, district_id=district_id)


def _officers(district_id):
    return User.objects.filter(district_id=district_id, is_active=True, role__in=OFFICER_ROLES,
                               organisation__kind__in=(K.LEAGUE_COMMITTEE,
                                                       K.EDUCATION_COMMISSION))


def _orgdep_users(district_id):
    return User.objects.filter(district_id=district_id, is_active=True,
                               role=Role.ORGANISATION_DEPARTMENT)


def _secretaries(school_id):
    return User.objects.filter(school_id=school_id, is_active=True, role=Role.SCHOOL_SECRETARY)


def _save(obj, fields: list[str], reason: str) -> None:
    obj._change_reason = reason
    obj.save(update_fields=fields)


# ---------------------------------------------------------------- rounds

ROUND_FIELDS = ("year", "title", "post_title", "posts_on_offer", "requirements", "opens_on",
                "closes_on", "term_months", "notice")


def _check_round(values: dict, district_id) -> None:
    if values["closes_on"] < values["opens_on"]:
        raise ValidationError(_("Applications cannot close before they open."))
    if values["posts_on_offer"] < 1:
        raise ValidationError(_("A round offers at least one post."))
    if not 1 <= values["term_months"] <= 36:
        raise ValidationError(_("A term lasts between 1 and 36 months."))
    notice = values.get("notice")
    if notice is not None and notice.district_id != district_id:
        raise ValidationError(_("Choose a document of the district as the joint notice."))


@transaction.atomic
def round_open(*, user, **values) -> SecondmentRound:
    """An officer opens a round: year, title, posts on offer, requirements, the application
    window, the term, the joint notice."""
    _require_round_officer(user, user.district_id)
    values = {k: values.get(k) for k in ROUND_FIELDS if k in values}
    values.setdefault("term_months", 12)
    _check_round(values, user.district_id)
    round = SecondmentRound(district_id=user.district_id, created_by=user, **values)
    round._change_reason = "opened"
    round.save()
    return round


@transaction.atomic
def round_update(*, round: SecondmentRound, user, **values) -> SecondmentRound:
    """Change a round's terms, only while nobody has applied (applicants applied to them)."""
    round = SecondmentRound.objects.select_for_update().get(pk=round.pk)
    _require_round_officer(user, round.district_id)
    if round.status != SecondmentRound.Status.OPEN:
        raise ValidationError(_("This round is closed and can no longer be changed."))
    if round.applications.exists():
        raise ValidationError(_("Applications have been filed under these terms: the round "
                                "can no longer be changed."))
    values = {k: values[k] for k in ROUND_FIELDS if k in values}
    merged = {k: getattr(round, k) for k in ROUND_FIELDS} | values
    _check_round(merged, round.district_id)
    for field, value in values.items():
        setattr(round, field, value)
    _save(round, list(values), "edited")
    return round


@transaction.atomic
def round_close(*, round: SecondmentRound, user) -> SecondmentRound:
    """Close the round: no more applications or selections; every application still
    undecided is marked not selected. Selected applications stay for the organisation
    department to approve."""
    round = SecondmentRound.objects.select_for_update().get(pk=round.pk)
    _require_round_officer(user, round.district_id)
    if round.status == SecondmentRound.Status.CLOSED:
        raise ValidationError(_("This round is already closed."))
    now = timezone.now()
    rest = list(round.applications.select_for_update().filter(status__in=UNDECIDED))
    for application in rest:
        application.status, application.decided_by, application.decided_at = (
            A.NOT_SELECTED, user, now)
        _save(application, ["status", "decided_by", "decided_at"], "round closed")
    round.status = SecondmentRound.Status.CLOSED
    _save(round, ["status"], "closed")
    for school_id in {a.school_id for a in rest}:
        _notify(_secretaries(school_id), handovers.ROUND_CLOSED, {"round": round.title},
                reverse("cadres:secondments_mine"), by=user, district_id=round.district_id)
    return round


# ---------------------------------------------------------------- applications

def _cadre_for_self(user, gender: str) -> Cadre:
    cadre = Cadre.objects.filter(user=user).first()
    if cadre is not None:
        if not access.secretary_of(user, cadre.school_id):
            raise ValidationError(_("Your cadre record belongs to another school; ask the "
                                    "league committee to correct it."))
        return cadre
    if gender not in Cadre.Gender.values:
        raise ValidationError(_("You have no cadre record yet: choose your gender so that one "
                                "can be created."))
    cadre = Cadre(district_id=user.district_id, school_id=user.school_id, user=user,
                  name=str(user)[:50], gender=gender, phone=user.phone[:20])
    cadre._change_reason = "created when applying for a secondment"
    cadre.save()
    return cadre


@transaction.atomic
def application_submit(*, round: SecondmentRound, user, statement: str,
                       cadre: Cadre | None = None, gender: str = "",
                       today: date | None = None) -> Application:
    """A school secretary applies, for themself (``cadre`` None) or for a cadre of their
    school, within the window, once per cadre and round."""
    today = today or timezone.localdate()
    if not access.secretary_in(user, round.district_id):
        raise Refused(_("Only a school secretary of the district applies for a secondment."))
    round = SecondmentRound.objects.select_for_update().get(pk=round.pk)
    if round.status != SecondmentRound.Status.OPEN:
        raise ValidationError(_("This round is closed: no more applications."))
    if today < round.opens_on:
        raise ValidationError(_("Applications open on %(date)s."), params={"date": round.opens_on})
    if today > round.closes_on:
        raise ValidationError(_("Applications closed on %(date)s."),
                              params={"date": round.closes_on})
    if cadre is None:
        cadre = _cadre_for_self(user, gender)
    elif not access.secretary_of(user, cadre.school_id):
        raise Refused(_("You may apply only for yourself or a cadre of your own school."))
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError(_("Write a statement: why this cadre, and their experience."))
    if round.applications.filter(cadre=cadre).exists():
        raise ValidationError(_("%(name)s has already applied in this round."),
                              params={"name": cadre.name})
    application = Application(round=round, cadre=cadre, school_id=cadre.school_id,
                              statement=statement, submitted_by=user)
    application._change_reason = "submitted"
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(_("%(name)s has already applied in this round."),
                              params={"name": cadre.name}) from None
    _notify(_officers(round.district_id), handovers.APPLICATION_NEW,
            {"round": round.title, "school": cadre.school}, round.get_absolute_url(), by=user,
            district_id=round.district_id)
    return application


def _locked_application(application: Application) -> Application:
    return (Application.objects.select_for_update(of=("self",))
            .select_related("round", "cadre", "school").get(pk=application.pk))


def _decide(application: Application, user, to: str, reason: str) -> Application:
    application.status, application.decided_by, application.decided_at = (
        to, user, timezone.now())
    _save(application, ["status", "decided_by", "decided_at"], reason)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, user) -> Application:
    application = _locked_application(application)
    if not access.secretary_of(user, application.school_id):
        raise Refused(_("Only the school's secretary withdraws its application."))
    if application.status not in UNDECIDED:
        raise ValidationError(_("This application has been decided (%(status)s) and can no "
                                "longer be withdrawn."),
                              params={"status": application.get_status_display()})
    return _decide(application, user, A.WITHDRAWN, "withdrawn")


def _require_open_round(round: SecondmentRound) -> None:
    if round.status != SecondmentRound.Status.OPEN:
        raise ValidationError(_("This round is closed: its decisions are final."))


@transaction.atomic
def application_shortlist(*, application: Application, user) -> Application:
    application = _locked_application(application)
    _require_round_officer(user, application.round.district_id)
    _require_open_round(application.round)
    if application.status != A.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be shortlisted; this one is "
                                "%(status)s."), params={"status": application.get_status_display()})
    return _decide(application, user, A.SHORTLISTED, "shortlisted")


@transaction.atomic
def application_select(*, application: Application, user) -> Application:
    """Select a candidate, never beyond the posts on offer: the round's row is locked, so two
    officers selecting the last post at once cannot both succeed."""
    round = SecondmentRound.objects.select_for_update().get(pk=application.round_id)
    application = _locked_application(application)
    _require_round_officer(user, round.district_id)
    _require_open_round(round)
    if application.status not in UNDECIDED:
        raise ValidationError(_("Only a submitted or shortlisted application can be selected; "
                                "this one is %(status)s."),
                              params={"status": application.get_status_display()})
    taken = round.applications.filter(status__in=TAKING_A_POST).count()
    if taken >= round.posts_on_offer:
        raise ValidationError(_("All %(n)s posts on offer are already taken: no more "
                                "candidates can be selected."), params={"n": round.posts_on_offer})
    _decide(application, user, A.SELECTED, "selected")
    _notify(_orgdep_users(round.district_id), handovers.APPLICATION_SELECTED,
            {"round": round.title, "name": application.cadre.name},
            reverse("cadres:orgdep_home"), by=user, district_id=round.district_id)
    return application


@transaction.atomic
def application_decline(*, application: Application, user) -> Application:
    """Mark one application not selected (a selected one too, before approval: it frees the
    post)."""
    application = _locked_application(application)
    _require_round_officer(user, application.round.district_id)
    _require_open_round(application.round)
    if application.status not in (*UNDECIDED, A.SELECTED):
        raise ValidationError(_("This application is %(status)s: it cannot be marked not "
                                "selected."), params={"status": application.get_status_display()})
    _decide(application, user, A.NOT_SELECTED, "not selected")
    _notify(_secretaries(application.school_id), handovers.APPLICATION_DECLINED,
            {"round": application.round.title, "name": application.cadre.name},
            reverse("cadres:secondments_mine"), by=user,
            district_id=application.round.district_id)
    return application


@transaction.atomic
def application_approve(*, application: Application, user, document_number: str = "",
                        document: Document | None = None,
                        start: date | None = None) -> Secondment:
    """The organisation department approves a selected candidate with its approval document:
    the secondment begins (a post of 学少部副部长 in the league committee, held concurrently).
    The document is chosen from the district's register, or given by its number: a number
    the register holds links that document; one it does not is kept as typed, and linked
    when the document is registered (`cadres.services.documents.document_save`)."""
    application = _locked_application(application)
    round = application.round
    _require_orgdep(user, round.district_id)
    if application.status == A.APPROVED:
        raise ValidationError(_("%(name)s's appointment has already been approved."),
                              params={"name": application.cadre.name})
    if application.status != A.SELECTED:
        raise ValidationError(_("Only a selected candidate can be approved; this application is "
                              "%(status)s."), params={"status": application.get_status_display()})
    if document is not None:
        if document.district_id != round.district_id:
            raise ValidationError(_("The document is not registered in this district."))
        document_number = document.number
    document_number = (document_number or "").strip()
    if not document_number:
        raise ValidationError(_("Give the number of the approval document."))
    start = start or timezone.localdate()
    end = term_end(start, round.term_months)
    host = Organisation.objects.filter(district_id=round.district_id,
                                       kind=K.LEAGUE_COMMITTEE).order_by("pk").first()
    document = document or Document.objects.filter(district_id=round.district_id,
                                                   number=document_number).first()
    application.status, application.decided_by, application.decided_at = (
        A.APPROVED, user, timezone.now())
    application.approval_document_number = document_number
    _save(application, ["status", "decided_by", "decided_at", "approval_document_number"],
          "approved")
    secondment = Secondment(application=application, cadre=application.cadre,
                            district_id=round.district_id, host=host,
                            post_title=round.post_title, start=start, end=end,
                            approval_document_number=document_number,
                            approval_document=document)
    secondment._change_reason = "approved"
    secondment.save()
    post = Post(cadre=application.cadre, kind=Post.Kind.SECONDMENT, title=round.post_title,
                organisation=host, school=None if host else application.school, start=start,
                end=end, is_concurrent=True, appointed_by=user.organisation, document=document,
                basis=document_number if document is None else "")
    post._change_reason = "secondment approved"
    post.save()
    _notify([*_secretaries(application.school_id), *_officers(round.district_id)],
            handovers.SECONDMENT_APPROVED, {"name": application.cadre.name,
                                            "post": round.post_title, "number": document_number},
            secondment.get_absolute_url(), by=user, district_id=round.district_id)
    return secondment


# ---------------------------------------------------------------- assessment

@transaction.atomic
def assessment_record(*, secondment: Secondment, user, grade: str, comments: str = "",
                      body: str | None = None, today: date | None = None) -> Assessment:
    """One body's grade, in the term's last month (or within the grace after it). The body is
    the user's organisation's; ``body``, when given (the form says whom the user grades for),
    must be that one. The third grade sets the result (`Secondment.result_from`) and reports
    it to the organisation department and the education Party working committee."""
    today = today or timezone.localdate()
    secondment = (Secondment.objects.select_for_update(of=("self",))
                  .select_related("cadre").get(pk=secondment.pk))
    mine = assessing_body(user, secondment.district_id)
    if mine is None:
        raise Refused(_("Only the organisation department, the league committee and the "
                        "education commission grade a secondee."))
    if body and body != mine:
        raise Refused(_("You grade for %(mine)s only, not for %(other)s.") % {
            "mine": Assessment.Body(mine).label, "other": Assessment.Body(body).label})
    if grade not in Grade.values:
        raise ValidationError(_("Choose a grade."))
    if secondment.result:
        raise ValidationError(_("The assessment is complete: the result is %(result)s."),
                              params={"result": secondment.get_result_display()})
    if today < secondment.assessment_opens_on:
        raise ValidationError(_("The assessment opens in the last month of the term, on "
                                "%(date)s."), params={"date": secondment.assessment_opens_on})
    if today > secondment.assessment_closes_on:
        raise ValidationError(_("The assessment closed on %(date)s."),
                              params={"date": secondment.assessment_closes_on})
    if secondment.assessments.filter(body=mine).exists():
        raise ValidationError(_("%(body)s has already graded this secondee."),
                              params={"body": Assessment.Body(mine).label})
    assessment = Assessment(secondment=secondment, body=mine, grade=grade,
                            comments=(comments or "").strip(), assessed_by=user)
    assessment._change_reason = "graded"
    assessment.save()
    grades = list(secondment.assessments.values_list("grade", flat=True))
    if len(grades) == len(Assessment.Body.values):
        secondment.result = Secondment.result_from(grades)
        secondment.result_on = today
        _save(secondment, ["result", "result_on"], "assessment complete")
        reported = [*_orgdep_users(secondment.district_id),
                    *User.objects.filter(district_id=secondment.district_id, is_active=True,
                                         organisation__kind=K.EDUCATION_PARTY_COMMITTEE)]
        _notify(reported, handovers.ASSESSMENT_COMPLETE,
                {"name": secondment.cadre.name, "result": secondment.result},
                secondment.get_absolute_url(), by=user, district_id=secondment.district_id)
    else:
        waiting = [Assessment.Body(b).label for b in Assessment.Body.values
                   if b not in set(secondment.assessments.values_list("body", flat=True))]
        assessment.waiting_for = waiting
    return assessment


def reported_to(district_id) -> list[Organisation]:
    """Where a result is reported: the organisation department and the education Party
    working committee of the district."""
    order = [K.ORGANISATION_DEPARTMENT, K.EDUCATION_PARTY_COMMITTEE]
    return sorted(Organisation.objects.filter(district_id=district_id, kind__in=order),
                  key=lambda o: (order.index(o.kind), o.pk))


# ---------------------------------------------------------------- reserve pool

@transaction.atomic
def reserve_enter(*, secondment: Secondment, user, basis: str, school_support: str,
                  entered_on: date | None = None) -> ReservePoolEntry:
    """The organisation department enters a qualified or outstanding secondee, supported by
    their school, into the pool for vice-principal posts."""
    secondment = (Secondment.objects.select_for_update(of=("self",))
                  .select_related("cadre").get(pk=secondment.pk))
    _require_orgdep(user, secondment.district_id)
    if secondment.result not in PASSING:
        raise ValidationError(_("Only a secondee assessed qualified or outstanding enters the "
                                "reserve pool."))
    basis, school_support = (basis or "").strip(), (school_support or "").strip()
    if not school_support:
        raise ValidationError(_("Record how the school supports the cadre (e.g. its Party "
                                "committee's opinion): the pool takes only those their school "
                                "supports."))
    if not basis:
        raise ValidationError(_("Give the basis for entering the pool."))
    entered_on = entered_on or timezone.localdate()
    if entered_on < secondment.result_on:
        raise ValidationError(_("A cadre enters the pool after the assessment (%(date)s)."),
                              params={"date": secondment.result_on})
    if ReservePoolEntry.objects.filter(cadre_id=secondment.cadre_id, left_on__isnull=True).exists():
        raise ValidationError(_("%(name)s is already in the reserve pool."),
                              params={"name": secondment.cadre.name})
    if secondment.cadre.id_number:
        # The same person recorded at another workplace (a transfer) is one member of the
        # pool, not two: an identity number is unique per workplace only.
        other = (ReservePoolEntry.objects.filter(
            left_on__isnull=True, cadre__district_id=secondment.cadre.district_id,
            cadre__id_number=secondment.cadre.id_number)
            .select_related("cadre__school", "cadre__organisation").first())
        if other is not None:
            raise ValidationError(
                _("%(name)s is already in the reserve pool, as the cadre recorded at "
                  "%(workplace)s."),
                params={"name": secondment.cadre.name, "workplace": other.cadre.workplace})
    entry = ReservePoolEntry(district_id=secondment.district_id, cadre=secondment.cadre,
                             secondment=secondment, entered_on=entered_on, basis=basis[:300],
                             school_support=school_support[:300], added_by=user)
    entry._change_reason = "entered the pool"
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise ValidationError(_("%(name)s is already in the reserve pool."),
                              params={"name": secondment.cadre.name}) from None
    _notify([*_secretaries(secondment.cadre.school_id), *_officers(secondment.district_id)],
            handovers.RESERVE_ENTERED, {"name": secondment.cadre.name},
            secondment.get_absolute_url(), by=user, district_id=secondment.district_id)
    return entry


@transaction.atomic
def reserve_leave(*, entry: ReservePoolEntry, user, reason: str,
                  left_on: date | None = None) -> ReservePoolEntry:
    """Record that a cadre left the pool (promoted, moved, withdrew): kept, never deleted."""
    entry = (ReservePoolEntry.objects.select_for_update(of=("self",))
             .select_related("cadre").get(pk=entry.pk))
    _require_orgdep(user, entry.district_id)
    if entry.left_on:
        raise ValidationError(_("%(name)s left the pool on %(date)s."),
                              params={"name": entry.cadre.name, "date": entry.left_on})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for leaving the pool."))
    today = timezone.localdate()
    left_on = left_on or today
    if left_on < entry.entered_on or left_on > today:
        raise ValidationError(_("The date of leaving lies between the entry (%(date)s) and "
                                "today."), params={"date": entry.entered_on})
    entry.left_on, entry.left_reason = left_on, reason[:300]
    _save(entry, ["left_on", "left_reason"], "left the pool")
    return entry


def waiting_applications(user):
    """Applications waiting for an officer's decision in the open rounds they may see."""
    return Application.objects.visible_to(user).filter(
        status__in=UNDECIDED, round__status=SecondmentRound.Status.OPEN)


def waiting_assessments(user, today: date | None = None) -> list[Secondment]:
    """Secondments in their assessment window that the user's body has not graded."""
    today = today or timezone.localdate()
    body = assessing_body(user, user.district_id)
    if body is None:
        return []
    return list(assessments_to_grade(user, body, today).select_related("cadre__school")
                .order_by("end", "pk"))


def assessments_to_grade(user, body: str, today: date):
    """The secondments the user may see that are in their assessment window on `today` and
    that `body` has not graded, as a queryset (counted by the figures)."""
    return (Secondment.objects.visible_to(user).assessable_on(today)
            .exclude(assessments__body=body))



"""Every workflow step of the activities app: keyword-only, atomic, role-checked, logged."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from activities import handovers
from activities.models import (
    ActivitiesSettings,
    Activity,
    ActivityCourse,
    ActivityPhoto,
    Allocation,
    Campaign,
    Fund,
    HonourSelection,
    MonthlyReport,
    Nomination,
    ReportTransition,
    Semester,
    Spending,
    UnlockRequest,
)
from activities.models.calendar import deadline_for
from portal import access, numbers
from portal.access import Refused
from portal.models import User
from portal.uploads import delete_file_on_commit, save_with_files, upload_name
from schools.models import Applicant, VolunteerRecord

S = MonthlyReport.Status
UNLOCK_DAYS = 7


def _log(report: MonthlyReport, old: str, user: User, comment: str = "") -> None:
    ReportTransition.objects.create(report=report, from_status=old, to_status=report.status,
                                    by=user, comment=comment)


# Reports ---------------------------------------------------------------------------------

def report_open(*, school, year: int, month: int, user: User) -> MonthlyReport:
    """The school's report of a month, created as a draft (deadline from the calendar)."""
    if not access.edits_school(user, school):
        raise Refused(_("Only the school's secretary or an officer of its district opens its "
                        "reports."))
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError(_("A month that has not begun cannot be reported."))
    report = MonthlyReport.objects.filter(school=school, year=year, month=month).first()
    if report:
        return report
    semesters = Semester.objects.filter(district_id=school.district_id).covering(year, month)
    deadline, closes_on = deadline_for(list(semesters), year, month)
    with transaction.atomic():
        report, created = MonthlyReport.objects.get_or_create(
            school=school, year=year, month=month,
            defaults={"deadline": deadline, "closes_on": closes_on})
        if created:
            _log(report, "", user)
    return report


def _lock(report: MonthlyReport) -> MonthlyReport:
    """Lock the report's row until the transaction ends and re-read its state, so that a
    change of its activities and a submission, a review or an unlock run one after the other."""
    fresh = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    for field in ("status", "unlocked_until", "closes_on", "deadline"):
        setattr(report, field, getattr(fresh, field))
    return report


def _lock_for_change(report: MonthlyReport, user: User) -> MonthlyReport:
    """Inside a transaction: lock the report, then check the user may change it now."""
    _lock(report)
    report_check_editable(report=report, user=user)
    return report


def report_check_editable(*, report: MonthlyReport, user: User) -> None:
    """Raise unless ``user`` may change the report's activities and files now: only the
    school's secretary, only a draft or a returned report. A submitted or approved report
    changes for nobody, officers included, except through return → resubmit."""
    if report.status == S.APPROVED:
        raise ValidationError(_("An approved report is read-only."))
    if access.is_secretary(user):
        if not access.secretary_of(user, report.school_id):
            raise Refused(_("Only the school's secretary changes its report."))
        if report.status == S.SUBMITTED:
            raise ValidationError(_("The report is submitted and waits for review."))
        if report.is_closed():
            raise ValidationError(_("This month is closed. Ask the district to unlock it."))
        return
    if access.edits_district(user, report.school.district_id):
        raise ValidationError(_("Officers review reports and do not change them: return the "
                                "report to the school with what must be corrected."))
    raise Refused(_("Only the school's secretary changes its report."))


@transaction.atomic
def activity_save(*, activity: Activity, user: User) -> Activity:
    _lock_for_change(activity.report, user)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, user: User) -> None:
    _lock_for_change(activity.report, user)
    activity.delete()


def _move_into_month(day: date, report: MonthlyReport) -> date:
    last = report.last_day.day
    return date(report.year, report.month, min(day.day, last))


@transaction.atomic
def activity_repeat(*, report: MonthlyReport, source: Activity, user: User) -> Activity:
    """Copy an activity of an earlier month into this report, its date moved into the month."""
    if source.report.school_id != report.school_id:
        raise Refused(_("Only an activity of the school's own reports can be repeated."))
    copy = Activity(report=report, kind=source.kind, date=_move_into_month(source.date, report),
                    hours=source.hours, participants=source.participants,
                    partner_id=source.partner_id, campaign_id=source.campaign_id,
                    description=source.description)
    return activity_save(activity=copy, user=user)


def planned_sessions(report: MonthlyReport) -> list:
    """The activity-course sessions planned in the report's month."""
    course = (ActivityCourse.objects.filter(school_id=report.school_id,
                                            semester__start__lte=report.last_day,
                                            semester__end__gte=report.first_day)
              .select_related("semester").prefetch_related("sessions").first())
    if course is None:
        return []
    return [s for s in course.sessions.all()
            if report.first_day <= s.planned_date(course.semester) <= report.last_day]


@transaction.atomic
def report_prefill_class_hours(*, report: MonthlyReport, user: User) -> list[Activity]:
    """Create the month's timetabled class hours from the course schedule (skipping dates
    already recorded as class hours). Two clicks at once: the second waits for the first's
    lock, then finds its class hours recorded."""
    _lock_for_change(report, user)
    sessions = planned_sessions(report)
    if not sessions:
        raise ValidationError(_("The activity course plans no class hour in this month."))
    course = sessions[0].course
    taken = set(report.activities.filter(kind=Activity.Kind.CLASS_HOUR)
                .values_list("date", flat=True))
    created = []
    for session in sessions:
        day = session.planned_date(course.semester)
        if day in taken:
            continue
        created.append(Activity(report=report, kind=Activity.Kind.CLASS_HOUR, date=day,
                                hours=Decimal("0.8"),
                                description=f"{session.theme}（{session.classes}）"[:200]
                                if session.classes else session.theme))
    if not created:
        raise ValidationError(_("Every class hour the course plans this month is already "
                                "recorded."))
    return bulk_create_with_history(created, Activity, default_user=user,
                                    default_change_reason="prefilled from the course")


@transaction.atomic
def photos_add(*, report: MonthlyReport, files, user: User) -> list[ActivityPhoto]:
    _lock_for_change(report, user)
    return save_with_files(
        [ActivityPhoto(report=report, file=upload, name=upload_name(upload)) for upload in files],
        "file")


@transaction.atomic
def photo_delete(*, photo: ActivityPhoto, user: User) -> None:
    _lock_for_change(photo.report, user)
    photo.delete()
    delete_file_on_commit(photo.file)
    delete_file_on_commit(photo.thumbnail)


@transaction.atomic
def report_submit(*, report: MonthlyReport, user: User) -> MonthlyReport:
    report = _lock(report)
    if not access.secretary_of(user, report.school_id):
        raise Refused(_("Only the school's secretary submits its report."))
    if report.status not in (S.DRAFT, S.RETURNED):
        raise ValidationError(_("Only a draft or a returned report can be submitted."))
    if report.is_closed():
        raise ValidationError(_("This month is closed. Ask the district to unlock it."))
    if not report.activities.exists():
        raise ValidationError(_("Record at least one activity before submitting."))
    old, now = report.status, timezone.now()
    report.status = S.SUBMITTED
    report.submitted_at, report.submitted_by = now, user
    report.first_submitted_on = report.first_submitted_on or timezone.localdate()
    report.save(update_fields=["status", "submitted_at", "submitted_by", "first_submitted_on"])
    _log(report, old, user)
    handovers.report_submitted(report, user)
    return report


def _review(report: MonthlyReport, user: User, status: str, comment: str = "") -> MonthlyReport:
    if not access.edits_district(user, report.school.district_id):
        raise Refused(_("Only an officer of the school's district reviews its report."))
    if report.status != S.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed."))
    old = report.status
    report.status = status
    report.reviewed_by, report.reviewed_at = user, timezone.now()
    report.return_comment = comment
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "return_comment"])
    _log(report, old, user, comment)
    handovers.report_reviewed(report, user)
    return report


@transaction.atomic
def report_approve(*, report: MonthlyReport, user: User) -> MonthlyReport:
    return _review(_lock(report), user, S.APPROVED)


@transaction.atomic
def report_return(*, report: MonthlyReport, user: User, comment: str) -> MonthlyReport:
    if not comment.strip():
        raise ValidationError(_("Say what must be corrected."))
    return _review(_lock(report), user, S.RETURNED, comment.strip())


@transaction.atomic
def unlock_request_create(*, report: MonthlyReport, user: User, reason: str) -> UnlockRequest:
    if not access.secretary_of(user, report.school_id):
        raise Refused(_("Only the school's secretary asks to unlock its report."))
    _lock(report)  # requests posted at once: the second finds the first one waiting
    if not report.is_closed():
        raise ValidationError(_("The report is not closed."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason."))
    UnlockRequest._meta.get_field("reason").run_validators(reason)  # refused, never cut
    if report.unlock_requests.filter(granted_at__isnull=True).exists():
        raise ValidationError(_("An unlock request is already waiting."))
    request = UnlockRequest.objects.create(report=report, reason=reason, requested_by=user)
    handovers.unlock_requested(request, user)
    return request


@transaction.atomic
def unlock_request_grant(*, request: UnlockRequest, user: User) -> UnlockRequest:
    if not access.edits_district(user, request.report.school.district_id):
        raise Refused(_("Only an officer of the school's district unlocks its report."))
    request = UnlockRequest.objects.select_for_update().get(pk=request.pk)
    if request.granted_at:
        raise ValidationError(_("This request was already granted."))
    request.granted_by, request.granted_at = user, timezone.now()
    request.save(update_fields=["granted_by", "granted_at"])
    report = _lock(request.report)
    report.unlocked_until = timezone.localdate() + timedelta(days=UNLOCK_DAYS)
    report.save(update_fields=["unlocked_until"])
    _log(report, report.status, user, str(_("Unlocked: %(reason)s") % {"reason": request.reason}))
    handovers.unlock_granted(request, user)
    return request


# Courses ---------------------------------------------------------------------------------

def course_create(*, school_id: int, semester: Semester, course: ActivityCourse,
                  user: User) -> ActivityCourse:
    """Save a school's first course of a semester (its secretary). Two first saves at once
    (two tabs, a double click): the unique constraint keeps the first, the second is
    refused."""
    if not (access.secretary_of(user, school_id)
            and access.secretary_in(user, semester.district_id)):
        raise Refused(_("Only the school's secretary sets its activity course."))
    course.school_id, course.semester = school_id, semester
    try:
        with transaction.atomic():
            course.save()
    except IntegrityError:
        raise ValidationError(_("Your school's activity course of this semester was saved "
                                "meanwhile; here it is.")) from None
    return course


# Honours ---------------------------------------------------------------------------------

SELECTION_REFUSED = _("Only an officer of the district runs its honour selections.")
NEXT_STATUS = {
    HonourSelection.Status.NOMINATING: HonourSelection.Status.REVIEWING,
    HonourSelection.Status.REVIEWING: HonourSelection.Status.PUBLIC_NOTICE,
    HonourSelection.Status.PUBLIC_NOTICE: HonourSelection.Status.PUBLISHED,
}


@transaction.atomic
def nomination_create(*, selection: HonourSelection, user: User, student_name: str,
                      class_name: str, reason: str = "") -> Nomination:
    if not access.secretary_in(user, selection.district_id):
        raise Refused(_("Only a school secretary of the district nominates."))
    selection = HonourSelection.objects.select_for_update().get(pk=selection.pk)
    today = timezone.localdate()
    if selection.status != HonourSelection.Status.NOMINATING or not (
            selection.nomination_opens <= today <= selection.nomination_closes):
        raise ValidationError(_("Nominations are not open."))
    used = selection.nominations.filter(school_id=user.school_id).count()
    if used >= selection.quota_per_school:
        raise ValidationError(_("Your school has used its quota of %(quota)d.") % {
            "quota": selection.quota_per_school})
    if not student_name.strip() or not class_name.strip():
        raise ValidationError(_("Give the student’s name and class."))
    return Nomination.objects.create(selection=selection, school_id=user.school_id,
                                     student_name=student_name.strip()[:30],
                                     class_name=class_name.strip()[:30],
                                     reason=reason.strip()[:200], nominated_by=user)


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, user: User) -> None:
    if not access.secretary_of(user, nomination.school_id):
        raise Refused(_("Only the school's secretary withdraws its nomination."))
    selection = HonourSelection.objects.select_for_update().get(pk=nomination.selection_id)
    if selection.status != HonourSelection.Status.NOMINATING:
        raise ValidationError(_("Nominations are not open."))
    nomination.delete()


@transaction.atomic
def nomination_decide(*, nomination: Nomination, user: User, accept: bool) -> Nomination:
    if not access.edits_district(user, nomination.selection.district_id):
        raise Refused(SELECTION_REFUSED)
    selection = HonourSelection.objects.select_for_update().get(pk=nomination.selection_id)
    if selection.status != HonourSelection.Status.REVIEWING:
        raise ValidationError(_("Nominations are decided during the review."))
    nomination.status = Nomination.Status.ACCEPTED if accept else Nomination.Status.REJECTED
    nomination.decided_by = user
    nomination.save(update_fields=["status", "decided_by"])
    return nomination


@transaction.atomic
def selection_advance(*, selection: HonourSelection, user: User) -> HonourSelection:
    if not access.edits_district(user, selection.district_id):
        raise Refused(SELECTION_REFUSED)
    selection = HonourSelection.objects.select_for_update().get(pk=selection.pk)
    target = NEXT_STATUS.get(selection.status)
    if target is None:
        raise ValidationError(_("The selection is already published."))
    if target == HonourSelection.Status.PUBLIC_NOTICE:
        if selection.nominations.filter(status=Nomination.Status.NOMINATED).exists():
            raise ValidationError(_("Decide every nomination before the public notice."))
        if not (selection.notice_starts and selection.notice_ends):
            raise ValidationError(_("Set the public-notice dates first."))
    if target == HonourSelection.Status.PUBLISHED and selection.notice_ends and (
            timezone.localdate() <= selection.notice_ends):
        raise ValidationError(_("The public notice has not ended yet."))
    selection.status = target
    selection.save(update_fields=["status"])
    handovers.selection_moved(selection, user)
    return selection


# Funds -----------------------------------------------------------------------------------

def _money_check(user: User, fund: Fund, amount: Decimal) -> None:
    if not access.edits_district(user, fund.district_id):
        raise Refused(_("Only an officer of the district manages its funds."))
    if amount is None or amount <= 0:
        raise ValidationError(_("The amount must be positive."))


@transaction.atomic
def allocation_create(*, fund: Fund, user: User, amount: Decimal, campaign=None, school=None,
                      note: str = "") -> Allocation:
    _money_check(user, fund, amount)
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    allocated = fund.allocations.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    balance = fund.amount - allocated
    if amount > balance:
        raise ValidationError(_("Only ¥%(balance)s is left in the fund; ¥%(amount)s cannot be "
                                "allocated.") % {"balance": balance, "amount": amount})
    return Allocation.objects.create(fund=fund, amount=amount, campaign=campaign, school=school,
                                     note=note)


def spending_targets(allocation: Allocation) -> tuple[QuerySet, QuerySet]:
    """What a spending out of ``allocation`` may say it paid for: the activities of the
    school it was given to (of the campaign, for a campaign's allocation), and the district's
    campaigns (only its own, for a campaign's allocation). A school's money never points at
    another school's activity."""
    district_id = allocation.fund.district_id
    activities = Activity.objects.filter(report__school__district_id=district_id)
    campaigns = Campaign.objects.filter(district_id=district_id)
    if allocation.school_id:
        activities = activities.filter(report__school_id=allocation.school_id)
    if allocation.campaign_id:
        activities = activities.filter(campaign_id=allocation.campaign_id)
        campaigns = campaigns.filter(pk=allocation.campaign_id)
    return activities, campaigns


@transaction.atomic
def spending_create(*, allocation: Allocation, user: User, amount: Decimal, day: date,
                    note: str, activity: Activity | None = None,
                    campaign: Campaign | None = None) -> Spending:
    _money_check(user, allocation.fund, amount)
    allocation = Allocation.objects.select_for_update().select_related("fund").get(
        pk=allocation.pk)
    activities, campaigns = spending_targets(allocation)
    if activity is not None and not activities.filter(pk=activity.pk).exists():
        raise ValidationError(_("This money can only pay for an activity of the school or "
                                "campaign it was allocated to."))
    if campaign is not None and not campaigns.filter(pk=campaign.pk).exists():
        raise ValidationError(_("This money can only pay for the campaign it was allocated "
                                "to, or one of the district's campaigns."))
    if activity is not None and campaign is not None and activity.campaign_id not in (
            None, campaign.pk):
        raise ValidationError(_("The activity belongs to another campaign."))
    spent = allocation.spendings.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    balance = allocation.amount - spent
    if amount > balance:
        raise ValidationError(_("Only ¥%(balance)s is left in this allocation; ¥%(amount)s "
                                "cannot be spent.") % {"balance": balance, "amount": amount})
    return Spending.objects.create(allocation=allocation, amount=amount, date=day, note=note,
                                   activity=activity, campaign=campaign)


# ---------------------------------------------------------------- membership applicants

def may_keep_applicant(user: User, applicant: Applicant) -> bool:
    """Assesses an applicant and records their volunteer service: the school's own secretary,
    or a keeper of its district's records (`portal.access.edits_school`)."""
    return access.edits_school(user, applicant.school)


@transaction.atomic
def applicant_move(*, applicant: Applicant, user: User, to: str) -> Applicant:
    """Move a membership applicant (入团积极分子) along applied → under review → admitted or
    deferred (a deferred one is reviewed again later). Volunteer service is an assessment
    gate: no admission with fewer hours than the district requires. The row is locked and
    its status read again, so two clicks or two people at once make one move."""
    if not may_keep_applicant(user, applicant):
        raise Refused(_("Only the school's secretary or a district officer assesses "
                                 "its applicants."))
    fresh = Applicant.objects.select_for_update().get(pk=applicant.pk)
    if to not in Applicant.MOVES.get(fresh.status, ()):
        raise ValidationError(
            _("The applicant is “%(status)s” and cannot become “%(to)s”; nothing was done. "
              "Someone may have changed it meanwhile: reload the page."),
            code="moved_on", params={"status": fresh.get_status_display(),
                                     "to": Applicant.Status(to).label
                                     if to in Applicant.Status.values else to})
    if to == Applicant.Status.ADMITTED:
        required = ActivitiesSettings.for_district(
            applicant.school.district_id).required_volunteer_hours
        hours = fresh.volunteer_records.aggregate(s=Sum("hours"))["s"] or Decimal("0")
        if hours < required:
            raise ValidationError(
                _("%(name)s cannot be admitted yet: %(hours)s of the %(required)s hours of "
                  "volunteer service the district requires, %(missing)s hours missing."),
                code="hours", params={"name": fresh.name, "hours": numbers.hours(hours),
                                      "required": numbers.hours(required),
                                      "missing": numbers.hours(required - hours)})
    fresh.status = to
    fresh.decided_on = (timezone.localdate() if to in (Applicant.Status.ADMITTED,
                                                        Applicant.Status.DEFERRED) else None)
    fresh.save(update_fields=["status", "decided_on"])
    applicant.status, applicant.decided_on = fresh.status, fresh.decided_on
    return fresh


# ---------------------------------------------------------------- volunteer records

def _record_frozen(applicant: Applicant) -> ValidationError:
    return ValidationError(
        _("%(name)s has been admitted: the volunteer service that counted toward the "
          "admission can no longer be changed or deleted."),
        code="admitted", params={"name": applicant.name})


def future_date_error() -> ValidationError:
    return ValidationError(_("Volunteer service cannot be dated in the future."),
                           code="future")


def _lock_applicants(*pks) -> dict[int, Applicant]:
    """Lock the applicants (in a fixed order, so two writers never wait on each other) and
    read their status again: the admission gate (`applicant_move`) locks the same row."""
    return {a.pk: a for a in Applicant.objects.select_for_update().filter(
        pk__in=[pk for pk in pks if pk]).order_by("pk")}


def _check_keeper(user: User | None, applicant: Applicant) -> None:
    """``user`` None: the admin site or the command line, trusted as they are."""
    if user is not None and not may_keep_applicant(user, applicant):
        raise Refused(_("Only the school's secretary or an officer of its district records "
                        "volunteer service."))


@transaction.atomic
def volunteer_record_save(*, record: VolunteerRecord, user: User | None = None
                          ) -> VolunteerRecord:
    """Record volunteer service, or change a record. The applicant is locked: a record that
    counted toward an admission (its applicant is admitted) is not changed, nor moved to
    another applicant; a new record may still be added. Never dated in the future."""
    _check_keeper(user, record.applicant)
    if record.date and record.date > timezone.localdate():
        raise future_date_error()
    old_applicant_id = None
    if record.pk is not None:
        old_applicant_id = VolunteerRecord.objects.filter(pk=record.pk).values_list(
            "applicant_id", flat=True).first()
    locked = _lock_applicants(record.applicant_id, old_applicant_id)
    if old_applicant_id is not None:
        for pk in {old_applicant_id, record.applicant_id}:
            if locked[pk].status == Applicant.Status.ADMITTED:
                raise _record_frozen(locked[pk])
    record.save()
    return record


@transaction.atomic
def volunteer_record_delete(*, record: VolunteerRecord, user: User | None = None) -> None:
    """Delete a volunteer record, unless it counted toward its applicant's admission: the
    applicant is locked and its status read again, so an admission and a deletion at the
    same moment never leave an applicant admitted below the required hours."""
    _check_keeper(user, record.applicant)
    applicant_id = VolunteerRecord.objects.filter(pk=record.pk).values_list(
        "applicant_id", flat=True).first()
    if applicant_id is None:
        return  # deleted meanwhile
    applicant = _lock_applicants(applicant_id)[applicant_id]
    if applicant.status == Applicant.Status.ADMITTED:
        raise _record_frozen(applicant)
    VolunteerRecord.objects.filter(pk=record.pk).delete()

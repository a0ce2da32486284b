"""Who is told when an activities item changes hands (`portal.notify.hand_over`), and what
the notification says (its kinds, `portal.notices`). Each function is called by a service
right after its state change; the notifications go out when the transaction commits."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Role, User
from portal.notices import Topic, define
from portal.notify import district_officers, hand_over, school_secretaries

REPORT_SUBMITTED = define(
    "activities.report_submitted",
    gettext_lazy("%(school)s submitted the %(year)d-%(month)02d activity report: review it"),
    topic=Topic.REPORTS)
REPORT_RETURNED = define(
    "activities.report_returned",
    gettext_lazy("The %(year)d-%(month)02d activity report was returned: correct it and "
                 "submit it again"), topic=Topic.REPORTS)
REPORT_APPROVED = define(
    "activities.report_approved", gettext_lazy("The %(year)d-%(month)02d activity report was "
                                               "approved"), topic=Topic.REPORTS)
UNLOCK_REQUESTED = define(
    "activities.unlock_requested",
    gettext_lazy("%(school)s asks to unlock the %(year)d-%(month)02d activity report"),
    topic=Topic.REPORTS)
UNLOCK_GRANTED = define(
    "activities.unlock_granted",
    gettext_lazy("The %(year)d-%(month)02d activity report is unlocked: submit it now"),
    topic=Topic.REPORTS)
SELECTION_REVIEWING = define(
    "activities.selection_reviewing", gettext_lazy("%(name)s: nominations closed, decide them"),
    topic=Topic.SELECTIONS)
SELECTION_NOTICE_OFFICERS = define(
    "activities.selection_notice_officers",
    gettext_lazy("%(name)s: in public notice; publish it when the notice ends"),
    topic=Topic.SELECTIONS)
SELECTION_NOTICE_SCHOOLS = define(
    "activities.selection_notice_schools", gettext_lazy("%(name)s: the list is in public notice"),
    topic=Topic.SELECTIONS)
SELECTION_PUBLISHED = define(
    "activities.selection_published", gettext_lazy("%(name)s: the result is published"),
    topic=Topic.SELECTIONS)


def _overdue_lines(params: dict) -> dict:
    lines = [f"{year}-{month:02d} {school} " + _("%(days)d days late") % {"days": days}
             for year, month, school, days in params.get("lines", [])]
    return {**params, "text": "\n".join(lines)}


# The daily job's list for officers (activities.daily).
REPORTS_OVERDUE = define(
    "activities.reports_overdue",
    gettext_lazy("%(date)s: %(count)d monthly reports are overdue"),
    topic=Topic.SUMMARY_OVERDUE_REPORTS, prepare=_overdue_lines)


def _params(report) -> dict:
    return {"report": report.pk, "school": report.school.name, "year": report.year,
            "month": report.month}


def report_submitted(report, actor) -> None:
    hand_over(users=district_officers(report.school.district_id), actor=actor,
              kind=REPORT_SUBMITTED, params=_params(report), url=report.get_absolute_url(),
              district_id=report.school.district_id)


def report_reviewed(report, actor) -> None:
    returned = report.status == report.Status.RETURNED
    hand_over(users=school_secretaries(report.school_id), actor=actor,
              kind=REPORT_RETURNED if returned else REPORT_APPROVED, params=_params(report),
              url=report.get_absolute_url(), text=report.return_comment,
              district_id=report.school.district_id)


def unlock_requested(request, actor) -> None:
    report = request.report
    hand_over(users=district_officers(report.school.district_id), actor=actor,
              kind=UNLOCK_REQUESTED, params=_params(report), url=report.get_absolute_url(),
              text=request.reason, district_id=report.school.district_id)


def unlock_granted(request, actor) -> None:
    report = request.report
    hand_over(users=school_secretaries(report.school_id), actor=actor, kind=UNLOCK_GRANTED,
              params=_params(report), url=report.get_absolute_url(),
              district_id=report.school.district_id)


def selection_moved(selection, actor) -> None:
    """In review, the officers decide the nominations; in public notice they publish when it
    ends, and the nominating schools see the list; published, the schools see the result."""
    S = selection.Status
    params, url = {"selection": selection.pk, "name": str(selection)}, selection.get_absolute_url()
    if selection.status in (S.REVIEWING, S.PUBLIC_NOTICE):
        reviewing = selection.status == S.REVIEWING
        hand_over(users=district_officers(selection.district_id), actor=actor, params=params,
                  url=url, district_id=selection.district_id,
                  kind=SELECTION_REVIEWING if reviewing else SELECTION_NOTICE_OFFICERS,
                  due=None if reviewing else selection.notice_ends)
    if selection.status in (S.PUBLIC_NOTICE, S.PUBLISHED):
        schools = selection.nominations.values("school_id")
        hand_over(users=User.objects.filter(role=Role.SCHOOL_SECRETARY, is_active=True,
                                            school_id__in=schools), actor=actor,
                  params=params, url=url, district_id=selection.district_id,
                  kind=(SELECTION_NOTICE_SCHOOLS if selection.status == S.PUBLIC_NOTICE
                        else SELECTION_PUBLISHED))

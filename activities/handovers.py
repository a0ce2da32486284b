"""Who is told when an activities item changes hands (`portal.notify.hand_over`). Each function
is called by a service right after its state change; the notifications go out when the
transaction commits."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.models import Role, User
from portal.notify import district_officers, hand_over, school_secretaries


def _params(report) -> dict:
    return {"school": report.school.name, "year": report.year, "month": report.month}


def report_submitted(report, actor) -> None:
    hand_over(users=district_officers(report.school.district_id), actor=actor,
              params=_params(report), url=report.get_absolute_url(),
              title=_("%(school)s submitted the %(year)d-%(month)02d activity report: review it"))


def report_reviewed(report, actor) -> None:
    if report.status == report.Status.RETURNED:
        title = _("The %(year)d-%(month)02d activity report was returned: correct it and "
                  "submit it again")
    else:
        title = _("The %(year)d-%(month)02d activity report was approved")
    hand_over(users=school_secretaries(report.school_id), actor=actor, params=_params(report),
              url=report.get_absolute_url(), title=title, body=report.return_comment)


def unlock_requested(request, actor) -> None:
    report = request.report
    hand_over(users=district_officers(report.school.district_id), actor=actor,
              params=_params(report), url=report.get_absolute_url(), body=request.reason,
              title=_("%(school)s asks to unlock the %(year)d-%(month)02d activity report"))


def unlock_granted(request, actor) -> None:
    report = request.report
    hand_over(users=school_secretaries(report.school_id), actor=actor, params=_params(report),
              url=report.get_absolute_url(),
              title=_("The %(year)d-%(month)02d activity report is unlocked: submit it now"))


def selection_moved(selection, actor) -> None:
    """In review, the officers decide the nominations; in public notice they publish when it
    ends, and the nominating schools see the list; published, the schools see the result."""
    S = selection.Status
    params, url = {"name": str(selection)}, selection.get_absolute_url()
    if selection.status in (S.REVIEWING, S.PUBLIC_NOTICE):
        hand_over(users=district_officers(selection.district_id), actor=actor, params=params,
                  url=url, title=(_("%(name)s: nominations closed, decide them")
                                  if selection.status == S.REVIEWING
                                  else _("%(name)s: in public notice; publish it when the "
                                         "notice ends")))
    if selection.status in (S.PUBLIC_NOTICE, S.PUBLISHED):
        schools = selection.nominations.values("school_id")
        hand_over(users=User.objects.filter(role=Role.SCHOOL_SECRETARY, is_active=True,
                                            school_id__in=schools), actor=actor,
                  params=params, url=url,
                  title=(_("%(name)s: the list is in public notice")
                         if selection.status == S.PUBLIC_NOTICE
                         else _("%(name)s: the result is published")))

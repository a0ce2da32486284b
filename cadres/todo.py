"""To-do items of the secondment cycle (`portal.todo`): applications waiting for the
officers' decision, selected candidates waiting for the organisation department's approval,
secondees waiting for the user's body's grade, approval documents to register. At most five
queries, whatever the district's size."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from cadres.models import Application, Document, Secondment
from cadres.services.documents import register_url, unregistered
from cadres.services.secondments import (
    assessing_body,
    waiting_applications,
    waiting_assessments,
)
from portal import access
from portal.todo import LIMIT, TodoItem, bundle

APP = "cadres"


def _item(title: str, url: str, due: date | None, kind: str, key: str) -> TodoItem:
    return TodoItem(title=title, url=url, due=due, kind=kind, app=APP, object_key=f"{APP}.{key}")


def items(user, today: date) -> list[TodoItem]:
    if user.is_secretary or user.is_read_only or not user.district_id:
        return []
    result: list[TodoItem] = []
    if access.joint_officer_of(user, user.district_id):
        rows = (waiting_applications(user).select_related("round", "cadre")
                .order_by("round__closes_on", "pk"))
        result += bundle(
            rows,
            lambda a: _item(_("Decide the secondment application of %(name)s (%(round)s)")
                            % {"name": a.cadre.name, "round": a.round.title},
                            a.round.get_absolute_url(), a.round.closes_on,
                            "application_decide", f"application.{a.pk}.decide"),
            lambda n: _item(_("%(n)s secondment applications to decide") % {"n": n},
                            reverse("cadres:round_list"), None, "application_decide",
                            "application_decide.all"))
    if access.organisation_department_of(user, user.district_id):
        selected = (Application.objects.visible_to(user)
                    .filter(status=Application.Status.SELECTED)
                    .select_related("round", "cadre").order_by("round__closes_on", "pk"))
        url = reverse("cadres:orgdep_home")
        result += bundle(
            selected,
            lambda a: _item(_("Approve the secondment of %(name)s (%(round)s)")
                            % {"name": a.cadre.name, "round": a.round.title}, url, None,
                            "application_approve", f"application.{a.pk}.approve"),
            lambda n: _item(_("%(n)s selected candidates to approve") % {"n": n}, url, None,
                            "application_approve", "application_approve.all"))
    if user.is_officer:
        # an approval recorded with a number the register does not hold: register it, and
        # the secondment cites it (`cadres.services.documents.link_recorded_number`)
        rows = (unregistered(Secondment.objects.visible_to(user)).select_related("cadre")
                .order_by("start", "pk"))
        result += bundle(
            rows,
            lambda s: _item(_("Register the approval document %(number)s (secondment of "
                              "%(name)s)") % {"number": s.approval_document_number,
                                              "name": s.cadre.name},
                            register_url(s.approval_document_number,
                                         kind=Document.Kind.APPOINTMENT,
                                         direction=Document.Direction.RECEIVED),
                            None, "document_register", f"secondment.{s.pk}.document"),
            lambda n: _item(_("%(n)s approval documents to register") % {"n": n},
                            reverse("cadres:secondment_list"), None, "document_register",
                            "document_register.all"))
    if assessing_body(user, user.district_id):
        result += [
            _item(_("Grade the secondment of %(name)s") % {"name": s.cadre.name},
                  s.get_absolute_url(), s.assessment_closes_on, "assessment",
                  f"secondment.{s.pk}.assessment")
            for s in waiting_assessments(user, today)[:LIMIT]]
    return result

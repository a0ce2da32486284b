"""To-do items of the joint inspections (`portal.todo`): scores to enter, the other body's
sign-off, publication, the outcome of a published inspection, answers to review, the school's
answers and self-assessments, and the coordination meeting's action items. Six queries for an
officer, two for a secretary, whatever the district's size."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.todo import TodoItem, bundle
from supervision.models import (
    ActionItem,
    Commendation,
    Inspection,
    RectificationOrder,
    SelfAssessment,
    SignOff,
)
from supervision.services import sign_off_side

S = Inspection.Status
O = RectificationOrder.Status  # noqa: E741
APP = "supervision"


def _item(title: str, url: str, due: date | None, kind: str, key: str) -> TodoItem:
    return TodoItem(title=title, url=url, due=due, kind=kind, app=APP, object_key=f"{APP}.{key}")


def _summary(kind: str, title: str, url: str):
    return lambda n: _item(title % {"n": n}, url, None, kind, f"{kind}.all")


def _inspections(user, kind: str, rows, title: str, due, summary: str, status: str):
    url = reverse("supervision:inspection_list") + f"?status={status}"
    return bundle(
        rows,
        lambda i: _item(title % {"school": i.school}, i.get_absolute_url(), due(i), kind,
                        f"inspection.{i.pk}.{kind}"),
        _summary(kind, summary, url))


def officer_items(user, today: date) -> list[TodoItem]:
    mine = (Inspection.objects.visible_to(user).filter(plan__team=user)
            .select_related("school").order_by("planned_date", "pk"))
    items = _inspections(
        user, "inspection_score", mine.filter(status__in=(S.PLANNED, S.IN_PROGRESS)),
        _("Score the inspection of %(school)s"), lambda i: i.planned_date,
        _("%(n)s inspections to score"), S.IN_PROGRESS)
    side = sign_off_side(user)
    if side:
        signed = SignOff.objects.filter(inspection=OuterRef("pk"), side=side,
                                        revoked_at__isnull=True)
        items += _inspections(
            user, "inspection_sign_off", mine.filter(status=S.SUBMITTED).exclude(Exists(signed)),
            _("Sign off the inspection of %(school)s (%(side)s)").replace(
                "%(side)s", str(SignOff.Side(side).label)),
            lambda i: None, _("%(n)s inspections to sign off"), S.SUBMITTED)
    items += _inspections(
        user, "inspection_publish", mine.filter(status=S.SIGNED_OFF),
        _("Publish the inspection of %(school)s to the school"), lambda i: None,
        _("%(n)s signed inspections to publish"), S.SIGNED_OFF)
    undecided = mine.filter(status=S.PUBLISHED).exclude(
        Exists(Commendation.objects.filter(inspection=OuterRef("pk")))).exclude(
        Exists(RectificationOrder.objects.filter(inspection=OuterRef("pk"))))
    items += _inspections(
        user, "inspection_outcome", undecided.order_by("-published_at", "pk"),
        _("Decide the outcome of the inspection of %(school)s: commend or order rectification"),
        lambda i: None, _("%(n)s published inspections without an outcome"), S.PUBLISHED)
    answered = (RectificationOrder.objects.visible_to(user)
                .filter(status=O.RESPONDED, inspection__plan__team=user)
                .select_related("inspection__school").order_by("due_date", "pk"))
    items += bundle(
        answered,
        lambda o: _item(_("Review the answer of %(school)s to a rectification order")
                        % {"school": o.inspection.school}, o.get_absolute_url(), None,
                        "order_review", f"order.{o.pk}.review"),
        _summary("order_review", _("%(n)s answers to rectification orders to review"),
                 reverse("supervision:order_list") + f"?status={O.RESPONDED}"))
    return items


def action_items(user, today: date) -> list[TodoItem]:
    if not user.organisation_id or user.is_read_only:
        return []
    rows = (ActionItem.objects.visible_to(user)
            .filter(owner_id=user.organisation_id, done_at__isnull=True)
            .select_related("meeting").order_by("due_date", "pk"))
    return bundle(
        rows,
        lambda a: _item(_("Meeting action: %(text)s") % {"text": str(a)},
                        a.meeting.get_absolute_url(), a.due_date, "action_item",
                        f"action.{a.pk}"),
        _summary("action_item", _("%(n)s coordination-meeting actions to carry out"),
                 reverse("supervision:meeting_list")))


def secretary_items(user, today: date) -> list[TodoItem]:
    orders = (RectificationOrder.objects.visible_to(user)
              .filter(status__in=(O.OPEN, O.SENT_BACK)).order_by("due_date", "pk"))
    items = bundle(
        orders,
        lambda o: _item((_("Answer the rectification order (sent back): %(text)s")
                         if o.status == O.SENT_BACK
                         else _("Answer the rectification order: %(text)s"))
                        % {"text": o.requirement[:60]},
                        o.get_absolute_url(), o.due_date, "order_respond", f"order.{o.pk}.respond"),
        _summary("order_respond", _("%(n)s rectification orders to answer"),
                 reverse("supervision:order_list")))
    waiting = (Inspection.objects.for_self_assessment(user)
               .exclude(Exists(SelfAssessment.objects.filter(inspection=OuterRef("pk"))))
               .order_by("planned_date", "pk"))
    items += bundle(
        waiting,
        lambda i: _item(_("Fill in the self-assessment before the inspection on %(date)s")
                        % {"date": i.planned_date}, reverse(
                            "supervision:self_assessment", kwargs={"inspection_pk": i.pk}),
                        i.planned_date, "self_assessment", f"inspection.{i.pk}.self_assessment"),
        _summary("self_assessment", _("%(n)s self-assessments to fill in"),
                 reverse("home")))
    return items


def items(user, today: date) -> list[TodoItem]:
    if user.is_secretary:
        return secretary_items(user, today)
    result = action_items(user, today)
    if user.is_officer:
        result += officer_items(user, today)
    return result

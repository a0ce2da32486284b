"""Who is told when a supervision item changes hands (`portal.notify.hand_over`), and what
the notification says (its kinds, `portal.notices`). Each function is called by a service
right after its state change; the notifications go out when the transaction commits."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation, User
from portal.notices import Topic, define
from portal.notify import hand_over, organisation_users, school_secretaries

OTHER_SIDE = {"league": Organisation.Kind.EDUCATION_COMMISSION,
              "education": Organisation.Kind.LEAGUE_COMMITTEE}

INSPECTION_PLANNED = define(
    "supervision.inspection_planned",
    _("Inspection planned on %(date)s: please fill in your self-assessment"),
    topic=Topic.INSPECTIONS)
INSPECTION_SIGNED_BOTH = define(
    "supervision.inspection_signed_both",
    _("Both bodies signed the inspection of %(school)s: publish it"), topic=Topic.INSPECTIONS)
INSPECTION_SIGNED_ONE = define(
    "supervision.inspection_signed_one",
    _("The inspection of %(school)s waits for your body's sign-off"), topic=Topic.INSPECTIONS)
INSPECTION_PUBLISHED = define(
    "supervision.inspection_published",
    _("The result of the inspection of %(date)s is published"), topic=Topic.INSPECTIONS)
ORDER_ISSUED = define("supervision.order_issued", _("Rectification order: answer by %(date)s"),
                      topic=Topic.ORDERS)
ORDER_ANSWERED = define("supervision.order_answered",
                        _("%(school)s answered a rectification order: review it"),
                        topic=Topic.ORDERS)
ORDER_ACCEPTED = define(
    "supervision.order_accepted",
    _("Your answer to the rectification order was accepted; the order is closed"),
    topic=Topic.ORDERS)
ORDER_SENT_BACK = define(
    "supervision.order_sent_back",
    _("Your answer to the rectification order was sent back: answer again by %(date)s"),
    topic=Topic.ORDERS)
ACTION_ASSIGNED = define(
    "supervision.action_assigned",
    _("Coordination meeting action for your organisation, due %(date)s"), topic=Topic.MEETINGS)
# The group robots' daily summary (supervision.daily).
ORDERS_PAST_DUE = define("supervision.orders_past_due",
                         _("%(date)s: %(count)d rectification orders are past due"),
                         topic=Topic.SUMMARY_ORDERS_PAST_DUE)


def _team(inspection):
    return inspection.plan.team.filter(is_active=True)


def _district(inspection) -> int:
    return inspection.school.district_id


def inspection_planned(inspection, actor) -> None:
    """The school is asked for its self-assessment before the visit."""
    hand_over(users=school_secretaries(inspection.school_id), actor=actor,
              kind=INSPECTION_PLANNED,
              params={"inspection": inspection.pk, "school": inspection.school.name,
                      "date": inspection.planned_date}, due=inspection.planned_date,
              url=reverse("supervision:self_assessment",
                          kwargs={"inspection_pk": inspection.pk}),
              district_id=_district(inspection))


def inspection_signed(inspection, side: str, complete: bool, actor) -> None:
    """One body signed: the other body's team members sign next; both signed: the team
    publishes."""
    params = {"inspection": inspection.pk, "school": inspection.school.name}
    if complete:
        hand_over(users=_team(inspection), actor=actor, params=params,
                  url=inspection.get_absolute_url(), kind=INSPECTION_SIGNED_BOTH,
                  district_id=_district(inspection))
        return
    kind = OTHER_SIDE[side]
    others = _team(inspection).filter(organisation__kind=kind)
    if not others.exists():  # a team without the other body: its district officers
        others = User.objects.filter(district_id=inspection.school.district_id,
                                     is_active=True, organisation__kind=kind,
                                     role__in=("district_officer", "education_officer"))
    hand_over(users=others, actor=actor, params=params, url=inspection.get_absolute_url(),
              kind=INSPECTION_SIGNED_ONE, district_id=_district(inspection))


def inspection_published(inspection, actor) -> None:
    hand_over(users=school_secretaries(inspection.school_id), actor=actor,
              params={"inspection": inspection.pk, "school": inspection.school.name,
                      "date": inspection.planned_date}, url=inspection.get_absolute_url(),
              kind=INSPECTION_PUBLISHED, district_id=_district(inspection))


def _order_params(order) -> dict:
    return {"order": order.pk, "school": order.inspection.school.name, "date": order.due_date}


def order_issued(order, actor) -> None:
    hand_over(users=school_secretaries(order.inspection.school_id), actor=actor,
              params=_order_params(order), url=order.get_absolute_url(), kind=ORDER_ISSUED,
              text=order.requirement, due=order.due_date,
              district_id=_district(order.inspection))


def order_answered(order, actor) -> None:
    hand_over(users=_team(order.inspection), actor=actor, url=order.get_absolute_url(),
              params=_order_params(order), kind=ORDER_ANSWERED,
              district_id=_district(order.inspection))


def order_reviewed(order, accepted: bool, comment: str, actor) -> None:
    hand_over(users=school_secretaries(order.inspection.school_id), actor=actor,
              params=_order_params(order), url=order.get_absolute_url(),
              kind=ORDER_ACCEPTED if accepted else ORDER_SENT_BACK, text=comment,
              due=None if accepted else order.due_date, district_id=_district(order.inspection))


def action_assigned(item, actor) -> None:
    hand_over(users=organisation_users(item.owner_id), actor=actor,
              params={"action": item.pk, "meeting": item.meeting.title, "date": item.due_date},
              url=item.meeting.get_absolute_url(), kind=ACTION_ASSIGNED, text=item.text,
              due=item.due_date, district_id=item.meeting.district_id)

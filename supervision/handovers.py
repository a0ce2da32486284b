"""Who is told when a supervision item changes hands (`portal.notify.hand_over`). Each
function is called by a service right after its state change; the notifications go out when
the transaction commits."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation, User
from portal.notify import hand_over, organisation_users, school_secretaries

OTHER_SIDE = {"league": Organisation.Kind.EDUCATION_COMMISSION,
              "education": Organisation.Kind.LEAGUE_COMMITTEE}


def _team(inspection):
    return inspection.plan.team.filter(is_active=True)


def inspection_planned(inspection, actor) -> None:
    """The school is asked for its self-assessment before the visit."""
    hand_over(users=school_secretaries(inspection.school_id), actor=actor,
              title=_("Inspection planned on %(date)s: please fill in your self-assessment"),
              params={"date": inspection.planned_date},
              url=reverse("supervision:self_assessment",
                          kwargs={"inspection_pk": inspection.pk}))


def inspection_signed(inspection, side: str, complete: bool, actor) -> None:
    """One body signed: the other body's team members sign next; both signed: the team
    publishes."""
    params = {"school": inspection.school.name}
    if complete:
        hand_over(users=_team(inspection), actor=actor, params=params,
                  url=inspection.get_absolute_url(),
                  title=_("Both bodies signed the inspection of %(school)s: publish it"))
        return
    kind = OTHER_SIDE[side]
    others = _team(inspection).filter(organisation__kind=kind)
    if not others.exists():  # a team without the other body: its district officers
        others = User.objects.filter(district_id=inspection.school.district_id,
                                     is_active=True, organisation__kind=kind,
                                     role__in=("district_officer", "education_officer"))
    hand_over(users=others, actor=actor, params=params, url=inspection.get_absolute_url(),
              title=_("The inspection of %(school)s waits for your body's sign-off"))


def inspection_published(inspection, actor) -> None:
    hand_over(users=school_secretaries(inspection.school_id), actor=actor,
              params={"date": inspection.planned_date}, url=inspection.get_absolute_url(),
              title=_("The result of the inspection of %(date)s is published"))


def order_issued(order, actor) -> None:
    hand_over(users=school_secretaries(order.inspection.school_id), actor=actor,
              params={"date": order.due_date}, url=order.get_absolute_url(),
              title=_("Rectification order: answer by %(date)s"), body=order.requirement)


def order_answered(order, actor) -> None:
    hand_over(users=_team(order.inspection), actor=actor, url=order.get_absolute_url(),
              params={"school": order.inspection.school.name},
              title=_("%(school)s answered a rectification order: review it"))


def order_reviewed(order, accepted: bool, comment: str, actor) -> None:
    title = (_("Your answer to the rectification order was accepted; the order is closed")
             if accepted else _("Your answer to the rectification order was sent back: "
                                "answer again by %(date)s"))
    hand_over(users=school_secretaries(order.inspection.school_id), actor=actor,
              params={"date": order.due_date}, url=order.get_absolute_url(), title=title,
              body=comment)


def action_assigned(item, actor) -> None:
    hand_over(users=organisation_users(item.owner_id), actor=actor,
              params={"date": item.due_date}, url=item.meeting.get_absolute_url(),
              title=_("Coordination meeting action for your organisation, due %(date)s"),
              body=item.text)



"""What the secondment hand-overs say (their kinds, `portal.notices`); the services in
`cadres.services.secondments` call `portal.notify.hand_over` with them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.notices import Topic, define


def _grade(params: dict) -> dict:
    from cadres.models.secondments import Grade

    labels = dict(Grade.choices)
    return {**params, "result": labels.get(params.get("result"), params.get("result", ""))}


ROUND_CLOSED = define(
    "cadres.round_closed",
    _("%(round)s: the round is closed; your school's application was not selected."),
    topic=Topic.SECONDMENTS)
APPLICATION_NEW = define("cadres.application_new",
                         _("%(round)s: new application from %(school)s"),
                         topic=Topic.SECONDMENTS)
APPLICATION_SELECTED = define("cadres.application_selected",
                              _("%(round)s: %(name)s selected, waiting for your approval"),
                              topic=Topic.SECONDMENTS)
APPLICATION_DECLINED = define("cadres.application_declined",
                              _("%(round)s: %(name)s was not selected"),
                              topic=Topic.SECONDMENTS)
SECONDMENT_APPROVED = define("cadres.secondment_approved",
                             _("%(name)s's secondment as %(post)s approved (%(number)s)"),
                             topic=Topic.SECONDMENTS)
ASSESSMENT_COMPLETE = define("cadres.assessment_complete",
                             _("Assessment of %(name)s complete: %(result)s"),
                             topic=Topic.SECONDMENTS, prepare=_grade)
RESERVE_ENTERED = define("cadres.reserve_entered",
                         _("%(name)s entered the reserve pool for vice-principal posts"),
                         topic=Topic.SECONDMENTS)

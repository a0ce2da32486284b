"""Home-page panels of the secondment cycle for officers: applications waiting for a decision,
assessments waiting for their body's grade."""

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext as _

from cadres.services.secondments import (
    is_round_officer,
    waiting_applications,
    waiting_assessments,
)
from portal.dashboard import Panel


def panels(user) -> list[Panel]:
    if not is_round_officer(user, user.district_id):
        return []
    # the first round to decide and the count of applications in one query (a window count)
    head = list(waiting_applications(user).order_by("round__closes_on", "round_id")
                .annotate(total=Window(Count("pk"))).values_list("round_id", "total")[:1])
    first, waiting = head[0] if head else (None, 0)
    to_grade = waiting_assessments(user)
    return [
        Panel(_("Secondment applications waiting for a decision"), waiting,
              reverse("cadres:round_detail", kwargs={"round_pk": first}) if first
              else reverse("cadres:round_list")),
        Panel(_("Secondees waiting for your body's grade"), len(to_grade),
              to_grade[0].get_absolute_url() if len(to_grade) == 1
              else reverse("cadres:secondment_list") + "?result=pending",
              tone="warning"),
    ]

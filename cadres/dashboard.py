"""Home-page panels of the secondment cycle for officers: applications waiting for a decision,
assessments waiting for their body's grade, read from the registry (`cadres.figures`)."""

from django.urls import reverse

from portal import access, figures
from portal.dashboard import Panel


def panels(user) -> list[Panel]:
    if not access.joint_officer_of(user, user.district_id):
        return []
    found = figures.values("secondments.waiting", figures.Scope(user=user))
    first, to_grade = found["first_round"], found["to_grade"]
    return [
        Panel(figures.label("secondments.applications_waiting"),
              found["secondments.applications_waiting"],
              reverse("cadres:round_detail", kwargs={"round_pk": first}) if first
              else reverse("cadres:round_list"), key="secondments.applications_waiting"),
        Panel(figures.label("secondments.assessments_waiting"),
              found["secondments.assessments_waiting"],
              to_grade[0].get_absolute_url() if len(to_grade) == 1
              else reverse("cadres:secondment_list") + "?result=pending",
              tone="warning", key="secondments.assessments_waiting"),
    ]

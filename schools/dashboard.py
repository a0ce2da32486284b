"""Home-page figures about the schools the user may see, read from the registry
(`schools.figures`, `activities.figures`)."""

from django.urls import reverse

from portal import figures
from portal.dashboard import Panel


def panels(user) -> list[Panel]:
    scope = figures.Scope(user=user)
    found = figures.values("schools", scope)
    registered = figures.value("applicants.registered", scope)
    url = reverse("schools:list")
    return [
        Panel(figures.label("schools.count"), found["schools.count"], url,
              f'{figures.label("schools.league")}: {found["schools.league"]}',
              key="schools.count"),
        Panel(figures.label("schools.branches"), found["schools.branches"], url,
              f'{figures.label("schools.members")}: {found["schools.members"]}',
              tone="success", key="schools.branches"),
        Panel(figures.label("schools.applicants_reported"),
              found["schools.applicants_reported"], url, tone="warning",
              key="schools.applicants_reported"),
        Panel(figures.label("applicants.registered"), registered,
              reverse("activities:applicant_list"), tone="warning",
              key="applicants.registered"),
    ]


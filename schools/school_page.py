"""The school page's figures from the registry (`schools.figures`, `activities.figures`):
branches and members, the applicants the branches report and those in the register, each
with its definition; and the link to its evaluation PDF (profile, honours, inspections,
compliance, volunteering), for everyone who may see the school."""

from django.template.loader import render_to_string

from portal import figures

KEYS = ("schools.branches", "schools.members", "schools.applicants_reported",
        "applicants.registered")


def section(request, school) -> str | None:
    scope = figures.Scope(school=school)
    found = {**figures.values("schools", scope), **figures.values("applicants", scope)}
    return render_to_string("schools/_evaluation_link.html", {
        "school": school,
        "figures": [(key, figures.label(key), found[key]) for key in KEYS],
    }, request=request)

"""The cadres section of a school's page: the school's cadres and their current posts
(two queries whatever their number)."""

from __future__ import annotations

from django.template.loader import render_to_string

from cadres.models import Cadre
from portal import access
from portal.access import SCHOOL_EDITORS


def section(request, school) -> str | None:
    user = request.user
    cadres = list(Cadre.objects.visible_to(user).filter(school=school).with_current_posts())
    if not cadres and not access.holds_role(user, SCHOOL_EDITORS):
        return None
    return render_to_string("cadres/_school_people.html", {
        "school": school, "cadres": cadres,
        "can_add": access.edits_school(user, school),
    }, request=request)

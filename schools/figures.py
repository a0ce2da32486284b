"""The schools' figure definitions (`portal.figures`): schools, branches, the members and
applicants the branches report, community pairings. States, not events: read on the day."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from portal.figures import Definition, Scope, register
from schools.models import Branch, CommunityPairing, Honour, School


def _schools(scope: Scope, period) -> dict:
    schools = scope.filter(School.objects.filter(active=True), school_path="pk",
                           district_path="district").aggregate(
        total=Count("pk"), league=Count("pk", filter=~Q(level=School.Level.PRIMARY)))
    branches = scope.filter(Branch.objects.filter(school__active=True)).aggregate(
        n=Count("pk"), members=Sum("member_count"), applicants=Sum("applicant_count"))
    pairings = scope.filter(CommunityPairing.objects.filter(active=True)).aggregate(
        n=Count("pk"), schools=Count("school", distinct=True))
    return {
        "schools.count": schools["total"],
        "schools.league": schools["league"],
        "schools.branches": branches["n"],
        "schools.members": branches["members"] or 0,
        "schools.applicants_reported": branches["applicants"] or 0,
        "schools.paired": pairings["schools"],
        "schools.pairings": pairings["n"],
    }


register(
    "schools", _schools,
    Definition("schools.count", _("Schools"), _("Active schools in the portal.")),
    Definition("schools.league", _("Schools with a league committee"),
               _("Active schools other than primary schools.")),
    Definition("schools.branches", _("Branches and squadrons"),
               _("League branches and pioneer squadrons of the active schools.")),
    Definition("schools.members", _("League and pioneer members"),
               _("The sum of the member counts the branches and squadrons report.")),
    Definition("schools.applicants_reported", _("Applicants reported by the branches"),
               _("The sum of the applicant counts the branches report (a count field, not "
                 "the applicant register).")),
    Definition("schools.paired", _("Schools paired with a community"),
               _("Active schools with at least one active community pairing.")),
    Definition("schools.pairings", _("Community pairings"), _("Active community pairings.")),
)

def _honours(scope: Scope, period) -> dict:
    """Honours carry only their year: a district counts the calendar years the period
    touches, a school its whole record up to the period's end."""
    honours = scope.filter(Honour.objects.all()).filter(year__lte=period.end.year)
    if scope.school is None:
        honours = honours.filter(year__gte=period.start.year)
    return {"schools.honours": honours.count()}


register(
    "schools.honours", _honours,
    Definition("schools.honours", _("Honours awarded"),
               _("Honours whose year falls in the calendar years the period touches (a "
                 "school's own evaluation: every year up to the period's end)."),
               date=_("the honour's year")),
)

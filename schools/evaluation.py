"""The schools' own figures for the evaluation PDFs (`portal.evaluation.sections`): the
district's schools, branches, members and community pairings; the honours they hold; and a
school's profile. A fixed number of aggregate queries whatever the district's size."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal import figures
from portal.evaluation.sections import Chapter, Period, Section, Table
from schools.models import CommunityPairing, Honour, School, SchoolUnit


def district_sections(*, district, period: Period) -> list[Section]:
    return [_schools(district), _honours(Honour.objects.filter(school__district=district),
                                         period, order=45, with_school=True,
                                         district=district)]


def _schools(district) -> Section:
    schools = School.objects.filter(district=district, active=True)
    levels = dict(School.Level.choices)
    by_level = list(schools.values("level").annotate(n=Count("pk")).order_by("level"))
    found = figures.values("schools", figures.Scope(district=district))
    section = Section(chapter=Chapter.STANDARDISATION, order=5,
                      title=_("Schools, branches and community pairings"))
    if not by_level:
        section.empty_note = _("No school has been registered yet.")
        return section
    section.figures = [figures.figure(key, found[key]) for key in (
        "schools.count", "schools.branches", "schools.members",
        "schools.applicants_reported", "schools.paired", "schools.pairings")]
    section.tables = [Table(caption=_("Schools by level"), headers=[_("Level"), _("Schools")],
                            rows=[[levels.get(r["level"], r["level"]), r["n"]]
                                  for r in by_level], numeric=(1,))]
    return section


def _honours(honours, period: Period, *, order: int, with_school: bool, school=None,
             district=None) -> Section:
    """Honours awarded in the period's calendar years (an honour carries only its year)."""
    rows = list(honours.filter(year__gte=period.start.year, year__lte=period.end.year)
                .select_related("school").order_by("-year", "school__name"))
    section = Section(chapter=Chapter.SUPERVISION, order=order, title=_("Honours"))
    if not rows:
        section.empty_note = _("No honour was awarded in this period.")
        return section
    levels = dict(Honour.Level.choices)
    headers = [_("Year"), pgettext("honour", "Title"), _("Level"), _("Awarded by")]
    if with_school:
        headers.insert(1, _("School"))
    table_rows = []
    for h in rows:
        row = [h.year, h.display_title, levels.get(h.level, h.level), h.awarded_by or "—"]
        if with_school:
            row.insert(1, h.school.name)
        table_rows.append(row)
    section.figures = [figures.figure("schools.honours", figures.value(
        "schools.honours", figures.Scope(school=school, district=district), period))]
    section.tables = [Table(caption=_("Honours"), headers=headers, rows=table_rows)]
    return section


def school_sections(*, school, period: Period) -> list[Section]:
    units = list(SchoolUnit.objects.filter(school=school).order_by("kind"))
    found = figures.values("schools", figures.Scope(school=school))
    pairings = list(CommunityPairing.objects.filter(school=school, active=True)
                    .values_list("community", flat=True))
    profile = Section(chapter=Chapter.STANDARDISATION, order=0, title=_("Profile"))
    profile.figures = [figures.figure(key, found[key]) for key in (
        "schools.branches", "schools.members", "schools.applicants_reported")]
    details = [
        [_("Level"), school.get_level_display()],
        [_("Area"), school.area or "—"],
        [_("Address"), school.address or "—"],
        [_("Joined the portal on"), school.joined_on.isoformat() if school.joined_on else "—"],
        [_("Community pairings"), "、".join(pairings) or "—"],
    ]
    for unit in units:
        details.append([unit.get_kind_display(), _("%(members)d members, led by %(leader)s") % {
            "members": unit.member_count, "leader": unit.leader_name or "—"}])
    profile.tables = [Table(caption=school.name, headers=[_("Item"), _("Value")],
                            rows=details)]
    # A school's honours are its record: every year up to the period's end.
    honours = _honours(Honour.objects.filter(school=school),
                       Period(start=period.start.replace(year=1949, day=1), end=period.end),
                       order=10, with_school=False, school=school)
    return [profile, honours]

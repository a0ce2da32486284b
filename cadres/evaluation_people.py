"""Evaluation-summary sections of people, posts and area meetings (see `cadres.evaluation`
and `portal.evaluation.sections`): the leadership mechanism (concurrent posts, the dual
directors), disciplinisation (research staff) and professionalisation (secretaries in the
moral-education office, area meetings). Posts are those held on the period's last day.
A fixed number of queries whatever the district's size."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cadres.models import Post
from portal import figures
from portal.evaluation.sections import Chapter, Period, Section, Table


def _date(day) -> str:
    return day.strftime("%Y-%m-%d") if day else ""


def _appointment(post: Post) -> str:
    parts = [str(post.appointed_by or ""), post.document.number if post.document else "",
             post.basis]
    return " ".join(p for p in parts if p)


def district_sections(*, district, period: Period) -> list[Section]:
    scope = figures.Scope(district=district)
    found = figures.values("cadres.leadership", scope, period)
    posts = found["posts"]
    concurrent = posts["concurrent"]
    leadership_section = Section(
        chapter=Chapter.LEADERSHIP, title=_("Posts and concurrent posts"), order=10,
        figures=[figures.figure("cadres.concurrent_posts", found["cadres.concurrent_posts"]),
                 figures.figure("cadres.directors", found["cadres.directors"],
                                headline=True)],
        tables=[
            Table(_("Concurrent posts"),
                  [_("Cadre"), _("Main workplace"), _("Concurrent post"), _("Appointed by"),
                   _("Since")],
                  [[p.cadre.name, str(p.cadre.workplace or ""), f"{p.title}（{p.place}）",
                    _appointment(p), _date(p.start)] for p in concurrent],
                  empty_note=_("No concurrent post recorded.")),
            Table(_("Directors of the pioneers work committee (dual directors)"),
                  [_("Director"), _("Workplace"), _("Basis"), _("Since")],
                  [[p.cadre.name, str(p.cadre.workplace or ""), _appointment(p), _date(p.start)]
                   for p in posts["directors"]],
                  empty_note=_("No director recorded.")),
        ],
    )
    if not concurrent and not posts["directors"]:
        leadership_section.empty_note = _("No posts of the leadership mechanism recorded yet.")
    research = Section(
        chapter=Chapter.DISCIPLINISATION, title=_("Research staff"), order=10,
        figures=[figures.figure("cadres.research_staff", found["cadres.research_staff"],
                                headline=True)],
        tables=[Table(_("League and pioneer research staff"),
                      [_("Full name"), _("Workplace"), _("Post"), _("Since")],
                      [[p.cadre.name, str(p.cadre.workplace or ""), p.title, _date(p.start)]
                       for p in posts["research"]])],
    )
    if not posts["research"]:
        research.empty_note = _("No research staff recorded yet.")
    return [leadership_section, research, _moral_posts(scope, period),
            _area_meetings(scope, period)]


def _moral_posts(scope, period: Period) -> Section:
    found = figures.values("cadres.moral", scope, period)
    holding = found["holding"]
    section = Section(
        chapter=Chapter.PROFESSIONALISATION,
        title=_("School secretaries in the moral-education office"), order=10,
        figures=[
            figures.figure("cadres.moral_holding", found["cadres.moral_holding"],
                           headline=True),
            figures.figure("cadres.moral_without", found["cadres.moral_without"]),
            figures.figure("cadres.moral_standing", found["cadres.moral_standing"]),
        ],
        tables=[Table(_("Secretaries holding a moral-education office post"),
                      [_("School"), _("Secretary"), _("Post"), _("Middle-management standing")],
                      [[s.name, "、".join(c.name for c in s.secretary_cadres),
                        "、".join(p.title for p in s.moral_posts),
                        _("Yes") if s.middle_management else _("No")] for s in holding],
                      empty_note=_("No secretary holds a moral-education office post."))],
    )
    if not found["schools"]:
        section.empty_note = _("The district has no school with a league committee yet.")
    return section


def _area_meetings(scope, period: Period) -> Section:
    found = figures.values("cadres.area_meetings", scope, period)
    rows, held = found["rows"], found["cadres.area_meetings_held"]
    section = Section(
        chapter=Chapter.PROFESSIONALISATION, title=_("Area meetings"), order=20,
        figures=[figures.figure("cadres.area_meetings_held", held, headline=True),
                 figures.figure("cadres.area_meetings_missed",
                                found["cadres.area_meetings_missed"])],
        tables=[Table(_("Area meetings per area"),
                      [_("Area"), _("Meetings held"), pgettext("count", "Schools"),
                       _("Schools that missed every meeting")],
                      [[r.area, len(r.meetings), len(r.schools),
                        "、".join(s.name for s in r.missed)
                        or (_("every school attended") if r.meetings else _("no meeting held"))]
                       for r in rows], numeric=(1, 2))],
    )
    if not held:
        section.empty_note = _("No area meeting recorded in this period.")
    return section


def school_sections(*, school, period: Period) -> list[Section]:
    found = figures.values("cadres.school", figures.Scope(school=school), period)
    cadres = found["cadres.count"]
    posts = (Post.objects.current(period.end).filter(cadre__school=school)
             .select_related("cadre", "organisation", "school").order_by("cadre__name", "start"))
    rows = [[p.cadre.name, p.title, str(p.place or ""),
             _("Yes") if p.is_concurrent else "", _("Yes") if p.middle_management else "",
             _date(p.start)] for p in posts]
    section = Section(
        chapter=Chapter.PROFESSIONALISATION, title=_("Cadres and posts"), order=10,
        figures=[figures.figure("cadres.count", cadres),
                 figures.figure("cadres.area_meetings_attended",
                                found["cadres.area_meetings_attended"])],
        tables=[Table(_("Posts held"),
                      [_("Cadre"), _("Post"), _("Where"), _("Concurrent"),
                       _("Middle-management standing"), _("Since")], rows,
                      empty_note=_("No post held."))],
    )
    if not cadres:
        section.empty_note = _("No cadre of this school recorded yet.")
    return [section]

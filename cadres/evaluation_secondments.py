"""Evaluation-summary sections of the secondment cycle (see `cadres.evaluation` and
`portal.evaluation.sections`), in the professionalisation chapter: the open selection
rounds, the secondments and their joint assessment, the reserve pool for vice-principal
posts. A round counts in a period when its application window opens in it; a secondment
when its term overlaps it. A fixed number of queries whatever the district's size."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cadres.figures import pool_entries
from cadres.models import Assessment, Secondment
from portal import figures
from portal.evaluation.sections import BarChart, Chapter, Period, Section, Table


def _date(day) -> str:
    return day.strftime("%Y-%m-%d") if day else ""


def _secondment_rows(secondments: list[Secondment], grades) -> list[list[object]]:
    bodies = Assessment.Body.values
    return [[s.cadre.name, s.cadre.school.name if s.cadre.school else "",
             f"{_date(s.start)} – {_date(s.end)}",
             *(grades.get(s.pk, {}).get(b, "—") for b in bodies),
             s.get_result_display() if s.result else _("Not assessed yet")]
            for s in secondments]


def _secondment_headers() -> list[str]:
    return [_("Cadre"), _("School"), _("Term"), *(str(label) for label in Assessment.Body.labels),
            _("Result")]


def district_sections(*, district, period: Period) -> list[Section]:
    scope = figures.Scope(district=district)
    found = figures.values("secondments", scope, period)
    secondments, grades = found["secondments"], found["grades"]
    selection = Section(
        chapter=Chapter.PROFESSIONALISATION, order=60,
        title=_("Open selection and secondment of school league cadres"),
        text=_("The league committee and the education commission openly select school league "
               "cadres for a one-year secondment as deputy head of the committee's school "
               "department, appointed by the organisation department; the three bodies assess "
               "them jointly at the end of the term."),
        figures=[figures.figure(key, found[key],
                                headline=key in ("secondments.approved", "secondments.serving"))
                 for key in ("secondments.rounds", "secondments.posts",
                             "secondments.applications", "secondments.schools",
                             "secondments.selected", "secondments.approved",
                             "secondments.serving")],
        tables=[Table(_("Secondments and their joint assessment"), _secondment_headers(),
                      _secondment_rows(secondments, grades),
                      empty_note=_("No secondment in this period."))],
        charts=[BarChart(figures.label("secondments.results"), found["secondments.results"],
                         unit=_("people"), key="secondments.results")]
        if any(s.result for s in secondments) else [],
    )
    if not found["secondments.rounds"] and not secondments:
        selection.empty_note = _("No selection round and no secondment in this period.")
    return [selection, _pool(scope, period, order=70)]


def _pool(scope, period: Period, order: int, school_column: bool = True) -> Section:
    found = figures.values("pool", scope, period)
    rows = list(pool_entries(scope).filter(entered_on__lte=period.end)
                .filter(Q(left_on__isnull=True) | Q(left_on__gte=period.start))
                .select_related("cadre__school", "secondment").order_by("entered_on", "pk"))
    headers = [pgettext("person", "Name"), *([_("School")] if school_column else []),
               _("Entered on"), _("Basis"), _("Left on"), _("Reason for leaving")]
    table_rows = [[e.cadre.name, *([e.cadre.school.name if e.cadre.school else ""]
                                   if school_column else []),
                   _date(e.entered_on), e.basis,
                   _date(e.left_on) if e.left_on and e.left_on <= period.end else "",
                   e.left_reason if e.left_on and e.left_on <= period.end else ""]
                  for e in rows]
    section = Section(
        chapter=Chapter.PROFESSIONALISATION, order=order,
        title=_("Reserve pool for vice-principal posts"),
        text=_("Secondees assessed qualified or outstanding, supported by their school, enter "
               "the education system's reserve of vice-principal cadres."),
        figures=[figures.figure("pool.current", found["pool.current"], headline=True),
                 figures.figure("pool.entered", found["pool.entered"]),
                 figures.figure("pool.left", found["pool.left"])],
        tables=[Table(_("Members of the pool in the period"), headers, table_rows,
                      empty_note=_("Nobody in the pool in this period."))],
    )
    if not rows:
        section.empty_note = _("Nobody in the reserve pool in this period.")
    return section


def school_sections(*, school, period: Period) -> list[Section]:
    scope = figures.Scope(school=school)
    found = figures.values("secondments.school", scope, period)
    secondments = found["secondments"]
    # A school sees its secondees' results, not each body's grade.
    section = Section(
        chapter=Chapter.PROFESSIONALISATION, order=60, title=_("Secondment of the school's cadres"),
        figures=[figures.figure(key, found[key]) for key in (
            "secondments.school_applications", "secondments.school_approved",
            "secondments.school_serving")],
        tables=[Table(_("Secondments"), [_("Cadre"), _("Post"), _("Term"), _("Result")],
                      [[s.cadre.name, s.post_title, f"{_date(s.start)} – {_date(s.end)}",
                        s.get_result_display() if s.result else _("Not assessed yet")]
                       for s in secondments],
                      empty_note=_("No secondment in this period."))],
    )
    if not found["secondments.school_applications"] and not secondments:
        section.empty_note = _("The school's cadres took no part in a secondment round in this "
                               "period.")
    return [section, _pool(scope, period, order=70, school_column=False)]

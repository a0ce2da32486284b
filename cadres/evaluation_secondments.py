"""Evaluation-summary sections of the secondment cycle (see `cadres.evaluation` and
`portal.evaluation.sections`), in the professionalisation chapter: the open selection
rounds, the secondments and their joint assessment, the reserve pool for vice-principal
posts. A round counts in a period when its application window opens in it; a secondment
when its term overlaps it. A fixed number of queries whatever the district's size."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cadres.models import Application, Assessment, ReservePoolEntry, Secondment, SecondmentRound
from cadres.models.secondments import Grade
from portal.evaluation.sections import BarChart, Chapter, Figure, Period, Section, Table

A = Application.Status


def _date(day) -> str:
    return day.strftime("%Y-%m-%d") if day else ""


def _in(period: Period, path: str) -> Q:
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.end})


def _grades_by_secondment(secondments) -> dict[int, dict[str, str]]:
    """Each body's grade per secondment: one query (a subquery, so an empty period costs the
    same as a full one)."""
    grades: dict[int, dict[str, str]] = {}
    for a in Assessment.objects.filter(secondment__in=secondments.values("pk")):
        grades.setdefault(a.secondment_id, {})[a.body] = a.get_grade_display()
    return grades


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


def _distribution(secondments: list[Secondment]) -> list[tuple[str, int]]:
    return [(str(label), sum(1 for s in secondments if s.result == value))
            for value, label in Grade.choices]


def district_sections(*, district, period: Period) -> list[Section]:
    rounds = SecondmentRound.objects.filter(district=district)
    held = rounds.filter(_in(period, "opens_on")).aggregate(rounds=Count("pk"),
                                                            posts=Sum("posts_on_offer"))
    in_period = Q(round__opens_on__gte=period.start, round__opens_on__lte=period.end)
    applications = Application.objects.filter(round__district=district).aggregate(
        total=Count("pk", filter=in_period),
        schools=Count("school", filter=in_period, distinct=True),
        selected=Count("pk", filter=in_period & Q(status__in=(A.SELECTED, A.APPROVED))),
        approved=Count("pk", filter=in_period & Q(status=A.APPROVED)))
    serving = Secondment.objects.filter(district=district).overlapping(period.start, period.end)
    secondments = list(serving.select_related("cadre__school").order_by("start", "cadre__name"))
    grades = _grades_by_secondment(serving)
    selection = Section(
        chapter=Chapter.PROFESSIONALISATION, order=60,
        title=_("Open selection and secondment of school league cadres"),
        text=_("The league committee and the education commission openly select school league "
               "cadres for a one-year secondment as deputy head of the committee's school "
               "department, appointed by the organisation department; the three bodies assess "
               "them jointly at the end of the term."),
        figures=[
            Figure(_("Selection rounds opened"), held["rounds"]),
            Figure(_("Posts on offer"), held["posts"] or 0),
            Figure(_("Applications"), applications["total"]),
            Figure(_("Schools that applied"), applications["schools"]),
            Figure(_("Candidates selected"), applications["selected"]),
            Figure(_("Appointments approved"), applications["approved"], headline=True),
            Figure(_("Secondees serving in the period"), len(secondments), headline=True),
        ],
        tables=[Table(_("Secondments and their joint assessment"), _secondment_headers(),
                      _secondment_rows(secondments, grades),
                      empty_note=_("No secondment in this period."))],
        charts=[BarChart(_("Assessment results"), _distribution(secondments), unit=_("people"))]
        if any(s.result for s in secondments) else [],
    )
    if not held["rounds"] and not secondments:
        selection.empty_note = _("No selection round and no secondment in this period.")
    return [selection, _pool(ReservePoolEntry.objects.filter(district=district), period,
                             order=70)]


def _pool(entries, period: Period, order: int, school_column: bool = True) -> Section:
    stats = entries.aggregate(
        current=Count("pk", filter=Q(entered_on__lte=period.end)
                      & (Q(left_on__isnull=True) | Q(left_on__gt=period.end))),
        entered=Count("pk", filter=_in(period, "entered_on")),
        left=Count("pk", filter=_in(period, "left_on")))
    rows = list(entries.filter(entered_on__lte=period.end)
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
        figures=[Figure(_("In the pool at the end of the period"), stats["current"],
                        headline=True),
                 Figure(_("Entered in the period"), stats["entered"]),
                 Figure(_("Left in the period"), stats["left"])],
        tables=[Table(_("Members of the pool in the period"), headers, table_rows,
                      empty_note=_("Nobody in the pool in this period."))],
    )
    if not rows:
        section.empty_note = _("Nobody in the reserve pool in this period.")
    return section


def school_sections(*, school, period: Period) -> list[Section]:
    secondments = list(Secondment.objects.filter(cadre__school=school)
                       .overlapping(period.start, period.end)
                       .select_related("cadre__school").order_by("start", "cadre__name"))
    applications = Application.objects.filter(school=school).filter(
        _in(period, "round__opens_on")).aggregate(
        total=Count("pk"), approved=Count("pk", filter=Q(status=A.APPROVED)))
    # A school sees its secondees' results, not each body's grade.
    section = Section(
        chapter=Chapter.PROFESSIONALISATION, order=60, title=_("Secondment of the school's cadres"),
        figures=[Figure(_("Applications"), applications["total"]),
                 Figure(_("Appointments approved"), applications["approved"]),
                 Figure(_("Secondees serving in the period"), len(secondments))],
        tables=[Table(_("Secondments"), [_("Cadre"), _("Post"), _("Term"), _("Result")],
                      [[s.cadre.name, s.post_title, f"{_date(s.start)} – {_date(s.end)}",
                        s.get_result_display() if s.result else _("Not assessed yet")]
                       for s in secondments],
                      empty_note=_("No secondment in this period."))],
    )
    if not applications["total"] and not secondments:
        section.empty_note = _("The school's cadres took no part in a secondment round in this "
                               "period.")
    return [section, _pool(ReservePoolEntry.objects.filter(cadre__school=school), period,
                           order=70, school_column=False)]

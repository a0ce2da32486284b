"""The supervision mechanism's figures for the evaluation PDFs (`portal.evaluation.sections`):
inspections held and schools covered, average score per indicator against the like-for-like
previous period, outcome bands and commendations, rectification orders,
coordination meetings; and the standard itself (standardisation chapter).

Every function runs a fixed number of aggregate queries whatever the district's size. An
inspection counts as held once the team has submitted it (submitted, signed off, published);
a school's own evaluation shows only its published inspections (what the school may see).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from portal import figures
from portal.evaluation.sections import BarChart, Chapter, Period, Section, Table
from portal.figures import Scope
from supervision.models import (
    Indicator,
    Inspection,
    RectificationOrder,
    Score,
    Standard,
)
from supervision.models.standards import round_total

S = Inspection.Status
HELD = (S.SUBMITTED, S.SIGNED_OFF, S.PUBLISHED)


def district_sections(*, district, period: Period) -> list[Section]:
    scope = Scope(district=district)
    return [
        _inspections(scope, period),
        _scores(scope, period),
        _outcomes(scope, period),
        _orders(scope, period, order=40),
        _meetings(scope, period),
        _standard(),
    ]


def _inspections(scope, period: Period) -> Section:
    found = figures.values("inspections", scope, period)
    section = Section(chapter=Chapter.SUPERVISION, order=10, title=_("Joint inspections"),
                      text=_("The joint team of the league committee, the education commission "
                             "and the pioneers work committee inspects the schools."))
    if not found["inspections.planned"] and found["previous"]["inspections.held"] in (
            0, figures.NO_DATA):
        section.empty_note = _("No inspection was planned in this period.")
        return section
    section.figures = [
        figures.figure("inspections.planned", found["inspections.planned"]),
        *[figures.figure(key, found[key], previous=found["previous"][key],
                         compared=found["compared"], headline=True)
          for key in ("inspections.held", "inspections.schools")],
        figures.figure("inspections.published", found["inspections.published"]),
    ]
    return section


def _scores(scope, period: Period) -> Section:
    found = figures.values("scores", scope, period)
    section = Section(chapter=Chapter.SUPERVISION, order=20,
                      title=_("Average score per indicator"))
    if not found["tables"]:
        section.empty_note = _("No inspection was scored in this period.")
        return section
    kinds = dict(Standard.Kind.choices)
    label = figures.label("scores.average_share")
    for table in found["tables"]:
        kind, compared = table["kind"], table["compared"]
        comparable = compared is not figures.NO_DATA
        table_rows = []
        for r in table["rows"]:
            # one decimal, half up (as totals are); the difference is that of the printed
            # averages, so that the row adds up for its reader
            now = round_total(r["now"])
            before = round_total(r["before"]) if comparable else None
            table_rows.append([f'{r["indicator__code"]} {r["indicator__title"]}',
                               now, r["maximum"], "—" if before is None else before,
                               "—" if before is None else f"{now - before:+.1f}"])
        # the column names the period it compares with, or says there is none
        previous = (_("Previous period (%(period)s)") % {"period": figures.period_words(compared)}
                    if comparable else _("No comparable period"))
        section.tables.append(Table(
            caption=str(kinds.get(kind, kind)),
            headers=[_("Indicator"), _("Average"), _("Maximum"), previous, _("Difference")],
            rows=table_rows, numeric=(1, 2, 3, 4)))
        section.charts.append(BarChart(
            caption=_("%(subject)s: %(figure)s") % {"subject": kinds.get(kind, kind),
                                                    "figure": label},
            bars=found["scores.average_share"][kind], maximum=100, unit="%",
            headline=kind == Standard.Kind.MIDDLE_LEAGUE, key="scores.average_share"))
    return section


def _outcomes(scope, period: Period) -> Section:
    found = figures.values("outcomes", scope, period)
    bands, commendations = found["bands"], found["inspections.commendations"]
    section = Section(chapter=Chapter.SUPERVISION, order=30,
                      title=_("Outcomes: commendations and rectification"))
    if not any(bands.values()) and not commendations:
        section.empty_note = _("No inspection outcome in this period.")
        return section
    section.figures = [
        figures.figure("inspections.commendations", commendations, headline=True),
    ]
    section.charts = [BarChart(caption=figures.label("inspections.bands"),
                               bars=found["inspections.bands"], key="inspections.bands")]
    return section


def _orders(scope, period: Period, *, order: int) -> Section:
    found = figures.values("orders", scope, period)
    section = Section(chapter=Chapter.SUPERVISION, order=order,
                      title=_("Rectification orders"))
    if not found["orders.issued"]:
        section.empty_note = _("No rectification order was issued in this period.")
        return section
    section.figures = [
        figures.figure(key, found[key], headline=key in ("orders.on_time", "orders.overdue"))
        for key in ("orders.issued", "orders.on_time", "orders.late", "orders.overdue",
                    "orders.open")]
    return section


def _meetings(scope, period: Period) -> Section:
    found = figures.values("meetings", scope, period)
    meetings = found["meetings"]
    section = Section(chapter=Chapter.SUPERVISION, order=50,
                      title=_("Coordination meetings and their action items"))
    if not meetings:
        section.empty_note = _("No coordination meeting was held in this period.")
        return section
    section.figures = [figures.figure(key, found[key])
                       for key in ("meetings.count", "meetings.items", "meetings.done")]
    section.tables = [Table(
        caption=_("Meetings"),
        headers=[_("Date"), _("Meeting"), _("Action items"), _("Done"), _("Overdue")],
        rows=[[m.date.isoformat(), m.title, m.items, m.done, m.overdue] for m in meetings],
        numeric=(2, 3, 4))]
    return section


def _standard() -> Section:
    indicators = list(
        Indicator.objects.filter(standard__in=Standard.objects.current().filter(
            kind=Standard.Kind.MIDDLE_LEAGUE, is_draft=False))
        .select_related("standard").order_by("order", "code"))
    section = Section(chapter=Chapter.STANDARDISATION, order=10,
                      title=_("The standard for middle-school league work"))
    if not indicators:
        section.empty_note = _("No standard has been issued yet.")
        return section
    standard = indicators[0].standard
    section.text = _("%(name)s, version %(version)s, in force since %(date)s: "
                     "%(count)d aspects.") % {"name": standard.name,
                                              "version": standard.version,
                                              "date": standard.effective_on.isoformat(),
                                              "count": len(indicators)}
    section.tables = [Table(
        caption=_("Indicators"), headers=[_("Code"), _("Aspect"), _("Weight"), _("Maximum")],
        rows=[[i.code, i.title, i.weight, i.max_score] for i in indicators], numeric=(2, 3))]
    return section


# A school's evaluation ---------------------------------------------------------------------

def school_sections(*, school, period: Period) -> list[Section]:
    inspections = list(
        Inspection.objects.filter(school=school, status=S.PUBLISHED,
                                  planned_date__lte=period.end)
        .select_related("standard").with_total().order_by("planned_date", "pk"))
    scores = list(Score.objects.filter(inspection__in=[i.pk for i in inspections])
                  .select_related("indicator").order_by("indicator__order", "indicator__code"))
    orders = RectificationOrder.objects.filter(inspection__school=school)
    return [
        _history(inspections),
        _school_scores(school, period, inspections, scores),
        _school_orders(school, orders, period),
    ]


def _history(inspections) -> Section:
    section = Section(chapter=Chapter.SUPERVISION, order=30, title=_("Inspection history"))
    if not inspections:
        section.empty_note = _("No published inspection yet.")
        return section
    bands = {"commend": _("Commendation proposed"), "satisfactory": _("Satisfactory"),
             "rectify": _("Rectification proposed"), "": "—"}
    section.tables = [Table(
        caption=_("Published inspections"),
        headers=[_("Date"), _("Kind"), _("Standard"), _("Total"), _("Outcome band")],
        rows=[[i.planned_date.isoformat(), i.get_kind_display(), i.standard.name,
               round_total(i.total_score) if i.total_score is not None else "—",
               bands[i.standard.band_for(i.total_score)]] for i in inspections],
        numeric=(3,))]
    return section


def _school_scores(school, period: Period, inspections, scores) -> Section:
    section = Section(chapter=Chapter.SUPERVISION, order=31,
                      title=_("Scores per indicator"))
    if not scores:
        section.empty_note = _("No published scores yet.")
        return section
    columns = inspections[-4:]  # the last four visits fit the page's width
    cells, titles = {}, {}
    for s in scores:
        titles.setdefault(s.indicator.code, (s.indicator.title, s.indicator.max_score))
        cells[(s.indicator.code, s.inspection_id)] = (
            "N/A" if s.not_applicable else ("—" if s.score is None else s.score))
    section.tables = [Table(
        caption=_("Scores of the last inspections"),
        headers=[_("Indicator"), _("Maximum"), *[i.planned_date.isoformat() for i in columns]],
        rows=[[f"{code} {title}", maximum, *[cells.get((code, i.pk), "—") for i in columns]]
              for code, (title, maximum) in titles.items()],
        numeric=tuple(range(1, 2 + len(columns))))]
    found = figures.values("inspection.scores", Scope(school=school), period)
    latest = found["inspection"]
    section.charts = [BarChart(
        caption=_("Latest inspection (%(date)s): %(figure)s") % {
            "date": latest.planned_date.isoformat(),
            "figure": figures.label("inspection.score_share")},
        bars=found["inspection.score_share"], maximum=100, unit="%",
        key="inspection.score_share")]
    return section


def _school_orders(school, orders, period: Period) -> Section:
    rows = list(orders.filter(issued_at__date__lte=period.end, inspection__status=S.PUBLISHED)
                .select_related("finding__indicator").order_by("due_date"))
    section = _orders(Scope(school=school), period, order=40)
    if not rows:
        return section
    section.empty_note = ""
    section.tables = [Table(
        caption=_("Orders"),
        headers=[_("Requirement"), _("Indicator"), _("Due"), _("Status"), _("Closed on")],
        rows=[[o.requirement, o.finding.indicator.title if o.finding.indicator else "—",
               o.due_date.isoformat(), o.get_status_display(),
               timezone.localdate(o.closed_at).isoformat() if o.closed_at else "—"] for o in rows])]
    return section


"""The supervision mechanism's figures for the evaluation PDFs (`portal.evaluation.sections`):
inspections held and schools covered, average score per indicator and its change since the
previous period of the same length, outcome bands and commendations, rectification orders,
coordination meetings; and the standard itself (standardisation chapter).

Every function runs a fixed number of aggregate queries whatever the district's size. An
inspection counts as held once the team has submitted it (submitted, signed off, published);
a school's own evaluation shows only its published inspections (what the school may see).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Avg, Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.evaluation.sections import BarChart, Chapter, Figure, Period, Section, Table
from supervision.models import (
    Commendation,
    CoordinationMeeting,
    Indicator,
    Inspection,
    RectificationOrder,
    Score,
    Standard,
)
from supervision.models.standards import round_total

S = Inspection.Status
HELD = (S.SUBMITTED, S.SIGNED_OFF, S.PUBLISHED)


def _in(period: Period, path: str) -> Q:
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.end})


def _cutoff(period: Period) -> date:
    return min(timezone.localdate(), period.end)


def district_sections(*, district, period: Period) -> list[Section]:
    previous = period.previous()
    inspections = Inspection.objects.filter(school__district=district)
    return [
        _inspections(inspections, period, previous),
        _scores(district, period, previous),
        _outcomes(district, inspections, period),
        _orders(RectificationOrder.objects.filter(inspection__school__district=district), period,
                order=40),
        _meetings(district, period),
        _standard(),
    ]


def _inspections(inspections, period: Period, previous: Period) -> Section:
    held = Q(status__in=HELD)
    now, before = _in(period, "planned_date"), _in(previous, "planned_date")
    stats = inspections.aggregate(
        planned=Count("pk", filter=now),
        held=Count("pk", filter=now & held),
        schools=Count("school", filter=now & held, distinct=True),
        published=Count("pk", filter=now & Q(status=S.PUBLISHED)),
        held_before=Count("pk", filter=before & held),
        schools_before=Count("school", filter=before & held, distinct=True),
    )
    section = Section(chapter=Chapter.SUPERVISION, order=10, title=_("Joint inspections"),
                      text=_("The joint team of the league committee, the education commission "
                             "and the pioneers work committee inspects the schools."))
    if not stats["planned"] and not stats["held_before"]:
        section.empty_note = _("No inspection was planned in this period.")
        return section
    section.figures = [
        Figure(_("Inspections planned"), stats["planned"]),
        Figure(_("Inspections held"), stats["held"],
               change=stats["held"] - stats["held_before"], headline=True),
        Figure(_("Schools covered"), stats["schools"],
               change=stats["schools"] - stats["schools_before"], headline=True),
        Figure(_("Published to the schools"), stats["published"]),
    ]
    return section


def _scores(district, period: Period, previous: Period) -> Section:
    base = Score.objects.filter(inspection__school__district=district,
                                inspection__status__in=HELD, not_applicable=False,
                                score__isnull=False)
    rows = list(
        base.filter(_in(period, "inspection__planned_date") | _in(previous,
                                                                 "inspection__planned_date"))
        .values("indicator__standard__kind", "indicator__code", "indicator__title")
        .annotate(
            maximum=Max("indicator__max_score"),
            now=Avg("score", filter=_in(period, "inspection__planned_date")),
            before=Avg("score", filter=_in(previous, "inspection__planned_date")),
            n=Count("pk", filter=_in(period, "inspection__planned_date")),
        )
        .order_by("indicator__standard__kind", "indicator__code")
    )
    section = Section(chapter=Chapter.SUPERVISION, order=20,
                      title=_("Average score per indicator"))
    rows = [r for r in rows if r["n"]]
    if not rows:
        section.empty_note = _("No inspection was scored in this period.")
        return section
    kinds = dict(Standard.Kind.choices)
    for kind in dict.fromkeys(r["indicator__standard__kind"] for r in rows):
        mine = [r for r in rows if r["indicator__standard__kind"] == kind]
        table_rows = []
        for r in mine:
            change = None if r["before"] is None else round(r["now"] - r["before"], 1)
            table_rows.append([f'{r["indicator__code"]} {r["indicator__title"]}',
                               round(r["now"], 1), r["maximum"],
                               "—" if r["before"] is None else round(r["before"], 1),
                               "—" if change is None else f"{change:+.1f}"])
        section.tables.append(Table(
            caption=str(kinds.get(kind, kind)),
            headers=[_("Indicator"), _("Average"), _("Maximum"), _("Previous period"),
                     _("Difference")],
            rows=table_rows, numeric=(1, 2, 3, 4)))
        section.charts.append(BarChart(
            caption=_("%(standard)s: average score as a share of the maximum")
            % {"standard": kinds.get(kind, kind)},
            bars=[(r["indicator__title"], round(100 * r["now"] / r["maximum"], 1))
                  for r in mine],
            maximum=100, unit="%", headline=kind == Standard.Kind.MIDDLE_LEAGUE))
    return section


def _outcomes(district, inspections, period: Period) -> Section:
    """Outcome bands need each inspection's total (a per-inspection aggregate), so they are
    counted over one row per inspection of the period — one query, no per-row query."""
    rows = (inspections.filter(_in(period, "planned_date"), status__in=HELD)
            .with_total()
            .values_list("total_score", "standard__commend_threshold",
                         "standard__rectify_threshold"))
    bands = {"commend": 0, "satisfactory": 0, "rectify": 0}
    for total, commend, rectify in rows:
        total = round_total(total)
        if total is None:
            continue
        band = "commend" if total >= commend else "rectify" if total < rectify else "satisfactory"
        bands[band] += 1
    commendations = Commendation.objects.filter(
        inspection__school__district=district).filter(_in(period, "issued_on")).count()
    section = Section(chapter=Chapter.SUPERVISION, order=30,
                      title=_("Outcomes: commendations and rectification"))
    if not any(bands.values()) and not commendations:
        section.empty_note = _("No inspection outcome in this period.")
        return section
    section.figures = [
        Figure(_("Commendations issued"), commendations, headline=True),
    ]
    section.charts = [BarChart(caption=_("Inspections by outcome band"), bars=[
        (_("Commendation proposed"), bands["commend"]),
        (_("Satisfactory"), bands["satisfactory"]),
        (_("Rectification proposed"), bands["rectify"]),
    ])]
    return section


def _orders(orders, period: Period, *, order: int) -> Section:
    cutoff = _cutoff(period)
    closed = Q(status=RectificationOrder.Status.CLOSED)
    stats = orders.filter(_in(period, "issued_at__date")).aggregate(
        opened=Count("pk"),
        on_time=Count("pk", filter=closed & Q(closed_at__date__lte=F("due_date"))),
        late=Count("pk", filter=closed & Q(closed_at__date__gt=F("due_date"))),
        overdue=Count("pk", filter=~closed & Q(due_date__lt=cutoff)),
        open=Count("pk", filter=~closed & Q(due_date__gte=cutoff)),
    )
    section = Section(chapter=Chapter.SUPERVISION, order=order,
                      title=_("Rectification orders"))
    if not stats["opened"]:
        section.empty_note = _("No rectification order was issued in this period.")
        return section
    section.figures = [
        Figure(_("Orders issued"), stats["opened"]),
        Figure(_("Closed on time"), stats["on_time"], headline=True),
        Figure(_("Closed late"), stats["late"]),
        Figure(_("Overdue"), stats["overdue"], headline=True),
        Figure(_("Open, not yet due"), stats["open"]),
    ]
    return section


def _meetings(district, period: Period) -> Section:
    cutoff = _cutoff(period)
    meetings = list(
        CoordinationMeeting.objects.filter(district=district).filter(_in(period, "date"))
        .annotate(items=Count("action_items"),
                  done=Count("action_items", filter=Q(action_items__done_at__isnull=False)),
                  overdue=Count("action_items", filter=Q(action_items__done_at__isnull=True,
                                                         action_items__due_date__lt=cutoff)))
        .order_by("date"))
    section = Section(chapter=Chapter.SUPERVISION, order=50,
                      title=_("Coordination meetings and their action items"))
    if not meetings:
        section.empty_note = _("No coordination meeting was held in this period.")
        return section
    section.figures = [
        Figure(_("Coordination meetings"), len(meetings)),
        Figure(_("Action items"), sum(m.items for m in meetings)),
        Figure(_("Action items done"), sum(m.done for m in meetings)),
    ]
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
        .select_related("standard").with_total().order_by("planned_date"))
    scores = list(Score.objects.filter(inspection__in=[i.pk for i in inspections])
                  .select_related("indicator").order_by("indicator__order", "indicator__code"))
    orders = RectificationOrder.objects.filter(inspection__school=school)
    return [
        _history(inspections),
        _school_scores(inspections, scores),
        _school_orders(orders, period),
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


def _school_scores(inspections, scores) -> Section:
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
    latest = columns[-1]
    section.charts = [BarChart(
        caption=_("Latest inspection (%(date)s): score as a share of the maximum")
        % {"date": latest.planned_date.isoformat()},
        bars=[(s.indicator.title, round(100 * float(s.score) / s.indicator.max_score, 1))
              for s in scores if s.inspection_id == latest.pk and s.score is not None
              and not s.not_applicable],
        maximum=100, unit="%")]
    return section


def _school_orders(orders, period: Period) -> Section:
    rows = list(orders.filter(issued_at__date__lte=period.end, inspection__status=S.PUBLISHED)
                .select_related("finding__indicator").order_by("due_date"))
    section = _orders(orders.filter(inspection__status=S.PUBLISHED), period, order=40)
    if not rows:
        return section
    section.empty_note = ""
    section.tables = [Table(
        caption=_("Orders"),
        headers=[_("Requirement"), _("Indicator"), _("Due"), _("Status"), _("Closed on")],
        rows=[[o.requirement, o.finding.indicator.title if o.finding.indicator else "—",
               o.due_date.isoformat(), o.get_status_display(),
               o.closed_at.date().isoformat() if o.closed_at else "—"] for o in rows])]
    return section


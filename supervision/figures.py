"""The supervision figure definitions (`portal.figures`): inspections planned, held and
published and the schools covered, commendations and outcome bands, average scores per
indicator against the like-for-like previous period, an inspection's scores as shares of
the maximum, rectification orders, coordination meetings and their action items; the home
pages' open orders and this year's inspection plan. An inspection counts as held once its
team submitted it (submitted, signed off, published). A fixed number of aggregate queries
per group."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from portal import school_year
from portal.figures import NO_DATA, Definition, Ratio, Scope, register
from supervision.models import (
    ActionItem,
    Commendation,
    CoordinationMeeting,
    Inspection,
    RectificationOrder,
    Score,
)
from supervision.models.standards import round_total

S = Inspection.Status
HELD = (S.SUBMITTED, S.SIGNED_OFF, S.PUBLISHED)


def _in(period, path: str) -> Q:
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.end})


def cutoff(period) -> date:
    return min(timezone.localdate(), period.end)


def _inspections(scope: Scope, period) -> dict:
    compared = period.comparison(timezone.localdate())
    held = Q(status__in=HELD)
    now, before = _in(period, "planned_date"), _in(compared, "planned_date")
    stats = scope.filter(Inspection.objects.all()).aggregate(
        planned=Count("pk", filter=now),
        held=Count("pk", filter=now & held),
        schools=Count("school", filter=now & held, distinct=True),
        published=Count("pk", filter=now & Q(status=S.PUBLISHED)),
        planned_before=Count("pk", filter=before),
        held_before=Count("pk", filter=before & held),
        schools_before=Count("school", filter=before & held, distinct=True),
    )
    data = stats["planned_before"] > 0
    return {
        "inspections.planned": stats["planned"],
        "inspections.held": stats["held"],
        "inspections.schools": stats["schools"],
        "inspections.published": stats["published"],
        "previous": {"inspections.held": stats["held_before"] if data else NO_DATA,
                     "inspections.schools": stats["schools_before"] if data else NO_DATA},
        "compared": compared,
    }


register(
    "inspections", _inspections,
    Definition("inspections.planned", _("Inspections planned"),
               _("Inspections whose planned date falls in the period, whatever their state."),
               date=_("the inspection's planned date")),
    Definition("inspections.held", _("Inspections held"),
               _("Inspections of the period the team has submitted (submitted, signed off or "
                 "published). Its change is measured against the same dates a year earlier, "
                 "over the part of the period that has passed, and only when that period "
                 "holds inspections."),
               date=_("the inspection's planned date")),
    Definition("inspections.schools", _("Schools covered"),
               _("Distinct schools with at least one inspection held in the period."),
               date=_("the inspection's planned date")),
    Definition("inspections.published", _("Published to the schools"),
               _("Inspections of the period published to their school."),
               date=_("the inspection's planned date")),
)


def _outcomes(scope: Scope, period) -> dict:
    """Outcome bands need each inspection's total: counted over one row per inspection."""
    rows = (scope.filter(Inspection.objects.filter(_in(period, "planned_date"),
                                                   status__in=HELD))
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
    commendations = scope.filter(Commendation.objects.all(), school_path="inspection__school") \
        .filter(_in(period, "issued_on")).count()
    return {"inspections.commendations": commendations, "bands": bands,
            "inspections.bands": [(gettext("Commendation proposed"), bands["commend"]),
                                  (gettext("Satisfactory"), bands["satisfactory"]),
                                  (gettext("Rectification proposed"), bands["rectify"])]}


register(
    "outcomes", _outcomes,
    Definition("inspections.commendations", _("Commendations issued"),
               _("Commendations issued in the period."), date=_("the commendation's date")),
    Definition("inspections.bands", _("Inspections by outcome band"),
               _("Inspections held in the period, by the band of their total score (weighted, "
                 "out of 100, one decimal): commendation proposed at or above the standard's "
                 "commendation threshold, rectification proposed below its rectification "
                 "threshold, satisfactory in between; an inspection without a total is left "
                 "out."),
               date=_("the inspection's planned date")),
)


def score_shares(scores) -> list[tuple[str, float]]:
    """One inspection's scores as bars: per indicator scored and applicable, the score as a
    percentage of the indicator's maximum (one decimal)."""
    return [(s.indicator.title, round_total(100 * s.score / s.indicator.max_score))
            for s in scores if s.score is not None and not s.not_applicable]


def average_shares(rows) -> list[tuple[str, float]]:
    """Per indicator, its average as a percentage of its maximum: one decimal, half up (as
    the averages and totals are printed)."""
    return [(r["indicator__title"], round_total(100 * Decimal(str(r["now"])) / r["maximum"]))
            for r in rows]


def _scores(scope: Scope, period) -> dict:
    """Average score per indicator of the inspections held in the period and in the
    like-for-like previous period (`Period.comparison`), one table per standard kind: the
    previous period is compared only when it holds scores of that kind (else NO_DATA)."""
    compared = period.comparison(timezone.localdate())
    now, before = _in(period, "inspection__planned_date"), _in(compared,
                                                               "inspection__planned_date")
    rows = list(
        scope.filter(Score.objects.filter(inspection__status__in=HELD, not_applicable=False,
                                          score__isnull=False),
                     school_path="inspection__school")
        .filter(now | before)
        .values("indicator__standard__kind", "indicator__code", "indicator__title")
        .annotate(maximum=Max("indicator__max_score"), now=Avg("score", filter=now),
                  before=Avg("score", filter=before), n=Count("pk", filter=now))
        .order_by("indicator__standard__kind", "indicator__code"))
    by_kind: dict[str, list] = {}
    for r in rows:
        by_kind.setdefault(r["indicator__standard__kind"], []).append(r)
    tables = []
    for kind, mine in by_kind.items():
        held = [r for r in mine if r["n"]]
        if held:
            tables.append({"kind": kind, "rows": held,
                           "compared": compared if any(r["before"] is not None for r in mine)
                           else NO_DATA})
    return {"scores.average_share": {t["kind"]: average_shares(t["rows"]) for t in tables},
            "tables": tables, "compared": compared}


register(
    "scores", _scores,
    Definition("scores.average_share", _("Average score as a share of the maximum"),
               _("Per indicator of the standard, the average score of the inspections held "
                 "in the period (indicators not applicable or not scored left out), as a "
                 "percentage of the indicator's maximum. The table beside it compares each "
                 "average with the like-for-like previous period (the same dates a year "
                 "earlier, over the part of the period that has passed), and only when that "
                 "period holds scores."),
               numerator=_("the indicator's average score"),
               denominator=_("the indicator's maximum score"),
               date=_("the inspection's planned date")),
)


def _latest_scores(scope: Scope, period) -> dict:
    """A school's latest inspection published by the period's end, and its scores as
    shares of the maximum (two queries)."""
    latest = (Inspection.objects.filter(school=scope.school, status=S.PUBLISHED,
                                        planned_date__lte=period.end)
              .order_by("-planned_date", "-pk").first())
    scores = [] if latest is None else list(
        Score.objects.filter(inspection=latest).select_related("indicator")
        .order_by("indicator__order", "indicator__code"))
    return {"inspection.score_share": score_shares(scores), "inspection": latest}


register(
    "inspection.scores", _latest_scores,
    Definition("inspection.score_share", _("Score as a share of the maximum"),
               _("Per indicator of one inspection, its score as a percentage of the "
                 "indicator's maximum (indicators not applicable or not scored left out); a "
                 "school's evaluation shows its latest inspection published by the period's "
                 "end."),
               numerator=_("the indicator's score"),
               denominator=_("the indicator's maximum score"),
               date=_("the inspection's planned date")),
)


def _orders(scope: Scope, period) -> dict:
    end = cutoff(period)
    closed = Q(status=RectificationOrder.Status.CLOSED)
    orders = scope.filter(RectificationOrder.objects.all(), school_path="inspection__school")
    if scope.school is not None:  # a school sees its published inspections' orders only
        orders = orders.filter(inspection__status=S.PUBLISHED)
    stats = orders.filter(_in(period, "issued_at__date")).aggregate(
        opened=Count("pk"),
        on_time=Count("pk", filter=closed & Q(closed_at__date__lte=F("due_date"))),
        late=Count("pk", filter=closed & Q(closed_at__date__gt=F("due_date"))),
        overdue=Count("pk", filter=~closed & Q(due_date__lt=end)),
        open=Count("pk", filter=~closed & Q(due_date__gte=end)),
    )
    return {"orders.issued": stats["opened"], "orders.on_time": stats["on_time"],
            "orders.late": stats["late"], "orders.overdue": stats["overdue"],
            "orders.open": stats["open"]}


ISSUED = _("the order's issue date (local time)")
register(
    "orders", _orders,
    Definition("orders.issued", _("Orders issued"),
               _("Rectification orders issued in the period."), date=ISSUED),
    Definition("orders.on_time", _("Closed on time"),
               _("Orders issued in the period and closed on or before their due date (the "
                 "closing day in local time)."), date=ISSUED),
    Definition("orders.late", _("Closed late"),
               _("Orders issued in the period and closed after their due date."), date=ISSUED),
    Definition("orders.overdue", _("Overdue"),
               _("Orders issued in the period, still open, whose due date was before today "
                 "(or before the period's end, for a past period)."), date=ISSUED),
    Definition("orders.open", _("Open, not yet due"),
               _("Orders issued in the period, still open and not yet due."), date=ISSUED),
)


def _orders_now(scope: Scope, period) -> dict:
    today = timezone.localdate()
    still_open = ~Q(status=RectificationOrder.Status.CLOSED)
    counts = scope.filter(RectificationOrder.objects.all(),
                          school_path="inspection__school").aggregate(
        open=Count("pk", filter=still_open),
        overdue=Count("pk", filter=still_open & Q(due_date__lt=today)))
    return {"orders.open_now": counts["open"], "orders.overdue_now": counts["overdue"]}


register(
    "orders_now", _orders_now,
    Definition("orders.open_now", _("Open rectification orders"),
               _("Rectification orders not yet closed, today, whenever issued.")),
    Definition("orders.overdue_now", _("Overdue rectification orders"),
               _("Open rectification orders whose due date has passed, today.")),
)


def _plan(scope: Scope, period) -> dict:
    today = timezone.localdate()
    start_year = school_year.start_year_of(today)
    year = scope.filter(Inspection.objects.filter(plan__year=start_year)).aggregate(
        total=Count("pk"), published=Count("pk", filter=Q(status=S.PUBLISHED)))
    return {"inspections.plan_published": Ratio(year["published"], year["total"],
                                                pgettext("ratio", "inspections")),
            "actions.overdue_now": scope.filter(ActionItem.objects.all()).overdue().count()}


register(
    "plan", _plan,
    Definition("inspections.plan_published", _("This year's inspection plan"),
               _("Inspections of this school year's plan published to their school."),
               numerator=_("published inspections of the plan"),
               denominator=_("inspections in the plan"), date=_("the plan's school year")),
    Definition("actions.overdue_now", _("Overdue meeting actions"),
               _("Coordination meetings' action items not done whose due date has passed.")),
)


def meetings_of(scope: Scope, period):
    end = cutoff(period)
    return list(
        scope.filter(CoordinationMeeting.objects.all(), school_path=None,
                     district_path="district").filter(_in(period, "date"))
        .annotate(items=Count("action_items"),
                  done=Count("action_items", filter=Q(action_items__done_at__isnull=False)),
                  overdue=Count("action_items", filter=Q(action_items__done_at__isnull=True,
                                                         action_items__due_date__lt=end)))
        .order_by("date"))


def _meetings(scope: Scope, period) -> dict:
    meetings = meetings_of(scope, period)
    return {"meetings.count": len(meetings), "meetings.items": sum(m.items for m in meetings),
            "meetings.done": sum(m.done for m in meetings), "meetings": meetings}


register(
    "meetings", _meetings,
    Definition("meetings.count", _("Coordination meetings"),
               _("Coordination meetings held in the period."), date=_("the meeting's date")),
    Definition("meetings.items", _("Action items"),
               _("Action items of those meetings."), date=_("the meeting's date")),
    Definition("meetings.done", _("Action items done"),
               _("Action items of those meetings marked done."), date=_("the meeting's date")),
)

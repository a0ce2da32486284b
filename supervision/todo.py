"""To-do items of the joint inspections (`portal.todo`): scores to enter, the other body's
sign-off, publication, the outcome of a published inspection, answers to review, the school's
answers and self-assessments, and the coordination meeting's action items. At most four
queries for an officer (the meeting actions; the counts of the four inspection kinds, and the
rows of those listed one by one; the answers), two for a secretary, whatever the district's
size."""

from __future__ import annotations

import operator
from datetime import date
from functools import reduce

from django.db.models import Case, Count, Exists, F, OuterRef, Q, When
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.todo import LIMIT, TodoItem, bundle
from supervision.models import (
    ActionItem,
    Commendation,
    Inspection,
    RectificationOrder,
    SelfAssessment,
    SignOff,
)
from supervision.services import sign_off_side

S = Inspection.Status
O = RectificationOrder.Status  # noqa: E741
APP = "supervision"


def _item(title: str, url: str, due: date | None, kind: str, key: str) -> TodoItem:
    return TodoItem(title=title, url=url, due=due, kind=kind, app=APP, object_key=f"{APP}.{key}")


def _summary(kind: str, title: str, url_name: str, query: str = ""):
    """The item for all rows of a kind past `LIMIT` (its URL reversed only then)."""
    return lambda n: _item(title % {"n": n}, reverse(url_name) + query, None, kind,
                           f"{kind}.all")


# The officer's four kinds of inspection, in the list's order, and the states of each.
KINDS = ("inspection_score", "inspection_sign_off", "inspection_publish", "inspection_outcome")


def _inspection_rows(user, side: str | None) -> dict[str, tuple[int, list]]:
    """Each kind's total and, when it is at most `LIMIT`, its inspections: the team's
    inspections of the four kinds are counted in one query (conditional counts); one more
    query reads the rows of the kinds listed one by one, none when every kind is empty or a
    summary. Two queries at most, whatever the district's size."""
    published = Q(status=S.PUBLISHED)
    which = {
        KINDS[0]: Q(status__in=(S.PLANNED, S.IN_PROGRESS)),
        KINDS[2]: Q(status=S.SIGNED_OFF),
        KINDS[3]: published & Q(no_outcome_at__isnull=True)  # not closed as not needed
        & ~Exists(Commendation.objects.filter(inspection=OuterRef("pk")))
        & ~Exists(RectificationOrder.objects.filter(inspection=OuterRef("pk"))),
    }
    if side:
        which[KINDS[1]] = Q(status=S.SUBMITTED) & ~Exists(SignOff.objects.filter(
            inspection=OuterRef("pk"), side=side, revoked_at__isnull=True))
    mine = Inspection.objects.visible_to(user).filter(plan__team=user)
    totals = mine.aggregate(**{kind: Count("pk", filter=q) for kind, q in which.items()})
    listed = [kind for kind in KINDS if 0 < totals.get(kind, 0) <= LIMIT]
    found: dict[str, tuple[int, list]] = {kind: (n, []) for kind, n in totals.items()}
    if not listed:
        return found
    # The planned date orders a kind, the latest publication the outcomes (pk breaks ties).
    if listed == [KINDS[3]]:
        order = ["-published_at", "pk"]
    elif KINDS[3] in listed:
        order = [Case(When(published, then=F("published_at"))).desc(),
                 Case(When(~published, then=F("planned_date"))).asc(), "pk"]
    else:
        order = ["planned_date", "pk"]
    rows = (mine.filter(reduce(operator.or_, (which[kind] for kind in listed)))
            .select_related("school").order_by(*order)[:len(listed) * (LIMIT + 1)])
    kind_of = {S.PLANNED: KINDS[0], S.IN_PROGRESS: KINDS[0], S.SUBMITTED: KINDS[1],
               S.SIGNED_OFF: KINDS[2], S.PUBLISHED: KINDS[3]}
    for row in rows:
        kind_rows = found[kind_of[row.status]][1]
        if len(kind_rows) < LIMIT:
            kind_rows.append(row)
    return found


def _inspections(found: dict[str, tuple[int, list]], kind: str, title: str, due,
                 summary: str, status: str) -> list[TodoItem]:
    total, rows = found[kind]
    if total > LIMIT:
        return [_summary(kind, summary, "supervision:inspection_list", f"?status={status}")(
            total)]
    return [_item(title % {"school": i.school}, i.get_absolute_url(), due(i), kind,
                  f"inspection.{i.pk}.{kind}") for i in rows]


def officer_items(user, today: date) -> list[TodoItem]:
    side = sign_off_side(user, user.district_id)
    found = _inspection_rows(user, side)
    items = _inspections(
        found, "inspection_score", _("Score the inspection of %(school)s"),
        lambda i: i.planned_date, _("%(n)s inspections to score"), S.IN_PROGRESS)
    if side:
        items += _inspections(
            found, "inspection_sign_off",
            _("Sign off the inspection of %(school)s (%(side)s)").replace(
                "%(side)s", str(SignOff.Side(side).label)),
            lambda i: None, _("%(n)s inspections to sign off"), S.SUBMITTED)
    items += _inspections(
        found, "inspection_publish", _("Publish the inspection of %(school)s to the school"),
        lambda i: None, _("%(n)s signed inspections to publish"), S.SIGNED_OFF)
    items += _inspections(
        found, "inspection_outcome",
        _("Decide the outcome of the inspection of %(school)s: commend, order rectification "
          "or close it as needing none"),
        lambda i: None, _("%(n)s published inspections without an outcome"), S.PUBLISHED)
    answered = (RectificationOrder.objects.visible_to(user)
                .filter(status=O.RESPONDED, inspection__plan__team=user)
                .select_related("inspection__school", "finding").order_by("due_date", "pk"))
    # One school may have several orders answered at once: the finding and the due date
    # tell the lines apart.
    review = _("Review the answer of %(school)s to a rectification order (problem: "
               "%(finding)s; due %(date)s)")
    items += bundle(
        answered,
        lambda o: _item(review % {"school": o.inspection.school,
                                  "finding": o.finding.text[:40], "date": o.due_date},
                        o.get_absolute_url(), None, "order_review", f"order.{o.pk}.review"),
        _summary("order_review", _("%(n)s answers to rectification orders to review"),
                 "supervision:order_list", f"?status={O.RESPONDED}"))
    return items


def action_items(user, today: date) -> list[TodoItem]:
    if not user.organisation_id or user.is_read_only:
        return []
    rows = (ActionItem.objects.visible_to(user)
            .filter(owner_id=user.organisation_id, done_at__isnull=True)
            .select_related("meeting").order_by("due_date", "pk"))
    title = _("Meeting action: %(text)s")
    return bundle(
        rows,
        lambda a: _item(title % {"text": str(a)}, a.meeting.get_absolute_url(), a.due_date,
                        "action_item", f"action.{a.pk}"),
        _summary("action_item", _("%(n)s coordination-meeting actions to carry out"),
                 "supervision:meeting_list"))


def secretary_items(user, today: date) -> list[TodoItem]:
    orders = (RectificationOrder.objects.visible_to(user)
              .filter(status__in=(O.OPEN, O.SENT_BACK)).order_by("due_date", "pk"))
    sent_back = _("Answer the rectification order (sent back): %(text)s")
    answer = _("Answer the rectification order: %(text)s")
    items = bundle(
        orders,
        lambda o: _item((sent_back if o.status == O.SENT_BACK else answer)
                        % {"text": o.requirement[:60]},
                        o.get_absolute_url(), o.due_date, "order_respond", f"order.{o.pk}.respond"),
        _summary("order_respond", _("%(n)s rectification orders to answer"),
                 "supervision:order_list"))
    waiting = (Inspection.objects.for_self_assessment(user)
               .exclude(Exists(SelfAssessment.objects.filter(inspection=OuterRef("pk"))))
               .order_by("planned_date", "pk"))
    fill_in = _("Fill in the self-assessment before the inspection on %(date)s")
    items += bundle(
        waiting,
        lambda i: _item(fill_in % {"date": i.planned_date}, reverse(
                            "supervision:self_assessment", kwargs={"inspection_pk": i.pk}),
                        i.planned_date, "self_assessment", f"inspection.{i.pk}.self_assessment"),
        _summary("self_assessment", _("%(n)s self-assessments to fill in"), "home"))
    return items


def items(user, today: date) -> list[TodoItem]:
    if user.is_secretary:
        return secretary_items(user, today)
    result = action_items(user, today)
    if user.is_officer:
        result += officer_items(user, today)
    return result

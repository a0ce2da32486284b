"""The changes of a standard and its indicators as the standards page shows them: who changed
a threshold, a weight or a text, when, and the reason the admin asked for (issue 24)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from supervision.models import Indicator, Standard

STANDARD_FIELDS = ("name", "issuing_bodies", "effective_on", "is_draft", "commend_threshold",
                   "rectify_threshold", "commendation_quota", "pass_ratio")
INDICATOR_FIELDS = ("code", "title", "description", "weight", "max_score", "order")
BASELINE = "history started"  # the row a migration wrote for data that existed before


@dataclass(frozen=True)
class Change:
    at: datetime
    by: object
    subject: str
    kind: str  # "+", "~", "-"
    reason: str
    changes: list[tuple[str, str, str]]  # (field label, before, after)


def _changes(rows, fields, model, subject) -> list[Change]:
    """``rows``: one object's history, oldest first."""
    meta, found, before = model._meta, [], None
    for row in rows:
        diff = [(str(meta.get_field(f).verbose_name), str(getattr(before, f)),
                 str(getattr(row, f)))
                for f in fields if before is not None and getattr(before, f) != getattr(row, f)]
        if row.history_change_reason != BASELINE and (diff or row.history_type != "~"):
            found.append(Change(row.history_date, row.history_user, subject(row),
                                row.history_type, row.history_change_reason or "", diff))
        before = row
    return found


def standard_changes(standard_ids, limit: int = 20) -> dict[int, list[Change]]:
    """{standard id: its latest changes and its indicators', newest first} (two queries)."""
    ids = list(standard_ids)
    by_object = defaultdict(list)
    for row in (Standard.history.filter(id__in=ids).select_related("history_user")
                .order_by("history_date", "history_id")):
        by_object[("s", row.id)].append(row)
    for row in (Indicator.history.filter(standard_id__in=ids).select_related("history_user")
                .order_by("history_date", "history_id")):
        by_object[("i", row.id)].append(row)
    result = defaultdict(list)
    for (kind, _pk), rows in by_object.items():
        if kind == "s":
            result[rows[0].id] += _changes(rows, STANDARD_FIELDS, Standard,
                                           lambda r: _("Standard"))
        else:
            result[rows[-1].standard_id] += _changes(
                rows, INDICATOR_FIELDS, Indicator,
                lambda r: _("Indicator %(code)s") % {"code": r.code})
    for pk, changes in result.items():
        # a new version's indicators are copied with it: one entry, the standard's, says so
        copied = {c.reason for c in changes if c.subject == _("Standard") and c.kind == "+"}
        result[pk] = [c for c in changes if c.subject == _("Standard") or c.kind != "+"
                      or c.reason not in copied]
    return {pk: sorted(changes, key=lambda c: c.at, reverse=True)[:limit]
            for pk, changes in result.items()}

"""A report's history in one timeline: its transitions (submitted, returned, approved,
unlocked) and every change to its activities (added, changed, deleted — django-simple-history
keeps each version, deletions included)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from activities.models import Activity, MonthlyReport


@dataclass(frozen=True)
class Entry:
    at: datetime
    by: object
    text: str
    comment: str = ""


def report_history(report: MonthlyReport) -> list[Entry]:
    """Two queries, oldest first."""
    entries = [Entry(t.at, t.by, t.get_to_status_display(), t.comment)
               for t in report.transitions.select_related("by")]
    labels = {"+": _("Activity added"), "~": _("Activity changed"), "-": _("Activity deleted")}
    kinds = dict(Activity.Kind.choices)
    for h in Activity.history.filter(report_id=report.pk).select_related("history_user"):
        entries.append(Entry(h.history_date, h.history_user, labels[h.history_type],
                             f"{h.date:%m-%d} {kinds.get(h.kind, h.kind)} {h.hours}h"
                             + (f" {h.description}" if h.description else "")))
    return sorted(entries, key=lambda e: e.at)

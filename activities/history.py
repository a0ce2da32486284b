"""A report's history in one timeline: its transitions (submitted, returned, approved,
unlocked) and every change to its activities (added, changed, deleted — django-simple-history
keeps each version, deletions included)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from activities.models import Activity, MonthlyReport
from portal.numbers import hours


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


SETTINGS_FIELDS = ("required_volunteer_hours", "volunteer_hours_document", "class_hours_per_month",
                   "class_hours_document", "reminder_days_before")


@dataclass(frozen=True)
class SettingsChange:
    at: datetime
    by: object
    reason: str
    changes: list[tuple[str, str, str]]  # (field label, before, after)


def settings_history(settings, limit: int = 10) -> list[SettingsChange]:
    """The latest changes to a district's rules, newest first, each with its user, its reason
    and what it changed (one query)."""
    from activities.models import ActivitiesSettings

    if settings.pk is None:
        return []
    rows = list(settings.history.select_related(
        "history_user", "volunteer_hours_document", "class_hours_document")
        .order_by("-history_date", "-history_id")[:limit + 1])
    meta = ActivitiesSettings._meta

    def shown(row, name) -> str:
        value = getattr(row, name)
        if name == "required_volunteer_hours":
            return str(hours(value))
        return "—" if value is None else str(getattr(value, "number", value))

    changes = []
    for row, before in zip(rows, [*rows[1:], None], strict=True):
        changed = [(str(meta.get_field(name).verbose_name),
                    shown(before, name) if before is not None else "", shown(row, name))
                   for name in SETTINGS_FIELDS
                   if before is None or shown(before, name) != shown(row, name)]
        changes.append(SettingsChange(row.history_date, row.history_user,
                                      row.history_change_reason or "", changed))
    return changes[:limit]

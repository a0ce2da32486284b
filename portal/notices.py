"""What a notification says, kept apart from the notification itself: a notification stores
what happened — a kind (``"activities.report_submitted"``) and its parameters as data (ids,
names, dates, the text a user typed) — and is rendered in the language of whoever reads it:
the bell, the to-do reminders, the mail, the digest, a group robot.

Each app defines its kinds in its ``handovers`` module with `define`. A row whose kind is
unknown (or empty: rows written before kinds existed) shows the text stored with it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from portal.plugins import app_modules

logger = logging.getLogger(__name__)


class Topic:
    """What a group robot may subscribe to (`portal.robots`): a kind's topic."""

    REPORTS = "reports"
    INSPECTIONS = "inspections"
    ORDERS = "orders"
    MEETINGS = "meetings"
    SELECTIONS = "selections"
    SECONDMENTS = "secondments"
    REMINDERS = "reminders"  # a user's own deadline reminders: never posted to a group
    SUMMARY_OVERDUE_REPORTS = "summary_overdue_reports"
    SUMMARY_ORDERS_PAST_DUE = "summary_orders_past_due"

    CHOICES = (
        (REPORTS, _("Monthly activity reports: submitted, returned, unlocked")),
        (INSPECTIONS, _("Inspections: planned, signed, published")),
        (ORDERS, _("Rectification orders: issued, answered, reviewed")),
        (MEETINGS, _("Coordination meeting actions")),
        (SELECTIONS, _("Honour selections")),
        (SECONDMENTS, _("Secondments")),
        (SUMMARY_OVERDUE_REPORTS, _("Daily summary: overdue monthly reports")),
        (SUMMARY_ORDERS_PAST_DUE, _("Daily summary: rectification orders past due")),
    )


@dataclass(frozen=True)
class Kind:
    key: str
    title: object  # a lazy translation with %(name)s placeholders
    topic: str
    body: object = None  # a lazy translation, or None: the body is the typed ``text``
    prepare: Callable[[dict], dict] | None = None  # params → params to format (translated)


KINDS: dict[str, Kind] = {}
_loaded = False


def define(key: str, title, *, topic: str, body=None,
           prepare: Callable[[dict], dict] | None = None) -> str:
    """Register a kind; returns its key (what services pass to `portal.notify.hand_over`)."""
    KINDS[key] = Kind(key=key, title=title, topic=topic, body=body, prepare=prepare)
    return key


def kind(key: str) -> Kind | None:
    global _loaded
    if not _loaded:  # the apps' handovers modules define their kinds when imported
        for _module in app_modules("handovers"):
            pass
        import portal.reminders  # noqa: F401  (the reminders' kinds)
        _loaded = True
    return KINDS.get(key)


def as_data(value):
    """A parameter as JSON data: dates as ISO text, other objects by their name."""
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return str(value)


def data(params: dict | None) -> dict:
    return {k: as_data(v) for k, v in (params or {}).items()}


def render(key: str, params: dict, language: str) -> tuple[str, str] | None:
    """(title, body) of a kind in ``language``; None when the kind is unknown or its
    parameters do not fit (the caller shows the stored text)."""
    found = kind(key) if key else None
    if found is None:
        return None
    try:
        with override(language):
            values = dict(params)
            if found.prepare:
                values = found.prepare(values)
            title = str(found.title) % values
            body = str(found.body) % values if found.body else str(values.get("text") or "")
    except (KeyError, TypeError, ValueError):
        logger.warning("notification kind %s: parameters do not fit", key)
        return None
    return title, body


def in_language(value, language: str):
    """A parameter stored in every language (``{"zh-hans": …, "en": …}``, e.g. a to-do
    item's title in a reminder), read in ``language``."""
    if isinstance(value, dict):
        return value.get(language) or next(iter(value.values()), "")
    return value

"""“Whose turn is it”: one answer to what a user has to do, by when.

Each app that has a `todo` module with an `items(user, today) -> list[TodoItem]` function
contributes its items (like the dashboard panels); the home page, the bell's reminders, the
daily job and the calendar feed all read `collect_todos`. An app's `items` runs a fixed number
of queries whatever the district's size: it scopes with `visible_to`, filters by state and
slices (past `LIMIT` rows of one kind it gives one summary item that links to the list).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet, Window
from django.utils import timezone

from portal.plugins import app_modules

LIMIT = 10  # items of one kind listed one by one; more become one summary item


@dataclass(frozen=True)
class TodoItem:
    """One thing a user must do: what, where it is done, by when."""

    title: str
    url: str
    due: date | None
    kind: str  # e.g. "inspection_sign_off"
    app: str
    object_key: str  # stable over days, e.g. "supervision.inspection.12.sign_off"

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.due).days) if self.due else 0

    def days_left(self, today: date) -> int | None:
        return (self.due - today).days if self.due else None


def _sort_key(today: date):
    def key(item: TodoItem):
        if item.due is None:
            return (2, 0, item.title)
        if item.due < today:
            return (0, -(today - item.due).days, item.title)
        return (1, item.due.toordinal(), item.title)

    return key


def collect_todos(user, today: date | None = None) -> list[TodoItem]:
    """The user's items, overdue first (most days overdue first), then by due date, then
    the undated ones."""
    if not user.is_authenticated or not user.is_active:
        return []
    today = today or timezone.localdate()
    items: list[TodoItem] = []
    for module in app_modules("todo"):
        items.extend(module.items(user, today))
    return sorted(items, key=_sort_key(today))


def bundle(rows: QuerySet, make: Callable[[object], TodoItem],
           summary: Callable[[int], TodoItem]) -> list[TodoItem]:
    """Items for up to `LIMIT` rows; past that, one summary item for all of them. One query
    either way: each row carries the total (a window count) and at most `LIMIT + 1` rows are
    read."""
    found = list(rows.annotate(todo_total=Window(Count("pk")))[:LIMIT + 1])
    if len(found) <= LIMIT:
        return [make(row) for row in found]
    return [summary(found[0].todo_total)]

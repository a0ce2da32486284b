"""One registry of figure definitions (指标口径): every figure the portal shows — home pages,
the reports page, the evaluation PDFs — is defined here once, by the app that owns its data.

Core imports no app: each app registers its definitions in `<app>/figures.py` (found like
the dashboard and evaluation modules, `portal.dashboard.app_modules`). A definition says
what is counted, the numerator and denominator of a rate, which date places a row in a
period, and its time zone (always `TIME_ZONE`); a *group* of definitions shares one compute
function `compute(scope, period) -> {key: value}`, so that related figures cost one query.

Pages, PDFs and exports read values with `values(group, scope, period)` and label them with
`label(key)` (or build an evaluation `Figure` with `figure(key, value)`); none computes a
figure of its own, so one label never shows two numbers for one scope and period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Scope:
    """Whose rows a figure counts: one school, one district, or what a user may see (the
    home pages: a district user's district, the city for city-wide roles)."""

    district: Any = None
    school: Any = None
    user: Any = None

    def filter(self, queryset, school_path: str | None = "school", district_path: str = ""):
        """`queryset` narrowed to the scope: through `school_path` to the school (and its
        district), or through `district_path` for rows that belong to a district only."""
        if self.school is not None:
            school = self.school.pk if school_path == "pk" else self.school
            return queryset.filter(**{school_path: school})
        if self.district is not None:
            path = district_path or f"{school_path}__district"
            return queryset.filter(**{path: self.district})
        if self.user is not None:
            return queryset.visible_to(self.user)
        return queryset


def percent(numerator, denominator) -> int:
    """A whole percentage rounded half up (四舍五入: 1/8 is 13%, not Python's 12)."""
    return int((Decimal(100) * numerator / denominator).quantize(Decimal(1),
                                                                 rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Ratio:
    """A rate that always shows its denominator: "83% (10/12 schools)". `pending` when the
    period's deadline is still ahead: then only how many are in so far is shown, no rate."""

    numerator: int
    denominator: int
    of: str = ""  # what the denominator counts ("schools"), translated
    pending: bool = False

    @property
    def percent(self) -> int | None:
        if self.pending or not self.denominator:
            return None
        return percent(self.numerator, self.denominator)

    @property
    def fraction(self) -> str:
        return f"{self.numerator}/{self.denominator}{(' ' + self.of) if self.of else ''}"

    def __str__(self) -> str:
        if self.pending:
            return _("pending (%(fraction)s so far)") % {"fraction": self.fraction}
        if self.percent is None:
            return "—"
        return f"{self.percent}% ({self.fraction})"


@dataclass(frozen=True)
class Definition:
    key: str
    label: Any  # gettext_lazy
    counts: Any  # what is counted
    date: Any = ""  # which date places a row in the period ("" = a state, read today)
    numerator: Any = ""
    denominator: Any = ""
    unit: Any = ""
    group: str = ""

    @property
    def time_zone(self) -> str:
        return settings.TIME_ZONE

    def describe(self) -> list[tuple[str, str]]:
        """The definition as (term, text) pairs, in the active language."""
        rows = [(_("What is counted"), str(self.counts))]
        if self.numerator:
            rows.append((_("Numerator"), str(self.numerator)))
        if self.denominator:
            rows.append((_("Denominator"), str(self.denominator)))
        rows.append((_("Date that places a row in the period"),
                     str(self.date) if self.date else _("none: the state on the day it is read")))
        rows.append((_("Time zone"), self.time_zone))
        return rows


@dataclass
class _Group:
    compute: Callable
    keys: list[str] = field(default_factory=list)


DEFINITIONS: dict[str, Definition] = {}
GROUPS: dict[str, _Group] = {}
_discovered = False


def register(group: str, compute: Callable, *definitions: Definition) -> None:
    """Called by `<app>/figures.py` at import: `compute(scope, period)` returns a dict with
    a value for every key of `definitions`."""
    entry = GROUPS.setdefault(group, _Group(compute))
    entry.compute = compute
    for d in definitions:
        DEFINITIONS[d.key] = Definition(**{**d.__dict__, "group": group})
        if d.key not in entry.keys:
            entry.keys.append(d.key)


def discover() -> None:
    global _discovered
    if _discovered:
        return
    from portal.plugins import app_modules

    for _module in app_modules("figures"):
        pass
    _discovered = True


def definition(key: str) -> Definition:
    discover()
    return DEFINITIONS[key]


def label(key: str) -> str:
    return str(definition(key).label)


def values(group: str, scope: Scope, period=None) -> dict[str, Any]:
    """Every figure of `group` for `scope` and `period` (None: today's state)."""
    discover()
    result = GROUPS[group].compute(scope, period)
    missing = set(GROUPS[group].keys) - set(result)
    assert not missing, f"{group} did not compute {missing}"
    return result


def value(key: str, scope: Scope, period=None):
    return values(definition(key).group, scope, period)[key]


NO_DATA = object()  # a comparison period that holds no data


def period_words(period) -> str:
    """A comparison period as the pages and PDFs name it: a whole school year by its label
    ("2024–2025 学年"), any other period by its first and last day."""
    from portal.school_year import school_year_of

    year = school_year_of(period.start)
    if (year.start, year.end) == (period.start, period.end):
        return str(year.label)
    return f"{period.start.isoformat()} – {period.end.isoformat()}"


def figure(key: str, value, *, previous=None, compared=None, **kwargs):
    """An evaluation-PDF `Figure` labelled from the registry (its `key` names the
    definition in the appendix and on the reports page). With `compared` (a Period), the
    change since `previous` is shown — unless `previous` is `NO_DATA`: then the figure says
    there is nothing to compare with."""
    from portal.evaluation.sections import Figure

    d = definition(key)
    if isinstance(value, Ratio):
        value = str(value)
    if compared is not None:
        kwargs["compared_with"] = period_words(compared)
        if previous is NO_DATA or previous is None:
            kwargs["no_comparison"] = True
        else:
            kwargs["change"] = value - previous
    return Figure(str(d.label), value, unit=kwargs.pop("unit", str(d.unit) if d.unit else ""),
                  key=key, **kwargs)


def used_keys(sections) -> list[str]:
    """The definitions' keys of every figure and chart the sections print, in order, once
    each."""
    keys = []
    for s in sections:
        if s.empty_note:
            continue
        keys += [f.key for f in s.figures if f.key] + [c.key for c in s.charts if c.key]
    return list(dict.fromkeys(keys))


def glossary(keys) -> list[dict]:
    """指标口径: each definition as {key, label, rows} in the active language."""
    return [{"key": key, "label": label(key), "rows": definition(key).describe()}
            for key in keys]

"""The contract between the evaluation-summary PDFs (`portal.evaluation`) and the apps whose
figures they show.

Each app may have an `<app>/evaluation.py` module with either or both of:

    def district_sections(*, district: District, period: Period) -> list[Section]
    def school_sections(*, school: School, period: Period) -> list[Section]

returning plain data (no HTML): figures, tables and bar charts, each labelled with translated
text (`gettext`, evaluated in the requesting user's language while the PDF is built). The
summary orders sections by the source report's chapters (`Chapter`), then by `order`.
A chapter no app fills says so in one line of the PDF. A section whose data does not exist
yet sets `empty_note` and leaves the rest empty.

Every function must run a constant number of queries whatever the district's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


class Chapter:
    """The source report's order: three mechanisms, then three "-izations"."""

    LEADERSHIP = "leadership"  # 领导机制
    SUPERVISION = "supervision"  # 督导机制
    COOPERATION = "cooperation"  # 合作机制
    DISCIPLINISATION = "disciplinisation"  # 学科化 (research staff)
    PROFESSIONALISATION = "professionalisation"  # 职业化、专业化 (posts, secondments, ...)
    STANDARDISATION = "standardisation"  # 规范化 (standard, monthly reports, volunteering)

    ORDER = (
        LEADERSHIP,
        SUPERVISION,
        COOPERATION,
        DISCIPLINISATION,
        PROFESSIONALISATION,
        STANDARDISATION,
    )


@dataclass(frozen=True)
class Period:
    """An inclusive date range: a semester, a school year, or any from/to."""

    start: date
    end: date
    label: str = ""

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        length = self.end - self.start
        end = self.start.fromordinal(self.start.toordinal() - 1)
        return Period(start=end - length, end=end)

    def so_far(self, today: date) -> Period:
        """The part of the period up to `today` (all of it once it has ended)."""
        return Period(start=self.start, end=max(self.start, min(self.end, today)),
                      label=self.label)

    def comparison(self, today: date) -> Period:
        """What a change is measured against (较上年同期): the same dates one year earlier,
        over the part of the period that has happened — so three months are compared with
        three months, never with a whole year. A period longer than a year is compared with
        the one of the same length just before it."""
        span = self.so_far(today)
        if (span.end - span.start).days > 366:
            return span.previous()
        return Period(start=_year_before(span.start), end=_year_before(span.end))


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1, day=28) if (day.month, day.day) == (2, 29) \
        else day.replace(year=day.year - 1)


Number = int | float | Decimal


@dataclass(frozen=True)
class Figure:
    """One headline number: "inspections held: 12"."""

    label: str
    value: Number | str
    unit: str = ""
    change: Number | None = None  # since `compared_with`, when that period holds data
    headline: bool = False  # also shown among the reports page's headline figures
    key: str = ""  # its definition in `portal.figures` (the appendix, the reports page)
    compared_with: str = ""  # the comparison period ("2024-09-01 – 2024-11-28"), if any
    no_comparison: bool = False  # a comparison was due but that period holds no data


@dataclass(frozen=True)
class Table:
    """A table that may flow over pages (its header repeats). `numeric` lists the indexes of
    the columns to right-align."""

    caption: str
    headers: list[str]
    rows: list[list[object]]
    numeric: tuple[int, ...] = ()
    empty_note: str = ""


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars drawn as SVG: one (label, value) per bar, `maximum` sets the scale."""

    caption: str
    bars: list[tuple[str, Number]]
    maximum: Number | None = None
    unit: str = ""
    headline: bool = False  # also drawn on the reports page
    key: str = ""  # its definition in `portal.figures`, if it draws one
    note: str = ""  # printed under the chart (e.g. the months still pending)


@dataclass
class Section:
    chapter: str  # one of Chapter.ORDER
    title: str
    order: int = 0
    text: str = ""  # one short paragraph, optional
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[BarChart] = field(default_factory=list)
    empty_note: str = ""  # set when the data behind this section does not exist yet

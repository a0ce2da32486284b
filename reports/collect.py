"""Gather the sections every app contributes (`<app>/evaluation.py`, see `sections.py`) and
the fingerprint that says whether a stored PDF still shows today's figures.

Staleness: the fingerprint is a SHA-256 of the collected sections (every figure, row and
bar, in the language they were collected in). Collecting costs a constant number of
queries — cheap next to WeasyPrint — so the task re-collects and reuses the stored file of an
earlier report when the hash matches, and the reports page (which collects the same sections
for its headline figures anyway) compares the hash with the latest stored PDF's to offer a
download or a rebuild.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from portal.evaluation.sections import BarChart, Chapter, Figure, Period, Section
from portal.plugins import app_modules


def chapter_titles() -> dict[str, str]:
    """The source report's headings, translated in the active language."""
    return {
        Chapter.LEADERSHIP: _("Leadership mechanism"),
        Chapter.SUPERVISION: _("Supervision mechanism"),
        Chapter.COOPERATION: _("Cooperation mechanism"),
        Chapter.DISCIPLINISATION: _("Disciplinisation: research staff"),
        Chapter.PROFESSIONALISATION: _("Professionalisation of cadres"),
        Chapter.STANDARDISATION: _("Standardisation"),
    }


@dataclass
class ChapterBlock:
    key: str
    number: int
    title: str
    sections: list[Section] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The prefix of its sections' ids (the contents link to them)."""
        return f"section-{self.number}-"


def district_sections(*, district, period: Period) -> list[Section]:
    sections: list[Section] = []
    for module in app_modules("evaluation"):
        if hasattr(module, "district_sections"):
            sections.extend(module.district_sections(district=district, period=period))
    return _sorted(sections)


PAGE_CACHE_SECONDS = 300
BUILD_SECONDS = 30  # the longest a collection is expected to take; a lock lapses after it


def cached_district_sections(*, district, period: Period) -> list[Section]:
    """The sections for the reports page, kept for a few minutes: collecting a 500-school
    district takes about a second, too slow for a home page on every visit. The page's
    "up to date" verdict is therefore at most `PAGE_CACHE_SECONDS` behind the data, plus
    the time a refresh takes; the build itself always collects afresh.

    One request collects at a time ("building" lock): when the kept sections are older
    than `PAGE_CACHE_SECONDS`, the request that takes the lock collects them again while
    the others show the kept ones; when there are none yet, the others wait for that
    collection instead of each running their own (on a server whose workers all serve
    leaders at nine o'clock, the same second of work would otherwise run once per
    worker)."""
    import time

    from django.core.cache import cache
    from django.utils import timezone, translation

    key = (f"evaluation-sections:{district.pk}:{period.start}:{period.end}:"
           f"{translation.get_language()}:{timezone.localdate()}")
    lock = f"{key}:building"
    kept = cache.get(key)
    if kept is not None:
        fresh_until, sections = kept
        if time.time() < fresh_until or not cache.add(lock, 1, BUILD_SECONDS):
            return sections
    elif not cache.add(lock, 1, BUILD_SECONDS):
        deadline = time.monotonic() + BUILD_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            kept = cache.get(key)
            if kept is not None:
                return kept[1]
            if cache.get(lock) is None:  # the collecting request failed: collect here
                break
    try:
        sections = district_sections(district=district, period=period)
        cache.set(key, (time.time() + PAGE_CACHE_SECONDS, sections), 24 * 3600)
    finally:
        cache.delete(lock)
    return sections


def school_sections(*, school, period: Period) -> list[Section]:
    sections: list[Section] = []
    for module in app_modules("evaluation"):
        if hasattr(module, "school_sections"):
            sections.extend(module.school_sections(school=school, period=period))
    # A school's evaluation reads as one profile: the apps' `order` decides, not the chapter.
    return sorted(sections, key=lambda s: s.order)


def _sorted(sections: list[Section]) -> list[Section]:
    rank = {key: i for i, key in enumerate(Chapter.ORDER)}
    return sorted(sections, key=lambda s: (rank.get(s.chapter, len(rank)), s.order))


def chapters(sections: list[Section]) -> list[ChapterBlock]:
    """The six chapters in the source's order, each with its sections (maybe none)."""
    titles = chapter_titles()
    blocks = [ChapterBlock(key, i, titles[key]) for i, key in enumerate(Chapter.ORDER, 1)]
    by_key = {b.key: b for b in blocks}
    for section in sections:
        if section.chapter in by_key:
            by_key[section.chapter].sections.append(section)
    return blocks


def headlines(sections: list[Section]) -> tuple[list[Figure], list[BarChart]]:
    """The figures and charts the apps marked for the reports page."""
    figures = [f for s in sections for f in s.figures if f.headline]
    charts = [c for s in sections for c in s.charts if c.headline]
    return figures, charts


def fingerprint(sections: list[Section], *, extra: tuple = ()) -> str:
    payload = json.dumps([asdict(s) for s in sections] + [list(extra)], default=str,
                         ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()



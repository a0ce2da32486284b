"""The evaluation PDFs are tagged (PDF/UA-1), read back from their structure tree with pikepdf
as a screen reader reads them: the language and the title; every entry of the contents page a
heading of its level, no level skipped; every table a /Table whose /TH header cells are the
table's column headers and whose data cells point at them; every chart a /Figure whose
alternative text says what it shows; the tree in the order of the pages; no text drawn outside
the tags. One seeded demo: the district summary in both languages, a school evaluation and an
inspection record."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import tempfile

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.models import District
from portal.school_year import school_year_of
from reports import collect, record, render
from reports.tests import pdf_tags
from schools.models import School
from supervision.models import Inspection

pytestmark = pytest.mark.django_db

LANG = {"zh-hans": "zh-CN", "en": "en"}


def squash(text) -> str:
    """Text without its white space: a line that wraps drops the space at the wrap from the
    marked text ("Main workplace" set on two lines reads "Mainworkplace")."""
    return re.sub(r"\s+", "", str(text))


def _number(value) -> str:
    return f"{float(value):.1f}".removesuffix(".0")


def check_document(data: bytes, *, language: str, title: str) -> pdf_tags.TaggedPdf:
    """What every tagged PDF has: the catalogue's flags, language and title, headings that
    skip no level, tables with header cells, figures with alternative text, the tree in page
    order, no untagged text."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True,
                              check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info

    tagged = pdf_tags.read(data)
    root = tagged.pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == LANG[language]
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert tagged.info_title == title
    assert tagged.xmp_title == title
    with tagged.pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        assert meta.get("pdfuaid:part") == "1"

    levels = [level for level, _text in tagged.headings()]
    assert levels[0] == 1, tagged.headings()
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), tagged.headings()
    assert all(text.strip() for _level, text in tagged.headings())

    for table in tagged.find("Table"):
        headers = table.find("TH")
        assert headers, table.text[:80]
        assert all(th.parent.parent.tag == "THead" for th in headers)
        ids = {bytes(th.obj.ID) for th in headers}
        for cell in table.find("TD"):
            pointed = [bytes(h) for h in cell.obj.A.get("/Headers", [])]
            assert pointed and set(pointed) <= ids, (table.text[:80], cell.text)
    for figure in tagged.find("Figure"):
        assert figure.alt, figure.text[:80]

    pages = [e.page for e in tagged.elements() if e.page is not None]
    assert pages == sorted(pages)  # the reading order follows the pages
    assert set(pages) == set(range(len(tagged.pdf.pages)))
    assert tagged.unmarked == []
    return tagged


def contents_entries(tagged: pdf_tags.TaggedPdf, heading: str) -> list[tuple[int, str]]:
    """The contents page's entries as (depth, text): depth 1 for a chapter, 2 for a section
    of it; the text without the leader dots and the page number."""
    start = next(h for h in tagged.find("H2") if squash(h.text) == squash(heading))
    section = start.parent
    entries = []
    for link in section.find("Link"):
        ancestors = []
        for ancestor in link.ancestors():
            if ancestor is section:
                break
            ancestors.append(ancestor.tag)
        if "Link" in ancestors:
            continue  # the leader and page number (`a::after`), inside the entry's link
        entries.append((ancestors.count("L"), re.sub(r"\.{3,}\s*\d+$", "", link.text)))
    return entries


def assert_contents_are_headings(tagged, *, heading, levels, strip_number=False):
    """Every contents entry is, in the same order, a heading of the level its depth gives."""
    entries = contents_entries(tagged, heading)
    assert entries
    after = [(level, squash(text)) for level, text in tagged.headings()]
    after = after[after.index((2, squash(heading))) + 1:]
    for depth, text in entries:
        if strip_number:
            text = re.sub(r"^\d+\. ", "", text)
        wanted = (levels[depth], squash(text))
        assert wanted in after, (wanted, after)
        after = after[after.index(wanted) + 1:]


def assert_tables_and_charts(tagged, sections) -> None:
    """Each of the sections' tables is a /Table with its caption and its headers as /TH; each
    chart a /Figure whose /Alt names its caption and every bar with its value."""
    tables = {}
    for table in tagged.find("Table"):
        captions = table.find("Caption")
        if captions:
            tables.setdefault(squash(captions[0].text),
                              [squash(th.text) for th in table.find("TH")])
    expected = [t for s in sections if not s.empty_note for t in s.tables if t.rows]
    assert expected
    for table in expected:
        assert tables.get(squash(table.caption)) == [squash(h) for h in table.headers], \
            table.caption
    alts = [f.alt for f in tagged.find("Figure")]
    charts = [c for s in sections if not s.empty_note for c in s.charts if c.bars]
    assert len(alts) == len(charts)
    for chart, alt in zip(charts, alts, strict=True):
        assert alt.startswith(str(chart.caption)), alt
        for label, value in chart.bars:
            assert f"{label} {_number(value)}" in alt, (label, alt)


def test_the_evaluation_pdfs_are_tagged():
    call_command("seed_demo", password="pw-for-tests-1", stdout=io.StringIO())
    district = District.objects.get(code="yuzhong")
    today = timezone.localdate()
    period = school_year_of(today.replace(year=today.year - 1, day=1))
    school = School.objects.get(district=district, short_name="四十二中")
    inspection = (Inspection.objects.filter(school__district=district, status="published",
                                            orders__isnull=False).order_by("pk").first())
    words = render.period_words

    for language in ("zh-hans", "en"):
        with translation.override(language):
            sections = collect.district_sections(district=district, period=period)
            data = render.district_pdf(district=district, period=period, sections=sections)
            title = render.document_title(_("District evaluation summary"), district.name,
                                          words(period))
            tagged = check_document(data, language=language, title=title)
            chapters = collect.chapters(sections)
            assert [squash(t) for level, t in tagged.headings() if level == 2] == [
                squash(h) for h in (_("Contents"), *(f"{c.number}. {c.title}" for c in chapters),
                                    _("Appendix: definitions of the figures"))]
            assert_contents_are_headings(tagged, heading=_("Contents"), levels={1: 2, 2: 3})
            assert len(contents_entries(tagged, _("Contents"))) == (
                len(chapters) + sum(len(c.sections) for c in chapters) + 1)
            assert_tables_and_charts(tagged, sections)
            assert squash(tagged.find("H1")[0].text) == squash(_("District evaluation summary"))

    with translation.override("zh-hans"):
        sections = collect.school_sections(school=school, period=period)
        data = render.school_pdf(school=school, period=period, sections=sections)
        tagged = check_document(data, language="zh-hans", title=render.document_title(
            _("School evaluation"), school.name, words(period)))
        assert_contents_are_headings(tagged, heading=_("Contents"), levels={1: 3},
                                     strip_number=True)
        assert [squash(t) for _level, t in contents_entries(tagged, _("Contents"))] == [
            squash(f"{i}. {s.title}") for i, s in enumerate(sections, 1)]
        assert_tables_and_charts(tagged, sections)

        data = record.inspection_pdf(inspection=inspection)
        tagged = check_document(data, language="zh-hans", title=render.document_title(
            _("Inspection record"), inspection.school.name,
            f"{inspection.planned_date:%Y-%m-%d}"))
        assert [(level, t) for level, t in tagged.headings() if level < 3] == [
            (1, _("Inspection record")), (2, _("Scores")), (2, _("Findings")),
            (2, _("Evidence")), (2, _("Sign-offs")), (2, _("Outcome"))]
        assert [[th.text for th in t.find("TH")] for t in tagged.find("Table")] == [
            [_("Indicator"), _("Score"), _("Maximum"), _("Weight"), _("Comment")],
            [_("Produced on"), _("Caption"), _("File"), _("Uploaded by")],
            [_("Requirement"), _("Issued on"), _("Due date"), _("Status"), _("Closed on")]]
        (figure,) = tagged.find("Figure")
        assert figure.alt.startswith(_("Score as a share of the maximum") + "：")

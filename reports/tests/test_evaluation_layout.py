"""The demo's PDFs are laid out like a printed report, read from WeasyPrint's own layout
(pages → boxes): no heading, lead or caption ends a page; no column header breaks inside a
word ("出库日/期"); no page under a third full unless its chapter ends there. One seeded
demo, the three PDFs in both languages."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from portal.models import District
from portal.school_year import school_year_of
from reports import record, render
from reports.tests import pdf_layout
from schools.models import School
from supervision.models import Inspection

pytestmark = pytest.mark.django_db


def test_demo_pdfs_are_laid_out_like_a_printed_report():
    call_command("seed_demo", password="pw-for-tests-1", stdout=io.StringIO())
    district = District.objects.get(code="yuzhong")
    today = timezone.localdate()
    last_year = school_year_of(today.replace(year=today.year - 1, day=1))
    school = School.objects.get(district=district, short_name="四十二中")
    inspection = (Inspection.objects.filter(school__district=district, status="published",
                                            orders__isnull=False).order_by("pk").first())
    problems = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            documents = {
                "district summary": render.district_pdf(district=district, period=last_year,
                                                        layout=True),
                "school evaluation": render.school_pdf(school=school, period=last_year,
                                                       layout=True),
                "inspection record": record.inspection_pdf(inspection=inspection,
                                                           layout=True),
            }
        for name, document in documents.items():
            assert len(document.pages) > 1, name
            problems += [f"{language} {name} {problem}" for problem in (
                pdf_layout.headings_at_page_foot(document)
                + pdf_layout.headers_broken_inside_a_word(document)
                + pdf_layout.headers_overflowing(document)
                + pdf_layout.figure_values_broken_inside_a_word(document)
                + pdf_layout.terms_out_of_place(document)
                + pdf_layout.underfilled_chapter_pages(document))]
    assert problems == []

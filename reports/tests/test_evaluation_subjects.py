"""Each evaluation PDF says what it is about: the inspection record carries the result grade,
the outcome and the rectification orders the inspection page shows; every PDF's title and
file name name its subject, its period and (English) its language."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from portal.evaluation.sections import Period
from reports import record, render, services
from supervision.models import Inspection, RectificationOrder
from supervision.tests.factories import make_inspection, make_order

pytestmark = pytest.mark.django_db

YEAR = Period(start=date(2025, 9, 1), end=date(2026, 8, 31))


def read(data: bytes) -> tuple[str, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader.metadata.title, "\n".join(p.extract_text() for p in reader.pages)


def flat(text: str) -> str:
    return "".join(text.split())


def test_inspection_record_carries_grade_outcome_and_orders(world):
    inspection = make_inspection(world, status=Inspection.Status.PUBLISHED, score=4)
    due = timezone.localdate() - timedelta(days=3)
    order = make_order(inspection, due=due)
    # 4 of 10 everywhere: the inspection page proposes rectification.
    assert record.inspection_context(inspection=inspection)["band"] == "rectify"

    title, text = read(record.inspection_pdf(inspection=inspection, language="zh-hans"))
    text = flat(text)
    assert "结果等级" in text and "建议：整改" in text
    assert "整改通知" in text and flat(order.requirement) in text
    assert due.isoformat() in text and "逾期" in text  # its due date, and overdue
    assert title == f"督导检查记录 · {world.school.name} · 2025-11-03"

    _title, english = read(record.inspection_pdf(inspection=inspection, language="en"))
    assert "Proposed: rectify" in english and "Overdue" in english


def test_inspection_record_before_publication_has_no_outcome_yet(world):
    inspection = make_inspection(world, status=Inspection.Status.SUBMITTED, score=9)
    make_order(inspection)  # not shown: only a published result has an outcome
    _title, text = read(record.inspection_pdf(inspection=inspection, language="zh-hans"))
    text = flat(text)
    assert "建议：表彰" in text and "督导结果发布后确定表彰或整改" in text
    assert "补齐团员档案" not in text
    assert RectificationOrder.objects.count() == 1


def test_pdf_titles_name_school_district_and_period(world):
    with translation.override("zh-hans"):
        school_title, _ = read(render.school_pdf(school=world.school, period=YEAR))
        district_title, _ = read(render.district_pdf(district=world.district, period=YEAR))
    assert school_title == f"学校评估报告 · {world.school.name} · 2025–2026 学年"
    assert district_title == "区评估总结报告 · 渝中区 · 2025–2026 学年"
    with translation.override("en"):
        english, _ = read(render.school_pdf(school=world.school, period=YEAR))
        custom, _ = read(render.district_pdf(
            district=world.district, period=Period(start=date(2025, 9, 1),
                                                   end=date(2025, 12, 31))))
    assert english == f"School evaluation · {world.school.name} · School year 2025–2026"
    assert custom == "District evaluation summary · 渝中区 · 2025-09-01 – 2025-12-31"


def test_file_names_name_subject_period_and_language(world, client_for):
    chinese = services.report_request(user=world.secretary, district=world.district,
                                      school=world.school, period=YEAR, language="zh-hans")
    english = services.report_request(user=world.secretary, district=world.district,
                                      school=world.school, period=YEAR, language="en")
    district = services.report_request(user=world.leader, district=world.district,
                                       period=YEAR, language="en")
    assert chinese.download_name == f"渝中区-{world.school.name}-20250901-20260831.pdf"
    assert english.download_name == f"渝中区-{world.school.name}-20250901-20260831-en.pdf"
    assert district.download_name == "渝中区-20250901-20260831-en.pdf"
    client = client_for(world.secretary)
    for report in (chinese, english):
        report.refresh_from_db()
        response = client.get(reverse("report_download", args=[report.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(
            "-en.pdf" if report.language == "en" else "20260831.pdf")

    inspection = make_inspection(world, status=Inspection.Status.PUBLISHED)
    officer = client_for(world.officer)
    url = reverse("inspection_record", args=[inspection.pk])
    zh = officer.get(url)["Content-Disposition"]
    officer.cookies["django_language"] = "en"
    en = officer.get(url, HTTP_ACCEPT_LANGUAGE="en")["Content-Disposition"]
    assert zh != en and "-en.pdf" in en and "20251103.pdf" in zh

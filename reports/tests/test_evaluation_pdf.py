"""The district summary read back from the PDF: its figures against the seeded demo district,
each computed here with its own query; its fonts; its language."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Avg, Q, Sum
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import ContentStream

from activities.models import Activity, Allocation, Fund, MonthlyReport, Nomination, Semester
from activities.models.calendar import month_start
from portal.evaluation.sections import Period
from portal.models import District, User
from reports import services
from schools.models import School
from supervision.models import Inspection, Score

pytestmark = pytest.mark.django_db

HELD = ("submitted", "signed_off", "published")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def last_school_year() -> Period:
    today = timezone.localdate()
    start = today.year - 1 if today.month >= 9 else today.year - 2
    return Period(start=date(start, 9, 1), end=date(start + 1, 8, 31))


@pytest.fixture
def seeded(db):
    call_command("seed_demo", password="pw-for-tests-1", stdout=io.StringIO())
    return District.objects.get(code="yuzhong")


def build(*, district, period, user, language="zh-hans", school=None) -> bytes:
    report = services.report_request(user=user, district=district, period=period,
                                     school=school, language=language)
    report.refresh_from_db()
    assert report.status == "done", report.error
    return report.file.read()


def compliance_of(school: School, period: Period) -> int:
    """The school's compliant share of due months, computed here from the rules: a term
    month is due once its deadline has passed or its report is in; it is compliant when the
    report (submitted or approved) came by the deadline with at least one class hour."""
    today = timezone.localdate()
    semesters = Semester.objects.filter(district=school.district, start__lte=period.end,
                                        end__gte=period.start)
    months = sorted({m for s in semesters for m in s.term_months
                     if period.start.replace(day=1) <= month_start(*m) <= period.end})
    reports = {(r.year, r.month): r for r in MonthlyReport.objects.filter(school=school)}
    due = ok = 0
    for year, month in months:
        if school.joined_on and school.joined_on > month_start(year, month):
            continue
        report = reports.get((year, month))
        submitted = report is not None and report.first_submitted_on is not None
        deadline = report.deadline if report else next(
            s.deadline_for(year, month) for s in semesters if (year, month) in s.term_months)
        if not submitted and today <= deadline:
            continue
        due += 1
        if submitted and report.status in ("submitted", "approved") \
                and report.first_submitted_on <= report.deadline \
                and Activity.objects.filter(report=report, kind="class_hour",
                                            date__year=year, date__month=month).exists():
            ok += 1
    return round(100 * ok / due)


def test_district_summary_shows_the_seeded_figures(seeded):
    """One seeded district, one PDF: its figures, its chapters, its fonts (seeding is slow)."""
    period = last_school_year()
    leader = User.objects.get(username="lingdao")
    data = build(district=seeded, period=period, user=leader)
    text = pdf_text(data)

    in_period = Q(planned_date__gte=period.start, planned_date__lte=period.end)
    held = Inspection.objects.filter(in_period, school__district=seeded,
                                     status__in=HELD).count()
    assert held > 0
    assert re.search(rf"已开展督导\s*{held}\b", text)

    average = Score.objects.filter(
        inspection__school__district=seeded, inspection__status__in=HELD,
        inspection__planned_date__gte=period.start, inspection__planned_date__lte=period.end,
        indicator__code="M01", not_applicable=False, score__isnull=False,
    ).aggregate(a=Avg("score"))["a"]
    assert f"M01 团队衔接 {round(average, 1)} 10" in text

    fund = Fund.objects.filter(district=seeded, year=period.end.year).first()
    balance = fund.amount - (Allocation.objects.filter(fund=fund).aggregate(
        s=Sum("amount"))["s"] or 0)
    assert f"{balance:,.2f}" in text

    school = School.objects.get(district=seeded, short_name="求精中学")
    rate = compliance_of(school, period)
    assert re.search(rf"{school.name} \d+/\d+ \d+ \d+ \({rate}%\)", text)

    honoured = Nomination.objects.filter(
        selection__district=seeded, status="accepted",
        selection__nomination_closes__gte=period.start,
        selection__nomination_closes__lte=period.end).count()
    assert honoured > 0
    assert re.search(rf"受表彰青少年\s*{honoured}\b", text)

    # Every chapter of the source, in its order.
    body = text[text.index("目录", 0):]
    headings = ["1. 领导机制", "2. 督导机制", "3. 合作机制", "4. 学科化", "5. 职业化", "6. 规范化"]
    positions = [body.rindex(h) for h in headings]
    assert positions == sorted(positions)

    check_fonts(data)
    assert "督导机制" in text and "渝中区" in text and "团队衔接" in text


def _glyph_ids(reader: PdfReader):
    """Every glyph id the pages draw (the CJK font is Identity-H: two bytes a glyph)."""
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tj":
                strings = [operands[0]]
            elif operator == b"TJ":
                strings = [s for s in operands[0] if not isinstance(s, (int, float))]
            else:
                continue
            for s in strings:
                raw = s.original_bytes if hasattr(s, "original_bytes") else bytes(s)
                yield from (raw[i:i + 2] for i in range(0, len(raw) - 1, 2))


def check_fonts(data: bytes) -> None:
    """Each font is an embedded subset of Noto Sans CJK SC, and no glyph is .notdef (a box:
    `pdftotext` would still return the right characters, so the glyph ids are checked)."""
    reader = PdfReader(io.BytesIO(data))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            fonts[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    assert fonts
    for name, descriptor in fonts.items():
        assert re.match(r"/[A-Z]{6}\+Noto-Sans-CJK-SC", name), name  # subset of the SC font
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
    assert b"\x00\x00" not in set(_glyph_ids(reader))  # glyph 0 is .notdef: a box


def test_english_pdf_and_school_evaluation(seeded):
    text = pdf_text(build(district=seeded, period=last_school_year(),
                          user=User.objects.get(username="lingdao"), language="en"))
    assert "Supervision mechanism" in text and "Inspections held" in text
    assert "督导机制" not in text
    assert "渝中区" in text  # names stay as they are

    school = School.objects.get(district=seeded, short_name="求精中学")
    data = build(district=seeded, period=last_school_year(), school=school,
                 user=User.objects.get(username="qiujing"))
    check_fonts(data)
    text = pdf_text(data)
    assert school.name in text
    for heading in ("学校概况", "督导历史", "整改通知", "月报与达标", "入团积极分子志愿服务"):
        assert heading in text, heading
    published = Inspection.objects.filter(school=school, status="published",
                                          planned_date__lte=last_school_year().end)
    for inspection in published:
        assert inspection.planned_date.isoformat() in text

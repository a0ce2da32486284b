"""`manage.py evaluation_summary`: the same PDFs from the command line; bad input is one line
and a non-zero exit."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from supervision.models import Inspection
from supervision.tests.factories import make_inspection

pytestmark = pytest.mark.django_db


def text_of(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_district_school_and_inspection_pdfs(world, tmp_path):
    inspection = make_inspection(world, status=Inspection.Status.PUBLISHED)
    out = io.StringIO()
    call_command("evaluation_summary", district="渝中区", start="2025-09-01", end="2026-08-31",
                 output=str(tmp_path / "summary.pdf"), stdout=out)
    assert "summary.pdf" in out.getvalue()
    summary = text_of(tmp_path / "summary.pdf")
    assert "区评估总结报告" in summary and "督导机制" in summary
    call_command("evaluation_summary", district="yuzhong", school="求精中学", lang="en",
                 start="2025-09-01", end="2026-08-31", output=str(tmp_path / "school.pdf"),
                 stdout=out)
    assert "School evaluation" in text_of(tmp_path / "school.pdf")
    call_command("evaluation_summary", inspection=inspection.pk,
                 output=str(tmp_path / "record.pdf"), stdout=out)
    record = text_of(tmp_path / "record.pdf")
    assert "督导检查记录" in record and "团队衔接" in record


@pytest.mark.parametrize("options, message", [
    ({"district": "北碚区"}, "no district named"),
    ({"district": "渝中区", "school": "不存在中学"}, "no school named"),
    ({"district": "渝中区", "start": "2026-09-01", "end": "2025-09-01"}, "must not be after"),
    ({"district": "渝中区", "start": "2026-02-30", "end": "2026-03-01"}, "is not a date"),
    ({"district": "渝中区", "start": "2026-02-01"}, "go together"),
    ({"inspection": 999999}, "no inspection"),
    ({}, "--district is required"),
])
def test_bad_input_is_a_command_error(world, tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("evaluation_summary", output=str(tmp_path / "x.pdf"), **options)
    assert not (tmp_path / "x.pdf").exists()

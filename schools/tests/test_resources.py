"""Excel import/export of schools and branches through django-import-export."""

import pytest
import tablib

from schools.models import Branch, School
from schools.resources import BranchResource, SchoolResource

pytestmark = pytest.mark.django_db


def test_school_import_dry_run_then_commit(world):
    data = tablib.Dataset(headers=["district", "name", "short_name", "level", "area"])
    data.append(["渝中区", "新华路小学", "新华路", "primary", "解放碑片区"])
    data.append(["渝中区", "求精中学", "求精", "middle", "解放碑片区"])  # updates the existing one
    resource = SchoolResource()
    preview = resource.import_data(data, dry_run=True)
    assert not preview.has_errors()
    assert not School.objects.filter(name="新华路小学").exists()
    result = resource.import_data(data, dry_run=False)
    assert not result.has_errors()
    assert School.objects.get(name="新华路小学").district == world.district
    assert School.objects.get(name="求精中学").short_name == "求精"


def test_school_import_is_all_or_nothing(world):
    data = tablib.Dataset(headers=["district", "name", "level"])
    data.append(["渝中区", "甲小学", "primary"])
    data.append(["不存在区", "乙小学", "primary"])  # unknown district: a row error
    result = SchoolResource().import_data(data, dry_run=False, raise_errors=False)
    assert result.has_validation_errors() or result.has_errors()
    assert not School.objects.filter(name__in=["甲小学", "乙小学"]).exists()


def test_branch_export_neutralises_formulas(world):
    branch = world.school.branches.get()
    branch.advisor = "=cmd|'/c calc'!A1"
    branch.save()
    exported = BranchResource().export(Branch.objects.filter(pk=branch.pk))
    row = dict(zip(exported.headers, exported[0], strict=True))
    assert row["school"] == "求精中学"
    assert row["district"] == "渝中区"
    # The admin's Excel format (settings.EXPORT_FORMATS) writes the text as a quoted string.
    from io import BytesIO

    from django.conf import settings
    from openpyxl import load_workbook

    (xlsx,) = settings.EXPORT_FORMATS
    sheet = load_workbook(BytesIO(xlsx().export_data(exported))).active
    cell = sheet.cell(row=2, column=exported.headers.index("advisor") + 1)
    assert cell.value == "=cmd|'/c calc'!A1"
    assert cell.data_type == "s" and cell.quotePrefix

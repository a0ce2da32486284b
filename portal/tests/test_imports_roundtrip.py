"""Every register imported back from its own export changes nothing — from the portal's file
and from the file re-saved by LibreOffice, as a user opening and saving it would — and every
template's example row imports into the demo district. Templates keep their frozen header and
their drop-downs; the preview of a file with errors takes the corrected file in place."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from activities.models import Activity
from activities.tests.factories import (
    ActivityFactory,
    ApplicantFactory,
    ReportFactory,
    VolunteerRecordFactory,
)
from cadres.tests.factories import CadreFactory, PostFactory, valid_id_number
from portal.excel import registers
from portal.imports import engine, registry
from portal.imports.models import ImportBatch
from portal.imports.template import TEMPLATE_ROWS, build_template
from portal.imports.views import batch_url
from portal.models import District
from portal.tests.xlsx import xlsx
from supervision.models import Inspection
from supervision.tests.factories import PlanFactory, make_inspection
from tests.factories import BranchFactory, PairingFactory

KINDS = ["schools", "branches", "applicants", "volunteer_records", "cadres", "posts",
         "activities", "inspection_scores"]


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def registers_world(world):
    """One record or more of every kind, with what the round trip used to break: Chinese
    punctuation in text and in the keys rows are matched by, two volunteer records sharing
    applicant, date and activity, a published inspection."""
    school = world.school
    school.short_name, school.address = "求精", "中山一路1号（校本部）：东门，南门"
    school.phone = "023-63851234"
    school.save()
    branch = BranchFactory(school=school, class_name="初2024级（1）班", advisor="李老师，王老师")
    pairing = PairingFactory(school=school, community="临江门社区")
    applicant = ApplicantFactory(school=school, name="张三", branch=branch,
                                 registered_on=date(2024, 9, 1), notes="转学：原巴蜀中学")
    for hours in (Decimal("5.0"), Decimal("3.0")):  # a morning and an afternoon
        VolunteerRecordFactory(applicant=applicant, date=date(2024, 10, 28), hours=hours,
                               activity="敬老院服务：陪伴老人", place="", pairing=pairing)
    cadre = CadreFactory(school=school, name="周晓岚", notes="兼任（德育处）",
                         id_number=valid_id_number(3), phone="13912345678")
    PostFactory(cadre=cadre, title="校团委书记（兼）", basis="区委组织部通知，2024年（第3号）")
    report = ReportFactory(school=school, year=2024, month=10)
    ActivityFactory(report=report, kind=Activity.Kind.THEME_DAY, date=date(2024, 10, 8),
                    description="主题团课：青春向党（第一讲）")
    ActivityFactory(report=report, kind=Activity.Kind.THEME_DAY, date=date(2024, 10, 8),
                    description="主题团课:青春向党(第一讲)")  # the ASCII twin is another row
    plan = PlanFactory(district=world.district, team=[world.officer], title="春季督导：第一轮")
    make_inspection(world, plan=plan, status=Inspection.Status.IN_PROGRESS)
    make_inspection(world, school=world.other_school, plan=plan,
                    status=Inspection.Status.PUBLISHED)
    return world


def export_bytes(kind: str, district) -> bytes:
    export = registers()[kind]
    buffer = io.BytesIO()
    export.write(buffer, export.base_queryset(district), None)
    return buffer.getvalue()


def check(kind: str, district, data: bytes, user=None) -> engine.Result:
    return engine.run(registry.get(kind)(user=user, district=district), data, write=False)


def assert_unchanged(result: engine.Result, where: str) -> None:
    assert not result.file_error, (where, result.file_error)
    assert (result.create, result.update, [e.as_dict() for e in result.errors]) == (0, 0, []), \
        where
    assert result.skip > 0, where


@pytest.mark.parametrize("kind", KINDS)
def test_an_export_imports_back_unchanged(registers_world, kind):
    district = registers_world.district
    assert_unchanged(check(kind, district, export_bytes(kind, district)), kind)


def test_an_unchanged_published_inspection_is_no_error_but_a_change_is(registers_world):
    district = registers_world.district
    rows = list(load_workbook(io.BytesIO(export_bytes("inspection_scores", district)))
                .active.values)
    header, published = rows[0], [r for r in rows[1:] if r[2] == registers_world.other_school.name]
    assert published
    changed = list(published[0])
    changed[header.index("得分")] = 1
    result = check("inspection_scores", district, xlsx([header, *published[1:], changed]))
    assert [e.row for e in result.errors] == [len(published) + 1]
    assert "已发布" in result.errors[0].message


# --- LibreOffice -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def soffice(tmp_path_factory):
    """``convert(paths)``: the files re-saved as .xlsx by LibreOffice (headless, one call for
    all of them, a private profile so parallel runs do not share one), by file name."""
    exe = shutil.which("soffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed; `make install` installs it")
    profile = tmp_path_factory.mktemp("libreoffice-profile")

    def convert(paths) -> dict[str, bytes]:
        out = tmp_path_factory.mktemp("libreoffice-out")
        subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "xlsx", "--outdir", str(out), *map(str, paths)],
                       check=True, capture_output=True, timeout=600)
        return {p.name: (out / p.name).read_bytes() for p in paths}

    return convert


def test_exports_resaved_by_libreoffice_import_back_unchanged(registers_world, soffice,
                                                               tmp_path):
    district = registers_world.district
    paths = []
    for kind in KINDS:
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(export_bytes(kind, district))
        paths.append(path)
    resaved = soffice(paths)
    for kind in KINDS:
        assert_unchanged(check(kind, district, resaved[f"{kind}.xlsx"]), kind)


def test_demo_exports_and_templates_through_libreoffice(db, soffice, tmp_path):
    """The demo district's registers (export → LibreOffice → import: no change) and every
    template's example row (as downloaded and as re-saved: no error)."""
    call_command("seed_demo", password="pw-for-tests-1", stdout=io.StringIO())
    district = District.objects.get()
    paths = []
    for kind in KINDS:
        export = tmp_path / f"{kind}.xlsx"
        export.write_bytes(export_bytes(kind, district))
        template = tmp_path / f"template-{kind}.xlsx"
        template.write_bytes(build_template(registry.get(kind)))
        paths += [export, template]
    resaved = soffice(paths)
    for kind in KINDS:
        for name in (f"{kind}.xlsx", f"template-{kind}.xlsx"):
            for origin, data in (("portal", (tmp_path / name).read_bytes()),
                                 ("libreoffice", resaved[name])):
                result = check(kind, district, data)
                where = f"{origin} {name}"
                if name.startswith("template-"):
                    assert result.ok and result.rows == 1, (where, result.file_error,
                                                            result.errors)
                else:
                    assert_unchanged(result, where)


@pytest.mark.parametrize("kind", KINDS)
def test_templates_keep_their_frozen_header_and_drop_downs(kind):
    importer = registry.get(kind)
    sheet = load_workbook(io.BytesIO(build_template(importer))).worksheets[0]
    assert sheet.freeze_panes == "A2"
    coded = [c for c in importer.columns if c.kind in ("choice", "bool")]
    ranges = [str(v.sqref) for v in sheet.data_validations.dataValidation]
    assert len(ranges) == len(coded)
    for sqref in ranges:
        last = int(sqref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        assert last - 1 >= TEMPLATE_ROWS >= 5000, sqref


# --- The preview page ---------------------------------------------------------------------

def test_a_preview_with_errors_takes_the_corrected_file_in_place(world, client_for):
    client = client_for(world.officer)
    bad = xlsx([["学校名称", "学段"], ["人和街小学", "zzz"]])
    response = client.post(reverse("imports:upload") + "?kind=schools",
                           {"file": SimpleUploadedFile("schools.xlsx", bad)})
    page = client.get(response.url).content.decode()
    form = page[page.index('data-testid="reupload"') - 200:]
    form = form[form.index("<form"):form.index("</form>")]
    assert 'type="file"' in form and 'name="file"' in form
    assert 'enctype="multipart/form-data"' in form
    action = form.split('action="')[1].split('"')[0].replace("&amp;", "&")
    assert action == reverse("imports:upload") + "?kind=schools"
    good = xlsx([["学校名称", "学段"], ["人和街小学", "小学"]])
    again = client.post(action, {"file": SimpleUploadedFile("schools.xlsx", good),
                                 "district": world.district.pk})
    batch = ImportBatch.objects.latest("pk")
    assert again.url == batch_url(batch)
    assert batch.result["create"] == 1 and not batch.result["errors"]

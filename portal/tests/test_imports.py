"""The import pages and the file checks shared by every kind (portal.imports): bad files
are refused with a clear message and no traceback; upload → preview → confirm imports
exactly the previewed file, once; pages are scoped by role."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from portal.imports import engine
from portal.imports.models import ImportBatch
from portal.imports.views import batch_url
from portal.tests.xlsx import sheet_of, xlsx
from schools.imports import SchoolImporter
from schools.models import Applicant, School


def upload(client, kind, data, name="sheet.xlsx"):
    return client.post((reverse("imports:upload") + "?kind=" + kind),
                       {"file": SimpleUploadedFile(name, data)})


def encrypted_ole() -> bytes:
    """The start of an encrypted Office file: an OLE compound file holding EncryptedPackage."""
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500
            + "EncryptedInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le"))


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def empty_sheet() -> bytes:
    return xlsx([])


@pytest.mark.parametrize(("data", "message"), [
    (b"name,level\nA,primary\n", "不是Excel文件"),
    (b"%PDF-1.4 not a sheet", "不是Excel文件"),
    (encrypted_ole(), "密码"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
    (b"PK\x03\x04 broken zip", "已损坏"),
    (bomb(), "不安全"),
    (empty_sheet(), "空"),
    (xlsx([["学段"], ["小学"]]), "缺少必填列：学校名称"),
    (xlsx([["foo", "bar"], [1, 2]]), "无法识别"),
    (xlsx([["学校名称", "学段"]]), "没有要导入的行"),
])
def test_bad_files_are_refused_with_a_message(world, client_for, data, message):
    response = upload(client_for(world.officer), "schools", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world, client_for, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = upload(client_for(world.officer), "schools",
                      xlsx([["学校名称", "学段"]] + [[f"学校{i}", "小学"] for i in range(200)]))
    assert "最大" in response.content.decode() or "largest" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_upload_preview_confirm_imports_once(world, client_for):
    client = client_for(world.officer)
    response = upload(client, "schools", xlsx([["学校名称", "学段"], ["人和街小学", "小学"],
                                               [world.school.name, "中学"]]))
    batch = ImportBatch.objects.get()
    assert response.url == batch_url(batch)
    page = client.get(response.url).content.decode()
    assert "新建: 1" in page.replace("：", ": ") and "未变（跳过）: 1" in page.replace("：", ": ")
    assert not School.objects.filter(name="人和街小学").exists()
    client.post(reverse("imports:confirm") + f"?token={batch.token}")
    assert School.objects.filter(name="人和街小学").count() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.result["create"] == 1
    # A replayed confirm imports nothing more.
    client.post(reverse("imports:confirm") + f"?token={batch.token}")
    assert School.objects.filter(name="人和街小学").count() == 1


def test_the_preview_lists_every_error_and_cannot_be_confirmed(world, client_for):
    client = client_for(world.officer)
    upload(client, "schools", xlsx([["学校名称", "学段"], ["甲", "zzz"], ["", "小学"]]))
    batch = ImportBatch.objects.get()
    page = client.get(batch_url(batch)).content.decode()
    assert "zzz" in page and "此列必须填写" in page
    assert 'data-testid="confirm"' not in page
    client.post(reverse("imports:confirm") + f"?token={batch.token}")
    assert not School.objects.filter(name="甲").exists()


def test_the_errors_download_as_excel_and_another_users_batch_does_not(world, client_for):
    client = client_for(world.officer)
    upload(client, "schools", xlsx([["学校名称", "学段"], ["甲", "zzz"], ["=HYPERLINK(1)", "yyy"]]))
    batch = ImportBatch.objects.get()
    page = client.get(batch_url(batch)).content.decode()
    assert 'data-testid="import-errors-export"' in page
    sheet = sheet_of(client.get(batch_url(batch) + "&export=xlsx"))
    rows = list(sheet.values)
    assert rows[0] == ("行", "列", "问题")
    assert {r[0] for r in rows[1:]} == {2, 3}  # sheet rows, as numbers
    assert any("zzz" in r[2] for r in rows[1:])
    assert len(rows) - 1 == len(batch.result["errors"])
    other = client_for(world.education_officer).get(batch_url(batch) + "&export=xlsx")
    assert other.status_code == 404


def test_another_users_batch_is_a_404(world, client_for):
    client = client_for(world.officer)
    upload(client, "schools", xlsx([["学校名称", "学段"], ["人和街小学", "小学"]]))
    batch = ImportBatch.objects.get()
    other = client_for(world.education_officer)
    assert other.get(batch_url(batch)).status_code == 404
    confirm = reverse("imports:confirm") + f"?token={batch.token}"
    assert other.post(confirm).status_code == 404
    assert not School.objects.filter(name="人和街小学").exists()


@pytest.mark.parametrize(("role", "kind", "status"), [
    ("secretary", "schools", 403), ("leader", "schools", 403), ("leader", "applicants", 403),
    ("secretary", "applicants", 200), ("officer", "applicants", 200),
    ("org_department", "branches", 403),
])
def test_who_may_import(world, client_for, role, kind, status):
    response = client_for(getattr(world, role)).get(reverse("imports:upload") + "?kind=" + kind)
    assert response.status_code == status


def test_the_list_pages_offer_import_to_writers_only(world, client_for):
    page = client_for(world.officer).get(reverse("schools:list")).content.decode()
    assert (reverse("imports:upload") + "?kind=" + "schools") in page
    page = client_for(world.secretary).get(reverse("schools:list")).content.decode()
    assert (reverse("imports:upload") + "?kind=" + "schools") not in page
    assert (reverse("imports:upload") + "?kind=" + "branches") in page
    page = client_for(world.leader).get(reverse("activities:applicant_list")).content.decode()
    assert "imports/" not in page


def test_a_secretarys_upload_naming_another_school_imports_nothing(world, client_for):
    client = client_for(world.secretary)
    upload(client, "applicants", xlsx([["学校", "姓名", "登记日期"],
                                       [world.other_school.name, "王五", "2024-09-01"]]))
    batch = ImportBatch.objects.get()
    assert batch.result["errors"][0]["row"] == 2
    client.post(reverse("imports:confirm") + f"?token={batch.token}")
    assert not Applicant.objects.exists()


def test_template_has_headers_example_and_drop_downs(world, client_for):
    response = client_for(world.officer).get(reverse("imports:template") + "?kind=schools")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["学校名称", "简称", "学段"]
    assert sheet["A2"].value == "求精中学"
    lists = [dv for dv in sheet.data_validations.dataValidation]
    assert any("C2" in str(dv.sqref) for dv in lists)
    allowed = [c.value for c in book.worksheets[1]["A"]][1:]
    assert "小学" in allowed and "完全中学" in allowed


def test_the_filled_template_imports(world, client_for):
    data = client_for(world.officer).get(reverse("imports:template") + "?kind=schools").content
    result = engine.run(SchoolImporter(user=world.officer, district=world.district), data,
                        write=True)
    assert result.ok, result.errors
    # The example names the secretary's school: it is updated, not duplicated.
    assert School.objects.filter(name="求精中学").count() == 1


def test_large_files_go_to_the_background(world, client_for, settings):
    settings.IMPORT_BACKGROUND_ROWS = 2
    client = client_for(world.officer)
    upload(client, "schools", xlsx([["学校名称", "学段"]]
                                   + [[f"新学校{i}", "小学"] for i in range(5)]))
    batch = ImportBatch.objects.get()
    client.post(reverse("imports:confirm") + f"?token={batch.token}")
    batch.refresh_from_db()
    # The test settings' immediate backend runs the task at once.
    assert batch.status == ImportBatch.Status.DONE
    assert School.objects.filter(name__startswith="新学校").count() == 5
    page = client.get(batch_url(batch) + "&partial=1", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="done"' in page


def test_import_xlsx_command_dry_run_then_import(world, tmp_path):
    from django.core.management import CommandError, call_command

    good = tmp_path / "schools.xlsx"
    good.write_bytes(xlsx([["学校名称", "学段"], ["人和街小学", "小学"]]))
    out = io.StringIO()
    call_command("import_xlsx", "schools", str(good), "--district", "渝中区", "--dry-run",
                 stdout=out)
    assert "create 1" in out.getvalue() and not School.objects.filter(name="人和街小学").exists()
    call_command("import_xlsx", "schools", str(good), "--district", "渝中区", stdout=out)
    assert School.objects.filter(name="人和街小学").count() == 1
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([["学校名称", "学段"], ["甲小学", "zzz"]]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_xlsx", "schools", str(bad), "--district", "渝中区", stderr=err)
    assert "row 2" in err.getvalue() and "zzz" in err.getvalue()
    template = tmp_path / "template.xlsx"
    call_command("import_template", "volunteer_records", str(template), stdout=out)
    assert load_workbook(template).worksheets[0]["A1"].value == "学校"

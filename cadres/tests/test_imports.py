"""Spreadsheet imports of cadres and posts (cadres.imports) with real .xlsx files."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from cadres.imports import CadreImporter, PostImporter
from cadres.models import Cadre, Post
from cadres.tests.factories import CadreFactory, valid_id_number
from portal.imports import engine
from portal.imports.models import ImportBatch
from portal.tests.xlsx import xlsx
from tests.factories import SchoolFactory


@pytest.fixture(autouse=True)
def _chinese():
    """Column names and messages are compared in Chinese, whatever an earlier test left
    active."""
    with translation.override("zh-hans"):
        yield


def run(importer_class, data, world, user):
    return engine.run(importer_class(user=user, district=world.district), data, write=True)


def test_cadres_import_validates_and_is_idempotent(world):
    good = valid_id_number(7)
    data = xlsx([["姓名", "性别", "学校", "单位", "电话", "身份证号"],
                 ["王明", "女", world.school.name, "", "138 1234 5678", good.lower()],
                 ["李华", "男", "", "团区委", "", ""]])
    result = run(CadreImporter, data, world, world.officer)
    assert result.ok, result.errors
    assert result.create == 2
    cadre = Cadre.objects.get(name="王明")
    assert cadre.phone == "13812345678" and cadre.id_number == good.upper()
    assert Cadre.objects.get(name="李华").organisation == world.league
    again = run(CadreImporter, data, world, world.officer)
    assert (again.create, again.update, again.skip) == (0, 0, 2)


def test_cadre_rows_with_bad_identity_numbers_import_nothing(world):
    data = xlsx([["姓名", "性别", "学校", "身份证号"],
                 ["王明", "女", world.school.name, valid_id_number(8)],
                 ["张强", "男", world.school.name, "500103199001010001"],
                 ["赵六", "未知", world.school.name, ""]])
    result = run(CadreImporter, data, world, world.officer)
    assert [(e.row, e.column) for e in result.errors] == [(3, "身份证号码"), (4, "性别")]
    assert not Cadre.objects.filter(name__in=["王明", "张强", "赵六"]).exists()


def test_a_secretary_imports_cadres_of_their_own_school_only(world):
    data = xlsx([["姓名", "性别", "学校", "单位"],
                 ["王明", "女", "", ""],
                 ["李华", "男", world.other_school.name, ""],
                 ["张三", "男", "", "团区委"]])
    result = run(CadreImporter, data, world, world.secretary)
    assert [e.row for e in result.errors] == [3, 4]
    assert not Cadre.objects.filter(name="王明").exists()
    ok = run(CadreImporter, xlsx([["姓名", "性别"], ["王明", "女"]]), world, world.secretary)
    assert ok.ok and Cadre.objects.get(name="王明").school == world.school


def test_posts_import_finds_the_cadre_and_reimport_changes_nothing(world):
    cadre = CadreFactory(school=world.school, name="王明")
    data = xlsx([["姓名", "职务类别", "职务", "任职日期", "离任日期", "兼任"],
                 ["王明", "学校团委书记", "校团委书记", "2024年9月1日", "", "否"],
                 ["王明", "other", "德育处副主任", "2024/9/1", "", "是"]])
    result = run(PostImporter, data, world, world.secretary)
    assert result.ok, result.errors
    assert cadre.posts.count() == 2
    post = cadre.posts.get(title="德育处副主任")
    assert post.is_concurrent and post.school == world.school and post.start == date(2024, 9, 1)
    again = run(PostImporter, data, world, world.secretary)
    assert (again.create, again.update, again.skip) == (0, 0, 2)
    ended = xlsx([["姓名", "职务类别", "职务", "任职日期", "离任日期"],
                  ["王明", "学校团委书记", "校团委书记", "2024-09-01", "2024-08-01"]])
    bad = run(PostImporter, ended, world, world.secretary)
    assert not bad.ok and not Post.objects.filter(end__isnull=False).exists()


def test_posts_of_another_schools_cadre_are_refused_to_a_secretary(world):
    CadreFactory(school=world.other_school, name="李华")
    data = xlsx([["姓名", "职务类别", "职务", "任职日期"],
                 ["李华", "学校团委书记", "校团委书记", "2024-09-01"]])
    result = run(PostImporter, data, world, world.secretary)
    assert result.errors and result.errors[0].column == "姓名"
    assert not Post.objects.exists()


def test_a_masked_export_imported_back_changes_nothing(world):
    """An officer's export shows phone and identity number masked; importing it back keeps
    the stored numbers (the masked text is not a new number, nor an error)."""
    from cadres.models.people import mask_id_number, mask_phone

    number = valid_id_number(9)
    cadre = CadreFactory(district=world.district, school=world.school, name="王明",
                         phone="13812345678", id_number=number)
    data = xlsx([["姓名", "性别", "学校", "电话", "身份证号"],
                 ["王明", cadre.get_gender_display(), world.school.name,
                  mask_phone(cadre.phone), mask_id_number(number)]])
    result = run(CadreImporter, data, world, world.officer)
    assert result.ok, result.errors
    assert (result.create, result.update, result.skip) == (0, 0, 1)
    cadre.refresh_from_db()
    assert (cadre.phone, cadre.id_number) == ("13812345678", number)


def _main(page: bytes) -> str:
    """The page's content as a user reads it, without the request's tokens."""
    text = page.decode()
    text = text[text.index('<main'):text.index("</main>")]
    text = re.sub(r"token=[0-9a-f-]+", "token=…", text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", text)


def _secretary_imports(client, number: str) -> tuple:
    """Upload, preview, confirm and read the result of a one-row cadre sheet through the
    pages: (preview page, preview result, result page, result)."""
    data = xlsx([["姓名", "性别", "电话", "身份证号"], ["王明", "女", "13900001111", number]])
    response = client.post(reverse("imports:upload") + "?kind=cadres",
                           {"file": SimpleUploadedFile("cadres.xlsx", data)})
    batch = ImportBatch.objects.get(pk=ImportBatch.objects.latest("pk").pk)
    preview = _main(client.get(response.url).content)
    previewed = dict(batch.result)
    client.post(reverse("imports:confirm") + f"?token={batch.token}")
    batch.refresh_from_db()
    return preview, previewed, _main(client.get(response.url).content), dict(batch.result)


@pytest.mark.parametrize("where", ["other school", "organisation"])
def test_a_secretary_learns_nothing_of_identity_numbers_outside_their_school(
        world, client_for, where):
    """Issue 26 (6): a secretary's row with the identity number of a cadre outside their
    school (another school's, an organisation's) reads and imports exactly as a row with a
    number recorded nowhere: the same preview, the same result, a new cadre at their school;
    the cadre outside is untouched."""
    if where == "other school":
        outside = CadreFactory(district=world.district, school=world.other_school,
                               name="李华", gender=Cadre.Gender.MALE,
                               id_number=valid_id_number(11))
    else:
        outside = CadreFactory(district=world.district, school=None,
                               organisation=world.league, name="赵强",
                               id_number=valid_id_number(12))
    before = Cadre.objects.values().get(pk=outside.pk)
    client = client_for(world.secretary)
    with transaction.atomic():  # the same sheet with an unused number, then undone
        unused = _secretary_imports(client, valid_id_number(13))
        transaction.set_rollback(True)
    assert not Cadre.objects.filter(id_number=valid_id_number(13)).exists()
    named = _secretary_imports(client, outside.id_number)
    assert named == unused
    preview, previewed, done, result = named
    assert (previewed["create"], previewed["update"], previewed["errors"]) == (1, 0, [])
    assert 'data-testid="confirm"' in preview and "import-errors" not in preview
    assert (result["create"], result["update"], result["written"]) == (1, 0, True)
    assert 'data-testid="import-done"' in done
    created = Cadre.objects.get(name="王明")
    assert (created.school, created.organisation, created.id_number) == (
        world.school, None, outside.id_number)
    assert Cadre.objects.values().get(pk=outside.pk) == before


def test_a_secretarys_import_of_a_number_at_their_school_updates_that_cadre(world):
    own = CadreFactory(district=world.district, school=world.school, name="周晓岚",
                       id_number=valid_id_number(14))
    CadreFactory(district=world.district, school=world.other_school, name="周晓岚",
                 id_number=own.id_number)
    result = run(CadreImporter, xlsx([["姓名", "性别", "身份证号", "备注"],
                                      ["周晓岚", "女", own.id_number, "调入"]]),
                 world, world.secretary)
    assert result.ok and (result.create, result.update) == (0, 1), result.errors
    own.refresh_from_db()
    assert own.notes == "调入" and Cadre.objects.filter(id_number=own.id_number).count() == 2


def test_an_office_import_finds_a_number_anywhere_in_the_district(world):
    """The district's offices keep their matching: a number recorded at another school
    updates that cadre (moved to the row's school), never a new record."""
    elsewhere = CadreFactory(district=world.district, school=world.other_school, name="李华",
                             id_number=valid_id_number(15))
    for user in (world.officer, world.org_department):
        result = run(CadreImporter, xlsx([["姓名", "性别", "学校", "身份证号", "备注"],
                                          ["李华", "男", world.other_school.name,
                                           elsewhere.id_number, user.username]]),
                     world, user)
        assert result.ok and (result.create, result.update) == (0, 1), result.errors
        elsewhere.refresh_from_db()
        assert elsewhere.notes == user.username
    moved = run(CadreImporter, xlsx([["姓名", "性别", "学校", "身份证号"],
                                     ["李华", "男", world.school.name, elsewhere.id_number]]),
                world, world.officer)
    assert moved.ok and (moved.create, moved.update) == (0, 1)
    elsewhere.refresh_from_db()
    assert elsewhere.school == world.school
    assert Cadre.objects.filter(id_number=elsewhere.id_number).count() == 1


def test_an_office_import_of_a_person_recorded_at_two_schools(world):
    """Rows name the record of their workplace; the organisation department's export of both
    records imports back unchanged; a third workplace is asked to choose."""
    number = valid_id_number(16)
    here = CadreFactory(district=world.district, school=world.school, name="李华",
                        id_number=number, notes="")
    there = CadreFactory(district=world.district, school=world.other_school, name="李华",
                         id_number=number, notes="")
    sheet = xlsx([["姓名", "性别", "学校", "身份证号", "备注"],
                  ["李华", "女", world.school.name, number, "求精"],
                  ["李华", "女", world.other_school.name, number, "大坪"]])
    result = run(CadreImporter, sheet, world, world.org_department)
    assert result.ok and (result.create, result.update) == (0, 2), result.errors
    here.refresh_from_db()
    there.refresh_from_db()
    assert (here.notes, there.notes) == ("求精", "大坪")
    again = run(CadreImporter, sheet, world, world.org_department)
    assert (again.create, again.update, again.skip) == (0, 0, 2)
    third = SchoolFactory(district=world.district, name="巴蜀中学")
    asked = run(CadreImporter, xlsx([["姓名", "性别", "学校", "身份证号"],
                                     ["李华", "女", third.name, number]]),
                world, world.officer)
    assert [(e.row, e.column) for e in asked.errors] == [(2, "身份证号码")]
    assert "求精中学" in asked.errors[0].message and "大坪中学" in asked.errors[0].message
    # Posts find the record of the post's school.
    posts = run(PostImporter, xlsx([["姓名", "身份证号", "职务类别", "职务", "学校", "任职日期"],
                                    ["李华", number, "学校团委书记", "校团委书记",
                                     world.other_school.name, "2024-09-01"]]),
                world, world.officer)
    assert posts.ok, posts.errors
    assert Post.objects.get().cadre == there


def test_two_records_of_one_number_at_one_school_are_refused(world):
    number = valid_id_number(17)
    sheet = xlsx([["姓名", "性别", "身份证号"], ["王明", "女", number], ["王芳", "女", number]])
    result = run(CadreImporter, sheet, world, world.secretary)
    assert [e.row for e in result.errors] == [3] and not Cadre.objects.exists()


@pytest.mark.parametrize("typed", ["139-1234-5678", "139 1234 5678", "+86 139 1234 5678",
                                   "+8613912345678", "(+86) 139-1234-5678",
                                   "１３９１２３４５６７８", 13912345678])
def test_phones_are_read_as_people_write_them(world, typed):
    data = xlsx([["姓名", "性别", "学校", "电话"], ["王明", "女", world.school.name, typed]])
    result = run(CadreImporter, data, world, world.officer)
    assert result.ok, result.errors
    assert Cadre.objects.get(name="王明").phone == "13912345678"


def test_a_landline_is_kept_and_a_wrong_number_refused(world):
    data = xlsx([["姓名", "性别", "学校", "电话"],
                 ["王明", "女", world.school.name, "023-63851234"],
                 ["李华", "男", world.school.name, "139-1234-567"]])
    result = run(CadreImporter, data, world, world.officer)
    assert [(e.row, e.column) for e in result.errors] == [(3, "电话")]


def test_a_posts_text_keeps_its_chinese_punctuation(world):
    cadre = CadreFactory(school=world.school, name="周晓岚")
    data = xlsx([["姓名", "职务类别", "职务", "学校", "任职日期", "依据"],
                 ["周晓岚", "学校团委书记", "校团委书记（兼）", world.school.name, "2024-09-01",
                  "区委组织部通知，2024年（第3号）"]])
    result = run(PostImporter, data, world, world.officer)
    assert result.ok and result.create == 1, result.errors
    post = Post.objects.get(cadre=cadre)
    assert (post.title, post.basis) == ("校团委书记（兼）", "区委组织部通知，2024年（第3号）")
    again = run(PostImporter, data, world, world.officer)
    assert (again.create, again.update, again.skip) == (0, 0, 1)

"""Spreadsheet imports of cadres and posts (cadres.imports) with real .xlsx files."""

from datetime import date

import pytest
from django.utils import translation

from cadres.imports import CadreImporter, PostImporter
from cadres.models import Cadre, Post
from cadres.tests.factories import CadreFactory, valid_id_number
from portal.imports import engine
from portal.tests.xlsx import xlsx


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


def test_a_secretary_learns_nothing_of_identity_numbers_outside_their_school(world):
    """Issue 26 (6): a row naming another school's cadre, or an organisation's, by identity
    number is handled as a row naming a new person: the same message for both, the one the
    portal gives any duplicate number, never "belongs to a cadre of another school"; the
    cadre named is untouched."""
    from portal.models import Organisation

    elsewhere = CadreFactory(district=world.district, school=world.other_school, name="李华",
                             id_number=valid_id_number(11))
    organisation = Organisation.objects.get(name="团区委")
    official = CadreFactory(district=world.district, school=None, organisation=organisation,
                            name="赵强", id_number=valid_id_number(12))
    data = xlsx([["姓名", "性别", "身份证号"],
                 ["王明", "女", elsewhere.id_number],
                 ["张三", "男", official.id_number]])
    result = run(CadreImporter, data, world, world.secretary)
    messages = {(e.row, e.column, e.message) for e in result.errors}
    assert messages == {(2, "身份证号码", "本区已存在该身份证号码的干部。"),
                        (3, "身份证号码", "本区已存在该身份证号码的干部。")}
    assert not any("其他学校" in e.message for e in result.errors)
    elsewhere.refresh_from_db()
    assert (elsewhere.name, elsewhere.school) == ("李华", world.other_school)
    # An officer's import still finds a cadre of any school by the number.
    moved = run(CadreImporter, xlsx([["姓名", "性别", "学校", "身份证号"],
                                     ["李华", "男", world.school.name, elsewhere.id_number]]),
                world, world.officer)
    assert moved.ok and moved.update == 1


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

"""Spreadsheet imports of schools, branches, applicants and volunteer records through the
shared engine (portal.imports): real .xlsx files built with openpyxl, the database checked
afterwards."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from portal.imports import engine
from portal.tests.xlsx import xlsx
from schools.imports import (
    ApplicantImporter,
    BranchImporter,
    SchoolImporter,
    VolunteerRecordImporter,
)
from schools.models import Applicant, Branch, School, VolunteerRecord


@pytest.fixture(autouse=True)
def _chinese():
    """Column names and messages are compared in Chinese, whatever an earlier test left
    active."""
    with translation.override("zh-hans"):
        yield


def run(importer_class, data, world, user=None, write=True):
    importer = importer_class(user=user or world.officer, district=world.district)
    return engine.run(importer, data, write=write)


def test_schools_import_creates_then_reimport_changes_nothing(world):
    data = xlsx([["学校名称", "简称", "学段", "片区", "加入日期", "在用"],
                 ["人和街小学", "人和", "小学", "上清寺片区", "2024-09-01", "是"],
                 ["巴蜀中学", "", "完全中学", "", date(2023, 9, 1), "否"]])
    result = run(SchoolImporter, data, world)
    assert result.ok, result.errors
    assert (result.create, result.update, result.skip) == (2, 0, 0)
    school = School.objects.get(district=world.district, name="人和街小学")
    assert school.level == School.Level.PRIMARY and school.joined_on == date(2024, 9, 1)
    assert School.objects.get(name="巴蜀中学").active is False
    assert school.history.count() == 1
    again = run(SchoolImporter, data, world)
    assert (again.create, again.update, again.skip) == (0, 0, 2)
    assert school.history.count() == 1


def test_schools_import_updates_by_name_within_the_district(world):
    data = xlsx([["School name", "Level", "Area"], [world.school.name, "primary", "新片区"]])
    result = run(SchoolImporter, data, world)
    assert (result.create, result.update) == (0, 1)
    world.school.refresh_from_db()
    assert world.school.area == "新片区" and world.school.level == "primary"


def test_messy_sheet_is_read(world):
    """Title rows (merged) above the header, headers with spaces and in English, full-width
    digits in number columns and spaces around text, dates as text in three spellings and as
    Excel dates, numbers stored as text, trailing empty rows. Text is kept as typed: a
    full-width digit in a class name stays full-width."""
    data = xlsx([["  学 校 ", "Class", " 年级 ", "团员数", "类别"],
                 [world.school.name, "初１班", "８", "１２", "团支部"],
                 ["\u3000" + world.school.name + "\u3000", "初2班", 9.0, "  3 ", "league_branch"],
                 [None, None, None, None, None], ["", "", "", "", ""]],
                title_rows=["2024年 团支部名册"], merge_title=True)
    result = run(BranchImporter, data, world)
    assert result.ok, result.errors
    assert result.create == 2
    branch = Branch.objects.get(school=world.school, class_name="初１班")
    assert (branch.grade, branch.member_count) == (8, 12)
    assert Branch.objects.get(school=world.school, class_name="初2班").member_count == 3


@pytest.mark.parametrize("text", ["2024-09-01", "2024/9/1", "2024年9月1日", "２０２４－９－１",
                                  datetime(2024, 9, 1), 45536])
def test_dates_in_every_spelling(world, text):
    data = xlsx([["姓名", "登记日期"], ["张三", text]])
    result = run(ApplicantImporter, data, world, user=world.secretary)
    assert result.ok, result.errors
    assert Applicant.objects.get(name="张三").registered_on == date(2024, 9, 1)


def test_any_error_imports_nothing_and_lists_every_error(world):
    data = xlsx([["学校名称", "学段", "电话"],
                 ["甲小学", "小学", ""],
                 ["乙小学", "zzz", ""],
                 ["", "小学", ""],
                 ["丙小学", "小学", "1" * 40],
                 ["甲小学", "小学", ""]])
    result = run(SchoolImporter, data, world)
    assert not result.ok and not result.written
    found = {(e.row, e.column) for e in result.errors}
    assert (3, "学段") in found  # not one of the levels
    assert (4, "学校名称") in found  # required
    assert (5, "电话") in found  # too long
    assert any(e.row == 6 and "第 2 行" in e.message or e.row == 6 for e in result.errors)
    assert all(e.message for e in result.errors)
    assert not School.objects.filter(name__in=["甲小学", "乙小学", "丙小学"]).exists()


def test_a_secretary_cannot_import_into_another_school(world):
    data = xlsx([["学校", "姓名", "登记日期"],
                 [world.school.name, "李四", "2024-09-01"],
                 [world.other_school.name, "王五", "2024-09-01"]])
    result = run(ApplicantImporter, data, world, user=world.secretary)
    assert [(e.row, e.column) for e in result.errors] == [(3, "学校")]
    assert "只能" in result.errors[0].message
    assert not Applicant.objects.exists()


def test_a_school_of_another_district_is_unknown(world):
    data = xlsx([["学校", "姓名", "登记日期"], [world.far_school.name, "李四", "2024-09-01"]])
    result = run(ApplicantImporter, data, world)
    assert result.errors and result.errors[0].column == "学校"
    assert not Applicant.objects.exists()


def test_volunteer_records_import_and_reimport(world):
    applicant = Applicant.objects.create(school=world.school, name="张三",
                                         registered_on=date(2024, 9, 1))
    data = xlsx([["姓名", "日期", "时长", "活动", "地点"],
                 ["张三", "2024/10/1", "２", "社区清洁", "七星岗社区"],
                 ["张三", date(2024, 10, 8), 1.5, "图书整理", ""]])
    result = run(VolunteerRecordImporter, data, world, user=world.secretary)
    assert result.ok, result.errors
    assert result.create == 2
    assert sorted(applicant.volunteer_records.values_list("hours", flat=True)) == [
        Decimal("1.5"), Decimal("2")]
    again = run(VolunteerRecordImporter, data, world, user=world.secretary)
    assert (again.create, again.update, again.skip) == (0, 0, 2)
    changed = xlsx([["姓名", "日期", "时长", "活动"], ["张三", "2024-10-01", 3, "社区清洁"]])
    third = run(VolunteerRecordImporter, changed, world, user=world.secretary)
    assert (third.create, third.update) == (0, 1)
    assert VolunteerRecord.objects.get(activity="社区清洁").hours == Decimal("3")


def test_volunteer_hours_are_validated(world):
    Applicant.objects.create(school=world.school, name="张三", registered_on=date(2024, 9, 1))
    data = xlsx([["姓名", "日期", "时长", "活动"],
                 ["张三", "2024-10-01", 30, "社区清洁"],
                 ["张三", "2024-10-02", "two", "社区清洁"],
                 ["无名", "2024-10-03", 1, "社区清洁"]])
    result = run(VolunteerRecordImporter, data, world, user=world.secretary)
    assert [e.row for e in result.errors] == [2, 3, 4]
    assert not VolunteerRecord.objects.exists()


def test_repeated_values_are_validated_on_every_row(world):
    """Values found valid once are remembered (by type and digits), never errors: the same
    bad value is reported on each row, and 1.00 is not taken for the valid 1.0."""
    Applicant.objects.create(school=world.school, name="张三", registered_on=date(2024, 9, 1))
    data = xlsx([["姓名", "日期", "时长", "活动"],
                 ["张三", "2024-10-01", 30, "社区清洁"],
                 ["张三", "2024-10-02", 30, "社区清洁"],
                 ["张三", "2024-10-03", "1.0", "社区清洁"],
                 ["张三", "2024-10-04", "1.00", "社区清洁"],
                 ["张三", "2024-10-05", "1.0", "社区清洁"]])
    result = run(VolunteerRecordImporter, data, world, user=world.secretary)
    assert [(e.row, e.column) for e in result.errors] == [(2, "时长"), (3, "时长"), (5, "时长")]
    assert not VolunteerRecord.objects.exists()


def test_a_crash_mid_import_leaves_the_database_as_it_was(world, monkeypatch):
    data = xlsx([["学校名称", "学段"], ["新甲小学", "小学"], [world.school.name, "小学"]])

    write_history = engine.write_history

    def boom(model, objs, history_type, *args):  # the new school written, the update fails
        if history_type == "~":
            raise RuntimeError("worker killed")
        write_history(model, objs, history_type, *args)

    monkeypatch.setattr(engine, "write_history", boom)
    with pytest.raises(RuntimeError):
        run(SchoolImporter, data, world)
    assert not School.objects.filter(name="新甲小学").exists()
    world.school.refresh_from_db()
    assert world.school.level == School.Level.MIDDLE


def test_history_rows_carry_the_values_the_user_and_the_reason(world):
    """The engine writes the history rows itself (one prepared insert per batch): the same
    rows as django-simple-history's bulk_history_create, type + then ~."""
    applicant = Applicant.objects.create(school=world.school, name="张三",
                                         registered_on=date(2024, 9, 1))
    data = xlsx([["姓名", "日期", "时长", "活动", "地点"],
                 ["张三", "2024-10-01", 1.5, "社区清洁", "七星岗社区"]])
    importer = VolunteerRecordImporter(user=world.secretary, district=world.district)
    assert engine.run(importer, data, write=True, change_reason="九月台账").written
    record = VolunteerRecord.objects.get()
    changed = xlsx([["姓名", "日期", "时长", "活动"], ["张三", "2024-10-01", 3, "社区清洁"]])
    assert engine.run(importer, changed, write=True).written
    created, updated = record.history.order_by("history_id")
    assert (created.history_type, updated.history_type) == ("+", "~")
    assert created.history_user == updated.history_user == world.secretary
    assert created.history_change_reason == "九月台账"
    assert updated.history_change_reason == "从表格导入"
    assert (created.applicant_id, created.date, created.hours, created.activity,
            created.place, created.pairing_id) == (applicant.pk, date(2024, 10, 1),
                                                   Decimal("1.5"), "社区清洁", "七星岗社区",
                                                   None)
    assert updated.hours == Decimal("3") and updated.place == "七星岗社区"
    assert created.history_date <= updated.history_date


@pytest.mark.parametrize("history_type", ["+", "~"])
def test_history_rows_equal_the_librarys(world, history_type):
    """engine.write_history writes what simple-history's bulk_history_create writes, field
    for field (dates, decimals, keys, empty keys), but the history id and date."""
    branch = Branch.objects.create(school=world.school, class_name="初2026级1班", grade=8)
    people = [Applicant.objects.create(school=world.school, name="张三", branch=branch,
                                       registered_on=date(2024, 9, 1), notes="团课"),
              Applicant.objects.create(school=world.school, name="李四",
                                       registered_on=date(2024, 9, 2), decided_on=None)]
    record = VolunteerRecord.objects.create(applicant=people[0], date=date(2024, 10, 1),
                                            hours=Decimal("1.5"), activity="社区清洁")

    def written(model, objs, write):
        manager = model.history
        before = set(manager.values_list("history_id", flat=True))
        write(model, objs)
        rows = list(manager.exclude(history_id__in=before).order_by("history_id").values())
        for r in rows:
            del r["history_id"], r["history_date"]
        return rows

    for model, objs in ((Applicant, people), (VolunteerRecord, [record])):
        ours = written(model, objs, lambda m, o: engine.write_history(
            m, o, history_type, world.secretary, "九月台账"))
        theirs = written(model, objs, lambda m, o: m.history.bulk_history_create(
            o, update=history_type == "~", default_user=world.secretary,
            default_change_reason="九月台账"))
        assert ours == theirs and len(ours) == len(objs)
        assert ours[0]["history_user_id"] == world.secretary.pk


def _rewrite_sheet(data: bytes, change) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = change(body.decode()).encode()
            target.writestr(item, body)
    return out.getvalue()


@pytest.mark.parametrize("dimension", ["none", "too small"])
def test_every_row_is_read_whatever_the_sheet_dimension_says(world, dimension):
    """The reader does not read the sheet's <dimension> (openpyxl parses the whole sheet to
    look for a missing one): a sheet without it, or with a wrong one, is read to its end."""
    import re

    rows = [["学校", "姓名", "登记日期"]] + [
        [world.school.name, f"学生{i}", "2024-09-01"] for i in range(5)]
    data = xlsx(rows)
    if dimension == "none":
        data = _rewrite_sheet(data, lambda xml: re.sub(r"<dimension[^>]*/>", "", xml))
    else:
        data = _rewrite_sheet(data, lambda xml: re.sub(r'<dimension ref="[^"]*"',
                                                       '<dimension ref="A1:C2"', xml))
    result = run(ApplicantImporter, data, world)
    assert result.ok, result.errors
    assert result.create == 5
    assert Applicant.objects.filter(school=world.school).count() == 5


def test_preview_writes_nothing(world):
    data = xlsx([["学校名称", "学段"], ["新甲小学", "小学"]])
    result = run(SchoolImporter, data, world, write=False)
    assert result.create == 1 and not result.written
    assert not School.objects.filter(name="新甲小学").exists()


# --- Round trips and what people type (issue 21) --------------------------------------------

@pytest.fixture
def today(monkeypatch):
    """The clock the future-date checks read: a fixed day."""
    from django.utils import timezone

    day = date(2026, 12, 7)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


def test_text_is_stored_as_typed_with_its_chinese_punctuation(world):
    """Only the white space around a cell is taken off: ：，（） stay Chinese, and the same
    row imported again (the key it is matched by included) changes nothing."""
    data = xlsx([["学校名称", "学段", "地址"],
                 ["  重庆市求精中学（初中部）\u3000", "中学", "中山一路1号：东门，南门"]])
    result = run(SchoolImporter, data, world)
    assert result.ok and result.create == 1, result.errors
    school = School.objects.get(name="重庆市求精中学（初中部）")
    assert school.address == "中山一路1号：东门，南门"
    again = run(SchoolImporter, data, world)
    assert (again.create, again.update, again.skip) == (0, 0, 1)


def test_a_school_is_found_by_its_short_name(world):
    world.school.short_name = "求精"
    world.school.save()
    data = xlsx([["学校", "班级", "年级"], ["求精", "初3班", 9]])
    result = run(BranchImporter, data, world)
    assert result.ok, result.errors
    assert Branch.objects.get(class_name="初3班").school == world.school


def test_a_short_name_two_schools_share_is_refused_with_both_names(world):
    from tests.factories import SchoolFactory

    SchoolFactory(district=world.district, name="重庆市大坪中学", short_name="大坪")
    SchoolFactory(district=world.district, name="渝中区大坪小学", short_name="大坪")
    data = xlsx([["学校", "班级", "年级"], ["大坪", "初3班", 9],
                 ["渝中区大坪小学", "初4班", 9]])
    result = run(BranchImporter, data, world)
    assert [(e.row, e.column) for e in result.errors] == [(2, "学校")]
    assert "重庆市大坪中学" in result.errors[0].message
    assert "渝中区大坪小学" in result.errors[0].message
    assert not Branch.objects.filter(class_name__in=["初3班", "初4班"]).exists()


def test_a_registration_date_in_the_future_is_refused(world, today):
    data = xlsx([["姓名", "登记日期"], ["张三", "2026-12-08"], ["李四", "2026-12-07"]])
    result = run(ApplicantImporter, data, world, user=world.secretary)
    assert [(e.row, e.column) for e in result.errors] == [(2, "登记日期")]
    assert not Applicant.objects.exists()


def test_a_volunteer_record_date_in_the_future_is_refused(world, today):
    Applicant.objects.create(school=world.school, name="张三", registered_on=date(2024, 9, 1))
    data = xlsx([["姓名", "日期", "时长", "活动"], ["张三", date(2027, 1, 5), 2, "社区清洁"],
                 ["张三", today, 2, "社区清洁"]])
    result = run(VolunteerRecordImporter, data, world, user=world.secretary)
    assert [(e.row, e.column) for e in result.errors] == [(2, "日期")]


def test_volunteer_records_sharing_their_day_and_activity_match_one_for_one(world):
    """A morning and an afternoon of the same service: both rows as they are change nothing;
    one of them edited beside the other updates it; a third session that day is a new record;
    the same row twice is refused, and so is a row that could change either record."""
    applicant = Applicant.objects.create(school=world.school, name="张三",
                                         registered_on=date(2024, 9, 1))
    for hours in (5, 3):
        VolunteerRecord.objects.create(applicant=applicant, date=date(2024, 10, 28),
                                       hours=hours, activity="敬老院服务")

    def sheet(*hours, write=True):
        rows = [["张三", "2024-10-28", h, "敬老院服务"] for h in hours]
        return run(VolunteerRecordImporter, xlsx([["姓名", "日期", "时长", "活动"], *rows]),
                   world, user=world.secretary, write=write)

    def stored():
        return sorted(applicant.volunteer_records.values_list("hours", flat=True))

    result = sheet(3, 5, write=False)
    assert (result.create, result.update, result.skip, result.errors) == (0, 0, 2, [])
    assert [e.row for e in sheet(3, 3, write=False).errors] == [3]
    assert [e.column for e in sheet(4, write=False).errors] == ["活动"]
    edited = sheet(4, 3)
    assert (edited.create, edited.update, edited.skip) == (0, 1, 1), edited.errors
    assert stored() == [Decimal("3"), Decimal("4")]
    more = sheet(3, 4, 1)
    assert (more.create, more.update, more.skip) == (1, 0, 2), more.errors
    assert stored() == [Decimal("1"), Decimal("3"), Decimal("4")]

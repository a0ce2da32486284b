"""Excel exports read back with openpyxl: formula text quoted (not altered), valid sheet titles
and file names from user data, typed cells, the pages' filters and scopes, masking per role,
a constant number of queries, and `manage.py export_xlsx` with the same code."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.xml import LXML

from portal.excel import content_disposition, registers, safe_sheet_title, xlsx_bytes

pytestmark = pytest.mark.django_db

DANGEROUS = ["=SUM(A1:A2)", "+86 138", "-1+2", "@cmd", "\tindented", "\rreturn", "\nline",
             "=cmd|'/c calc'!A1"]


def book(content: bytes):
    return load_workbook(BytesIO(content))


def rows_of(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(book(response.content).active.values)


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


# --- portal.excel --------------------------------------------------------------------------

def test_formula_text_is_a_quoted_string_that_reads_back_unchanged():
    content = xlsx_bytes("t", ["text"], [[text] for text in DANGEROUS] + [["plain"]])
    sheet = book(content).active
    for row, text in enumerate(DANGEROUS, start=2):
        cell = sheet.cell(row=row, column=1)
        # No leading apostrophe added to the data. (Python's own XML parser reads a lone CR
        # back as LF; openpyxl reads it unchanged when lxml is installed, as pikepdf brings it
        # into the development set.)
        assert cell.value == (text if LXML else text.replace("\r", "\n"))
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
    plain = sheet.cell(row=len(DANGEROUS) + 2, column=1)
    assert plain.value == "plain" and not plain.quotePrefix
    xml = sheet_xml(content)
    assert "<f>" not in xml and "<f " not in xml  # no formula element anywhere
    with zipfile.ZipFile(BytesIO(content)) as archive:
        assert 'quotePrefix="1"' in archive.read("xl/styles.xml").decode()


@translation.override("zh-hans")
def test_cells_are_typed():
    content = xlsx_bytes("t", ["d", "dt", "n", "dec", "f", "b", "none"], [
        [date(2024, 9, 1), datetime(2024, 9, 1, 8, 30), 12, Decimal("2.5"), 0.1 + 0.2, True,
         None]])
    sheet = book(content).active
    row = [c for c in sheet[2]]
    assert row[0].is_date and row[0].value == datetime(2024, 9, 1)
    assert row[0].number_format == "yyyy-mm-dd"
    assert row[1].is_date and row[1].value == datetime(2024, 9, 1, 8, 30)
    assert row[2].value == 12 and row[2].data_type == "n"
    assert row[3].value == 2.5 and row[3].data_type == "n"
    assert row[4].value == 0.3  # no float noise (0.30000000000000004)
    assert row[5].value == "是"
    assert row[6].value is None


def test_control_characters_a_workbook_cannot_hold_are_dropped_not_a_500():
    sheet = book(xlsx_bytes("t", ["h"], [["a\x01b\x0bc"], ["长" * 40000]])).active
    assert sheet["A2"].value == "abc"
    assert len(sheet["A3"].value) == 32767  # Excel's limit: a longer cell is "damaged"


@pytest.mark.parametrize(("title", "expected"), [
    ("二中/初中部", "二中-初中部"),
    ("2026/2027学年联合督导", "2026-2027学年联合督导"),
    ("优秀团员[区级]", "优秀团员(区级)"),
    ("a:b*c?d\\e", "a-bcd-e"),
    ("'quoted'", "quoted"),
    ("", "工作表"),
    ("History", "工作表"),
    ("很" * 40, "很" * 31),
])
@translation.override("zh-hans")
def test_sheet_titles_from_user_data_are_valid(title, expected):
    assert safe_sheet_title(title) == expected
    assert book(xlsx_bytes(title, ["h"], [])).active.title == expected


def test_file_names_are_safe_and_chinese_names_use_rfc5987():
    assert content_disposition("schools.xlsx") == 'attachment; filename="schools.xlsx"'
    header = content_disposition("优秀团员[区级].xlsx")
    assert header.startswith('attachment; filename="export.xlsx"; filename*=UTF-8\'\'')
    assert "%E4%BC%98" in header and "[" not in header
    assert content_disposition('../a"b\r\n.xlsx') == 'attachment; filename="a-b.xlsx"'


# --- The three titles that made exports answer 500 ----------------------------------------

def test_school_with_a_slash_in_its_name_exports(world, client_for):
    world.school.name, world.school.short_name = "二中/初中部", ""
    world.school.save()
    response = client_for(world.officer).get(
        reverse("supervision:school_history_export", args=[world.school.pk]))
    assert response.status_code == 200
    assert book(response.content).active.title == "二中-初中部"


def test_plan_with_a_slash_in_its_title_exports(world, client_for):
    from supervision.models import Inspection
    from supervision.tests.factories import PlanFactory, make_inspection

    plan = PlanFactory(district=world.district, title="2026/2027学年联合督导",
                       team=[world.officer, world.education_officer])
    make_inspection(world, plan=plan, status=Inspection.Status.IN_PROGRESS)
    client = client_for(world.officer)
    response = client.get(reverse("supervision:plan_detail", args=[plan.pk]),
                          {"export": "xlsx"})
    assert response.status_code == 200
    assert book(response.content).active.title == "2026-2027学年联合督导"
    sheet = client.get(reverse("supervision:scores_sheet", args=[plan.pk]))  # offline sheet
    assert sheet.status_code == 200
    assert book(sheet.content).active.title == "2026-2027学年联合督导"


def test_selection_with_brackets_in_its_name_exports(world, client_for):
    from activities.tests.factories import NominationFactory, SelectionFactory

    selection = SelectionFactory(district=world.district, name="优秀团员[区级]")
    NominationFactory(selection=selection, school=world.school, student_name="=张明",
                      status="accepted")
    response = client_for(world.officer).get(
        reverse("activities:selection_detail", args=[selection.pk]), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = book(response.content).active
    assert sheet.title == "2026 优秀团员(区级)"
    assert sheet["A2"].value == "=张明" and sheet["A2"].quotePrefix


# --- Register exports on the pages --------------------------------------------------------

def test_schools_export_has_typed_cells_and_the_filters(world, client_for):
    from tests.factories import SchoolFactory

    world.school.joined_on = date(2024, 9, 1)
    world.school.level = "primary"
    world.school.save()
    SchoolFactory(district=world.district, name="-减号小学", level="primary")
    rows = rows_of(client_for(world.officer).get(reverse("schools:list"),
                                                 {"level": "primary", "export": "xlsx"}))
    assert list(rows[0]) == registers()["schools"].headers(world.officer)
    assert all(not h.isascii() for h in rows[0])  # Chinese headers
    assert sorted(r[1] for r in rows[1:]) == ["-减号小学", "求精中学"]  # primary only
    qiujing = next(r for r in rows[1:] if r[1] == "求精中学")
    assert qiujing[3] == "小学"  # the label, not the code
    assert qiujing[7] == datetime(2024, 9, 1)  # a date cell
    assert qiujing[8] == "是" and qiujing[9] == 1  # one branch, a number


def test_branches_export_is_scoped_to_the_secretary(world, client_for):
    rows = rows_of(client_for(world.secretary).get(reverse("schools:list"),
                                                   {"export": "branches"}))
    assert {r[0] for r in rows[1:]} == {"求精中学"}
    assert isinstance(rows[1][3], int)  # grade
    rows = rows_of(client_for(world.officer).get(reverse("schools:list"),
                                                 {"export": "branches"}))
    assert {r[0] for r in rows[1:]} == {"求精中学", "大坪中学"}  # not the other district


@pytest.fixture
def applicants(world):
    from activities.tests.factories import ApplicantFactory, VolunteerRecordFactory

    mine = ApplicantFactory(school=world.school, name="@张三")
    VolunteerRecordFactory(applicant=mine, hours=Decimal("2.5"), activity="=1+1")
    VolunteerRecordFactory(applicant=mine, hours=Decimal("23.5"))
    theirs = ApplicantFactory(school=world.other_school, name="李四")
    VolunteerRecordFactory(applicant=theirs, hours=Decimal("1.0"))
    return mine, theirs


def test_applicants_export_scoped_filtered_and_typed(world, client_for, applicants):
    url = reverse("activities:applicant_list")
    rows = rows_of(client_for(world.secretary).get(url, {"export": "xlsx"}))
    assert [r[1] for r in rows[1:]] == ["@张三"]  # the secretary's school only
    assert rows[1][3] == datetime(2026, 3, 1)
    assert rows[1][5] == 26 and isinstance(rows[1][5], int | float)
    officer = client_for(world.officer)
    assert {r[1] for r in rows_of(officer.get(url, {"export": "xlsx"}))[1:]} == {"@张三", "李四"}
    # The page's filters: those who fall short of the required hours (李四 has 1 hour).
    rows = rows_of(officer.get(url, {"export": "xlsx", "short": "1"}))  # 26 hours is enough
    assert [r[1] for r in rows[1:]] == ["李四"]
    rows = rows_of(officer.get(url, {"export": "records", "school": "求精"}))
    assert {r[1] for r in rows[1:]} == {"@张三"} and len(rows) == 3
    record = next(r for r in rows[1:] if r[6] == "=1+1")  # the text back, unaltered
    assert record[5] == 2.5 and record[2] == datetime(2026, 4, 1)


def test_applicant_page_exports_its_records(world, client_for, applicants):
    mine, theirs = applicants
    client = client_for(world.secretary)
    rows = rows_of(client.get(reverse("activities:applicant_detail", args=[mine.pk]),
                              {"export": "xlsx"}))
    assert len(rows) == 3
    assert client.get(reverse("activities:applicant_detail", args=[theirs.pk]),
                      {"export": "xlsx"}).status_code == 404


@pytest.fixture
def cadres(world):
    from cadres.tests.factories import CadreFactory, PostFactory

    mine = CadreFactory(school=world.school, name="王老师", phone="13812345678",
                        id_number="500103198502020015")
    PostFactory(cadre=mine, title="+团委书记")
    PostFactory(cadre=CadreFactory(school=world.other_school, name="赵老师"))
    return mine


@pytest.mark.parametrize(("role", "masked"), [
    ("officer", True), ("secretary", True), ("leader", True),
    ("org_department", False), ("admin", False)])
def test_cadre_and_post_exports_mask_per_role(world, client_for, cadres, role, masked):
    client = client_for(getattr(world, role))
    url = reverse("cadres:cadre_list")
    rows = rows_of(client.get(url, {"export": "xlsx"}))
    row = next(r for r in rows[1:] if r[0] == "王老师")
    assert (row[-2], row[-1]) == (
        (cadres.masked_phone, cadres.masked_id_number) if masked else
        ("13812345678", "500103198502020015"))
    assert "5678" in cadres.masked_phone and "13812345678" not in cadres.masked_phone
    posts = rows_of(client.get(url, {"export": "posts"}))
    post = next(r for r in posts[1:] if r[0] == "王老师")
    assert post[1] == (cadres.masked_id_number if masked else "500103198502020015")
    assert post[3] == "+团委书记" and post[6] == datetime(2024, 9, 1)
    if role == "secretary":
        assert {r[0] for r in rows[1:]} == {"王老师"}


def test_activities_export_follows_the_report_filters(world, client_for):
    from activities.tests.factories import ActivityFactory, ReportFactory, current_semesters

    current_semesters(world.district)
    mine = ReportFactory(school=world.school)
    ActivityFactory(report=mine, description="-升旗", hours=Decimal("1.5"))
    ActivityFactory(report=ReportFactory(school=world.other_school))
    url = reverse("activities:report_list")
    rows = rows_of(client_for(world.secretary).get(url, {"export": "activities"}))
    assert [(r[0], r[9]) for r in rows[1:]] == [("求精中学", "-升旗")]
    assert rows[1][5] == 1.5 and rows[1][3] == "团队活动课时"
    assert len(rows_of(client_for(world.officer).get(url, {"export": "activities"}))) == 3
    rows = rows_of(client_for(world.officer).get(
        url, {"export": "activities", "school": "大坪"}))
    assert {r[0] for r in rows[1:]} == {"大坪中学"}


def test_scores_export_follows_the_inspection_scope(world, client_for):
    from supervision.models import Inspection
    from supervision.tests.factories import make_inspection

    make_inspection(world, status=Inspection.Status.PUBLISHED, score=8)
    make_inspection(world, school=world.other_school, status=Inspection.Status.PUBLISHED)
    url = reverse("supervision:inspection_list")
    rows = rows_of(client_for(world.secretary).get(url, {"export": "scores"}))
    assert len(rows) > 1 and {r[2] for r in rows[1:]} == {"求精中学"}
    assert rows[1][7] == 8 and isinstance(rows[1][7], int | float)
    rows = rows_of(client_for(world.officer).get(url, {"export": "scores"}))
    assert {r[2] for r in rows[1:]} == {"求精中学", "大坪中学"}


def test_big_exports_run_a_constant_number_of_queries(world, client_for, applicants,
                                                      django_assert_max_num_queries):
    from activities.tests.factories import ApplicantFactory, VolunteerRecordFactory
    from cadres.tests.factories import CadreFactory, PostFactory

    for _n in range(30):
        applicant = ApplicantFactory(school=world.school)
        VolunteerRecordFactory(applicant=applicant)
        PostFactory(cadre=CadreFactory(school=world.school))
    client = client_for(world.officer)
    for url, export in [(reverse("activities:applicant_list"), "xlsx"),
                        (reverse("activities:applicant_list"), "records"),
                        (reverse("cadres:cadre_list"), "xlsx"),
                        (reverse("cadres:cadre_list"), "posts"),
                        (reverse("schools:list"), "xlsx"),
                        (reverse("schools:list"), "branches")]:
        with django_assert_max_num_queries(12):
            assert len(rows_of(client.get(url, {"export": export}))) > 2


# --- The command line --------------------------------------------------------------------

def test_export_command_writes_every_kind(world, tmp_path, applicants, cadres):
    kinds = {"schools", "branches", "applicants", "volunteer_records", "cadres", "posts",
             "activities", "inspection_scores"}
    assert kinds <= set(registers())
    for kind in kinds:
        target = tmp_path / f"{kind}.xlsx"
        call_command("export_xlsx", kind, str(target), "--district", "渝中区")
        sheet = load_workbook(target).active
        assert sheet.max_row >= 1 and sheet["A1"].value
    sheet = load_workbook(tmp_path / "schools.xlsx").active
    assert {r[1] for r in sheet.iter_rows(min_row=2, values_only=True)} == {"求精中学", "大坪中学"}
    sheet = load_workbook(tmp_path / "cadres.xlsx").active  # the operator sees them in full
    assert "500103198502020015" in [r[-1] for r in sheet.iter_rows(values_only=True)]
    call_command("export_xlsx", "schools", str(tmp_path / "all.xlsx"))
    assert load_workbook(tmp_path / "all.xlsx").active.max_row == 4  # both districts


def test_export_command_refuses_bad_input(world, tmp_path):
    with pytest.raises(CommandError, match="unknown kind"):
        call_command("export_xlsx", "nothing", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="no district"):
        call_command("export_xlsx", "schools", str(tmp_path / "x.xlsx"), "--district", "无")


def test_export_headers_are_the_import_templates_headers():
    """Where a register is also imported, its export carries the template's headers, so an
    exported file imports back."""
    try:
        from portal.imports.registry import importers
    except ImportError:
        pytest.skip("no imports yet")
    exports = registers()
    for kind, importer in importers().items():
        if kind not in exports:
            continue
        headers = exports[kind].headers(None)
        for column in importer.columns:
            assert str(column.label) in headers, (kind, column.key)


# --- The other list pages ------------------------------------------------------------------

def test_every_other_list_page_exports_its_rows(world, client_for):
    """Plans, coordination meetings, standards, courses, campaigns, selections, area meetings,
    selection rounds and secondments: each list page answers ?export=xlsx with its rows (user
    text quoted, dates as dates), and only the rows of the reader's scope."""
    from activities.tests.factories import (
        CampaignFactory,
        CourseFactory,
        SelectionFactory,
        current_semesters,
    )
    from cadres.tests.factories import (
        AreaMeetingFactory,
        SecondmentFactory,
        SecondmentRoundFactory,
    )
    from supervision.models import CoordinationMeeting
    from supervision.tests.factories import PlanFactory

    PlanFactory(district=world.district, title="=计划")
    PlanFactory(district=world.other_district, title="江北计划")
    CoordinationMeeting.objects.create(district=world.district, date=date(2026, 3, 2),
                                       title="-联席会议")
    _first, semester = current_semesters(world.district)
    CourseFactory(school=world.school, semester=semester, timetable_slot="@周三第七节")
    CampaignFactory(district=world.district, name="+雷锋月")
    CampaignFactory(district=world.other_district, name="江北活动")
    SelectionFactory(district=world.district, name="优秀团员[区级]")
    AreaMeetingFactory(district=world.district, topic="=片区交流")
    SecondmentRoundFactory(district=world.district, title="@挂职选拔")
    secondment = SecondmentFactory(post_title="=副部长")
    officer = client_for(world.officer)
    expected = [
        ("supervision:plan_list", "=计划", None),
        ("supervision:meeting_list", "-联席会议", datetime(2026, 3, 2)),
        ("activities:course_list", "@周三第七节", None),
        ("activities:campaign_list", "+雷锋月", datetime(2020, 1, 1)),
        ("activities:selection_list", "优秀团员[区级]", None),
        ("cadres:meeting_list", "=片区交流", datetime(2024, 11, 12)),
        ("cadres:round_list", "@挂职选拔", None),
    ]
    for name, text, when in expected:
        rows = rows_of(officer.get(reverse(name), {"export": "xlsx"}))
        values = [v for row in rows[1:] for v in row]
        assert text in values, name
        assert "江北计划" not in values and "江北活动" not in values, name  # other district
        if when is not None:
            assert when in values, name
        assert all(not str(h).isascii() or h == "ID" for h in rows[0]), name
    rows = rows_of(officer.get(reverse("supervision:standard_list"), {"export": "xlsx"}))
    assert len(rows) > 10 and all(isinstance(r[5], int) for r in rows[1:])  # weights
    org = client_for(world.org_department)
    rows = rows_of(org.get(reverse("cadres:secondment_list"), {"export": "xlsx"}))
    assert any(r[3] == "=副部长" for r in rows[1:]) == (
        secondment.district_id == world.district.pk)


def test_admin_export_writes_formula_text_as_a_quoted_string(world, client_for):
    """The admin's export (django-import-export) goes through portal.excel too."""
    world.school.address = '=HYPERLINK("http://evil")'
    world.school.save()
    client = client_for(world.admin)
    url = reverse("admin:schools_school_export")
    form = client.get(url).context["form"]
    assert [label for _value, label in form.fields["format"].choices] == ["xlsx"]  # no CSV
    data = {"format": "0", "resource": "0",
            **{name: "on" for name in form.fields if name.startswith("schoolresource_")}}
    response = client.post(url, data)
    assert response.status_code == 200
    sheet = book(response.content).active
    headers = [c.value for c in sheet[1]]
    column = headers.index("address") + 1
    cells = {sheet.cell(row=r, column=2).value: sheet.cell(row=r, column=column)
             for r in range(2, sheet.max_row + 1)}
    cell = cells["求精中学"]
    assert cell.value == '=HYPERLINK("http://evil")'
    assert cell.data_type == "s" and cell.quotePrefix
    assert "<f>" not in sheet_xml(response.content)


def test_honours_and_round_applications_export(world, client_for):
    from cadres.tests.factories import ApplicationFactory, SecondmentRoundFactory
    from schools.models import Honour

    Honour.objects.create(school=world.school, title=Honour.Title.OTHER, other_title="=五四红旗",
                          level="district", year=2025)
    Honour.objects.create(school=world.far_school, title=Honour.Title.OTHER,
                          other_title="江北荣誉", level="district", year=2025)
    rows = rows_of(client_for(world.secretary).get(reverse("schools:list"),
                                                   {"export": "honours"}))
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [("求精中学", "=五四红旗", 2025)]
    round_ = SecondmentRoundFactory(district=world.district, title="2026/2027挂职[一]")
    ApplicationFactory(round=round_)
    client = client_for(world.officer)
    response = client.get(reverse("cadres:round_detail", args=[round_.pk]), {"export": "xlsx"})
    sheet = book(response.content).active
    assert sheet.title == "2026-2027挂职(一)" and sheet.max_row == 2
    assert sheet["A2"].value == "2026/2027挂职[一]"


def test_every_list_export_runs_a_constant_number_of_queries(world, client_for,
                                                              django_assert_max_num_queries):
    """Twenty rows or two cost the same number of queries, on every list export."""
    from activities.tests.factories import (
        ActivityFactory,
        ApplicantFactory,
        ReportFactory,
        current_semesters,
    )
    from cadres.tests.factories import DocumentFactory, PostFactory
    from supervision.models import Inspection
    from supervision.tests.factories import PlanFactory, make_inspection, make_order

    current_semesters(world.district)
    plan = PlanFactory(district=world.district, team=[world.officer])
    for n in range(12):
        school = world.school if n % 2 else world.other_school
        report = ReportFactory(school=school, year=2025, month=n % 12 + 1)
        ActivityFactory(report=report)
        ApplicantFactory(school=school)
        PostFactory(cadre__school=school)
        DocumentFactory(district=world.district)
    for school in (world.school, world.other_school):
        make_order(make_inspection(world, school=school, plan=plan,
                                   status=Inspection.Status.PUBLISHED))
    client = client_for(world.officer)
    urls = [
        ("schools:list", "xlsx"), ("schools:list", "branches"), ("schools:list", "honours"),
        ("activities:applicant_list", "xlsx"), ("activities:applicant_list", "records"),
        ("activities:report_list", "xlsx"), ("activities:report_list", "activities"),
        ("activities:campaign_list", "xlsx"), ("activities:selection_list", "xlsx"),
        ("activities:course_list", "xlsx"), ("activities:fund_list", "xlsx"),
        ("cadres:cadre_list", "xlsx"), ("cadres:cadre_list", "posts"),
        ("cadres:document_list", "xlsx"), ("cadres:meeting_list", "xlsx"),
        ("cadres:round_list", "xlsx"), ("cadres:secondment_list", "xlsx"),
        ("cadres:reserve_list", "xlsx"),
        ("supervision:inspection_list", "xlsx"), ("supervision:inspection_list", "scores"),
        ("supervision:order_list", "xlsx"), ("supervision:plan_list", "xlsx"),
        ("supervision:meeting_list", "xlsx"), ("supervision:standard_list", "xlsx"),
    ]
    for name, export in urls:
        with django_assert_max_num_queries(15):
            response = client.get(reverse(name), {"export": export})
        assert response.status_code == 200, name

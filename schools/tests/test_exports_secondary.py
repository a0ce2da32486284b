"""Excel exports of a school page's tables (issue 11): its league committee / pioneer brigade
and its community pairings (and its branches and honours), scoped like the page, read back
with openpyxl: Chinese headers, typed cells, formula-like text unchanged and not a formula,
the pairing contact only for the roles of the pairing form, constant queries."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from schools.exports import PairingExport, SchoolUnitExport
from schools.models import SchoolUnit
from tests.factories import HonourFactory, PairingFactory, SchoolUnitFactory

pytestmark = pytest.mark.django_db


def sheet_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content)).active


def assert_text_cell(sheet, value):
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == value]
    assert cells, value
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, (value, cell.data_type)


def export(client, school, name):
    return client.get(reverse("schools:detail", args=[school.pk]), {"export": name})


def test_units_export_is_the_schools_own(world, client_for):
    SchoolUnitFactory(school=world.school, leader_name="=1+1", member_count=120,
                      committee_size=7, established=1998)
    SchoolUnitFactory(school=world.school, kind=SchoolUnit.Kind.PIONEER_BRIGADE,
                      leader_name="@cmd", member_count=300)
    SchoolUnitFactory(school=world.other_school, leader_name="别校书记")
    client = client_for(world.secretary)
    page = client.get(reverse("schools:detail", args=[world.school.pk])).content.decode()
    assert 'data-testid="export-units"' in page and 'data-testid="export-pairings"' not in page
    sheet = sheet_of(export(client, world.school, "units"))
    rows = list(sheet.values)
    assert list(rows[0]) == SchoolUnitExport().headers(world.secretary)
    assert all(not h.isascii() for h in rows[0])  # Chinese headers
    assert sheet.title == "校团委和少先队大队"
    assert [r[:3] for r in rows[1:]] == [("求精中学", "校团委", "=1+1"),
                                          ("求精中学", "少先队大队", "@cmd")]  # as the page
    league = rows[1]
    assert (league[3], league[4], league[5]) == (120, 7, 1998)  # numbers
    assert all(isinstance(v, int) for v in league[3:6])
    assert_text_cell(sheet, "=1+1")
    assert_text_cell(sheet, "@cmd")


def test_pairings_export_with_the_contact_for_officers_only(world, client_for):
    PairingFactory(school=world.school, community="=1+1", citizen_school="@cmd",
                   since=date(2023, 3, 5), contact="张老师 13800000000")
    PairingFactory(school=world.school, community="大坪社区", active=False)
    PairingFactory(school=world.other_school, community="别校社区")
    client = client_for(world.officer)
    page = client.get(reverse("schools:detail", args=[world.school.pk])).content.decode()
    assert 'data-testid="export-pairings"' in page
    sheet = sheet_of(export(client, world.school, "pairings"))
    rows = list(sheet.values)
    assert list(rows[0]) == PairingExport().headers(world.officer)
    assert all(not h.isascii() for h in rows[0]) and rows[0][-1] == "联系人"
    assert [r[1] for r in rows[1:]] == ["=1+1", "大坪社区"]  # not the other school's
    first = rows[1]
    assert first[3] == datetime(2023, 3, 5)  # a date cell
    assert first[4] == "是" and rows[2][4] == "否"
    assert first[5] == "张老师 13800000000"
    assert_text_cell(sheet, "=1+1")
    assert_text_cell(sheet, "@cmd")
    # The secretary and a leader read the pairings without the contact, as on their pages.
    for reader in (world.secretary, world.leader):
        rows = list(sheet_of(export(client_for(reader), world.school, "pairings")).values)
        assert "联系人" not in rows[0] and len(rows[1]) == 5
        assert "张老师 13800000000" not in [v for r in rows for v in r]


def test_branches_and_honours_export_from_the_school_page(world, client_for):
    HonourFactory(school=world.school, year=2024)
    HonourFactory(school=world.other_school, year=2023)
    client = client_for(world.secretary)
    rows = list(sheet_of(export(client, world.school, "honours")).values)
    assert [(r[0], r[3]) for r in rows[1:]] == [("求精中学", 2024)]
    rows = list(sheet_of(export(client, world.school, "branches")).values)
    assert {r[0] for r in rows[1:]} == {"求精中学"} and isinstance(rows[1][3], int)


@pytest.mark.parametrize("name", ["units", "pairings", "branches", "honours"])
def test_school_page_exports_are_scoped(world, client_for, name):
    SchoolUnitFactory(school=world.other_school)
    PairingFactory(school=world.other_school)
    # another school of the district: a 404 for a secretary, as the page itself
    assert export(client_for(world.secretary), world.other_school, name).status_code == 404
    # another district's school: a 404 for a district officer
    assert export(client_for(world.far_officer), world.school, name).status_code == 404


def test_an_unknown_export_name_shows_the_page(world, client_for):
    response = export(client_for(world.officer), world.school, "passwords")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_school_page_exports_queries_do_not_grow(world, client_for,
                                                 django_assert_max_num_queries):
    SchoolUnitFactory(school=world.school)
    PairingFactory(school=world.school)
    client = client_for(world.officer)
    counts = {}
    for name in ("units", "pairings"):
        export(client, world.school, name)  # warm the caches
        with django_assert_max_num_queries(20) as few:
            sheet_of(export(client, world.school, name))
        counts[name] = len(few)
    SchoolUnitFactory(school=world.school, kind=SchoolUnit.Kind.PIONEER_BRIGADE)
    for _n in range(15):
        PairingFactory(school=world.school)
    with django_assert_max_num_queries(counts["units"]):
        assert len(list(sheet_of(export(client, world.school, "units")).values)) == 3
    with django_assert_max_num_queries(counts["pairings"]):
        assert len(list(sheet_of(export(client, world.school, "pairings")).values)) == 17

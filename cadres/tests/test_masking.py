"""Phones and identity numbers: masked on every page and in every export for every role but
administrators and the organisation department, who see them in full."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cadres.models import Cadre
from cadres.models.people import mask_id_number, mask_phone
from cadres.tests.factories import CadreFactory, PostFactory, valid_id_number

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
MASKED_PHONE = "138****5678"


@pytest.fixture
def cadre(world):
    cadre = CadreFactory(school=world.school, phone=PHONE, id_number=valid_id_number(7))
    PostFactory(cadre=cadre)
    return cadre


MASKED_ROLES = ["officer", "education_officer", "leader", "secretary", "city_officer"]
FULL_ROLES = ["org_department", "admin"]


def test_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("500103199001011234") == "5001**********1234"
    assert mask_phone("023-63851234") == "023*****1234"


def _pages(cadre):
    return [reverse("cadres:cadre_list"), cadre.get_absolute_url(),
            cadre.school.get_absolute_url()]


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_pages_mask_for(role, world, client_for, cadre):
    client = client_for(getattr(world, role))
    masked_id = mask_id_number(cadre.id_number)
    for url in _pages(cadre):
        page = client.get(url).content.decode()
        assert PHONE not in page and cadre.id_number not in page, (role, url)
        assert MASKED_PHONE in page, (role, url)
    page = client.get(cadre.get_absolute_url()).content.decode()
    assert masked_id in page


@pytest.mark.parametrize("role", FULL_ROLES)
def test_pages_show_in_full_to(role, world, client_for, cadre):
    client = client_for(getattr(world, role))
    for url in _pages(cadre)[:2]:
        page = client.get(url).content.decode()
        assert PHONE in page and cadre.id_number in page, (role, url)


def _export(client):
    response = client.get(reverse("cadres:cadre_list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_export_masks_for(role, world, client_for, cadre):
    rows = _export(client_for(getattr(world, role)))
    cells = [str(c) for row in rows for c in row]
    assert MASKED_PHONE in cells and mask_id_number(cadre.id_number) in cells
    assert PHONE not in cells and cadre.id_number not in cells


@pytest.mark.parametrize("role", FULL_ROLES)
def test_export_in_full_for(role, world, client_for, cadre):
    rows = _export(client_for(getattr(world, role)))
    assert rows[1][-2:] == [PHONE, cadre.id_number]


def test_edit_form_never_reveals_and_keeps_the_stored_numbers(world, client_for, cadre):
    client = client_for(world.officer)
    url = reverse("cadres:cadre_update", args=[cadre.pk])
    page = client.get(url).content.decode()
    assert PHONE not in page and cadre.id_number not in page and MASKED_PHONE in page
    stored_id = cadre.id_number
    response = client.post(url, {"name": "改名", "gender": "female", "school": world.school.pk,
                                 "phone": MASKED_PHONE, "id_number": mask_id_number(stored_id),
                                 "notes": ""})
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert cadre.name == "改名" and cadre.phone == PHONE and cadre.id_number == stored_id
    response = client.post(url, {"name": "改名", "gender": "female", "school": world.school.pk,
                                 "phone": "13900001111", "id_number": mask_id_number(stored_id),
                                 "notes": ""})
    cadre.refresh_from_db()
    assert cadre.phone == "13900001111" and cadre.id_number == stored_id


def test_org_department_sees_full_numbers_in_the_form(world, client_for, cadre):
    # The organisation department reads (it has no edit screen); administrators edit in full.
    page = client_for(world.admin).get(
        reverse("cadres:cadre_update", args=[cadre.pk])).content.decode()
    assert PHONE in page and cadre.id_number in page


def test_sees_personal_data():
    from portal.models import Role, User

    assert Cadre.sees_personal_data(User(role=Role.ORGANISATION_DEPARTMENT))
    assert Cadre.sees_personal_data(User(role=Role.ADMINISTRATOR))
    assert not Cadre.sees_personal_data(User(role=Role.DISTRICT_OFFICER))
    assert not Cadre.sees_personal_data(User(role=Role.LEADER))

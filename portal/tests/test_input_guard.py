"""Control characters in any query parameter or posted field are a friendly 400."""

import pytest
from django.urls import reverse

from portal.input_guard import CONTROL

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["a\x00b", "\x07", "x\x1by", "\x0c"])
def test_control_characters_are_refused(text):
    assert CONTROL.search(text)


@pytest.mark.parametrize("text", ["tab\there", "line\r\nbreak", "求精中学", "a\u00a0b"])
def test_ordinary_text_passes(text):
    assert not CONTROL.search(text)


def test_nul_in_a_filter_is_a_translated_400(world, client_for):
    client = client_for(world.officer)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("schools:list"), {"q": "求精\x00"})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()
    client.cookies["django_language"] = "zh-hans"
    response = client.get(reverse("schools:list"), {"q\x00": "x"})
    assert response.status_code == 400 and "控制字符" in response.content.decode()


def test_nul_in_a_posted_field_saves_nothing(world, client_for):
    client = client_for(world.secretary)
    url = reverse("schools:update", kwargs={"school_pk": world.school.pk})
    response = client.post(url, {"name": "新\x00名"})
    assert response.status_code == 400
    world.school.refresh_from_db()
    assert "\x00" not in world.school.name

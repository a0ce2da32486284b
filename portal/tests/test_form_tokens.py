"""A create form's one-time token: the first POST is served, a replay is refused."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from portal.form_tokens import FIELD, FormToken, claim, new_token
from schools.models import Honour

pytestmark = pytest.mark.django_db


def test_a_token_is_claimed_once(world):
    token = new_token()
    assert claim(token, world.officer)
    assert not claim(token, world.officer)
    assert not claim("", world.officer)
    assert not claim("x" * 65, world.officer)


def _honour_post(world, token):
    return {"title": "may_fourth_red_flag", "level": "district", "year": 2025, FIELD: token}


def test_a_replayed_create_form_creates_one_record(world, client_for):
    client = client_for(world.officer)
    client.cookies["django_language"] = "en"
    url = reverse("schools:honour_create", kwargs={"school_pk": world.school.pk})
    page = client.get(url)
    assert f'name="{FIELD}"' in page.content.decode()
    token = new_token()
    first = client.post(url, _honour_post(world, token))
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client.post(url, _honour_post(world, token), HTTP_REFERER="http://testserver" + url)
    assert second.status_code == 302 and second.url == "http://testserver" + url
    assert Honour.objects.filter(school=world.school).count() == 1
    texts = [str(m) for m in get_messages(second.wsgi_request)]
    assert any("already sent" in t for t in texts)


def test_an_invalid_post_releases_its_token(world, client_for):
    client = client_for(world.officer)
    client.cookies["django_language"] = "en"
    url = reverse("schools:honour_create", kwargs={"school_pk": world.school.pk})
    token = new_token()
    response = client.post(url, {FIELD: token})  # missing fields: the form comes back
    assert response.status_code == 200
    assert not FormToken.objects.filter(token=token).exists()


def test_a_foreign_referer_is_not_followed(world, client_for):
    client = client_for(world.officer)
    client.cookies["django_language"] = "en"
    url = reverse("schools:honour_create", kwargs={"school_pk": world.school.pk})
    token = new_token()
    claim(token, world.officer)
    response = client.post(url, _honour_post(world, token), HTTP_REFERER="https://evil.example/")
    assert response.url == "/"

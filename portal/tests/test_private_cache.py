"""Issue 26, finding 9: nothing a signed-in user is sent is kept by a browser or a proxy
(pages, htmx fragments, exports, files, including the organisation department's unmasked
identity numbers), and the CSP says where a page may post and that no <base> may move it."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from cadres.tests.factories import CadreFactory, PostFactory, valid_id_number
from portal.middleware import PrivateCacheMiddleware
from supervision import services
from supervision.models import Inspection
from supervision.tests.factories import make_inspection

pytestmark = pytest.mark.django_db

NO_STORE = "private, no-store"


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return out.getvalue()


def test_signed_in_pages_and_exports_are_not_stored(world, client_for):
    cadre = CadreFactory(school=world.school, id_number=valid_id_number(7))
    PostFactory(cadre=cadre)
    client = client_for(world.org_department)
    page = client.get(reverse("cadres:cadre_list"))
    assert page.status_code == 200 and cadre.id_number in page.content.decode()
    assert page["Cache-Control"] == NO_STORE
    export = client.get(reverse("cadres:cadre_list"), {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].endswith("sheet")
    assert export["Cache-Control"] == NO_STORE
    for url in (reverse("home"), world.school.get_absolute_url(), reverse("schools:list")):
        response = client_for(world.officer).get(url, follow=True)
        assert response.status_code == 200
        assert response["Cache-Control"] == NO_STORE, url
    fragment = client_for(world.officer).get(reverse("schools:list"), HTTP_HX_REQUEST="true")
    assert fragment["Cache-Control"] == NO_STORE
    forbidden = client_for(world.secretary).get(reverse("cadres:cadre_list"))
    assert forbidden["Cache-Control"] == NO_STORE


def test_downloads_are_not_stored_but_thumbnails_keep_their_own_policy(world, client_for,
                                                                      settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    inspection = make_inspection(world, status=Inspection.Status.IN_PROGRESS)
    evidence = services.evidence_add(inspection=inspection, user=world.officer,
                                     produced_on=inspection.planned_date,
                                     file=SimpleUploadedFile("团课.png", _png()))
    client = client_for(world.officer)
    url = reverse("supervision:evidence_file", args=[evidence.pk])
    assert client.get(url)["Cache-Control"] == NO_STORE
    assert client.get(url + "?size=thumbnail")["Cache-Control"] == "private, max-age=86400"


def test_a_public_policy_is_made_private_and_anonymous_responses_are_left_alone(world):
    def view(policy):
        def get_response(request):
            response = HttpResponse("x")
            if policy:
                response["Cache-Control"] = policy
            return response
        return PrivateCacheMiddleware(get_response)

    request = RequestFactory().get("/")
    request.user = world.officer
    assert view("max-age=600")(request)["Cache-Control"] == "max-age=600, private"
    assert view("public, max-age=600")(request)["Cache-Control"] == "max-age=600, private"
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert not view("")(request).has_header("Cache-Control")


def test_the_csp_forbids_base_and_foreign_form_targets(client, world, client_for):
    for response in (client.get(reverse("login")),
                     client_for(world.officer).get(reverse("home"), follow=True)):
        directives = {d.strip() for d in response["Content-Security-Policy"].split(";")}
        assert "base-uri 'none'" in directives
        assert "form-action 'self'" in directives

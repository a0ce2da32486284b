"""Documents cite and are cited (issue 24): plans, coordination meetings, campaigns, honour
selections, the district rules and secondment approvals choose their joint document (联合发文)
from the district's register, and the document's page lists everything that cites it, grouped
by kind, in a constant number of queries. A number not registered yet is kept and offered to
the officers to register; registering it links what recorded it."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivitiesSettings, Campaign, HonourSelection
from activities.tests.factories import CampaignFactory, SelectionFactory
from cadres.citations import CITING
from cadres.models import Application, Document, Post, Secondment
from cadres.tests.factories import CadreFactory, DocumentFactory, PostFactory
from cadres.tests.secondment_helpers import make_application, make_round, make_secondment
from portal.todo import collect_todos
from supervision.models import CoordinationMeeting, InspectionPlan
from supervision.tests.factories import PlanFactory
from tests.test_history_coverage import is_historical

pytestmark = pytest.mark.django_db

A = Application.Status


@pytest.fixture
def document(world):
    document = DocumentFactory(district=world.district, number="渝中团发〔2014〕15号",
                               title="渝中区中学共青团工作规范化建设的意见",
                               kind=Document.Kind.OPINION, issued_on=date(2014, 5, 20))
    document.issuers.set([world.league, world.education])
    return document


@pytest.fixture
def far_document(world):
    return DocumentFactory(district=world.other_district, number="江北团发〔2014〕1号")


def _school_year() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


def _cite_everywhere(world, document, n: int = 1) -> dict[str, list[str]]:
    """``n`` rows of every kind that cites ``document``; {kind key: texts the page shows}."""
    shown = {}
    for i in range(n):
        cadre = CadreFactory(school=world.school, name=f"何雨婷{i}")
        PostFactory(cadre=cadre, title="德育处副主任", document=document)
        make_round(world, title=f"挂职选拔{i}", notice=document)
        secondment = make_secondment(world, approval_document=document,
                                     approval_document_number=document.number)
        PlanFactory(district=world.district, title=f"联合督导计划{i}", document=document)
        CoordinationMeeting.objects.create(district=world.district, date=date(2025, 9, 20),
                                           title=f"联系会议{i}", document=document)
        CampaignFactory(district=world.district, name=f"雷锋榜样进校园{i}", document=document)
        SelectionFactory(district=world.district, name=f"雷锋式好少年{i}", document=document)
        shown.setdefault("cadres.Post.document", []).append(cadre.name)
        shown.setdefault("cadres.SecondmentRound.notice", []).append(f"挂职选拔{i}")
        shown.setdefault("cadres.Secondment.approval_document", []).append(
            secondment.cadre.name)
        shown.setdefault("supervision.InspectionPlan.document", []).append(f"联合督导计划{i}")
        shown.setdefault("supervision.CoordinationMeeting.document", []).append(f"联系会议{i}")
        shown.setdefault("activities.Campaign.document", []).append(f"雷锋榜样进校园{i}")
        shown.setdefault("activities.HonourSelection.document", []).append(f"雷锋式好少年{i}")
    ActivitiesSettings.objects.update_or_create(district=world.district, defaults={
        "volunteer_hours_document": document, "class_hours_document": document})
    shown["activities.ActivitiesSettings.volunteer_hours_document"] = ["渝中区 · 20 h"]
    shown["activities.ActivitiesSettings.class_hours_document"] = ["渝中区 · 1"]
    return shown


def test_every_key_to_a_document_is_shown_on_its_page():
    """A model that starts to cite documents is listed in `CITING`, or its rows would be
    missing from the document's page."""
    keys = {f"{m._meta.label}.{f.name}" for m in apps.get_models() if not is_historical(m)
            for f in m._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.related_model is Document}
    assert keys == {f"{c.model}.{c.field}" for c in CITING}


def test_each_citing_place_appears_on_the_documents_page(world, client_for, document):
    shown = _cite_everywhere(world, document)
    page = client_for(world.officer).get(document.get_absolute_url()).content.decode()
    for key, texts in shown.items():
        assert f'data-kind="{key}"' in page, key
        for text in texts:
            assert text in page, (key, text)
    plan = InspectionPlan.objects.get(document=document)
    assert f'href="{plan.get_absolute_url()}"' in page
    assert f'href="{reverse("activities:calendar")}"' in page  # officers tune the rules there


def test_the_page_shows_what_the_reader_may_see(world, client_for, document):
    _cite_everywhere(world, document)
    page = client_for(world.secretary).get(document.get_absolute_url()).content.decode()
    # plans and meetings are the district's, not a school's; the rules' page is the officers'
    assert 'data-kind="supervision.InspectionPlan.document"' not in page
    assert 'data-kind="supervision.CoordinationMeeting.document"' not in page
    assert "雷锋式好少年0" in page and reverse("activities:calendar") not in page
    assert client_for(world.far_officer).get(document.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_the_page_runs_a_constant_number_of_queries(world, client_for, document, count,
                                                    django_assert_max_num_queries):
    _cite_everywhere(world, document, n=count)
    client = client_for(world.officer)
    client.get(reverse("home"))  # the first request after logging in writes the session
    # session, user, document, issuers, one query for each of the 9 kinds, unread
    # notifications
    with django_assert_max_num_queries(14):
        response = client.get(document.get_absolute_url())
    assert response.content.decode().count('data-testid="cited-by"') == len(CITING)


def test_the_citing_pages_link_their_document(world, client_for, document):
    plan = PlanFactory(district=world.district, document=document)
    meeting = CoordinationMeeting.objects.create(district=world.district,
                                                 date=date(2025, 9, 20), title="联系会议",
                                                 document=document)
    selection = SelectionFactory(district=world.district, document=document)
    CampaignFactory(district=world.district, document=document)
    client = client_for(world.officer)
    for url in (plan.get_absolute_url(), meeting.get_absolute_url(),
                selection.get_absolute_url(), reverse("activities:campaign_list")):
        page = client.get(url).content.decode()
        assert f'href="{document.get_absolute_url()}"' in page, url


# ---------------------------------------------------------------- the forms choose

def _forms(world, doc_pk):
    """(url, data, the row it writes or changes) for each form that cites a document."""
    year = _school_year()
    return [
        (reverse("supervision:plan_create"),
         {"year": year, "title": "联合督导", "team": [world.officer.pk,
                                                  world.education_officer.pk],
          "document": doc_pk},
         lambda: InspectionPlan.objects.filter(title="联合督导").first()),
        (reverse("supervision:meeting_create"),
         {"date": "2025-12-01", "title": "联系会议", "attendees": [world.league.pk],
          "minutes": "", "decisions": "", "document": doc_pk},
         lambda: CoordinationMeeting.objects.filter(title="联系会议").first()),
        (reverse("activities:campaign_create"),
         {"name": "文明城区", "start": "2025-10-01", "end": "2025-12-31", "document": doc_pk},
         lambda: Campaign.objects.filter(name="文明城区").first()),
        (reverse("activities:selection_create"),
         {"name": "五心四好美德少年", "year": 2025, "quota_per_school": 2,
          "nomination_opens": "2025-03-01", "nomination_closes": "2025-03-20",
          "document": doc_pk},
         lambda: HonourSelection.objects.filter(name="五心四好美德少年").first()),
    ]


def test_the_forms_choose_a_document_of_the_register(world, client_for, document):
    client = client_for(world.officer)
    for url, data, written in _forms(world, document.pk):
        form = client.get(url).context["form"]
        assert list(form.fields["document"].queryset) == [document]
        assert client.post(url, data).status_code == 302, url
        assert written().document == document, url
    client.post(reverse("activities:calendar"), {
        "required_volunteer_hours": "24", "volunteer_hours_document": document.pk,
        "class_hours_per_month": 1, "class_hours_document": "", "reminder_days_before": 3,
        "reason": "依据渝中团发〔2014〕31号"})
    settings = ActivitiesSettings.objects.get(district=world.district)
    assert (settings.volunteer_hours_document, settings.class_hours_document) == (document, None)
    assert settings.history.latest().history_change_reason == "依据渝中团发〔2014〕31号"


def test_a_citing_form_refuses_another_districts_document(world, client_for, far_document):
    client = client_for(world.officer)
    for url, data, written in _forms(world, far_document.pk):
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert "document" in response.context["form"].errors, url
        assert written() is None, url
    response = client.post(reverse("activities:calendar"), {
        "required_volunteer_hours": "24", "volunteer_hours_document": far_document.pk,
        "class_hours_per_month": 1, "reminder_days_before": 3, "reason": "改"})
    assert "volunteer_hours_document" in response.context["settings_form"].errors
    assert not ActivitiesSettings.objects.filter(district=world.district).exists()


def test_the_models_refuse_another_districts_document_in_the_admin(world, far_document):
    """The admin offers every district's documents: the models check."""
    rows = [InspectionPlan(district=world.district, document=far_document),
            CoordinationMeeting(district=world.district, document=far_document),
            Campaign(district=world.district, document=far_document),
            HonourSelection(district=world.district, document=far_document),
            ActivitiesSettings(district=world.district, volunteer_hours_document=far_document),
            Secondment(district=world.district, approval_document=far_document)]
    for row in rows:
        with pytest.raises(ValidationError):
            row.clean()


# ---------------------------------------------------------------- the secondment approval

def _approve(client, application, **data):
    return client.post(reverse("cadres:application_approve",
                               kwargs={"application_pk": application.pk}), data, follow=True)


def test_the_approval_chooses_its_document_from_the_register(world, client_for):
    appointment = DocumentFactory(district=world.district, number="渝中组干〔2025〕12号",
                                  kind=Document.Kind.APPOINTMENT)
    application = make_application(world, status=A.SELECTED)
    client = client_for(world.org_department)
    page = client.get(reverse("cadres:orgdep_home")).content.decode()
    assert f'<option value="{appointment.pk}">' in page
    _approve(client, application, document=appointment.pk)
    secondment = Secondment.objects.get()
    assert (secondment.approval_document, secondment.approval_document_number) == (
        appointment, "渝中组干〔2025〕12号")
    assert Post.objects.get(kind=Post.Kind.SECONDMENT).document == appointment
    page = client.get(secondment.get_absolute_url()).content.decode()
    assert f'href="{appointment.get_absolute_url()}"' in page


def test_the_approval_refuses_another_districts_document(world, client_for, far_document):
    application = make_application(world, status=A.SELECTED)
    _approve(client_for(world.org_department), application, document=far_document.pk)
    assert not Secondment.objects.exists()
    assert Application.objects.get(pk=application.pk).status == A.SELECTED


def test_a_number_not_registered_is_offered_to_the_officers_then_linked(world, client_for):
    application = make_application(world, status=A.SELECTED)
    orgdep = client_for(world.org_department)
    response = _approve(orgdep, application, document="", document_number="渝中组干〔2026〕5号")
    assert "渝中组干〔2026〕5号" in "".join(str(m) for m in response.context["messages"])
    secondment = Secondment.objects.get()
    assert (secondment.approval_document, secondment.approval_document_number) == (
        None, "渝中组干〔2026〕5号")
    assert 'data-testid="register-document"' not in orgdep.get(
        secondment.get_absolute_url()).content.decode()  # not theirs to register

    key = f"cadres.secondment.{secondment.pk}.document"
    item = next(i for i in collect_todos(world.officer) if i.object_key == key)
    officer = client_for(world.officer)
    page = officer.get(secondment.get_absolute_url()).content.decode()
    assert 'data-testid="register-document"' in page
    form = officer.get(item.url).context["form"]
    assert (form.initial["number"], form.initial["kind"]) == ("渝中组干〔2026〕5号",
                                                              Document.Kind.APPOINTMENT)

    officer.post(reverse("cadres:document_create"), {
        "number": "渝中组干〔2026〕5号", "title": "关于同志挂职的通知",
        "kind": Document.Kind.APPOINTMENT, "direction": Document.Direction.RECEIVED,
        "issuers": [world.league.pk], "issued_on": "2026-01-05", "summary": "",
        "standard": "", "allocation": ""})
    registered = Document.objects.get(number="渝中组干〔2026〕5号")
    secondment.refresh_from_db()
    assert secondment.approval_document == registered
    post = Post.objects.get(kind=Post.Kind.SECONDMENT)
    assert (post.document, post.basis) == (registered, "")
    latest = secondment.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        world.officer, "approval document registered")
    assert not any(i.object_key == key for i in collect_todos(world.officer))
    page = officer.get(registered.get_absolute_url()).content.decode()
    assert 'data-kind="cadres.Secondment.approval_document"' in page
    assert 'data-kind="cadres.Post.document"' in page


def test_the_approval_needs_a_document_or_a_number(world, client_for, document):
    application = make_application(world, status=A.SELECTED)
    client = client_for(world.org_department)
    _approve(client, application)
    _approve(client, application, document=document.pk, document_number="另一个文号")
    assert not Secondment.objects.exists()
    _approve(client, application, document_number=document.number)  # typed, but registered
    assert Secondment.objects.get().approval_document == document

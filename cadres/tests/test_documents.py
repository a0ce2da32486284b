"""The joint documents register: list and search, detail with what a document governs,
create/edit with a PDF, the scoped download."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadres.models import Document
from cadres.tests.factories import CadreFactory, DocumentFactory, PostFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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


def _data(world, **extra):
    return {"number": "渝中团发〔2025〕3号", "title": "关于开展片区交流会的通知",
            "kind": Document.Kind.NOTICE, "direction": Document.Direction.ISSUED,
            "issuers": [world.league.pk, world.education.pk], "issued_on": "2025-03-01",
            "summary": "", "standard": "", "allocation": "", **extra}


def test_list_search_and_filters(world, client_for, document, far_document):
    DocumentFactory(district=world.district, number="渝中团发〔2025〕1号", title="年度工作方案",
                    kind=Document.Kind.PLAN, issued_on=date(2025, 2, 1))
    client = client_for(world.secretary)  # secretaries read their district's documents
    url = reverse("cadres:document_list")
    page = client.get(url).content.decode()
    assert "规范化建设的意见" in page and "年度工作方案" in page and "江北团发" not in page
    assert "年度工作方案" not in client.get(url, {"q": "规范化"}).content.decode()
    assert "年度工作方案" not in client.get(url, {"q": "〔2014〕15"}).content.decode()
    page = client.get(url, {"kind": Document.Kind.PLAN}).content.decode()
    assert "年度工作方案" in page and "规范化建设" not in page
    page = client.get(url, {"year": "2014"}).content.decode()
    assert "规范化建设" in page and "年度工作方案" not in page
    page = client.get(url, {"issuer": world.education.pk}).content.decode()
    assert "规范化建设" in page and "年度工作方案" not in page


@pytest.mark.parametrize("count", [3, 15])
def test_list_queries_do_not_grow(world, client_for, django_assert_max_num_queries, count):
    for _ in range(count):
        DocumentFactory(district=world.district).issuers.set([world.league])
    client = client_for(world.officer)
    client.get(reverse("home"))  # the first request after logging in writes the session
    # session, user, unread, issuers (filter), years (filter), count, page, issuers
    with django_assert_max_num_queries(8):
        response = client.get(reverse("cadres:document_list"))
    assert response.content.decode().count("关于学校共青团工作的通知") == count


def test_detail_links_what_it_governs(world, client_for, document):
    from activities.models import Allocation, Fund
    from supervision.models import Standard

    standard = Standard.objects.order_by("pk").first()
    fund = Fund.objects.create(district=world.district, name="青少年教育专项经费",
                               source=world.league, year=2025, purpose="youth_education",
                               amount=Decimal("120000"))
    allocation = Allocation.objects.create(fund=fund, amount=Decimal("8000"), note="活动课程")
    document.standard, document.allocation = standard, allocation
    document.save()
    cadre = CadreFactory(school=world.school, name="何雨婷")
    PostFactory(cadre=cadre, title="德育处副主任", document=document, is_concurrent=True)
    PostFactory(cadre=CadreFactory(school=world.other_school, name="他校干部"),
                document=document)
    page = client_for(world.officer).get(document.get_absolute_url()).content.decode()
    assert standard.name in page and "青少年教育专项经费" in page
    assert "何雨婷" in page and "他校干部" in page
    page = client_for(world.secretary).get(document.get_absolute_url()).content.decode()
    assert "何雨婷" in page and "他校干部" not in page  # posts stay scoped


def test_detail_access(world, client_for, document, far_document, client):
    assert client_for(world.far_officer).get(document.get_absolute_url()).status_code == 404
    assert client_for(world.officer).get(far_document.get_absolute_url()).status_code == 404
    assert client_for(world.leader).get(document.get_absolute_url()).status_code == 200
    assert client_for(world.city_officer).get(far_document.get_absolute_url()).status_code == 200
    client.logout()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_officer_registers_a_document_with_its_pdf(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("规范化建设意见（定稿）.pdf", PDF, content_type="application/pdf")
    response = client_for(world.officer).post(reverse("cadres:document_create"),
                                              {**_data(world), "file": upload})
    document = Document.objects.get(number="渝中团发〔2025〕3号")
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.original_name == "规范化建设意见（定稿）.pdf"
    assert set(document.issuers.all()) == {world.league, world.education}
    download = client_for(world.secretary).get(
        reverse("cadres:document_file", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "filename*=utf-8''" in download["Content-Disposition"]
    assert client_for(world.far_officer).get(
        reverse("cadres:document_file", args=[document.pk])).status_code == 404


def test_a_fake_pdf_and_a_duplicate_number_are_refused(world, client_for, document, settings,
                                                       tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.officer)
    fake = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(reverse("cadres:document_create"), {**_data(world), "file": fake})
    assert "文件内容与其类型" in response.content.decode()
    response = client.post(reverse("cadres:document_create"),
                           _data(world, number=document.number))
    assert "已登记" in response.content.decode()
    assert Document.objects.count() == 1


def test_writes_are_refused_outside_the_role(world, client_for, document):
    for user in (world.secretary, world.leader, world.org_department):
        response = client_for(user).post(reverse("cadres:document_create"), _data(world))
        assert response.status_code == 403
        response = client_for(user).post(reverse("cadres:document_update", args=[document.pk]),
                                          _data(world, title="改"))
        assert response.status_code == 403
    assert client_for(world.far_officer).post(
        reverse("cadres:document_update", args=[document.pk]), _data(world)).status_code == 404
    document.refresh_from_db()
    assert document.title == "渝中区中学共青团工作规范化建设的意见"
    assert Document.objects.count() == 1


def test_issuers_of_another_district_are_refused(world, client_for):
    from tests.factories import OrganisationFactory

    far_org = OrganisationFactory(district=world.other_district)
    response = client_for(world.officer).post(reverse("cadres:document_create"),
                                              _data(world, issuers=[far_org.pk]))
    assert response.status_code == 200 and not Document.objects.exists()


def test_edit_keeps_or_clears_the_file(world, client_for, document, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.education_officer)
    url = reverse("cadres:document_update", args=[document.pk])
    upload = SimpleUploadedFile("意见.pdf", PDF)
    client.post(url, {**_data(world, number=document.number), "file": upload})
    document.refresh_from_db()
    assert document.original_name == "意见.pdf" and document.file
    client.post(url, _data(world, number=document.number, title="新标题"))
    document.refresh_from_db()
    assert document.title == "新标题" and document.original_name == "意见.pdf"
    client.post(url, {**_data(world, number=document.number), "file-clear": "on"})
    document.refresh_from_db()
    assert not document.file and document.original_name == ""


def test_a_crafted_issuer_id_is_refused_without_an_error(world, client_for):
    response = client_for(world.officer).post(reverse("cadres:document_create"),
                                              _data(world, issuers=[str(2**64), "abc"]))
    assert response.status_code == 200 and not Document.objects.exists()

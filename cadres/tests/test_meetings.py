"""Area meetings: create/edit within the district, photos, and the yearly view of who
missed every meeting of their area."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadres import areas
from cadres.demo.people import _png
from cadres.models import AreaMeeting, AreaMeetingPhoto
from cadres.tests.factories import AreaMeetingFactory, AreaMeetingPhotoFactory, CadreFactory
from portal import school_year
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

PNG = _png()  # a real 24 × 16 image: uploads are opened by Pillow


@pytest.fixture
def meeting(world):
    meeting = AreaMeetingFactory(district=world.district, area="解放碑片区",
                                 held_on=date(2025, 11, 12), host_school=world.school)
    meeting.attending_schools.set([world.school, world.other_school])
    return meeting


def _data(world, **extra):
    return {"area": "解放碑片区", "held_on": "2025-10-20", "topic": "团干部职业化发展座谈",
            "host_school": world.school.pk,
            "attending_schools": [world.school.pk, world.other_school.pk],
            "attending_cadres": [], "minutes": "交流团队活动课程建设经验。", **extra}


def test_officer_records_a_meeting(world, client_for):
    cadre = CadreFactory(school=world.school, name="周晓岚")
    response = client_for(world.officer).post(reverse("cadres:meeting_create"),
                                              _data(world, attending_cadres=[cadre.pk]))
    meeting = AreaMeeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert set(meeting.attending_schools.all()) == {world.school, world.other_school}
    assert list(meeting.attending_cadres.all()) == [cadre]
    page = client_for(world.secretary).get(meeting.get_absolute_url()).content.decode()
    assert "团干部职业化发展座谈" in page and "周晓岚" in page


def test_a_school_of_another_district_is_refused(world, client_for):
    client = client_for(world.officer)
    response = client.post(reverse("cadres:meeting_create"), _data(
        world, attending_schools=[world.school.pk, world.far_school.pk]))
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    response = client.post(reverse("cadres:meeting_create"),
                           _data(world, host_school=world.far_school.pk))
    far_cadre = CadreFactory(school=world.far_school)
    client.post(reverse("cadres:meeting_create"), _data(world, attending_cadres=[far_cadre.pk]))
    assert not AreaMeeting.objects.exists()


def test_the_host_school_must_be_in_the_area(world, client_for):
    SchoolFactory(district=world.district, area="大坪片区")
    response = client_for(world.officer).post(reverse("cadres:meeting_create"),
                                              _data(world, area="大坪片区"))
    assert "主办学校属于解放碑片区，而不是大坪片区" in response.content.decode()
    assert not AreaMeeting.objects.exists()


def test_the_service_refuses_other_districts_for_any_caller(world, meeting):
    from django.core.exceptions import ValidationError

    from cadres.forms_people import AreaMeetingForm
    from cadres.services.meetings import meeting_save

    form = AreaMeetingForm(_data(world), instance=meeting, district=world.district)
    assert form.is_valid()
    form.cleaned_data["attending_schools"] = [world.far_school]
    with pytest.raises(ValidationError):
        meeting_save(form=form, user=world.officer)


def test_writes_are_refused_outside_the_role(world, client_for, meeting):
    for user in (world.secretary, world.leader, world.org_department):
        client = client_for(user)
        assert client.post(reverse("cadres:meeting_create"), _data(world)).status_code == 403
        assert client.post(reverse("cadres:meeting_update", args=[meeting.pk]),
                           _data(world, topic="改")).status_code == 403
    assert client_for(world.far_officer).post(
        reverse("cadres:meeting_update", args=[meeting.pk]), _data(world)).status_code == 404
    meeting.refresh_from_db()
    assert meeting.topic == "德育和共青团工作交流" and AreaMeeting.objects.count() == 1


def test_reads_by_role(world, client_for, meeting, client):
    assert client_for(world.secretary).get(reverse("cadres:meeting_list")).status_code == 200
    assert client_for(world.secretary).get(meeting.get_absolute_url()).status_code == 200
    assert client_for(world.secretary).get(reverse("cadres:meeting_year")).status_code == 403
    assert client_for(world.far_officer).get(meeting.get_absolute_url()).status_code == 404
    assert "德育和共青团工作交流" not in client_for(world.far_officer).get(
        reverse("cadres:meeting_list")).content.decode()
    client.logout()
    assert client.get(meeting.get_absolute_url()).status_code == 302


def test_photos_upload_download_and_delete(world, client_for, meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.officer)
    url = reverse("cadres:photo_upload", args=[meeting.pk])
    response = client.post(url, {"photos": [SimpleUploadedFile("会场.png", PNG),
                                            SimpleUploadedFile("合影.png", PNG)]})
    assert response.status_code == 302
    assert {p.original_name for p in meeting.photos.all()} == {"合影.png", "会场.png"}
    response = client.post(url, {"photos": [SimpleUploadedFile("纪要.pdf", b"%PDF-1.4")]})
    assert "不接受" in response.content.decode()
    response = client.post(url, {"photos": [SimpleUploadedFile("假图.png", b"GIF89a....")]})
    assert meeting.photos.count() == 2
    photo = meeting.photos.first()
    download = client_for(world.secretary).get(reverse("cadres:photo_file", args=[photo.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert client_for(world.far_officer).get(
        reverse("cadres:photo_file", args=[photo.pk])).status_code == 404
    assert client_for(world.secretary).post(
        reverse("cadres:photo_delete", args=[photo.pk])).status_code == 403
    assert client_for(world.secretary).post(url, {
        "photos": [SimpleUploadedFile("x.png", PNG)]}).status_code == 403
    client_for(world.officer).post(reverse("cadres:photo_delete", args=[photo.pk]))
    assert not AreaMeetingPhoto.objects.filter(pk=photo.pk).exists()


# --- the yearly view -----------------------------------------------------------------------


@pytest.fixture
def area(world):
    """An area of three schools: A attends one meeting, B hosts the other, C attends none
    this school year (but did attend last year)."""
    a = SchoolFactory(district=world.district, area="大坪片区", name="大坪甲校")
    b = SchoolFactory(district=world.district, area="大坪片区", name="大坪乙校")
    c = SchoolFactory(district=world.district, area="大坪片区", name="大坪丙校")
    first = AreaMeetingFactory(district=world.district, area="大坪片区",
                               held_on=date(2025, 10, 10), host_school=None)
    first.attending_schools.set([a])
    AreaMeetingFactory(district=world.district, area="大坪片区", held_on=date(2026, 5, 10),
                       host_school=b)
    last_year = AreaMeetingFactory(district=world.district, area="大坪片区",
                                   held_on=date(2025, 6, 1), host_school=a)
    last_year.attending_schools.set([c])
    return a, b, c


def test_missed_every_meeting(world, area, meeting):
    a, b, c = area
    start, end = school_year.bounds(2025)
    rows = {r.area: r for r in areas.area_meetings(world.district.pk, start, end)}
    assert [s.name for s in rows["大坪片区"].missed] == ["大坪丙校"]
    assert len(rows["大坪片区"].meetings) == 2
    assert rows["解放碑片区"].missed == []  # both of its schools attended
    rows = {r.area: r for r in areas.area_meetings(world.district.pk,
                                                   *school_year.bounds(2024))}
    assert [m.held_on for m in rows["大坪片区"].meetings] == [date(2025, 6, 1)]
    assert {s.name for s in rows["大坪片区"].missed} == {"大坪乙校"}
    # An area that held no meeting has nothing to miss.
    assert rows["解放碑片区"].meetings == [] and rows["解放碑片区"].missed == []


def test_year_page(world, client_for, area, meeting):
    client = client_for(world.officer)
    page = client.get(reverse("cadres:meeting_year"), {"year": "2025"}).content.decode()
    dapingpart = page.split('data-area="大坪片区"')[1].split('class="card mb-3"')[0]
    assert "大坪丙校" in dapingpart and "大坪甲校" not in dapingpart.split("missed")[1]
    page = client.get(reverse("cadres:meeting_year"), {"year": "1999"})
    assert page.status_code == 200


def test_city_officer_chooses_the_district(world, client_for, area):
    client = client_for(world.city_officer)
    page = client.get(reverse("cadres:meeting_year"),
                      {"year": "2025", "district": world.district.pk}).content.decode()
    assert "大坪丙校" in page and 'name="district"' in page


@pytest.mark.parametrize("count", [2, 12])
def test_year_and_list_queries_do_not_grow(world, client_for, django_assert_max_num_queries,
                                           count):
    for n in range(count):
        school = SchoolFactory(district=world.district, area=f"片区{n % 4}")
        meeting = AreaMeetingFactory(district=world.district, area=school.area,
                                     held_on=date(2025, 10, 1 + n), host_school=school)
        meeting.attending_schools.set([school, world.school])
        AreaMeetingPhotoFactory(meeting=meeting)
    client = client_for(world.officer)
    client.get(reverse("home"))  # the first request after logging in writes the session
    # session, user, unread, the district's first school year, schools, meetings with hosts,
    # attendance
    with django_assert_max_num_queries(7):
        assert client.get(reverse("cadres:meeting_year"), {"year": "2025"}).status_code == 200
    # session, user, unread, areas, count, page with hosts
    with django_assert_max_num_queries(6):
        assert client.get(reverse("cadres:meeting_list")).status_code == 200


def test_crafted_ids_and_areas_are_refused_without_an_error(world, client_for, meeting):
    client = client_for(world.officer)
    response = client.post(reverse("cadres:meeting_create"), _data(
        world, attending_schools=[str(2**64)], attending_cadres=["-1e999"]))
    assert response.status_code == 200 and AreaMeeting.objects.count() == 1
    response = client.get(reverse("cadres:meeting_list"), {"area": "没有的片区"})
    assert response.status_code == 200 and "德育和共青团工作交流" in response.content.decode()
    assert client.get(reverse("cadres:meeting_list"), {"area": "片区\x00"}).status_code < 500

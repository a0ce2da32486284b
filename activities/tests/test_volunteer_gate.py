"""Issue 26 (2): the volunteer-hours gate cannot be emptied or padded. A record that counted
toward an admission is neither deleted nor changed (pages, imports, the admin), and no
record is dated in the future (form, service, import, model)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from activities import services
from activities.models import ActivitiesSettings
from activities.tests.factories import ApplicantFactory, VolunteerRecordFactory
from portal.imports import engine
from portal.tests.xlsx import xlsx
from schools.imports import VolunteerRecordImporter
from schools.models import Applicant, VolunteerRecord
from tests.concurrency import logged_in

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 12)
FROZEN = "has been admitted: the volunteer service that counted toward the admission can no " \
         "longer be changed or deleted"
FUTURE = "Volunteer service cannot be dated in the future."


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Today is TODAY, whatever the machine's date."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def admitted(world):
    """张明, admitted with exactly the 20 hours the district requires."""
    ActivitiesSettings.objects.create(district=world.district,
                                      required_volunteer_hours=Decimal("20"))
    applicant = ApplicantFactory(school=world.school, name="张明",
                                 status=Applicant.Status.UNDER_REVIEW)
    for day in (1, 2):
        VolunteerRecordFactory(applicant=applicant, hours=Decimal("10"),
                               date=date(2026, 4, day), activity="敬老")
    services.applicant_move(applicant=applicant, user=world.secretary, to="admitted")
    return applicant


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def hours(applicant) -> Decimal:
    return sum(r.hours for r in applicant.volunteer_records.all())


# --- after the admission ---------------------------------------------------------------------

def test_a_record_of_an_admitted_applicant_cannot_be_deleted(world, admitted):
    record = admitted.volunteer_records.first()
    for user in (world.secretary, world.officer):
        response = logged_in(user).post(reverse("activities:record_delete", args=[record.pk]))
        assert response.status_code == 302
        assert any(FROZEN in t for t in texts(response))
    assert hours(admitted) == Decimal("20")
    page = logged_in(world.secretary).get(admitted.get_absolute_url()).content.decode()
    assert reverse("activities:record_delete", args=[record.pk]) not in page  # not offered
    with pytest.raises(ValidationError, match=FROZEN):
        services.volunteer_record_delete(record=record)


def test_a_record_of_an_admitted_applicant_cannot_be_changed_but_service_may_be_added(
        world, admitted):
    record = admitted.volunteer_records.first()
    record.hours = Decimal("0.5")
    with pytest.raises(ValidationError, match=FROZEN):
        services.volunteer_record_save(record=record)
    other = ApplicantFactory(school=world.school)
    record.refresh_from_db()
    record.applicant = other  # nor moved to another applicant
    with pytest.raises(ValidationError, match=FROZEN):
        services.volunteer_record_save(record=record)
    assert hours(admitted) == Decimal("20")
    services.volunteer_record_save(record=VolunteerRecord(
        applicant=admitted, date=TODAY, hours=Decimal("1"), activity="植树", place="社区"))
    assert hours(admitted) == Decimal("21")


def test_before_the_admission_records_are_deleted_and_the_gate_counts_what_is_left(
        world):
    applicant = ApplicantFactory(school=world.school, status=Applicant.Status.UNDER_REVIEW)
    record = VolunteerRecordFactory(applicant=applicant, hours=Decimal("20"))
    response = logged_in(world.secretary).post(
        reverse("activities:record_delete", args=[record.pk]))
    assert "Deleted." in texts(response) and not applicant.volunteer_records.exists()
    with pytest.raises(ValidationError, match="cannot be admitted yet"):
        services.applicant_move(applicant=applicant, user=world.secretary, to="admitted")


def test_an_import_does_not_change_the_records_of_an_admitted_applicant(world, admitted):
    header = ["学校", "入团积极分子", "日期", "时长", "活动", "地点"]
    school = world.school.name

    def run(*rows):
        return engine.run(VolunteerRecordImporter(user=world.secretary, district=world.district),
                          xlsx([header, *rows]), write=True)

    lowered = run([school, "张明", "2026-04-01", 1, "敬老", "临江门社区市民学校"])
    assert [e.message for e in lowered.errors] == [
        f"张明 {FROZEN}."] and lowered.errors[0].column == "Hours"
    same = run([school, "张明", "2026-04-01", 10, "敬老", "临江门社区市民学校"])
    assert same.ok and same.skip == 1  # the same file again changes nothing: no error
    added = run([school, "张明", "2026-05-01", 2, "植树", "社区"])
    assert added.ok and added.create == 1
    assert hours(admitted) == Decimal("22")


def test_an_applicant_admitted_between_preview_and_import_keeps_the_records(world):
    ActivitiesSettings.objects.create(district=world.district,
                                      required_volunteer_hours=Decimal("20"))
    applicant = ApplicantFactory(school=world.school, name="李雷",
                                 status=Applicant.Status.UNDER_REVIEW)
    VolunteerRecordFactory(applicant=applicant, hours=Decimal("20"), date=date(2026, 4, 1),
                           activity="敬老")
    importer = VolunteerRecordImporter(user=world.secretary, district=world.district)
    data = xlsx([["学校", "入团积极分子", "日期", "时长", "活动", "地点"],
                 [world.school.name, "李雷", "2026-04-01", 1, "敬老", "社区"]])
    plan = importer.plan_rows

    def plan_then_admit(rows, progress=None):  # an officer admits 李雷 meanwhile
        planned = plan(rows, progress)
        services.applicant_move(applicant=applicant, user=world.officer, to="admitted")
        return planned

    importer.plan_rows = plan_then_admit
    result = engine.run(importer, data, write=True)
    assert not result.written and FROZEN in result.errors[0].message
    assert hours(applicant) == Decimal("20")


# --- no service in the future ---------------------------------------------------------------

def test_a_record_dated_in_the_future_is_refused_everywhere(world):
    applicant = ApplicantFactory(school=world.school, name="王芳")
    tomorrow = TODAY + timedelta(days=1)
    url = reverse("activities:record_create", args=[applicant.pk])
    client = logged_in(world.secretary)
    response = client.post(url, {"date": "2999-12-31", "hours": "20", "activity": "x",
                                 "place": "社区"})
    assert FUTURE in texts(response)
    client.post(url, {"date": tomorrow.isoformat(), "hours": "2", "activity": "x",
                      "place": "社区"})
    assert not VolunteerRecord.objects.exists()
    client.post(url, {"date": TODAY.isoformat(), "hours": "2", "activity": "x",
                      "place": "社区"})
    assert VolunteerRecord.objects.count() == 1  # today is not the future

    with pytest.raises(ValidationError, match=FUTURE):
        services.volunteer_record_save(record=VolunteerRecord(
            applicant=applicant, date=tomorrow, hours=Decimal("1"), activity="x", place="y"))
    with pytest.raises(ValidationError) as error:
        VolunteerRecord(applicant=applicant, date=tomorrow, hours=Decimal("1"), activity="x",
                        place="y").full_clean()
    assert error.value.message_dict == {"date": [FUTURE]}

    result = engine.run(VolunteerRecordImporter(user=world.secretary, district=world.district),
                        xlsx([["入团积极分子", "日期", "时长", "活动", "地点"],
                              ["王芳", "2999-12-31", 20, "植树", "社区"]]), write=True)
    # The importer's own answer for a date later than today (every "past" date column).
    assert [e.row for e in result.errors] == [2]
    assert "2999-12-31" in result.errors[0].message and not result.ok
    assert VolunteerRecord.objects.count() == 1


# --- the admin -----------------------------------------------------------------------------

def test_the_admin_neither_changes_nor_deletes_a_record_that_counted(world, client, admitted):
    client.force_login(world.admin)
    client.cookies["django_language"] = "en"
    record = admitted.volunteer_records.first()
    change = reverse("admin:schools_volunteerrecord_change", args=[record.pk])
    page = client.get(change)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(reverse("admin:schools_volunteerrecord_delete", args=[record.pk]),
                       {"post": "yes"}).status_code == 403
    client.post(reverse("admin:schools_volunteerrecord_changelist"), {
        "action": "delete_selected", "_selected_action": [record.pk], "post": "yes"})
    assert hours(admitted) == Decimal("20")
    applicant_page = client.get(reverse("admin:schools_applicant_change", args=[admitted.pk]))
    assert "status" not in applicant_page.context["adminform"].form.fields

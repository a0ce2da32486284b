"""Who may act, asked by each service of `cadres.services` itself: called directly (no view,
no scoping), the same roles of another district are refused (`portal.access.Refused`) and
nothing changes."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from cadres.models import Application, AreaMeetingPhoto, ReservePoolEntry
from cadres.models.secondments import Grade
from cadres.services import documents, meetings, people
from cadres.services import secondments as services
from cadres.tests.factories import (
    AreaMeetingFactory,
    AreaMeetingPhotoFactory,
    DocumentFactory,
    PostFactory,
    ReservePoolEntryFactory,
)
from cadres.tests.secondment_helpers import (
    make_application,
    make_cadre,
    make_round,
    make_secondment,
    today,
)
from portal.access import Refused
from portal.models import Organisation, Role
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
A = Application.Status


@pytest.fixture
def far(world):
    """Another district's organisation department and school secretary (its officer is
    `world.far_officer`)."""
    orgdep = OrganisationFactory(district=world.other_district, name="江北区委组织部",
                                 kind=Organisation.Kind.ORGANISATION_DEPARTMENT)
    return SimpleNamespace(
        officer=world.far_officer,
        orgdep=UserFactory(role=Role.ORGANISATION_DEPARTMENT, organisation=orgdep,
                           district=world.other_district),
        secretary=UserFactory(role=Role.SCHOOL_SECRETARY, school=world.far_school,
                              district=world.other_district))


def test_round_services_refuse_another_districts_officer(world, far):
    round = make_round(world)
    application = make_application(world, round=round)
    for call in (lambda: services.round_update(round=round, user=far.officer, title="改"),
                 lambda: services.application_shortlist(application=application,
                                                        user=far.officer),
                 lambda: services.application_select(application=application, user=far.officer),
                 lambda: services.application_decline(application=application,
                                                      user=far.officer),
                 lambda: services.round_close(round=round, user=far.officer)):
        with pytest.raises(Refused):
            call()
    application.refresh_from_db()
    round.refresh_from_db()
    assert application.status == A.SUBMITTED and round.title != "改"
    assert round.status == round.Status.OPEN


def test_applications_refuse_another_districts_secretary(world, far):
    round = make_round(world)
    with pytest.raises(Refused):
        services.application_submit(round=round, user=far.secretary, statement="愿意挂职",
                                    cadre=make_cadre(world.far_school))
    application = make_application(world, round=round)
    for user in (far.secretary, world.other_secretary):
        with pytest.raises(Refused):
            services.application_withdraw(application=application, user=user)
    assert list(round.applications.values_list("status", flat=True)) == [A.SUBMITTED]


def test_approval_and_the_pool_refuse_another_districts_organisation_department(world, far):
    selected = make_application(world, status=A.SELECTED)
    with pytest.raises(Refused):
        services.application_approve(application=selected, user=far.orgdep,
                                     document_number="渝中组〔2026〕1号")
    selected.refresh_from_db()
    assert selected.status == A.SELECTED
    secondment = make_secondment(world, result=Grade.QUALIFIED)
    secondment.result_on = today() - timedelta(days=5)
    secondment.save()
    with pytest.raises(Refused):
        services.reserve_enter(secondment=secondment, user=far.orgdep, basis="b",
                               school_support="s")
    assert not ReservePoolEntry.objects.filter(secondment=secondment).exists()
    entry = ReservePoolEntryFactory(district=world.district, added_by=world.org_department)
    with pytest.raises(Refused):
        services.reserve_leave(entry=entry, user=far.orgdep, reason="提任")
    entry.refresh_from_db()
    assert entry.left_on is None


def test_grading_refuses_every_body_of_another_district(world, far):
    secondment = make_secondment(world)
    for user in (far.officer, far.orgdep):
        with pytest.raises(Refused):
            services.assessment_record(secondment=secondment, user=user,
                                       grade=Grade.QUALIFIED)
    assert not secondment.assessments.exists()


def test_documents_and_meetings_refuse_another_districts_officer(world, far):
    document = DocumentFactory(district=world.district)
    with pytest.raises(Refused):
        documents.document_save(form=SimpleNamespace(instance=document, cleaned_data={}),
                                user=far.officer)
    meeting = AreaMeetingFactory(district=world.district)
    photo = AreaMeetingPhotoFactory(meeting=meeting)
    for call in (lambda: meetings.meeting_save(
                     form=SimpleNamespace(instance=meeting, cleaned_data={}), user=far.officer),
                 lambda: meetings.photos_add(meeting=meeting, files=[], user=far.officer),
                 lambda: meetings.photo_delete(photo=photo, user=far.officer)):
        with pytest.raises(Refused):
            call()
    assert AreaMeetingPhoto.objects.filter(pk=photo.pk).exists()


def test_posts_refuse_another_districts_officer_and_another_school(world, far):
    post = PostFactory(cadre=make_cadre(world.school), start=date(2024, 9, 1))
    for user in (far.officer, world.other_secretary, world.leader):
        with pytest.raises(Refused):
            people.post_end(post=post, user=user, end=date(2025, 7, 31))
    post.refresh_from_db()
    assert post.end is None
    assert people.can_edit_cadre(world.officer, post.cadre)
    assert people.can_edit_cadre(world.secretary, post.cadre)
    assert not people.can_edit_cadre(far.officer, post.cadre)

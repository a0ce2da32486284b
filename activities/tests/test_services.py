"""Who may act, asked by each service of `activities.services` itself: called directly (no
view, no scoping), another district's officer and another school's secretary are refused
(`portal.access.Refused`) and nothing changes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from activities import services
from activities.models import (
    Activity,
    ActivityCourse,
    Allocation,
    HonourSelection,
    MonthlyReport,
    Nomination,
    Spending,
    UnlockRequest,
)
from activities.tests.factories import (
    ActivityFactory,
    ApplicantFactory,
    FundFactory,
    NominationFactory,
    ReportFactory,
    SelectionFactory,
    VolunteerRecordFactory,
)
from portal.access import Refused
from schools.models import Applicant, VolunteerRecord

pytestmark = pytest.mark.django_db
S = MonthlyReport.Status


@pytest.fixture
def submitted(world, semesters):
    report = ReportFactory(school=world.school, status=S.SUBMITTED)
    ActivityFactory(report=report)
    return report


@pytest.fixture
def unlock(world, semesters):
    report = ReportFactory(school=world.school)
    return UnlockRequest.objects.create(report=report, reason="漏报", requested_by=world.secretary)


@pytest.fixture
def selection(world):
    return SelectionFactory(district=world.district)


@pytest.fixture
def fund(world):
    return FundFactory(district=world.district)


@pytest.fixture
def applicant(world):
    return ApplicantFactory(school=world.school)


def test_report_review_refuses_another_districts_officer(world, submitted):
    for call in (lambda: services.report_approve(report=submitted, user=world.far_officer),
                 lambda: services.report_return(report=submitted, user=world.far_officer,
                                                comment="补充照片")):
        with pytest.raises(Refused):
            call()
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED and not submitted.transitions.exists()
    services.report_approve(report=submitted, user=world.officer)
    submitted.refresh_from_db()
    assert submitted.status == S.APPROVED


def test_administrators_review_every_district(world, submitted):
    services.report_return(report=submitted, user=world.admin, comment="补充照片")
    submitted.refresh_from_db()
    assert submitted.status == S.RETURNED


def test_report_open_refuses_another_districts_officer_and_school(world, semesters):
    today = timezone.localdate()
    for user in (world.far_officer, world.other_secretary):
        with pytest.raises(Refused):
            services.report_open(school=world.school, year=today.year, month=today.month,
                                 user=user)
    assert not MonthlyReport.objects.exists()


def test_report_submit_and_unlock_request_refuse_another_school(world, report):
    ActivityFactory(report=report)
    with pytest.raises(Refused):
        services.report_submit(report=report, user=world.other_secretary)
    with pytest.raises(Refused):
        services.unlock_request_create(report=report, user=world.other_secretary, reason="漏报")
    report.refresh_from_db()
    assert report.status == S.DRAFT and not report.unlock_requests.exists()


def test_activity_changes_refuse_another_school(world, report):
    activity = ActivityFactory(report=report)
    with pytest.raises(Refused):
        services.activity_delete(activity=activity, user=world.other_secretary)
    with pytest.raises(Refused):
        services.activity_save(activity=activity, user=world.far_officer)
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_unlock_grant_refuses_another_districts_officer(world, unlock):
    with pytest.raises(Refused):
        services.unlock_request_grant(request=unlock, user=world.far_officer)
    unlock.refresh_from_db()
    assert unlock.granted_at is None
    services.unlock_request_grant(request=unlock, user=world.officer)
    unlock.refresh_from_db()
    assert unlock.granted_by == world.officer


def test_selection_services_refuse_another_districts_officer(world, selection):
    nomination = NominationFactory(selection=selection, school=world.school)
    with pytest.raises(Refused):
        services.selection_advance(selection=selection, user=world.far_officer)
    selection.refresh_from_db()
    assert selection.status == HonourSelection.Status.NOMINATING
    services.selection_advance(selection=selection, user=world.officer)
    with pytest.raises(Refused):
        services.nomination_decide(nomination=nomination, user=world.far_officer, accept=True)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.NOMINATED


def test_nominations_refuse_another_districts_and_another_schools_secretary(world, selection):
    far_selection = SelectionFactory(district=world.other_district)
    with pytest.raises(Refused):
        services.nomination_create(selection=far_selection, user=world.secretary,
                                   student_name="张明", class_name="初二1班")
    nomination = NominationFactory(selection=selection, school=world.school)
    with pytest.raises(Refused):
        services.nomination_withdraw(nomination=nomination, user=world.other_secretary)
    assert list(Nomination.objects.all()) == [nomination]


def test_fund_services_refuse_another_districts_officer(world, fund):
    with pytest.raises(Refused):
        services.allocation_create(fund=fund, user=world.far_officer, amount=Decimal("100"),
                                   school=world.school)
    assert not Allocation.objects.exists()
    allocation = services.allocation_create(fund=fund, user=world.officer,
                                            amount=Decimal("100"), school=world.school)
    with pytest.raises(Refused):
        services.spending_create(allocation=allocation, user=world.far_officer,
                                 amount=Decimal("10"), day=timezone.localdate(), note="奖品")
    assert not Spending.objects.exists()


def test_applicant_services_refuse_another_districts_officer(world, applicant):
    with pytest.raises(Refused):
        services.applicant_move(applicant=applicant, user=world.far_officer,
                                to=Applicant.Status.UNDER_REVIEW)
    with pytest.raises(Refused):
        services.applicant_move(applicant=applicant, user=world.other_secretary,
                                to=Applicant.Status.UNDER_REVIEW)
    applicant.refresh_from_db()
    assert applicant.status == Applicant.Status.APPLIED
    record = VolunteerRecordFactory(applicant=applicant)
    for user in (world.far_officer, world.other_secretary):
        with pytest.raises(Refused):
            services.volunteer_record_delete(record=record, user=user)
        with pytest.raises(Refused):
            services.volunteer_record_save(record=VolunteerRecord(
                applicant=applicant, date=timezone.localdate() - timedelta(days=1),
                place="社区", hours=Decimal("1"), activity="清洁"), user=user)
    assert list(VolunteerRecord.objects.all()) == [record]
    services.volunteer_record_delete(record=record, user=world.officer)
    assert not VolunteerRecord.objects.exists()


def test_course_create_refuses_another_schools_secretary(world, semesters):
    semester = semesters[1]
    with pytest.raises(Refused):
        services.course_create(school_id=world.school.pk, semester=semester,
                               course=ActivityCourse(class_hours_per_month=2),
                               user=world.other_secretary)
    assert not ActivityCourse.objects.exists()

"""What the school's pages draw from other apps, and the school's history as Excel."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity, MonthlyReport
from activities.tests.factories import (
    ActivityFactory,
    ApplicantFactory,
    ReportFactory,
    VolunteerRecordFactory,
)
from supervision.models import Inspection
from supervision.tests.factories import make_inspection

pytestmark = pytest.mark.django_db


def test_self_assessment_shows_reported_activities_and_volunteering(world, client_for):
    inspection = make_inspection(world)
    report = ReportFactory(school=world.school, status=MonthlyReport.Status.APPROVED)
    ActivityFactory(report=report, kind=Activity.Kind.CLASS_HOUR)
    ActivityFactory(report=report, kind=Activity.Kind.CLASS_HOUR)
    ActivityFactory(report=report, kind=Activity.Kind.DEMONSTRATION)
    draft = ReportFactory(school=world.other_school)  # another school's: not counted
    ActivityFactory(report=draft, kind=Activity.Kind.CLASS_HOUR)
    applicant = ApplicantFactory(school=world.school)
    VolunteerRecordFactory(applicant=applicant, hours=Decimal("3.5"))
    VolunteerRecordFactory(applicant=applicant, hours=Decimal("2.0"))
    page = client_for(world.secretary).get(
        reverse("supervision:self_assessment", args=[inspection.pk])).content.decode()
    assert "已报送月报 1 份，团队活动课 2 课时，示范性活动 1 次" in page
    assert "1 名入团积极分子累计志愿服务 5.5 小时" in page


def test_school_history_export(world, client_for):
    first = make_inspection(world, status=Inspection.Status.PUBLISHED, score=6)
    make_inspection(world, status=Inspection.Status.SUBMITTED, score=9)  # unpublished
    client = client_for(world.officer)
    response = client.get(reverse("supervision:school_history_export", args=[world.school.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "指标"
    assert len(rows[0]) == 2  # one column: the published inspection only
    assert rows[1] == ("团队衔接", 6)
    assert rows[-1][0] == "总分" and rows[-1][1] == pytest.approx(60.0)
    assert first.school == world.school


def test_school_history_export_is_scoped(world, client_for):
    url = reverse("supervision:school_history_export", args=[world.other_school.pk])
    assert client_for(world.secretary).get(url).status_code == 404
    assert client_for(world.far_officer).get(url).status_code == 404

"""Factories of the activities app (on top of tests/factories.py)."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityCourse,
    ActivitySession,
    Campaign,
    Fund,
    HonourSelection,
    MonthlyReport,
    Nomination,
    Semester,
)
from activities.models.calendar import deadline_for
from schools.models import Applicant, VolunteerRecord
from tests.factories import DistrictFactory, OrganisationFactory, SchoolFactory


class SemesterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Semester

    district = factory.SubFactory(DistrictFactory)
    school_year = 2025
    term = 1
    start = date(2025, 9, 1)
    end = date(2026, 1, 20)


def current_semesters(district):
    """Two semesters around today, so today's month is always a term month."""
    today = timezone.localdate()
    first = SemesterFactory(district=district, school_year=today.year - 1, term=1,
                            start=today - timedelta(days=200), end=today - timedelta(days=60))
    current = SemesterFactory(district=district, school_year=today.year, term=2,
                              start=today.replace(day=1) - timedelta(days=40),
                              end=today + timedelta(days=90))
    return first, current


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyReport

    school = factory.SubFactory(SchoolFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    month = factory.LazyFunction(lambda: timezone.localdate().month)
    deadline = factory.LazyAttribute(lambda o: deadline_for([], o.year, o.month)[0])
    closes_on = factory.LazyAttribute(lambda o: deadline_for([], o.year, o.month)[1])


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    report = factory.SubFactory(ReportFactory)
    kind = Activity.Kind.CLASS_HOUR
    date = factory.LazyAttribute(lambda o: date(o.report.year, o.report.month, 5))
    hours = Decimal("1.0")
    participants = 40


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityCourse

    school = factory.SubFactory(SchoolFactory)
    semester = factory.SubFactory(SemesterFactory)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivitySession

    course = factory.SubFactory(CourseFactory)
    theme = "创新、创业、创优"
    classes = "初二年级"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    district = factory.SubFactory(DistrictFactory)
    name = "雷锋榜样进校园"
    start = date(2020, 1, 1)
    end = date(2030, 12, 31)


class SelectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HonourSelection

    district = factory.SubFactory(DistrictFactory)
    name = "雷锋式好少年"
    year = 2026
    quota_per_school = 2
    nomination_opens = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    nomination_closes = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=5))


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    selection = factory.SubFactory(SelectionFactory)
    school = factory.SubFactory(SchoolFactory)
    student_name = factory.Sequence(lambda n: f"学生{n}")
    class_name = "初二1班"


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    district = factory.SubFactory(DistrictFactory)
    name = "青少年教育专项经费"
    source = factory.SubFactory(OrganisationFactory, name=factory.Sequence(lambda n: f"财政局{n}"))
    year = 2026
    purpose = Fund.Purpose.YOUTH_EDUCATION
    amount = Decimal("190000.00")


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"积极分子{n}")
    registered_on = date(2026, 3, 1)


class VolunteerRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerRecord

    applicant = factory.SubFactory(ApplicantFactory)
    date = date(2026, 4, 1)
    place = "临江门社区市民学校"
    hours = Decimal("2.0")
    activity = "社区清洁"

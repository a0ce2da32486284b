"""factory_boy factories for the whole project. Apps add their own factories here."""

import factory

from portal.models import District, Organisation, Role, User
from schools.models import Branch, CommunityPairing, Honour, School, SchoolUnit


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试区{n}")
    code = factory.Sequence(lambda n: f"district-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"组织{n}")
    kind = Organisation.Kind.LEAGUE_COMMITTEE


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"测试中学{n}")
    short_name = factory.Sequence(lambda n: f"测{n}")
    level = School.Level.MIDDLE
    area = "解放碑片区"


class SchoolUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolUnit

    school = factory.SubFactory(SchoolFactory)
    kind = SchoolUnit.Kind.LEAGUE_COMMITTEE
    leader_name = "王明"
    member_count = 120


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    school = factory.SubFactory(SchoolFactory)
    class_name = factory.Sequence(lambda n: f"初{n}班")
    grade = 8
    advisor = "李华"
    member_count = 12
    applicant_count = 4


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honour

    school = factory.SubFactory(SchoolFactory)
    title = Honour.Title.MAY_FOURTH_RED_FLAG
    level = Honour.Level.CITY
    year = 2024


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityPairing

    school = factory.SubFactory(SchoolFactory)
    community = factory.Sequence(lambda n: f"社区{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.DISTRICT_OFFICER
    password = factory.django.Password("pw-for-tests-1")

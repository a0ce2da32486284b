"""factory_boy factories for the cadres app."""

from datetime import date, timedelta

import factory

from cadres.models import (
    Application,
    AreaMeeting,
    Cadre,
    Document,
    Post,
    ReservePoolEntry,
    Secondment,
    SecondmentRound,
)
from tests.factories import DistrictFactory, SchoolFactory, UserFactory


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre

    school = factory.SubFactory(SchoolFactory)
    district = factory.LazyAttribute(lambda o: o.school.district if o.school else None)
    name = factory.Sequence(lambda n: f"干部{n}")
    gender = Cadre.Gender.FEMALE
    phone = "13812345678"
    id_number = factory.Sequence(lambda n: f"50010319900101{n:04d}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    cadre = factory.SubFactory(CadreFactory)
    kind = Post.Kind.LEAGUE_SECRETARY
    title = "团委书记"
    school = factory.LazyAttribute(lambda o: o.cadre.school)
    start = date(2024, 9, 1)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    district = factory.SubFactory(DistrictFactory)
    number = factory.Sequence(lambda n: f"渝中团发〔2024〕{n}号")
    title = factory.Sequence(lambda n: f"关于学校共青团工作的通知{n}")
    kind = Document.Kind.NOTICE
    issued_on = date(2024, 5, 20)


class AreaMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaMeeting

    district = factory.SubFactory(DistrictFactory)
    area = "解放碑片区"
    held_on = date(2024, 11, 12)
    topic = "德育和共青团工作交流"


class SecondmentRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecondmentRound

    district = factory.SubFactory(DistrictFactory)
    year = 2026
    title = factory.Sequence(lambda n: f"2026年学校团干部挂职公开选拔{n}")
    posts_on_offer = 2
    opens_on = factory.LazyFunction(lambda: date.today() - timedelta(days=5))
    closes_on = factory.LazyFunction(lambda: date.today() + timedelta(days=20))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    round = factory.SubFactory(SecondmentRoundFactory)
    cadre = factory.SubFactory(CadreFactory)
    school = factory.LazyAttribute(lambda o: o.cadre.school)
    statement = "热爱团的工作，有八年学校团干部经历。"
    submitted_by = factory.SubFactory(UserFactory)


class SecondmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Secondment

    application = factory.SubFactory(
        ApplicationFactory, status=Application.Status.APPROVED
    )
    cadre = factory.LazyAttribute(lambda o: o.application.cadre)
    district = factory.LazyAttribute(lambda o: o.application.round.district)
    post_title = "团区委学少部副部长"
    start = date(2025, 9, 1)
    end = date(2026, 8, 31)
    approval_document_number = "渝中组干〔2025〕12号"


class ReservePoolEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReservePoolEntry

    secondment = factory.SubFactory(SecondmentFactory, result="qualified",
                                    result_on=date(2026, 8, 20))
    cadre = factory.LazyAttribute(lambda o: o.secondment.cadre)
    district = factory.LazyAttribute(lambda o: o.secondment.district)
    entered_on = date(2026, 9, 10)
    basis = "挂职考核合格"
    school_support = "学校党委同意推荐"
    added_by = factory.SubFactory(UserFactory)


# People, posts, documents and meetings (cadres.tests.test_people & co.).


def valid_id_number(n: int = 1, birth: str = "19900101") -> str:
    """A resident identity number of 渝中区 with a correct check character."""
    from cadres.models.people import id_check_character

    first17 = f"500103{birth}{n % 1000:03d}"
    return first17 + id_check_character(first17)


class AreaMeetingPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cadres.AreaMeetingPhoto"

    meeting = factory.SubFactory(AreaMeetingFactory)
    image = factory.django.FileField(filename="photo.png", data=b"\x89PNG\r\n\x1a\n0000")
    original_name = "会场.png"

"""The demo district's reference data are fixtures (fixtures/*.json) that load into an empty
migrated database, and `seed_demo` builds its history around them: the schools the source
names with their honours and pairings, the cadres' posts and documents, and inspections in
every state."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from cadres.models import Cadre, Document, Post
from portal.models import District, Organisation
from schools.models import Applicant, CommunityPairing, Honour, School, VolunteerRecord
from supervision.models import Inspection

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
FILES = ["district.json", "schools.json", "cadres.json"]
# The source: 求精中学 and 二十九中 are 五四红旗团委, 人和街小学 a 红领巾示范校 …
HONOURS = {("求精中学", Honour.Title.MAY_FOURTH_RED_FLAG),
           ("二十九中", Honour.Title.MAY_FOURTH_RED_FLAG),
           ("人和街小学", Honour.Title.RED_SCARF_MODEL_SCHOOL)}
# … and 二十九中 and 四十二中 are paired with 临江门社区 and 人和街社区.
PAIRINGS = {("二十九中", "临江门社区"), ("四十二中", "人和街社区")}
NAMED = ["求精中学", "二十九中", "四十二中", "复旦中学", "五十七中", "大坪中学", "鼓楼中学",
         "人和街小学", "区职教中心"]


def load():
    call_command("loaddata", *[str(FIXTURES / name) for name in FILES], verbosity=0)


@pytest.mark.django_db
def test_fixtures_load_into_an_empty_database_with_the_source_facts():
    assert not District.objects.exists() and not School.objects.exists()
    load()
    district = District.objects.get(code="yuzhong")
    assert Organisation.objects.filter(district=district, short_name__in=[
        "团区委", "区教委", "区少工委", "区委组织部", "区财政局", "区检察院"]).count() == 6
    schools = set(School.objects.filter(district=district).values_list("short_name", flat=True))
    assert set(NAMED) <= schools
    assert set(Honour.objects.values_list("school__short_name", "title")) == HONOURS
    assert set(CommunityPairing.objects.values_list("school__short_name", "community")) \
        == PAIRINGS
    assert Document.objects.filter(district=district, number="渝中团发〔2014〕15号",
                                   title="渝中区中学共青团工作规范化建设的意见").exists()
    member = Post.objects.get(kind=Post.Kind.PARTY_COMMITTEE_MEMBER)
    assert member.cadre.name == "张敏" and member.document.number == "渝中组干〔2014〕47号"
    assert Post.objects.filter(kind=Post.Kind.MORAL_EDUCATION_OFFICE,
                               school__short_name__in=["求精中学", "二十九中", "四十二中"],
                               middle_management=True).count() == 3
    assert Cadre.objects.filter(school__short_name="鼓楼中学", name="林佳").exists()

    # Natural keys: loading again updates the rows named by them instead of adding new ones.
    counts = District.objects.count(), Organisation.objects.count(), School.objects.count(), \
        Document.objects.count(), Cadre.objects.count()
    call_command("loaddata", str(FIXTURES / "district.json"), verbosity=0)
    assert (District.objects.count(), Organisation.objects.count()) == counts[:2]


@pytest.mark.django_db
def test_seed_demo_uses_the_fixtures_and_has_inspections_in_every_state():
    call_command("seed_demo", password="pw-for-tests-1", stdout=open("/dev/null", "w"))
    assert set(Honour.objects.filter(school__short_name__in=NAMED).values_list(
        "school__short_name", "title")) == HONOURS
    assert set(CommunityPairing.objects.values_list("school__short_name", "community")) \
        == PAIRINGS
    assert not School.objects.filter(joined_on__isnull=True).exists()
    assert set(Inspection.objects.values_list("status", flat=True)) == set(
        Inspection.Status.values)
    # What has happened is dated today at the latest: no decision or volunteering ahead.
    today = timezone.localdate()
    assert not Applicant.objects.filter(decided_on__gt=today).exists()
    assert not VolunteerRecord.objects.filter(date__gt=today).exists()


@pytest.mark.django_db
def test_a_person_recorded_at_two_workplaces_has_a_natural_key_for_each(world):
    """An identity number is unique per workplace: the cadre's natural key names the school
    (or the organisation), and a dump of both records and their posts loads back onto them."""
    from django.core import serializers

    from cadres.tests.factories import CadreFactory, PostFactory, valid_id_number

    number = valid_id_number(31)
    here = CadreFactory(school=world.school, id_number=number)
    there = CadreFactory(school=None, organisation=world.league, district=world.district,
                         id_number=number)
    assert here.natural_key() == ("yuzhong", number, world.school.name, None)
    assert there.natural_key() == ("yuzhong", number, None, world.league.name)
    PostFactory(cadre=here, title="校团委书记")
    PostFactory(cadre=there, school=None, organisation=world.league, title="学校部部长")
    dump = serializers.serialize("json", [*Cadre.objects.all(), *Post.objects.all()],
                                 use_natural_foreign_keys=True, use_natural_primary_keys=True)
    Post.objects.all().delete()
    for obj in serializers.deserialize("json", dump):
        obj.save()
    assert Cadre.objects.count() == 2
    assert set(Post.objects.values_list("cadre_id", "title")) == {
        (here.pk, "校团委书记"), (there.pk, "学校部部长")}

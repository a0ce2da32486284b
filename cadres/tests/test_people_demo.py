"""The demo shows the source's cases (II.1, III.1–2): the deputy secretary on the education
Party working committee appointed by an organisation department document, the dual
directors, the moral-education posts of three secretaries, research staff, the registered
documents and area meetings with one school missing; seeding again adds nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from cadres import areas
from cadres.demo import people as demo_people
from cadres.models import AreaMeeting, Cadre, Document, Post
from cadres.models.people import validate_id_number, validate_phone
from portal import school_year
from portal.demo import DemoContext
from portal.demo import seed as seed_portal
from schools.demo import seed as seed_schools
from schools.models import School

K = Post.Kind


def counts():
    return [m.objects.count() for m in (Cadre, Post, Document, AreaMeeting)]


@pytest.mark.django_db
def test_seed_demo_holds_the_source_cases():
    call_command("seed_demo", password="pw-for-tests-1", stdout=open("/dev/null", "w"))
    today = timezone.localdate()
    current = Post.objects.current(today).select_related("cadre__organisation", "organisation",
                                                         "appointed_by", "document")

    member = current.get(kind=K.PARTY_COMMITTEE_MEMBER)
    assert member.is_concurrent and member.organisation.short_name == "区教育党工委"
    assert member.cadre.organisation.short_name == "团区委"
    assert member.appointed_by.short_name == "区委组织部"
    assert member.document.kind == Document.Kind.APPOINTMENT
    assert [o.short_name for o in member.document.issuers.all()] == ["区委组织部"]
    assert current.filter(cadre=member.cadre, kind=K.COMMITTEE_LEADER,
                          title__contains="副书记").exists()

    directors = current.filter(kind=K.PIONEERS_DIRECTOR)
    assert sorted(p.cadre.organisation.short_name for p in directors) == ["区教委", "团区委"]
    assert {p.basis for p in directors} == {"渝中区第九次少代会选举"}

    moral = current.filter(kind=K.MORAL_EDUCATION_OFFICE, title="德育处副主任",
                           is_concurrent=True, middle_management=True,
                           school__short_name__in=["求精中学", "二十九中", "四十二中"])
    assert moral.count() == 3
    assert all(p.cadre.school_id == p.school_id for p in moral)

    research = current.filter(kind=K.RESEARCH_STAFF)
    assert {p.cadre.organisation.short_name for p in research} == {"进修学院", "重庆教育学院"}

    opinion = Document.objects.get(title="渝中区中学共青团工作规范化建设的意见")
    assert opinion.kind == Document.Kind.OPINION and opinion.issued_on.month == 5
    assert opinion.standard is not None and opinion.standard.indicators.count() == 12
    assert opinion.file and opinion.original_name.endswith(".pdf")
    assert Document.objects.filter(allocation__isnull=False).exists()

    # Every school has its secretary cadre; 四十二中 and 鼓楼中学 are findable by name.
    assert not School.objects.filter(cadres__isnull=True).exists()
    assert Cadre.objects.filter(school__short_name="鼓楼中学", name="林佳").exists()
    assert Cadre.objects.get(school__short_name="求精中学").user.username == "qiujing"
    for cadre in Cadre.objects.all():
        validate_phone(cadre.phone)
        validate_id_number(cadre.id_number)

    # Meetings in every area this school year and last; one school missed all of its area's.
    year = school_year.start_year_of(today)
    for start_year in (year - 1, year):
        rows = areas.area_meetings(School.objects.first().district_id,
                                   *school_year.bounds(start_year))
        assert rows and all(r.meetings for r in rows)
    rows = areas.area_meetings(School.objects.first().district_id,
                               *school_year.bounds(year))
    assert [s.short_name for r in rows for s in r.missed] == ["区职教中心"]
    assert AreaMeeting.objects.filter(photos__isnull=False).exists()

    # Seeding the people again adds nothing.
    before = counts()
    ctx = DemoContext(password="pw-for-tests-1", school_count=0, years=2, today=today)
    seed_portal(ctx)
    seed_schools(ctx)
    demo_people.seed(ctx)
    assert counts() == before

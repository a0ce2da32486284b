"""Demo schools: the schools the source names (fixtures/schools.json), and as many generated
ones as asked for, with their units, branches and (generated ones) honours and pairings."""

from __future__ import annotations

from datetime import date

from portal.demo import DemoContext, ensure_secretary, load_fixture
from schools.models import Branch, CommunityPairing, Honour, School, SchoolUnit

M, P, C, V = (School.Level.MIDDLE, School.Level.PRIMARY, School.Level.COMPLETE_MIDDLE,
              School.Level.VOCATIONAL)

# The schools the source names, their honours and pairings are in fixtures/schools.json.
# The demo secretary account of each, by the school's short name:
SECRETARY_ACCOUNTS = {
    "求精中学": "qiujing", "二十九中": "erjiu", "四十二中": "sier", "复旦中学": "fudan",
    "五十七中": "wuqi", "大坪中学": "daping", "鼓楼中学": "gulou", "人和街小学": "renhejie",
    "区职教中心": "zhijiao", "巴蜀小学": "bashu", "中华路小学": "zhonghualu",
    "大坪小学": "dapingxiao",
}
GENERATED_PREFIX = "渝中区第"  # 渝中区第13学校, …: the schools `--schools N` adds
AREAS = ["解放碑片区", "上清寺片区", "大坪片区", "化龙桥片区"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "明华建平文静伟芳敏丽强磊军洋勇艳杰娟涛超"


def person(ctx: DemoContext) -> str:
    return ctx.rng.choice(SURNAMES) + ctx.rng.choice(GIVEN) + ctx.rng.choice(["", *GIVEN])


def seed(ctx: DemoContext) -> None:
    district = ctx.district
    joined = date(ctx.school_years[0], 9, 1)
    loaded = []
    if ctx.fresh:
        load_fixture("schools.json")
        # When a school joined the portal is a fact of the generated history, not of the source.
        loaded = list(School.objects.filter(district=district, joined_on__isnull=True))
        School.objects.filter(pk__in=[s.pk for s in loaded]).update(joined_on=joined)
    existing = set(School.objects.filter(district=district).values_list("name", flat=True))
    named = School.objects.filter(district=district).exclude(
        name__startswith=GENERATED_PREFIX).count()
    new_schools = []
    for n in range(named + 1, max(ctx.school_count, named) + 1):
        name = f"{GENERATED_PREFIX}{n}学校"
        if name not in existing:
            level = ctx.rng.choice([M, M, P, P, P, C, V])
            new_schools.append(School(district=district, name=name, short_name=f"第{n}校",
                                      level=level, area=ctx.rng.choice(AREAS), joined_on=joined))
    if new_schools:
        School.objects.bulk_create(new_schools)
    if loaded or new_schools:
        names = [s.name for s in loaded + new_schools]
        _seed_school_records(ctx, School.objects.filter(district=district, name__in=names)
                             .order_by("pk"))
        ctx.log.append(f"schools: {len(loaded)} loaded, {len(new_schools)} generated")
    for school in School.objects.filter(district=district,
                                        short_name__in=list(SECRETARY_ACCOUNTS)).order_by("pk"):
        title = "大队辅导员" if school.level == P else "团委书记"
        ensure_secretary(ctx, SECRETARY_ACCOUNTS[school.short_name], school,
                         f"{school.short_name}{title}")


def _seed_school_records(ctx: DemoContext, schools) -> None:
    units, branches, honours, pairings = [], [], [], []
    rng = ctx.rng
    for school in schools:
        if school.has_league:
            units.append(SchoolUnit(school=school, kind=SchoolUnit.Kind.LEAGUE_COMMITTEE,
                                    leader_name=person(ctx), member_count=rng.randint(80, 400),
                                    committee_size=rng.randint(5, 11), established=1980))
        if school.has_pioneers:
            units.append(SchoolUnit(school=school, kind=SchoolUnit.Kind.PIONEER_BRIGADE,
                                    leader_name=person(ctx), member_count=rng.randint(300, 1500),
                                    committee_size=rng.randint(7, 15), established=1985))
        grades = [7, 8, 9] if school.has_league else [3, 4, 5]
        if school.level == School.Level.VOCATIONAL:
            grades = [10, 11]
        for grade in grades:
            for n in range(1, rng.randint(2, 3) + 1):
                league = grade >= 7
                branches.append(Branch(
                    school=school,
                    kind=Branch.Kind.LEAGUE_BRANCH if league else Branch.Kind.PIONEER_SQUADRON,
                    class_name=f"{grade}年级{n}班" if grade < 10 else f"高{grade - 9}年级{n}班",
                    grade=grade, advisor=person(ctx),
                    member_count=rng.randint(5, 25) if league else rng.randint(35, 45),
                    applicant_count=rng.randint(2, 10) if league else 0,
                ))
    for school in schools:
        if not school.name.startswith(GENERATED_PREFIX):
            continue  # the named schools' honours and pairings come from the fixture
        if rng.random() < 0.15:
            title = (Honour.Title.RED_SCARF_MODEL_SCHOOL if school.level == School.Level.PRIMARY
                     else Honour.Title.MAY_FOURTH_RED_FLAG)
            honours.append(Honour(school=school, title=title, level=Honour.Level.DISTRICT,
                                  year=rng.choice(ctx.school_years), awarded_by="共青团渝中区委"))
        if school.has_league and rng.random() < 0.3:
            pairings.append(CommunityPairing(school=school, community=f"{school.area[:-2]}社区",
                                             citizen_school=f"{school.area[:-2]}社区市民学校",
                                             since=date(ctx.school_years[0], 10, 1)))
    SchoolUnit.objects.bulk_create(units)
    Branch.objects.bulk_create(branches)
    Honour.objects.bulk_create(honours)
    CommunityPairing.objects.bulk_create(pairings)

"""Demo schools: the schools the source names, and as many generated ones as asked for."""

from __future__ import annotations

from datetime import date

from portal.demo import DemoContext, ensure_secretary
from schools.models import Branch, CommunityPairing, Honour, School, SchoolUnit

M, P, C, V = (School.Level.MIDDLE, School.Level.PRIMARY, School.Level.COMPLETE_MIDDLE,
              School.Level.VOCATIONAL)

# name, short name, level, area, secretary username
NAMED_SCHOOLS = [
    ("重庆市求精中学", "求精中学", C, "解放碑片区", "qiujing"),
    ("重庆市第二十九中学", "二十九中", C, "解放碑片区", "erjiu"),
    ("重庆市第四十二中学", "四十二中", M, "上清寺片区", "sier"),
    ("重庆市复旦中学", "复旦中学", C, "上清寺片区", "fudan"),
    ("重庆市第五十七中学", "五十七中", M, "大坪片区", "wuqi"),
    ("重庆市大坪中学", "大坪中学", M, "大坪片区", "daping"),
    ("重庆市鼓楼中学", "鼓楼中学", M, "解放碑片区", "gulou"),
    ("渝中区人和街小学", "人和街小学", P, "上清寺片区", "renhejie"),
    ("重庆市渝中区职业教育中心", "区职教中心", V, "大坪片区", "zhijiao"),
    ("重庆市巴蜀小学", "巴蜀小学", P, "上清寺片区", "bashu"),
    ("渝中区中华路小学", "中华路小学", P, "解放碑片区", "zhonghualu"),
    ("渝中区大坪小学", "大坪小学", P, "大坪片区", "dapingxiao"),
]
AREAS = ["解放碑片区", "上清寺片区", "大坪片区", "化龙桥片区"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "明华建平文静伟芳敏丽强磊军洋勇艳杰娟涛超"


def person(ctx: DemoContext) -> str:
    return ctx.rng.choice(SURNAMES) + ctx.rng.choice(GIVEN) + ctx.rng.choice(["", *GIVEN])


def seed(ctx: DemoContext) -> None:
    district = ctx.district
    existing = set(School.objects.filter(district=district).values_list("name", flat=True))
    joined = date(ctx.school_years[0], 9, 1)
    new_schools = []
    for name, short, level, area, _username in NAMED_SCHOOLS:
        if name not in existing:
            address = f"重庆市渝中区{area[:-2]}路{ctx.rng.randint(1, 300)}号"
            new_schools.append(School(district=district, name=name, short_name=short,
                                      level=level, area=area, joined_on=joined, address=address))
    total = max(ctx.school_count, len(NAMED_SCHOOLS))
    for n in range(len(NAMED_SCHOOLS) + 1, total + 1):
        name = f"渝中区第{n}学校"
        if name not in existing:
            level = ctx.rng.choice([M, M, P, P, P, C, V])
            new_schools.append(School(district=district, name=name, short_name=f"第{n}校",
                                      level=level, area=ctx.rng.choice(AREAS), joined_on=joined))
    if new_schools:
        School.objects.bulk_create(new_schools)
        _seed_school_records(ctx, School.objects.filter(name__in=[s.name for s in new_schools]))
        ctx.log.append(f"schools: {len(new_schools)} added")
    for name, _short, _level, _area, username in NAMED_SCHOOLS:
        school = School.objects.get(district=district, name=name)
        title = "大队辅导员" if school.level == P else "团委书记"
        ensure_secretary(ctx, username, school, f"{school.short_name}{title}")


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
        if school.short_name in ("求精中学", "二十九中"):
            honours.append(Honour(school=school, title=Honour.Title.MAY_FOURTH_RED_FLAG,
                                  level=Honour.Level.CITY, year=2014, awarded_by="共青团重庆市委"))
        elif school.short_name == "人和街小学":
            honours.append(Honour(school=school, title=Honour.Title.RED_SCARF_MODEL_SCHOOL,
                                  level=Honour.Level.CITY, year=2013, awarded_by="重庆市少工委"))
        elif rng.random() < 0.15:
            title = (Honour.Title.RED_SCARF_MODEL_SCHOOL if school.level == School.Level.PRIMARY
                     else Honour.Title.MAY_FOURTH_RED_FLAG)
            honours.append(Honour(school=school, title=title, level=Honour.Level.DISTRICT,
                                  year=rng.choice(ctx.school_years), awarded_by="共青团渝中区委"))
        if school.short_name == "二十九中":
            pairings.append(CommunityPairing(school=school, community="临江门社区",
                                             citizen_school="临江门社区市民学校",
                                             since=date(2014, 5, 1), contact=person(ctx)))
        elif school.short_name == "四十二中":
            pairings.append(CommunityPairing(school=school, community="人和街社区",
                                             citizen_school="人和街社区市民学校",
                                             since=date(2014, 5, 1), contact=person(ctx)))
        elif school.has_league and rng.random() < 0.3:
            pairings.append(CommunityPairing(school=school, community=f"{school.area[:-2]}社区",
                                             citizen_school=f"{school.area[:-2]}社区市民学校",
                                             since=date(ctx.school_years[0], 10, 1)))
    SchoolUnit.objects.bulk_create(units)
    Branch.objects.bulk_create(branches)
    Honour.objects.bulk_create(honours)
    CommunityPairing.objects.bulk_create(pairings)

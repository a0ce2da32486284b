"""Demo cadres and posts, joint documents and area meetings: the source's cases (II.1,
III.1–2). Idempotent; a grown district (`--schools 500`) gets one secretary cadre per new
school in a few bulk inserts."""

from __future__ import annotations

import struct
import zlib
from datetime import date, timedelta

from django.core.files.base import ContentFile

from cadres.models import AreaMeeting, AreaMeetingPhoto, Cadre, Document, Post
from cadres.models.people import id_check_character
from portal.demo import DemoContext
from schools.demo import NAMED_SCHOOLS, person
from schools.models import School

K = Post.Kind
F, M = Cadre.Gender.FEMALE, Cadre.Gender.MALE

# The league secretary (or pioneer counsellor) of every named school, by short name.
SECRETARIES = {
    "求精中学": ("周晓岚", F), "二十九中": ("马骏", M), "四十二中": ("何雨婷", F),
    "复旦中学": ("罗文博", M), "五十七中": ("徐丽华", F), "大坪中学": ("郭志强", M),
    "鼓楼中学": ("林佳", F), "人和街小学": ("孙静", F), "区职教中心": ("胡涛", M),
    "巴蜀小学": ("高敏", F), "中华路小学": ("朱红", F), "大坪小学": ("黄磊", M),
}
# Source III.2: these secretaries are deputy heads of the moral-education office.
MORAL_EDUCATION = ("求精中学", "二十九中", "四十二中")
# The school that missed every meeting of its area this school year.
MISSING_SCHOOL = "区职教中心"
CONGRESS = "渝中区第九次少代会选举"

APPOINTMENT = "渝中组干〔2014〕47号"
STANDARD_OPINION = "渝中团发〔2014〕15号"
RESEARCH_NOTICE = "渝中团发〔2014〕28号"
FUND_NOTICE = "渝中财教〔2014〕63号"

# number, title, kind, direction, issuers (short names), date, summary
DOCUMENTS = [
    ("渝中团发〔2014〕9号", "共青团渝中区委关于开展学校共青团重点工作创新试点的实施方案",
     Document.Kind.PLAN, Document.Direction.ISSUED, ["团区委"], date(2014, 4, 28),
     "试点方向：工作协同机制完善与创新。"),
    (STANDARD_OPINION, "渝中区中学共青团工作规范化建设的意见", Document.Kind.OPINION,
     Document.Direction.ISSUED, ["团区委", "区教委"], date(2014, 5, 20),
     "从团队衔接、团员发展等12个方面规范中学共青团工作。"),
    (APPOINTMENT, "关于张敏同志兼任中共渝中区教育工作委员会委员的通知",
     Document.Kind.APPOINTMENT, Document.Direction.RECEIVED, ["区委组织部"], date(2014, 6, 10),
     "团区委分管学校共青团少先队工作的副书记兼任区教育党工委委员，列席区教育党工委会议。"),
    (RESEARCH_NOTICE, "关于聘任渝中区学校共青团、少先队教研员的通知",
     Document.Kind.APPOINTMENT, Document.Direction.ISSUED, ["团区委", "区教委"],
     date(2014, 9, 5), "选聘进修学院德育教研员和重庆教育学院教师兼任教研员。"),
    ("渝中团发〔2014〕31号",
     "转发团市委《关于将入团积极分子学雷锋、践行志愿精神作为入团考察重要内容的意见》的通知",
     Document.Kind.NOTICE, Document.Direction.ISSUED, ["团区委", "区教委"], date(2014, 9, 20),
     "把学雷锋和志愿服务细化到入团考察标准。"),
    (FUND_NOTICE, "关于下达青少年教育和未成年人保护专项经费的通知", Document.Kind.NOTICE,
     Document.Direction.RECEIVED, ["区财政局"], date(2014, 10, 8),
     "区财政划拨专项经费19万元，用于青少年教育和未成年人保护。"),
]


def seed(ctx: DemoContext) -> None:
    documents = _documents(ctx)
    _committee_leaders(ctx, documents)
    _research_staff(ctx, documents)
    added = _secretaries(ctx)
    _area_meetings(ctx)
    ctx.log.append(f"cadres: {Cadre.objects.filter(district=ctx.district).count()} cadres "
                   f"({added} added), {Document.objects.filter(district=ctx.district).count()}"
                   " joint documents")


def id_number(n: int, gender: str) -> str:
    """A well-formed identity number of 渝中区 (500103), unique for each n."""
    birth = date(1970, 1, 1) + timedelta(days=(n // 400) * 3 + n % 9000)
    sequence = (n % 400) * 2 + (1 if gender == M else 0)
    first17 = f"500103{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17)


def phone(n: int) -> str:
    return f"1{3 + n % 7}{(n * 7919) % 10**9:09d}"


def _pdf() -> bytes:
    """A one-page blank PDF, enough for the download to work."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)


def _png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x1f\x5f\xcc" * 24 for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 24, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _documents(ctx: DemoContext) -> dict[str, Document]:
    from activities.models import Allocation
    from supervision.models import Standard

    district, orgs = ctx.district, ctx.organisations
    found = {}
    for number, title, kind, direction, issuers, issued_on, summary in DOCUMENTS:
        document, created = Document.objects.get_or_create(
            district=district, number=number,
            defaults={"title": title, "kind": kind, "direction": direction,
                      "issued_on": issued_on, "summary": summary})
        if created:
            document.issuers.set([orgs[s] for s in issuers])
            if number == STANDARD_OPINION:
                document.standard = (Standard.objects.current()
                                     .filter(kind=Standard.Kind.MIDDLE_LEAGUE)
                                     .order_by("-version").first())
                document.original_name = f"{title}.pdf"
                document.file.save("standardisation-opinion.pdf", ContentFile(_pdf()),
                                   save=False)
            if number == FUND_NOTICE:
                document.allocation = (Allocation.objects.filter(fund__district=district)
                                       .order_by("pk").first())
            document.save()
        found[number] = document
    return found


def _cadre(ctx: DemoContext, n: int, name: str, gender: str, **where) -> tuple[Cadre, bool]:
    return Cadre.objects.get_or_create(
        district=ctx.district, name=name, **where,
        defaults={"gender": gender, "phone": phone(n), "id_number": id_number(n, gender)})


def _committee_leaders(ctx: DemoContext, documents: dict[str, Document]) -> None:
    """Source II.1: the deputy secretary on the education Party working committee, and the
    two directors of the pioneers work committee, one from each body."""
    orgs = ctx.organisations
    league, education = orgs["团区委"], orgs["区教委"]
    deputy, created = _cadre(ctx, 900001, "张敏", F, organisation=league)
    if created:
        Post.objects.bulk_create([
            Post(cadre=deputy, kind=K.OTHER, title="团区委学少部部长", organisation=league,
                 start=date(2009, 7, 1), end=date(2012, 2, 29), appointed_by=league),
            Post(cadre=deputy, kind=K.COMMITTEE_LEADER,
                 title="团区委副书记（分管学校共青团少先队工作）", organisation=league,
                 start=date(2012, 3, 1), appointed_by=orgs["区委组织部"]),
            Post(cadre=deputy, kind=K.PARTY_COMMITTEE_MEMBER, title="区教育党工委委员",
                 organisation=orgs["区教育党工委"], start=date(2014, 6, 10), is_concurrent=True,
                 appointed_by=orgs["区委组织部"], document=documents[APPOINTMENT],
                 basis="列席区教育党工委会议，参与决策"),
            Post(cadre=deputy, kind=K.PIONEERS_DIRECTOR, title="区少工委主任",
                 organisation=orgs["区少工委"], start=date(2014, 5, 30), is_concurrent=True,
                 basis=CONGRESS),
        ])
    director, created = _cadre(ctx, 900002, "李建华", M, organisation=education)
    if created:
        Post.objects.bulk_create([
            Post(cadre=director, kind=K.OTHER, title="区教委副主任（分管德育和少先队工作）",
                 organisation=education, start=date(2011, 9, 1)),
            Post(cadre=director, kind=K.PIONEERS_DIRECTOR, title="区少工委主任",
                 organisation=orgs["区少工委"], start=date(2014, 5, 30), is_concurrent=True,
                 basis=CONGRESS),
        ])


def _research_staff(ctx: DemoContext, documents: dict[str, Document]) -> None:
    """Source III.1: research staff from the teachers' college and Chongqing Education
    College."""
    orgs = ctx.organisations
    staff = [("王德明", M, "进修学院", "德育教研员"), ("陈静", F, "进修学院", "德育教研员"),
             ("杨柳", F, "重庆教育学院", "教育系讲师")]
    for i, (name, gender, college, main_title) in enumerate(staff):
        cadre, created = _cadre(ctx, 900010 + i, name, gender, organisation=orgs[college])
        if created:
            Post.objects.bulk_create([
                Post(cadre=cadre, kind=K.OTHER, title=main_title, organisation=orgs[college],
                     start=date(2008 + i, 9, 1)),
                Post(cadre=cadre, kind=K.RESEARCH_STAFF, title="渝中区学校共青团、少先队教研员",
                     organisation=orgs[college], start=date(2014, 9, 5), is_concurrent=True,
                     appointed_by=orgs["团区委"], document=documents[RESEARCH_NOTICE]),
            ])


def _secretaries(ctx: DemoContext) -> int:
    """One league secretary (or pioneer counsellor) cadre for every school that has none;
    the named schools' are tied to the demo secretary accounts."""
    district, rng = ctx.district, ctx.rng
    schools = list(School.objects.filter(district=district).exclude(
        pk__in=Cadre.objects.filter(district=district, school__isnull=False)
        .values("school_id")).order_by("pk"))
    if not schools:
        return 0
    users = {short: ctx.users.get(username) for _n, short, _l, _a, username in NAMED_SCHOOLS}
    cadres = []
    for school in schools:
        name, gender = SECRETARIES.get(school.short_name) or (person(ctx), rng.choice([F, M]))
        user = users.get(school.short_name)
        if user is not None and Cadre.objects.filter(user=user).exists():
            user = None
        cadres.append(Cadre(district=district, school=school, name=name, gender=gender,
                            phone=phone(school.pk), id_number=id_number(school.pk, gender),
                            user=user))
    Cadre.objects.bulk_create(cadres)
    by_school = {c.school_id: c for c in Cadre.objects.filter(school__in=schools)}
    first_year = ctx.school_years[0]
    posts = []
    for school in schools:
        cadre = by_school[school.pk]
        named = school.short_name in SECRETARIES
        primary = school.level == School.Level.PRIMARY
        start = date(2012, 9, 1) if named else date(first_year - rng.randint(0, 6), 9, 1)
        if named and not primary:
            posts.append(Post(cadre=cadre, kind=K.OTHER, title="校团委副书记", school=school,
                              start=date(2009, 9, 1), end=date(2012, 8, 31)))
        posts.append(Post(
            cadre=cadre, school=school, start=start,
            kind=K.PIONEER_COUNSELLOR if primary else K.LEAGUE_SECRETARY,
            title="少先队大队辅导员" if primary else "校团委书记"))
        moral = (school.short_name in MORAL_EDUCATION
                 or (not named and not primary and rng.random() < 0.3))
        if moral:
            standing = school.short_name in MORAL_EDUCATION or rng.random() < 0.6
            posts.append(Post(cadre=cadre, kind=K.MORAL_EDUCATION_OFFICE, title="德育处副主任",
                              school=school, start=date(2014, 9, 1) if named else start,
                              is_concurrent=True, middle_management=standing,
                              basis="学校党委任命"))
    Post.objects.bulk_create(posts)
    return len(cadres)


def _area_meetings(ctx: DemoContext) -> None:
    """Meetings in every area in the previous and the current school year; one school
    misses every meeting of its area this year."""
    district, rng, today = ctx.district, ctx.rng, ctx.today
    if AreaMeeting.objects.filter(district=district).exists():
        return
    schools = list(School.objects.filter(district=district, active=True).exclude(area="")
                   .order_by("name"))
    secretary = dict(Cadre.objects.filter(district=district, school__isnull=False)
                     .order_by("-pk").values_list("school_id", "pk"))
    by_area: dict[str, list[School]] = {}
    for school in schools:
        by_area.setdefault(school.area, []).append(school)
    current = today.year if today.month >= 9 else today.year - 1
    plan = [(current - 1, date(current - 1, 11, 12), "德育和共青团工作交流：团队活动课程建设"),
            (current - 1, date(current, 4, 16), "入团积极分子志愿服务考察经验交流"),
            (current, date(current, 10, 22), "学校团干部职业化发展座谈")]
    latest = today - timedelta(days=1)
    Through = AreaMeeting.attending_schools.through
    CadreThrough = AreaMeeting.attending_cadres.through
    school_rows, cadre_rows = [], []
    for area, members in sorted(by_area.items()):
        for i, (year, held_on, topic) in enumerate(plan):
            held_on = max(min(held_on, latest), date(year, 9, 1))
            hosts = [s for s in members[i:] + members[:i]
                     if not (year == current and s.short_name == MISSING_SCHOOL)]
            if not hosts:
                continue
            host = hosts[0]
            meeting = AreaMeeting.objects.create(
                district=district, area=area, held_on=held_on, topic=topic, host_school=host,
                minutes=f"{area}各校团委书记交流{topic[:8]}的做法，区教委德育科、团区委学少部到会指导。")
            for school in members:
                if year == current and school.short_name == MISSING_SCHOOL:
                    continue
                if school != host and school.short_name not in SECRETARIES \
                        and rng.random() < 0.15:
                    continue
                school_rows.append(Through(areameeting_id=meeting.pk, school_id=school.pk))
                if school.pk in secretary:
                    cadre_rows.append(CadreThrough(areameeting_id=meeting.pk,
                                                   cadre_id=secretary[school.pk]))
    Through.objects.bulk_create(school_rows, batch_size=2000)
    CadreThrough.objects.bulk_create(cadre_rows, batch_size=2000)
    first = (AreaMeeting.objects.filter(district=district, held_on__gte=date(current, 9, 1))
             .order_by("area", "pk").first())
    if first is not None:
        photo = AreaMeetingPhoto(meeting=first, original_name="片区交流会.png",
                                 caption="片区交流会现场")
        photo.image.save("area-meeting.png", ContentFile(_png()), save=True)

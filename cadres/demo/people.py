"""Demo cadres and posts, joint documents and area meetings: the source's cases (II.1,
III.1–2). Idempotent; a grown district (`--schools 500`) gets one secretary cadre per new
school in a few bulk inserts."""

from __future__ import annotations

import struct
import zlib
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db.models import Subquery

from cadres.models import AreaMeeting, AreaMeetingPhoto, Cadre, Document, Post
from cadres.models.people import id_check_character
from portal import school_year
from portal.demo import DemoContext, load_fixture
from schools.demo import SECRETARY_ACCOUNTS, person
from schools.models import School

K = Post.Kind
F, M = Cadre.Gender.FEMALE, Cadre.Gender.MALE

# The source's documents, the committee leaders, research staff and the named schools'
# secretaries with their posts are in fixtures/cadres.json. The school that missed every
# meeting of its area this school year:
MISSING_SCHOOL = "区职教中心"
STANDARD_OPINION = "渝中团发〔2014〕15号"
FUND_NOTICE = "渝中财教〔2014〕63号"
PILOT_PLAN = "渝中团发〔2014〕9号"  # the pilot's plan: the joint inspection and liaison meeting
VOLUNTEER_NOTICE = "渝中团发〔2014〕31号"  # forwards the city's opinion on volunteering


def seed(ctx: DemoContext) -> None:
    if ctx.fresh:
        load_fixture("cadres.json")
    _documents(ctx)
    _citations(ctx)
    _link_secretary_accounts(ctx)
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


def _documents(ctx: DemoContext) -> None:
    """What the fixture cannot hold: the opinion's standard and its PDF, the fund notice's
    allocation (both made by other seeders)."""
    from activities.models import Allocation
    from supervision.models import Standard

    district = ctx.district
    opinion = Document.objects.filter(district=district, number=STANDARD_OPINION).first()
    if opinion is not None and not opinion.file:
        opinion.standard = (Standard.objects.current()
                            .filter(kind=Standard.Kind.MIDDLE_LEAGUE)
                            .order_by("-version").first())
        opinion.original_name = f"{opinion.title}.pdf"
        opinion.file.save("standardisation-opinion.pdf", ContentFile(_pdf()), save=False)
        opinion.save()
    Document.objects.filter(district=district, number=FUND_NOTICE, allocation=None).update(
        allocation=Subquery(Allocation.objects.filter(fund__district=district).order_by("pk")
                            .values("pk")[:1]))


def _citations(ctx: DemoContext) -> None:
    """The source's 2014 documents cited where the demo has what they decided: the
    inspection plans follow the standardisation opinion, the liaison meetings the pilot's
    plan, the required volunteer hours the forwarded city opinion. Saved one by one, so each
    row's history says so (seed_demo's later runs find them cited and change nothing)."""
    from activities.models import ActivitiesSettings
    from supervision.models import CoordinationMeeting, InspectionPlan

    documents = {d.number: d for d in Document.objects.filter(
        district=ctx.district, number__in=[STANDARD_OPINION, PILOT_PLAN, VOLUNTEER_NOTICE])}
    officer = ctx.users.get("tuanqu")
    for model, number, field in [(InspectionPlan, STANDARD_OPINION, "document"),
                                 (CoordinationMeeting, PILOT_PLAN, "document"),
                                 (ActivitiesSettings, VOLUNTEER_NOTICE,
                                  "volunteer_hours_document")]:
        document = documents.get(number)
        if document is None:  # a district that edited its fixture
            continue
        for row in model.objects.filter(district=ctx.district, **{f"{field}__isnull": True}):
            setattr(row, field, document)
            row._change_reason = f"依据{number}"
            row._history_user = officer
            row.save(update_fields=[field])


def _link_secretary_accounts(ctx: DemoContext) -> None:
    """The named schools' secretary cadres (from the fixture) sign in with the demo
    secretary accounts."""
    linked = set(Cadre.objects.filter(user__isnull=False).values_list("user_id", flat=True))
    for short, username in SECRETARY_ACCOUNTS.items():
        user = ctx.users.get(username)
        if user is None or user.pk in linked:
            continue
        cadre = (Cadre.objects.filter(district=ctx.district, school__short_name=short,
                                      user__isnull=True,
                                      posts__kind__in=(K.LEAGUE_SECRETARY, K.PIONEER_COUNSELLOR))
                 .order_by("pk").first())
        if cadre is not None:
            cadre.user = user
            cadre.save(update_fields=["user"])


def _secretaries(ctx: DemoContext) -> int:
    """One league secretary (or pioneer counsellor) cadre for every school that has none;
    the named schools' are tied to the demo secretary accounts."""
    district, rng = ctx.district, ctx.rng
    schools = list(School.objects.filter(district=district).exclude(
        pk__in=Cadre.objects.filter(district=district, school__isnull=False)
        .values("school_id")).order_by("pk"))
    if not schools:
        return 0
    cadres = []
    for school in schools:
        gender = rng.choice([F, M])
        cadres.append(Cadre(district=district, school=school, name=person(ctx), gender=gender,
                            phone=phone(school.pk), id_number=id_number(school.pk, gender)))
    Cadre.objects.bulk_create(cadres)
    by_school = {c.school_id: c for c in Cadre.objects.filter(school__in=schools)}
    first_year = ctx.school_years[0]
    posts = []
    for school in schools:
        cadre = by_school[school.pk]
        primary = school.level == School.Level.PRIMARY
        start = date(first_year - rng.randint(0, 6), 9, 1)
        posts.append(Post(
            cadre=cadre, school=school, start=start,
            kind=K.PIONEER_COUNSELLOR if primary else K.LEAGUE_SECRETARY,
            title="少先队大队辅导员" if primary else "校团委书记"))
        if not primary and rng.random() < 0.3:
            standing = rng.random() < 0.6
            posts.append(Post(cadre=cadre, kind=K.MORAL_EDUCATION_OFFICE, title="德育处副主任",
                              school=school, start=start,
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
    current = school_year.start_year_of(today)
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
                if school != host and school.short_name not in SECRETARY_ACCOUNTS \
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

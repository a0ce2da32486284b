"""Demo data of the secondment cycle: a completed round (about a year and a half ago) whose two
secondees — from 第四十二中学 and 鼓楼中学 — were assessed by all three bodies, one of them
now in the reserve pool; and an open round taking applications around today. Built through
the services (so the history and notifications are the real ones), then dated back.
Idempotent: a round that exists is left as it is. With generated schools (`--schools N`),
every fourth one applies to the open round (bulk-created), for `make bench`."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from cadres.models import Application, Cadre, Document, Post, SecondmentRound
from cadres.models.secondments import Grade, add_months
from cadres.services import secondments as services
from cadres.services.documents import link_recorded_number
from schools.models import School

OUTSTANDING, QUALIFIED = Grade.OUTSTANDING, Grade.QUALIFIED
REQUIREMENTS = ("中共党员或共青团员，具有3年以上学校团队工作经历；\n"
                "热爱青少年工作，懂专业、有热情，群众基础好；\n"
                "经所在学校党组织同意推荐。")
# short name of the school, cadre name (created only when the school has no cadre yet)
PAST_SECONDEES = [("四十二中", "王静"), ("鼓楼中学", "张磊")]
PAST_OTHERS = [("复旦中学", "陈芳")]
OPEN_APPLICANTS = [("求精中学", "刘洋"), ("二十九中", "黄敏"), ("复旦中学", "陈芳"),
                   ("五十七中", "周杰")]
GRADES = {  # body → grade, per secondee: 四十二中 outstanding, 鼓楼中学 qualified
    "四十二中": {"organisation_department": OUTSTANDING, "league_committee": OUTSTANDING,
             "education_commission": QUALIFIED},
    "鼓楼中学": {"organisation_department": QUALIFIED, "league_committee": QUALIFIED,
             "education_commission": QUALIFIED},
}
STATEMENTS = {
    "四十二中": "担任学校团委书记六年，兼任德育处副主任，组织“科技周”等主题团日活动，"
             "学校团委获评市级五四红旗团委。",
    "鼓楼中学": "从事学校团队工作五年，推动团队活动课程进课表，带领团员开展社区志愿服务。",
}


def _id_number(n: int) -> str:
    first17 = f"5001031988{(n % 12) + 1:02d}15{n % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def _cadre(ctx, short_name: str, name: str, n: int) -> Cadre:
    """The school's league secretary as recorded by the people seeder, or a cadre of ours."""
    school = School.objects.get(district=ctx.district, short_name=short_name)
    found = (Cadre.objects.filter(school=school, posts__kind=Post.Kind.LEAGUE_SECRETARY)
             .order_by("pk").first()
             or Cadre.objects.filter(school=school, name=name).order_by("pk").first())
    if found:
        return found
    return Cadre.objects.create(district=ctx.district, school=school, name=name,
                                gender=Cadre.Gender.FEMALE if n % 2 else Cadre.Gender.MALE,
                                phone=f"1380236{n:04d}", id_number=_id_number(n))


def _notice(ctx, number: str, title: str, issued_on) -> Document:
    notice, created = Document.objects.get_or_create(
        district=ctx.district, number=number,
        defaults={"title": title, "kind": Document.Kind.NOTICE, "issued_on": issued_on,
                  "summary": "团区委、区教委联合发文，面向全区学校团队干部公开选拔挂职干部。"})
    if created:
        notice.issuers.set([ctx.organisations["团区委"], ctx.organisations["区教委"]])
    return notice


def _approval(ctx, number: str, name: str, start) -> Document:
    document, created = Document.objects.get_or_create(
        district=ctx.district, number=number,
        defaults={"title": f"关于{name}同志挂职任团区委学少部副部长的通知",
                  "kind": Document.Kind.APPOINTMENT, "direction": Document.Direction.RECEIVED,
                  "issued_on": start - timedelta(days=5),
                  "summary": "经区委组织部同意，挂职团区委学少部副部长，挂职期限一年。"})
    if created:
        document.issuers.set([ctx.organisations["区委组织部"]])
        link_recorded_number(document, ctx.users["tuanqu"])  # the fixture's post records it
    return document


def _secretary(ctx, school: School):
    return next(u for u in ctx.users.values() if u.school_id == school.pk)


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed(ctx) -> None:
    _completed_round(ctx)
    _open_round(ctx)


def _completed_round(ctx) -> None:
    officer, education, orgdep = ctx.users["tuanqu"], ctx.users["jiaowei"], ctx.users["zuzhibu"]
    start = add_months(ctx.today.replace(day=1), -18)
    year = start.year
    title = f"{year}年渝中区学校团干部挂职锻炼公开选拔"
    if SecondmentRound.objects.filter(district=ctx.district, title=title).exists():
        return
    opens_on, closes_on = start - timedelta(days=60), start - timedelta(days=40)
    notice = _notice(ctx, f"渝中团发〔{year}〕8号",
                     f"关于开展{year}年学校团干部挂职锻炼公开选拔工作的通知",
                     opens_on - timedelta(days=3))
    round = services.round_open(user=officer, year=year, title=title, posts_on_offer=2,
                                requirements=REQUIREMENTS, opens_on=opens_on,
                                closes_on=closes_on, term_months=12, notice=notice)
    applied = []
    for n, (short, name) in enumerate(PAST_SECONDEES + PAST_OTHERS, start=1):
        cadre = _cadre(ctx, short, name, n)
        applied.append(services.application_submit(
            round=round, user=_secretary(ctx, cadre.school), cadre=cadre,
            statement=STATEMENTS.get(short, "热爱学校团队工作，希望到团区委挂职锻炼。"),
            today=opens_on + timedelta(days=n)))
    for application in applied[:2]:
        services.application_shortlist(application=application, user=officer)
        services.application_select(application=application, user=education)
    services.round_close(round=round, user=officer)
    Application.objects.filter(round=round).update(submitted_at=_at(opens_on + timedelta(days=3)),
                                                   decided_at=_at(closes_on + timedelta(days=5)))
    for n, application in enumerate(applied[:2], start=12):
        # the first approval is chosen from the register; the second's number is not in it
        # yet (the officers' to-do list offers to register it)
        number = f"渝中组干〔{year}〕{n}号"
        document = _approval(ctx, number, application.cadre.name, start) if n == 12 else None
        secondment = services.application_approve(
            application=application, user=orgdep, document=document,
            document_number="" if document else number, start=start)
        short = application.cadre.school.short_name
        grades = GRADES.get(short, GRADES["鼓楼中学"])
        on = secondment.end - timedelta(days=10)
        for user in (orgdep, officer, education):
            body = services.assessing_body(user, ctx.district.pk)
            services.assessment_record(secondment=secondment, user=user, grade=grades[body],
                                       comments="挂职期间工作认真负责，较好完成学少部各项工作。",
                                       today=on)
        secondment.refresh_from_db()
        if secondment.result == OUTSTANDING:
            services.reserve_enter(
                secondment=secondment, user=orgdep,
                basis=f"挂职考核优秀（{secondment.result_on:%Y年%m月}）",
                school_support="学校党委研究同意推荐，在校表现优秀、群众基础广泛",
                entered_on=secondment.result_on + timedelta(days=20))
    ctx.log.append(f"cadres: completed secondment round {title}")


def _open_round(ctx) -> None:
    officer = ctx.users["tuanqu"]
    year = ctx.today.year
    title = f"{year}年渝中区学校团干部挂职锻炼公开选拔（第二批）"
    round = SecondmentRound.objects.filter(district=ctx.district, title=title).first()
    if round is None:
        opens_on = ctx.today - timedelta(days=7)
        notice = _notice(ctx, f"渝中团发〔{year}〕21号",
                         f"关于开展{year}年第二批学校团干部挂职锻炼公开选拔工作的通知",
                         opens_on - timedelta(days=2))
        round = services.round_open(user=officer, year=year, title=title, posts_on_offer=2,
                                    requirements=REQUIREMENTS, opens_on=opens_on,
                                    closes_on=ctx.today + timedelta(days=14), term_months=12,
                                    notice=notice)
        for n, (short, name) in enumerate(OPEN_APPLICANTS, start=21):
            cadre = _cadre(ctx, short, name, n)
            application = services.application_submit(
                round=round, user=_secretary(ctx, cadre.school), cadre=cadre,
                statement="热爱学校团队工作，有多年学校团干部经历，希望到团区委学少部挂职锻炼。",
                today=ctx.today)
            if short == "复旦中学":
                services.application_shortlist(application=application, user=officer)
    if ctx.school_count:
        _bulk_applications(ctx, round)


def _bulk_applications(ctx, round: SecondmentRound) -> None:
    """Every fourth generated school applies (one cadre each), in a few bulk queries."""
    applied = set(round.applications.values_list("school_id", flat=True))
    schools = [s for i, s in enumerate(School.objects.filter(
        district=ctx.district, name__startswith="渝中区第").order_by("pk")) if i % 4 == 0
        and s.pk not in applied]
    if not schools:
        return
    have = {c.school_id: c for c in Cadre.objects.filter(school__in=schools).order_by("-pk")}
    new = [Cadre(district=ctx.district, school=s, name=f"{s.short_name}团委书记",
                 gender=Cadre.Gender.FEMALE, phone=f"1390236{s.pk % 10000:04d}")
           for s in schools if s.pk not in have]
    for cadre in Cadre.objects.bulk_create(new):
        have[cadre.school_id] = cadre
    Application.objects.bulk_create(
        Application(round=round, cadre=have[s.pk], school=s, submitted_by=ctx.users["tuanqu"],
                    statement="热爱学校团队工作，希望到团区委挂职锻炼。")
        for s in schools)

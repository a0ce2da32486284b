"""Demo activities: the school calendar of every demo school year, activity courses, monthly
reports in every state with realistic gaps, campaigns, honour selections (about 300 honoured
youths), applicants with volunteer service, and the 190,000-yuan special funds of the source.
Built with bulk_create; idempotent (nothing is added when the district has semesters)."""

from __future__ import annotations

import math
import struct
import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from activities.models import (
    ActivitiesSettings,
    Activity,
    ActivityCourse,
    ActivityPhoto,
    ActivitySession,
    Allocation,
    Campaign,
    Fund,
    HonourSelection,
    MonthlyReport,
    Nomination,
    ReportTransition,
    Semester,
    Spending,
    UnlockRequest,
)
from activities.models.calendar import deadline_for
from portal.demo import DemoContext
from schools.demo import GENERATED_PREFIX, person
from schools.models import Applicant, School, VolunteerRecord

S = MonthlyReport.Status
K = Activity.Kind
THEMES = ["创新、创业、创优", "科技周", "科技节", "学雷锋志愿服务", "主题团课：青春向党",
          "红领巾心向党", "法治进校园", "文明礼仪", "国家安全教育", "劳动教育"]
OTHER_KINDS = [(K.THEME_DAY, "主题团日活动"), (K.VOLUNTEER, "社区志愿服务"),
               (K.SCIENCE, "科技节展示"), (K.VISIT, "参观红岩革命纪念馆"),
               (K.CAMPAIGN, "主题活动")]


def seed(ctx: DemoContext) -> None:
    district = ctx.district
    first = not Semester.objects.filter(district=district).exists()
    if first:
        ActivitiesSettings.objects.get_or_create(district=district)
        semesters, campaigns = _semesters(ctx), _campaigns(ctx)
    else:
        semesters = list(Semester.objects.filter(district=district).order_by("start"))
        campaigns = list(Campaign.objects.filter(district=district).order_by("start"))
    schools = list(School.objects.filter(district=district).order_by("pk"))
    # Schools added since the last run (seed_demo may grow the district) get their history.
    seeded = set(MonthlyReport.objects.filter(school__district=district)
                 .values_list("school_id", flat=True).distinct())
    seeded |= set(ActivityCourse.objects.filter(school__district=district)
                  .values_list("school_id", flat=True).distinct())
    new = [s for s in schools if s.pk not in seeded]
    if new:
        _joined_mid_year(ctx, new)
        _courses(ctx, new, semesters)
        _reports(ctx, new, semesters, campaigns)
        _applicants(ctx, new)
    if first:
        _honours(ctx, schools)
        _selection_campaigns(ctx, campaigns)
        _funds(ctx, campaigns)
    ctx.log.append(f"activities: {MonthlyReport.objects.filter(school__district=district).count()}"
                   " monthly reports")


def _semesters(ctx) -> list[Semester]:
    rows = []
    for y in ctx.school_years:
        rows.append(Semester(district=ctx.district, school_year=y, term=1,
                             name=f"{y}-{y + 1}学年第一学期", start=date(y, 9, 1),
                             end=date(y + 1, 1, 16)))
        rows.append(Semester(district=ctx.district, school_year=y, term=2,
                             name=f"{y}-{y + 1}学年第二学期", start=date(y + 1, 2, 23),
                             end=date(y + 1, 7, 3)))
    return Semester.objects.bulk_create(rows)


def _campaigns(ctx) -> list[Campaign]:
    partners = [ctx.organisations["区委宣传部"], ctx.organisations["区文明办"]]
    rows = []
    for y in ctx.school_years:
        rows += [
            Campaign(district=ctx.district, name="中秋", start=date(y, 9, 1),
                     end=date(y, 9, 30), description="我们的节日·中秋"),
            Campaign(district=ctx.district, name="文明城区", start=date(y, 10, 1),
                     end=date(y, 12, 31), description="创建全国文明城区，学生志愿者在行动"),
            Campaign(district=ctx.district, name="雷锋榜样进校园", start=date(y + 1, 3, 1),
                     end=date(y + 1, 3, 31), description="学雷锋月，榜样进校园宣讲"),
            Campaign(district=ctx.district, name="端午", start=date(y + 1, 5, 20),
                     end=date(y + 1, 6, 20), description="我们的节日·端午"),
        ]
    campaigns = Campaign.objects.bulk_create(rows)
    through = Campaign.partners.through
    through.objects.bulk_create([through(campaign_id=c.pk, organisation_id=p.pk)
                                 for c in campaigns for p in partners])
    return campaigns


def _joined_mid_year(ctx, schools) -> None:
    """A few generated schools joined the portal during the current school year."""
    late = [s for s in schools
            if s.name.startswith(GENERATED_PREFIX) and ctx.rng.random() < 0.05]
    joined = date(ctx.school_years[-1], 11, 1)
    for s in late:
        s.joined_on = joined
    School.objects.bulk_update(late, ["joined_on"])


def _profile(ctx, school) -> str:
    if school.short_name in ("求精中学", "二十九中", "人和街小学"):
        return "good"
    if school.short_name == "大坪中学":
        return "bad"
    return ctx.rng.choices(["good", "sloppy", "bad"], [70, 22, 8])[0]


def _courses(ctx, schools, semesters) -> None:
    today = ctx.today
    courses = []
    for sem in semesters:
        if sem.start > today:
            continue
        for school in schools:
            if ctx.rng.random() < 0.06 and school.short_name != "求精中学":
                continue  # some schools never set their course
            courses.append(ActivityCourse(
                school=school, semester=sem, class_hours_per_month=1,
                timetable_slot=ctx.rng.choice(["周五第7节", "周三第8节", "周一班会课"]),
                demonstration_plan=ctx.rng.choice(["“青春心向党”主题团日展示",
                                                   "红领巾示范性队会", "五四青年节入团仪式"])))
    courses = ActivityCourse.objects.bulk_create(courses)
    sem_by_id = {s.pk: s for s in semesters}
    sessions = []
    for course in courses:
        sem = sem_by_id[course.semester_id]
        for y, m in sem.term_months:
            day = date(y, m, ctx.rng.randint(3, 26))
            sessions.append(ActivitySession(course=course, date=day,
                                            period=ctx.rng.randint(6, 8),
                                            classes=ctx.rng.choice(["初一年级", "初二年级",
                                                                    "全校", "四、五年级"]),
                                            theme=ctx.rng.choice(THEMES)))
    ActivitySession.objects.bulk_create(sessions, batch_size=2000)


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _reports(ctx, schools, semesters, campaigns) -> None:
    rng, today = ctx.rng, ctx.today
    partners = [ctx.organisations[n] for n in ("区委宣传部", "区文明办", "区检察院",
                                              "临江门社区")]
    reviewers = [ctx.users["tuanqu"], ctx.users["jiaowei"]]
    secretaries = {u.school_id: u for u in ctx.users.values() if u.school_id}
    months = sorted({m for s in semesters for m in s.term_months
                     if date(m[0], m[1], 1) <= today})
    current = (today.year, today.month)
    if current not in months:
        months.append(current)
    due = [mm for mm in months if deadline_for(semesters, *mm)[0] < today]
    latest_due = due[-1] if due else None
    demo_month = {s.pk: rng.choice(s.term_months) for s in semesters}
    reports, plans = [], []
    for school in schools:
        profile = _profile(ctx, school)
        miss, late_p, no_class = {"good": (0.01, 0.04, 0.02), "sloppy": (0.08, 0.3, 0.12),
                                  "bad": (0.3, 0.5, 0.3)}[profile]
        skip_demo = {s.pk for s in semesters if rng.random() < {"good": 0.03, "sloppy": 0.2,
                                                                 "bad": 0.5}[profile]}
        for y, m in months:
            if school.joined_on and school.joined_on > date(y, m, 1):
                continue
            deadline, closes = deadline_for(semesters, y, m)
            is_current = (y, m) == current
            if is_current and rng.random() < 0.5 and school.short_name != "求精中学":
                continue
            abandoned = False
            if not is_current and rng.random() < miss and school.short_name != "求精中学":
                if rng.random() < 0.6:
                    continue  # never reported
                abandoned = True  # started, never submitted
            report = MonthlyReport(school=school, year=y, month=m, deadline=deadline,
                                   closes_on=closes)
            due_passed = today > deadline
            if is_current or abandoned or (not due_passed and rng.random() < 0.5):
                report.status = S.DRAFT
            else:
                late = rng.random() < late_p
                sub = deadline + timedelta(days=rng.randint(1, 15)) if late else \
                    deadline - timedelta(days=rng.randint(0, 9))
                sub = min(sub, today)
                report.first_submitted_on = sub
                report.submitted_at = _aware(sub, 16)
                report.submitted_by = secretaries.get(school.pk)
                age = (today - sub).days
                roll = rng.random()
                if ((y, m) == latest_due and roll < 0.5) or (age < 12 and roll < 0.6):
                    report.status = S.SUBMITTED
                elif roll < 0.04:
                    report.status = S.RETURNED
                    report.return_comment = "请补充活动照片和参加人数"
                else:
                    report.status = S.APPROVED
                if report.status != S.SUBMITTED:
                    report.reviewed_by = rng.choice(reviewers)
                    report.reviewed_at = _aware(min(sub + timedelta(days=rng.randint(1, 6)),
                                                    today), 10)
            sem = next((s for s in semesters if (y, m) in s.term_months), None)
            demo = sem is not None and demo_month[sem.pk] == (y, m) and sem.pk not in skip_demo
            reports.append(report)
            plans.append((report, not (rng.random() < no_class), demo))
    MonthlyReport.objects.bulk_create(reports, batch_size=2000)
    campaign_of = {}
    for c in campaigns:
        d = c.start
        while d <= c.end:
            campaign_of[(d.year, d.month)] = c
            d = (d.replace(day=1) + timedelta(days=32)).replace(day=1)
    activities, transitions = [], []
    for report, class_hour, demo in plans:
        last = (date(report.year, report.month, 1) + timedelta(days=32)).replace(day=1) \
            - timedelta(days=1)
        if (report.year, report.month) == current:
            last = min(last, today)
        def day(report=report, last=last):
            return date(report.year, report.month, rng.randint(1, last.day))
        if class_hour:
            activities.append(Activity(report=report, kind=K.CLASS_HOUR, date=day(),
                                       hours=Decimal("0.8"), participants=rng.randint(30, 50),
                                       description=rng.choice(THEMES)))
        if demo:
            activities.append(Activity(report=report, kind=K.DEMONSTRATION, date=day(),
                                       hours=Decimal("2.0"), participants=rng.randint(200, 900),
                                       description="全校示范性团队活动"))
        for _ in range(rng.randint(0, 2)):
            kind, text = rng.choice(OTHER_KINDS)
            campaign = campaign_of.get((report.year, report.month))
            if kind == K.CAMPAIGN and campaign is None:
                kind, text = K.THEME_DAY, "主题团日活动"
            activities.append(Activity(
                report=report, kind=kind, date=day(), hours=Decimal(rng.choice([1, 1.5, 2, 3])),
                participants=rng.randint(10, 120),
                partner=rng.choice(partners) if rng.random() < 0.3 else None,
                campaign=campaign if kind == K.CAMPAIGN else None,
                description=f"{campaign.name}{text}" if kind == K.CAMPAIGN else text))
        by = report.submitted_by
        if report.first_submitted_on:
            transitions.append(ReportTransition(report=report, from_status=S.DRAFT,
                                                to_status=S.SUBMITTED, by=by,
                                                at=report.submitted_at))
        if report.reviewed_at:
            transitions.append(ReportTransition(report=report, from_status=S.SUBMITTED,
                                                to_status=report.status,
                                                by=report.reviewed_by, at=report.reviewed_at,
                                                comment=report.return_comment))
    Activity.objects.bulk_create(activities, batch_size=5000)
    ReportTransition.objects.bulk_create(transitions, batch_size=5000)
    _photos_and_unlocks(ctx, reports)


def _png() -> bytes:
    """A small valid PNG (a red-scarf red square)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xcc\x1f\x1f" * 16 for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _photos_and_unlocks(ctx, reports) -> None:
    png = _png()
    named = [r for r in reports if r.school.short_name in ("求精中学", "二十九中")
             and r.first_submitted_on]
    for report in named[-6:]:
        photo = ActivityPhoto(report=report, name="活动照片.png")
        photo.file.save("demo.png", ContentFile(png), save=True)
    drafts, seen = [], set()
    for r in reversed(reports):
        if r.status == S.DRAFT and r.closes_on < ctx.today and r.school_id not in seen:
            drafts.append(r)
            seen.add(r.school_id)
        if len(drafts) == 3:
            break
    for i, report in enumerate(drafts):
        unlock = UnlockRequest(report=report, reason="补报漏报活动")
        if i == 0:
            unlock.granted_by = ctx.users["tuanqu"]
            unlock.granted_at = timezone.now()
            report.unlocked_until = ctx.today + timedelta(days=7)
            report.save(update_fields=["unlocked_until"])
        unlock.save()


def _honours(ctx, schools) -> None:
    rng, years = ctx.rng, ctx.school_years
    published = sum(1 for y in years for opens in (date(y + 1, 3, 1), date(y, 11, 1))
                    if opens + timedelta(days=42) < ctx.today)
    # Nominations per selection so that about 300 youths are honoured in all (85% accepted).
    target = math.ceil(300 / 0.85 / max(1, published))
    quota = max(2, math.ceil(target / max(1, len(schools))) + 1)
    selections = []
    for y in years:
        for name in ("雷锋式好少年", "五心四好美德少年"):
            opens = date(y + 1, 3, 1) if name == "雷锋式好少年" else date(y, 11, 1)
            sel = HonourSelection(district=ctx.district, name=name, year=opens.year,
                                  quota_per_school=quota, nomination_opens=opens,
                                  nomination_closes=opens + timedelta(days=20),
                                  notice_starts=opens + timedelta(days=35),
                                  notice_ends=opens + timedelta(days=42))
            if sel.notice_ends < ctx.today:
                sel.status = HonourSelection.Status.PUBLISHED
            elif sel.nomination_closes < ctx.today:
                sel.status = HonourSelection.Status.REVIEWING
            elif sel.nomination_opens <= ctx.today:
                sel.status = HonourSelection.Status.NOMINATING
            else:
                continue
            selections.append(sel)
    current = [s for s in selections if s.status == HonourSelection.Status.NOMINATING]
    if not current:  # always one open selection to try
        selections.append(HonourSelection(
            district=ctx.district, name="新时代好少年", year=ctx.today.year, quota_per_school=2,
            nomination_opens=ctx.today - timedelta(days=7),
            nomination_closes=ctx.today + timedelta(days=14)))
    HonourSelection.objects.bulk_create(selections)
    classes = ["初一1班", "初二3班", "初三2班", "四年级2班", "五年级1班", "高一2班"]
    rows = []
    for sel in selections:
        count = target if sel.status != HonourSelection.Status.NOMINATING else 10
        per_school = {}
        named = [s for s in schools if s.short_name in ("求精中学", "二十九中")]
        for _ in range(count):
            school = named[len(rows) % 2] if len(per_school) < 2 else rng.choice(schools)
            if per_school.get(school.pk, 0) >= sel.quota_per_school:
                continue
            per_school[school.pk] = per_school.get(school.pk, 0) + 1
            status = Nomination.Status.NOMINATED
            if sel.status in (HonourSelection.Status.PUBLISHED,
                              HonourSelection.Status.PUBLIC_NOTICE):
                status = (Nomination.Status.ACCEPTED if rng.random() < 0.85
                          else Nomination.Status.REJECTED)
            rows.append(Nomination(selection=sel, school=school, student_name=person(ctx),
                                   class_name=rng.choice(classes), status=status,
                                   reason=rng.choice(["乐于助人", "孝敬父母", "勤学上进",
                                                      "热心公益", "诚实守信"])))
    Nomination.objects.bulk_create(rows, batch_size=2000)


def _selection_campaigns(ctx, campaigns) -> None:
    """雷锋式好少年 is selected within the spring's 雷锋榜样进校园 campaign."""
    lei_feng = {c.start.year: c for c in campaigns if c.name == "雷锋榜样进校园"}
    for selection in HonourSelection.objects.filter(district=ctx.district, name="雷锋式好少年"):
        if selection.year in lei_feng:
            selection.campaign = lei_feng[selection.year]
            selection.save(update_fields=["campaign"])


def _applicants(ctx, schools) -> None:
    rng = ctx.rng
    branches = {}
    for b in School.branches.rel.related_model.objects.filter(
            school__district=ctx.district, kind="league_branch").only("pk", "school_id"):
        branches.setdefault(b.school_id, []).append(b.pk)
    pairings = {}
    for p in School.pairings.rel.related_model.objects.filter(school__district=ctx.district):
        pairings.setdefault(p.school_id, []).append(p)
    applicants = []
    year = ctx.school_years[-1]
    for school in schools:
        if school.pk not in branches:
            continue
        for _ in range(rng.randint(3, 8)):
            applicants.append(Applicant(school=school, name=person(ctx),
                                        branch_id=rng.choice(branches[school.pk]),
                                        # never in the future (on 1 September: today)
                                        registered_on=min(date(year, 9, rng.randint(5, 28)),
                                                          ctx.today)))
    # The import templates' example applicant (张三 of 求精中学) is one of the demo's, so the
    # volunteer-record template's example row imports as it is.
    example = next((a for a in applicants if a.school.short_name == "求精中学"), None)
    if example is not None:
        example.name = "张三"
    Applicant.objects.bulk_create(applicants, batch_size=2000)
    records = []
    for a in applicants:
        for _ in range(rng.randint(0, 7)):
            pairing = rng.choice(pairings[a.school_id]) if a.school_id in pairings else None
            records.append(VolunteerRecord(
                applicant=a, date=min(a.registered_on + timedelta(days=rng.randint(3, 60)),
                                      ctx.today),
                pairing=pairing, place="" if pairing else rng.choice(
                    ["临江门社区市民学校", "人和街社区", "解放碑步行街", "区图书馆"]),
                hours=Decimal(rng.choice([2, 2, 3, 4, 5])),
                activity=rng.choice(["文明劝导", "敬老院服务", "社区清洁", "图书整理",
                                     "交通引导"])))
    VolunteerRecord.objects.bulk_create(records, batch_size=5000)
    # The assessment in every state: those with the district's 20 hours mostly admitted.
    hours = {}
    for r in records:
        hours[r.applicant_id] = hours.get(r.applicant_id, 0) + r.hours
    required = ActivitiesSettings.for_district(ctx.district.pk).required_volunteer_hours
    A = Applicant.Status
    for a in applicants:
        decided = min(a.registered_on + timedelta(days=75), ctx.today)  # never in the future
        if hours.get(a.pk, 0) >= required and rng.random() < 0.7:
            a.status, a.decided_on = A.ADMITTED, decided
        else:
            a.status = rng.choice([A.APPLIED, A.UNDER_REVIEW, A.UNDER_REVIEW, A.DEFERRED])
            a.decided_on = decided if a.status == A.DEFERRED else None
    Applicant.objects.bulk_update(applicants, ["status", "decided_on"], batch_size=2000)


def _funds(ctx, campaigns) -> None:
    year = ctx.school_years[-1]
    bureau = ctx.organisations["区财政局"]
    education = Fund.objects.create(district=ctx.district, name="青少年教育专项经费",
                                    source=bureau, year=year, purpose=Fund.Purpose.YOUTH_EDUCATION,
                                    amount=Decimal("120000.00"))
    protection = Fund.objects.create(district=ctx.district, name="未成年人保护专项经费",
                                     source=bureau, year=year,
                                     purpose=Fund.Purpose.MINOR_PROTECTION,
                                     amount=Decimal("70000.00"))
    recent = {c.name: c for c in campaigns if c.start.year >= year}
    named = {s.short_name: s for s in School.objects.filter(
        district=ctx.district, short_name__in=["求精中学", "二十九中"])}
    allocations = Allocation.objects.bulk_create([
        Allocation(fund=education, campaign=recent.get("文明城区"), amount=Decimal("30000.00"),
                   note="文明城区创建学生志愿者活动"),
        Allocation(fund=education, campaign=recent.get("雷锋榜样进校园"),
                   amount=Decimal("20000.00"), note="榜样宣讲"),
        Allocation(fund=education, school=named.get("求精中学"), amount=Decimal("8000.00"),
                   note="团队活动课程建设"),
        Allocation(fund=education, school=named.get("二十九中"), amount=Decimal("8000.00"),
                   note="社区结对共建"),
        Allocation(fund=protection, amount=Decimal("25000.00"), note="法治进校园（区检察院）"),
    ])
    def spent(day: date) -> date:
        return min(day, ctx.today)  # a spending of the story, never one in the future

    Spending.objects.bulk_create([
        Spending(allocation=allocations[0], date=spent(date(year, 10, 20)),
                 amount=Decimal("12650.00"), note="志愿者马甲、宣传品",
                 campaign=allocations[0].campaign),
        Spending(allocation=allocations[0], date=spent(date(year, 11, 8)),
                 amount=Decimal("4380.50"), note="活动场地布置",
                 campaign=allocations[0].campaign),
        Spending(allocation=allocations[2], date=spent(date(year, 10, 12)),
                 amount=Decimal("3200.00"), note="活动课教材"),
        Spending(allocation=allocations[4], date=spent(date(year, 10, 28)),
                 amount=Decimal("6000.00"), note="模拟法庭活动"),
    ])

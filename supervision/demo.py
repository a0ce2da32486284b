"""Demo supervision data: a plan per school year with a joint team, inspections of most
schools in every state, scores, findings, evidence, sign-offs, outcomes, a coordination
meeting per year. Bulk inserts only, so 500 schools take seconds.

Every timestamp follows the story of its year, never after now: an inspection is planned in
September, visited on its planned date, signed by the league committee and then the education
commission some days later, published after both; an order is issued when its inspection is
published, answered before its due date or (now and then) after it, closed when its answer is
accepted."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from portal.demo import DemoContext
from schools.models import School
from supervision import services
from supervision.models import (
    ActionItem,
    Commendation,
    CoordinationMeeting,
    Evidence,
    Finding,
    Inspection,
    InspectionEvent,
    InspectionPlan,
    RectificationOrder,
    RectificationResponse,
    Score,
    SelfAssessment,
    SignOff,
    Standard,
)

S = Inspection.Status
# A 1×1 PNG, the demo evidence photo.
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
BASELINES = ["校团委班子健全，各班均建有团支部。", "团员档案按年级分类归档。",
             "每学期开办一期团校，课程安排完整。", "大队委员按期改选，中队组织健全。"]
FEATURED = ["“五四”主题团日系列活动形成品牌。", "与社区市民学校结对开展志愿服务。",
            "红领巾广播站由队员自主运营。", "学生社团“青年马克思主义者读书会”。"]
PROBLEMS = ["部分团支部组织生活记录不全。", "团员证注册未按时完成。",
            "团校缺少结业考核记录。", "少先队活动课课时未完全落实。", "团的档案未及时归档。"]
REQUIREMENTS = ["一个月内补齐记录并报团区委。", "完成注册并提交名单。", "建立考核制度并报送。"]


def _evidence_file() -> str:
    name = "supervision/demo/photo.png"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(PNG))
    return name


class Clock:
    """Moments of the demo's history in local time, none after now."""

    def __init__(self, rng):
        self.rng = rng
        self.now = timezone.now()

    def on(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        """`day` at `hour` local time (plus a few minutes), or now if that is later."""
        moment = timezone.make_aware(datetime.datetime.combine(
            day, datetime.time(hour, self.rng.randint(0, 59))))
        return min(moment, self.now)

    def after(self, moment: datetime.datetime, low: int, high: int) -> datetime.datetime:
        """Some working hours `low`–`high` days after `moment` (never before it)."""
        day = timezone.localtime(moment).date() + datetime.timedelta(
            days=self.rng.randint(low, high))
        return max(moment, self.on(day, self.rng.randint(9, 17)))


def seed(ctx: DemoContext) -> None:
    district = ctx.district
    if InspectionPlan.objects.filter(district=district).exists():
        return
    rng = ctx.rng
    users = ctx.users
    tuanqu, jiaowei = users["tuanqu"], users["jiaowei"]
    team = [u for u in (tuanqu, jiaowei, users.get("shaogongwei")) if u]
    standards = {
        k: Standard.objects.current().filter(kind=k).order_by("-version").first()
        for k in Standard.Kind.values
    }
    indicators = {k: list(s.indicators.all()) for k, s in standards.items()}
    schools = list(School.objects.filter(district=district, active=True).order_by("pk"))
    named = {s.pk for s in schools if not s.name.startswith("渝中区第")}
    photo = _evidence_file()
    clock = Clock(rng)
    now = clock.now
    current_year = ctx.school_years[-1]

    plans = InspectionPlan.objects.bulk_create([
        InspectionPlan(district=district, year=y, title=InspectionPlan.usual_title(y))
        for y in ctx.school_years])
    for plan in plans:
        plan.team.set(team)

    inspections: list[Inspection] = []
    for plan in plans:
        chosen = [s for s in schools if s.pk in named or rng.random() < 0.85]
        start = datetime.date(plan.year, 10, 8)
        for school in chosen:
            planned = start + datetime.timedelta(days=rng.randint(0, 200))
            status = S.PUBLISHED
            if plan.year == current_year:
                status = _current_status(rng, school)
                if status == S.PUBLISHED:
                    planned = min(planned, ctx.today - datetime.timedelta(days=rng.randint(20, 60)))
                elif status == S.PLANNED:
                    planned = ctx.today + datetime.timedelta(days=rng.randint(3, 60))
                else:
                    planned = ctx.today - datetime.timedelta(days=rng.randint(1, 15))
            kind = Standard.Kind.PRIMARY_PIONEER if school.level == "primary" else \
                Standard.Kind.MIDDLE_LEAGUE
            inspections.append(Inspection(
                plan=plan, school=school, standard=standards[kind], planned_date=planned,
                status=status))
    # The timeline of each inspection: planned, visited, signed by both sides, published.
    moments = {}
    for inspection in inspections:
        visit = clock.on(inspection.planned_date, 9)
        planned_on = min(datetime.date(inspection.plan.year, 9, 15),
                         inspection.planned_date - datetime.timedelta(days=14))
        submitted = clock.after(visit, 1, 2)
        league = clock.after(submitted, 1, 6)
        education = clock.after(league, 1, 5)
        published = clock.after(education, 1, 6)
        moments[id(inspection)] = {"planned": clock.on(planned_on), "visit": visit,
                                   "submitted": submitted, "league": league,
                                   "education": education, "published": published}
        if inspection.status == S.PUBLISHED:
            inspection.published_at = published
    Inspection.objects.bulk_create(inspections, batch_size=500)
    for inspection in inspections:  # created_at is auto_now_add: set after the insert
        inspection.created_at = moments[id(inspection)]["planned"]
    Inspection.objects.bulk_update(inspections, ["created_at"], batch_size=500)
    for plan in plans:
        InspectionPlan.objects.filter(pk=plan.pk).update(
            created_at=clock.on(datetime.date(plan.year, 9, 10)))

    scores, findings, events, sign_offs, self_rows = [], [], [], [], []
    for inspection in inspections:
        kind = inspection.standard.kind
        when = moments[id(inspection)]
        reached = {S.IN_PROGRESS: "visit", S.SUBMITTED: "submitted",
                   S.SIGNED_OFF: "education", S.PUBLISHED: "published"}.get(inspection.status)
        quality = rng.uniform(0.5, 1.0)
        scored = inspection.status != S.PLANNED
        for indicator in indicators[kind]:
            value = None
            if scored and (inspection.status != S.IN_PROGRESS or rng.random() < 0.6):
                value = Decimal(min(indicator.max_score, round(
                    indicator.max_score * rng.uniform(quality - 0.2, quality + 0.1) * 2) / 2))
                value = max(value, Decimal(0))
            scores.append(Score(inspection=inspection, indicator=indicator, score=value))
        events.append(InspectionEvent(inspection=inspection, to_status=S.PLANNED, user=tuanqu,
                                      at=when["planned"]))
        if inspection.status != S.PLANNED:
            events.append(InspectionEvent(inspection=inspection, from_status=S.PLANNED,
                                          to_status=inspection.status, user=tuanqu,
                                          at=when[reached]))
            findings.append(Finding(inspection=inspection, kind=Finding.Kind.BASELINE,
                                    text=rng.choice(BASELINES), created_by=tuanqu))
            if quality > 0.8:
                findings.append(Finding(inspection=inspection, kind=Finding.Kind.FEATURED,
                                        text=rng.choice(FEATURED), created_by=jiaowei))
            if quality < 0.75 or inspection.school_id in named:
                findings.append(Finding(inspection=inspection, kind=Finding.Kind.PROBLEM,
                                        indicator=rng.choice(indicators[kind]),
                                        text=rng.choice(PROBLEMS), created_by=tuanqu))
        else:
            for indicator in indicators[kind][:4]:
                if rng.random() < 0.5:
                    self_rows.append(SelfAssessment(
                        inspection=inspection, indicator=indicator,
                        score=Decimal(indicator.max_score - rng.randint(0, 3)),
                        note="按标准自查，材料已备齐。",
                        updated_at=clock.after(when["planned"], 3, 20)))
        if inspection.status in (S.SIGNED_OFF, S.PUBLISHED) or (
                inspection.status == S.SUBMITTED and rng.random() < 0.5):
            sign_offs.append(SignOff(inspection=inspection, side=SignOff.Side.LEAGUE,
                                     user=tuanqu, signed_at=when["league"]))
            if inspection.status != S.SUBMITTED:
                sign_offs.append(SignOff(inspection=inspection, side=SignOff.Side.EDUCATION,
                                         user=jiaowei, signed_at=when["education"]))
    Score.objects.bulk_create(scores, batch_size=2000)
    Finding.objects.bulk_create(findings, batch_size=2000)
    InspectionEvent.objects.bulk_create(events, batch_size=2000)
    SignOff.objects.bulk_create(sign_offs, batch_size=2000)
    SelfAssessment.objects.bulk_create(self_rows, batch_size=2000)

    evidence = [Evidence(inspection=i, file=photo, produced_on=i.planned_date,
                         caption="督导现场照片", uploaded_by=tuanqu,
                         uploaded_at=clock.after(moments[id(i)]["visit"], 0, 1))
                for i in inspections if i.status != S.PLANNED and (
                    i.school_id in named or rng.random() < 0.3)]
    Evidence.objects.bulk_create(evidence, batch_size=2000)

    commended = _commend(plans, tuanqu)
    orders = []
    story = {}  # order → (response, review) moments
    for finding in findings:
        inspection = finding.inspection
        if finding.kind != Finding.Kind.PROBLEM or inspection.status != S.PUBLISHED:
            continue
        issued = inspection.published_at  # issued with the published results
        due = timezone.localtime(issued).date() + datetime.timedelta(
            days=rng.choice([30, 45, 60]))
        # Most schools answer before the due date, some only after it (大坪中学 always late,
        # 求精中学 always on time, so every year holds both whatever the draws).
        on_time = rng.random() < 0.8
        on_time = {"大坪中学": False, "求精中学": True}.get(inspection.school.short_name, on_time)
        if on_time:
            answered = clock.on(due - datetime.timedelta(days=rng.randint(7, 25)),
                                rng.randint(9, 17))
        else:
            answered = clock.on(due + datetime.timedelta(days=rng.randint(3, 25)),
                                rng.randint(9, 17))
        answered = max(answered, clock.after(issued, 2, 4))
        reviewed = clock.after(answered, 1, 5)
        status = RectificationOrder.Status.CLOSED
        if inspection.plan.year == current_year:
            status = rng.choice([RectificationOrder.Status.OPEN, RectificationOrder.Status.OPEN,
                                 RectificationOrder.Status.RESPONDED,
                                 RectificationOrder.Status.SENT_BACK,
                                 RectificationOrder.Status.CLOSED])
        if status != RectificationOrder.Status.OPEN and answered >= now:
            status = RectificationOrder.Status.OPEN  # published too recently to be answered
        order = RectificationOrder(
            inspection=inspection, finding=finding, requirement=rng.choice(REQUIREMENTS),
            due_date=due, status=status, issued_by=tuanqu, issued_at=issued,
            closed_at=reviewed if status == RectificationOrder.Status.CLOSED else None)
        story[id(order)] = (answered, reviewed)
        orders.append(order)
    # The order of the year's latest published result is still within its time on any day
    # of the year (in the summer holiday every other one is past due): the demo always shows
    # an order open and not overdue.
    latest = max((o for o in orders if o.inspection.plan.year == current_year),
                 key=lambda o: o.issued_at, default=None)
    if latest is not None:
        latest.status, latest.closed_at = RectificationOrder.Status.OPEN, None
        latest.due_date = max(latest.due_date, ctx.today + datetime.timedelta(days=14))
    RectificationOrder.objects.bulk_create(orders, batch_size=2000)
    closed = _close_undecided(plans, current_year, tuanqu)
    secretaries = {u.school_id: u for u in ctx.users.values() if u.is_secretary}
    responses = []
    for order in orders:
        if order.status == RectificationOrder.Status.OPEN:
            continue
        by = secretaries.get(order.inspection.school_id)
        accepted = {"closed": True, "sent_back": False}.get(order.status)
        answered, reviewed = story[id(order)]
        responses.append(RectificationResponse(
            order=order, text="已按要求完成整改，相关材料已补充归档。", by=by,
            file=photo if order.inspection.school_id in named else "",
            at=answered, accepted=accepted, reviewed_by=tuanqu if accepted is not None else None,
            reviewed_at=reviewed if accepted is not None else None,
            review_comment="" if accepted is not False else "请补充整改前后对比照片。"))
    RectificationResponse.objects.bulk_create(responses, batch_size=2000)

    orgs = ctx.organisations
    for year in ctx.school_years:
        meeting = CoordinationMeeting.objects.create(
            district=district, date=datetime.date(year, 9, 20),
            title=f"{year}年学校共青团工作联系会议",
            minutes="总结上一学年学校共青团工作，部署新学年工作任务，交流各校经验。",
            decisions="一、开展本学年联合督导检查；二、推进团队衔接和少先队活动课落实。")
        meeting.attendees.set([o for k, o in orgs.items() if k in ("团区委", "区教委", "区少工委")])
        ActionItem.objects.bulk_create([
            ActionItem(meeting=meeting, text="制定本学年联合督导检查计划", owner=orgs["团区委"],
                       due_date=datetime.date(year, 10, 15),
                       done_at=clock.on(datetime.date(year, 10, 12)) if year < current_year
                       else None),
            ActionItem(meeting=meeting, text="下发少先队活动课落实通知", owner=orgs["区教委"],
                       due_date=datetime.date(year, 11, 30),
                       done_at=clock.on(datetime.date(year, 11, 25))
                       if year < current_year and year % 2 else None),
        ])
    ctx.log.append(f"supervision: {len(inspections)} inspections, {commended} commendations, "
                   f"{len(orders)} orders, {closed} closed with no outcome needed")


def _commend(plans, officer) -> int:
    """Commend (表彰) each plan's best published results through the officers' own service
    (`services.commendation_issue`): its commendation band and the plan's quota (at most a
    fifth of the plan's schools by default) decide, as they do for an officer. The best
    totals come first, so the quota goes to them; the first refusal for the band or the quota
    ends the plan. A few queries per commendation, a fifth of the schools at most."""
    issued = 0
    for plan in plans:
        ranked = (Inspection.objects.filter(plan=plan, status=S.PUBLISHED,
                                            kind=Inspection.Kind.REGULAR)
                  .select_related("school", "standard", "plan").with_total()
                  .order_by(F("total_score").desc(nulls_last=True), "pk"))
        for inspection in ranked:
            try:
                services.commendation_issue(
                    inspection=inspection, user=officer,
                    text="学校团队工作规范扎实，予以通报表彰。",
                    issued_on=timezone.localtime(inspection.published_at).date())
            except ValidationError as refused:
                if refused.code in ("band", "quota"):
                    break
                raise
            issued += 1
    return issued


def _close_undecided(plans, current_year: int, officer) -> int:
    """Past years' published results with neither a commendation nor an order were closed as
    needing no outcome (无需处理), through the service; the current year's wait on the to-do
    list. Dated, as the rest of the story, on their publication."""
    undecided = (Inspection.objects.filter(plan__in=[p for p in plans if p.year < current_year],
                                           status=S.PUBLISHED)
                 .exclude(Exists(Commendation.objects.filter(inspection=OuterRef("pk"))))
                 .exclude(Exists(RectificationOrder.objects.filter(inspection=OuterRef("pk"))))
                 .select_related("school"))
    closed = []
    for inspection in undecided:
        services.outcome_not_needed(inspection=inspection, user=officer,
                                    reason="结果合格，无需表彰或整改。")
        closed.append(inspection.pk)
    for inspection in Inspection.objects.filter(pk__in=closed).only("published_at"):
        Inspection.objects.filter(pk=inspection.pk).update(no_outcome_at=inspection.published_at)
    return len(closed)


# The current year's state of some named schools, so the demo holds an inspection in every
# state whatever the random draws: the source's three were inspected and published.
CURRENT_STATUS = {"求精中学": S.PUBLISHED, "二十九中": S.PUBLISHED, "人和街小学": S.PUBLISHED,
                  "大坪中学": S.SUBMITTED, "大坪小学": S.IN_PROGRESS, "巴蜀小学": S.SIGNED_OFF,
                  "中华路小学": S.PLANNED}


def _current_status(rng, school) -> str:
    if school.short_name in CURRENT_STATUS and not school.name.startswith("渝中区第"):
        return CURRENT_STATUS[school.short_name]
    roll = rng.random()
    if roll < 0.55:
        return S.PUBLISHED
    if roll < 0.67:
        return S.PLANNED
    if roll < 0.79:
        return S.IN_PROGRESS
    if roll < 0.9:
        return S.SUBMITTED
    return S.SIGNED_OFF

"""The cadres' figure definitions (`portal.figures`): posts of the leadership mechanism, the
research staff and the secretaries' moral-education posts (held on the period's last day),
area meetings, a school's cadres, the secondment cycle (rounds, applications, secondees),
the reserve pool for vice-principal posts, and the officers' home-page queues. Each group
also returns the rows its sections list, so a figure and its table read the same rows; a
fixed number of queries per group whatever the district's size."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q, Sum, Window
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cadres import areas, leadership
from cadres.models import (
    Application,
    AreaMeeting,
    Assessment,
    Cadre,
    ReservePoolEntry,
    Secondment,
    SecondmentRound,
)
from cadres.models.secondments import Grade
from cadres.services.secondments import (
    assessing_body,
    assessments_to_grade,
    waiting_applications,
)
from portal.figures import Definition, Scope, register

A = Application.Status
HELD_ON_LAST_DAY = _("the post's start and end: posts held on the period's last day")


def _in(period, path: str) -> Q:
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.end})


def _leadership(scope: Scope, period) -> dict:
    posts = leadership.leadership_posts(scope.district.pk, period.end)
    return {"cadres.concurrent_posts": len(posts["concurrent"]),
            "cadres.directors": len(posts["directors"]),
            "cadres.research_staff": len(posts["research"]), "posts": posts}


register(
    "cadres.leadership", _leadership,
    Definition("cadres.concurrent_posts", _("Concurrent posts in the leadership mechanism"),
               _("Concurrent posts held by the district's cadres, other than the pioneers "
                 "work committee's directors, the research staff and the schools' "
                 "moral-education office posts."), date=HELD_ON_LAST_DAY),
    Definition("cadres.directors", _("Directors of the pioneers work committee"),
               _("Posts of director of the pioneers work committee (dual directors) held by "
                 "the district's cadres."), date=HELD_ON_LAST_DAY),
    Definition("cadres.research_staff", _("Research staff"),
               _("League and pioneer research staff posts held by the district's cadres."),
               date=HELD_ON_LAST_DAY),
)


def _moral(scope: Scope, period) -> dict:
    schools = leadership.schools_and_moral_posts(scope.district.pk, period.end)
    counts = leadership.moral_post_counts(schools)
    holding = leadership.attach_school_posts(list(schools.filter(moral_post=True)), period.end)
    return {"cadres.moral_holding": counts["holding"],
            "cadres.moral_without": counts["total"] - counts["holding"],
            "cadres.moral_standing": counts["standing"],
            "schools": counts["total"], "holding": holding}


register(
    "cadres.moral", _moral,
    Definition("cadres.moral_holding", _("Secretaries holding a moral-education office post"),
               _("Active schools with a league committee where a cadre of the school holds a "
                 "post in the school's moral-education office."), date=HELD_ON_LAST_DAY),
    Definition("cadres.moral_without", _("Schools whose secretary holds none"),
               _("Active schools with a league committee where no cadre of the school holds a "
                 "moral-education office post."), date=HELD_ON_LAST_DAY),
    Definition("cadres.moral_standing", _("With middle-management standing"),
               _("Active schools with a league committee where such a moral-education office "
                 "post carries middle-management standing."), date=HELD_ON_LAST_DAY),
)


def _area_meetings(scope: Scope, period) -> dict:
    rows = areas.area_meetings(scope.district.pk, period.start, period.end)
    return {"cadres.area_meetings_held": sum(len(r.meetings) for r in rows),
            "cadres.area_meetings_missed": sum(len(r.missed) for r in rows), "rows": rows}


MEETING_DATE = _("the meeting's date")
register(
    "cadres.area_meetings", _area_meetings,
    Definition("cadres.area_meetings_held", _("Area meetings held"),
               _("Area meetings of the district held in the period."), date=MEETING_DATE),
    Definition("cadres.area_meetings_missed",
               _("Schools that missed every meeting of their area"),
               _("Active schools of an area that held meetings in the period, which attended "
                 "or hosted none of them."), date=MEETING_DATE),
)


def _school(scope: Scope, period) -> dict:
    return {
        "cadres.count": Cadre.objects.filter(school=scope.school).count(),
        "cadres.area_meetings_attended": AreaMeeting.objects.filter(
            attending_schools=scope.school,
            held_on__range=(period.start, period.end)).count(),
    }


register(
    "cadres.school", _school,
    Definition("cadres.count", _("Cadres"), _("Cadres recorded for the school.")),
    Definition("cadres.area_meetings_attended", _("Area meetings attended"),
               _("Area meetings held in the period that the school attended."),
               date=MEETING_DATE),
)


def grades_by_secondment(secondments) -> dict[int, dict[str, str]]:
    """Each body's grade per secondment: one query (a subquery, so an empty period costs the
    same as a full one)."""
    grades: dict[int, dict[str, str]] = {}
    for a in Assessment.objects.filter(secondment__in=secondments.values("pk")):
        grades.setdefault(a.secondment_id, {})[a.body] = a.get_grade_display()
    return grades


def _selection(scope: Scope, period) -> dict:
    district = scope.district
    held = SecondmentRound.objects.filter(district=district).filter(
        _in(period, "opens_on")).aggregate(rounds=Count("pk"), posts=Sum("posts_on_offer"))
    in_period = _in(period, "round__opens_on")
    applications = Application.objects.filter(round__district=district).aggregate(
        total=Count("pk", filter=in_period),
        schools=Count("school", filter=in_period, distinct=True),
        selected=Count("pk", filter=in_period & Q(status__in=(A.SELECTED, A.APPROVED))),
        approved=Count("pk", filter=in_period & Q(status=A.APPROVED)))
    serving = Secondment.objects.filter(district=district).overlapping(period.start, period.end)
    secondments = list(serving.select_related("cadre__school").order_by("start", "cadre__name"))
    return {
        "secondments.rounds": held["rounds"], "secondments.posts": held["posts"] or 0,
        "secondments.applications": applications["total"],
        "secondments.schools": applications["schools"],
        "secondments.selected": applications["selected"],
        "secondments.approved": applications["approved"],
        "secondments.serving": len(secondments),
        "secondments.results": [(str(label), sum(1 for s in secondments if s.result == value))
                                for value, label in Grade.choices],
        "secondments": secondments, "grades": grades_by_secondment(serving),
    }


OPENS = _("the round's opening date (its application window opens in the period)")
TERM = _("the secondment's term (it overlaps the period)")
register(
    "secondments", _selection,
    Definition("secondments.rounds", _("Selection rounds opened"),
               _("Open selection rounds of the district whose application window opens in "
                 "the period."), date=OPENS),
    Definition("secondments.posts", _("Posts on offer"),
               _("The posts on offer of those rounds, summed."), date=OPENS),
    Definition("secondments.applications", _("Applications"),
               _("Applications to those rounds, whatever their state."), date=OPENS),
    Definition("secondments.schools", _("Schools that applied"),
               _("Distinct schools with at least one application to those rounds."),
               date=OPENS),
    Definition("secondments.selected", _("Candidates selected"),
               _("Applications to those rounds selected (approved ones included)."),
               date=OPENS),
    Definition("secondments.approved", _("Appointments approved"),
               _("Applications to those rounds whose appointment the organisation department "
                 "approved."), date=OPENS),
    Definition("secondments.serving", _("Secondees serving in the period"),
               _("Secondments of the district whose term overlaps the period."), date=TERM),
    Definition("secondments.results", _("Assessment results"),
               _("Those secondments by the result of their joint assessment (not yet "
                 "assessed: not drawn)."), date=TERM),
)


def _school_selection(scope: Scope, period) -> dict:
    secondments = list(Secondment.objects.filter(cadre__school=scope.school)
                       .overlapping(period.start, period.end)
                       .select_related("cadre__school").order_by("start", "cadre__name"))
    applications = Application.objects.filter(school=scope.school).filter(
        _in(period, "round__opens_on")).aggregate(
        total=Count("pk"), approved=Count("pk", filter=Q(status=A.APPROVED)))
    return {"secondments.school_applications": applications["total"],
            "secondments.school_approved": applications["approved"],
            "secondments.school_serving": len(secondments), "secondments": secondments}


register(
    "secondments.school", _school_selection,
    Definition("secondments.school_applications", _("Applications"),
               _("Applications of the school's cadres to rounds whose application window "
                 "opens in the period, whatever their state."), date=OPENS),
    Definition("secondments.school_approved", _("Appointments approved"),
               _("Those applications whose appointment the organisation department "
                 "approved."), date=OPENS),
    Definition("secondments.school_serving", _("Secondees serving in the period"),
               _("Secondments of the school's cadres whose term overlaps the period."),
               date=TERM),
)


def pool_entries(scope: Scope):
    return scope.filter(ReservePoolEntry.objects.all(), school_path="cadre__school",
                        district_path="district")


def _pool(scope: Scope, period) -> dict:
    stats = pool_entries(scope).aggregate(
        current=Count("pk", filter=Q(entered_on__lte=period.end)
                      & (Q(left_on__isnull=True) | Q(left_on__gt=period.end))),
        entered=Count("pk", filter=_in(period, "entered_on")),
        left=Count("pk", filter=_in(period, "left_on")))
    return {"pool.current": stats["current"], "pool.entered": stats["entered"],
            "pool.left": stats["left"]}


register(
    "pool", _pool,
    Definition("pool.current", _("In the pool at the end of the period"),
               _("Cadres in the reserve pool for vice-principal posts on the period's last "
                 "day: entered by then and not left by then."),
               date=_("the dates the cadre entered and left the pool")),
    Definition("pool.entered", _("Entered in the period"),
               _("Entries into the reserve pool in the period."),
               date=_("the date the cadre entered the pool")),
    Definition("pool.left", _("Left in the period"),
               _("Departures from the reserve pool in the period."),
               date=_("the date the cadre left the pool")),
)


def head(queryset, limit: int) -> tuple[list, int]:
    """The first `limit` rows of `queryset` and how many rows it has in all, in one query: a
    window count, which the database computes over the whole result before the limit."""
    rows = list(queryset.annotate(rows_in_all=Window(Count("pk")))[:limit])
    return rows, rows[0].rows_in_all if rows else 0


def to_grade(user, today: date, limit: int) -> tuple[list, int]:
    """The first secondments waiting for the user's body's grade, and how many wait."""
    body = assessing_body(user, user.district_id)
    if body is None:
        return [], 0
    return head(assessments_to_grade(user, body, today).select_related("cadre__school")
                .order_by("end", "pk"), limit)


def _waiting(scope: Scope, period) -> dict:
    user = scope.user
    # the first round to decide and the count of applications in one query (a window count)
    head_rows = list(waiting_applications(user).order_by("round__closes_on", "round_id")
                     .annotate(total=Window(Count("pk"))).values_list("round_id", "total")[:1])
    first, waiting = head_rows[0] if head_rows else (None, 0)
    rows, grading = to_grade(user, timezone.localdate(), 2)
    return {"secondments.applications_waiting": waiting,
            "secondments.assessments_waiting": grading,
            "first_round": first, "to_grade": rows}


register(
    "secondments.waiting", _waiting,
    Definition("secondments.applications_waiting",
               _("Secondment applications waiting for a decision"),
               _("Applications to the open rounds you may see that are not yet decided, "
                 "today.")),
    Definition("secondments.assessments_waiting", _("Secondees waiting for your body's grade"),
               _("Secondments in their assessment window that your body has not graded yet, "
                 "today.")),
)


# The organisation department's home ---------------------------------------------------

ENDING_WITHIN_DAYS = 60
LISTED = 100  # rows its lists show; the figures count them all
POOL_LISTED = 10


def _ending_label() -> str:
    return gettext("Terms ending within %(days)s days") % {"days": ENDING_WITHIN_DAYS}


def _ending_counts() -> str:
    return gettext("Secondments of the district whose term ends today or in the next "
                   "%(days)s days.") % {"days": ENDING_WITHIN_DAYS}


def _orgdep(scope: Scope, period) -> dict:
    """What the organisation department acts on, today: each figure with the first rows it
    counts (four queries, each list and its count together, whatever their length)."""
    user, today = scope.user, timezone.localdate()
    waiting, approvals = head(
        Application.objects.visible_to(user).filter(status=A.SELECTED)
        .select_related("round", "cadre", "school")
        .order_by("round__closes_on", "school__name", "pk"), LISTED)
    ending, ending_count = head(
        Secondment.objects.visible_to(user)
        .filter(end__gte=today, end__lte=today + timedelta(days=ENDING_WITHIN_DAYS))
        .select_related("cadre__school").order_by("end", "pk"), LISTED)
    grading, grading_count = to_grade(user, today, LISTED)
    pool, in_pool = head(
        ReservePoolEntry.objects.visible_to(user).current().select_related("cadre__school")
        .order_by("-entered_on", "-pk"), POOL_LISTED)
    return {"secondments.approvals_waiting": approvals,
            "secondments.ending_soon": ending_count,
            "secondments.assessments_waiting": grading_count,
            "pool.now": in_pool,
            "waiting": waiting, "ending": ending, "to_grade": grading, "pool": pool}


register(
    "orgdep", _orgdep,
    Definition("secondments.approvals_waiting", _("Appointments to approve"),
               _("Selected candidates of the district's selection rounds waiting for the "
                 "organisation department's approval, today.")),
    Definition("secondments.ending_soon", lazy(_ending_label, str)(),
               lazy(_ending_counts, str)(),
               date=_("the secondment's last day")),
    Definition("pool.now", _("In the reserve pool"),
               _("Cadres in the reserve pool for vice-principal posts today: entered and not "
                 "left.")),
)

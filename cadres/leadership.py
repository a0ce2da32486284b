"""Reads behind the district's "Posts and concurrent posts" page and the leadership,
disciplinisation and professionalisation sections of the evaluation summary: each a fixed
number of queries whatever the district's size."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from cadres.models import Post
from schools.models import School

K = Post.Kind
SECRETARY_KINDS = (K.LEAGUE_SECRETARY, K.PIONEER_COUNSELLOR)


def leadership_posts(district_id: int, on: date | None = None) -> dict[str, list[Post]]:
    """The district's current concurrent posts (beside the directors, the research staff and
    the schools' moral-education posts, each listed apart), the pioneers work committee's
    directors and the research staff: one query."""
    posts = list(leadership_post_queryset(district_id, on).select_related(
        "cadre__school", "cadre__organisation", "organisation", "school", "appointed_by",
        "document"))
    return {
        "concurrent": [p for p in posts if p.is_concurrent
                       and p.kind not in (K.PIONEERS_DIRECTOR, K.RESEARCH_STAFF)],
        "directors": [p for p in posts if p.kind == K.PIONEERS_DIRECTOR],
        "research": [p for p in posts if p.kind == K.RESEARCH_STAFF],
    }


def leadership_post_queryset(district_id: int, on: date | None = None) -> QuerySet[Post]:
    """The posts of `leadership_posts` (concurrent posts, directors, research staff) as one
    queryset: the page's sections and its export read the same rows."""
    return (Post.objects.filter(cadre__district_id=district_id).current(on)
            .filter((Q(is_concurrent=True) & ~Q(kind=K.MORAL_EDUCATION_OFFICE))
                    | Q(kind__in=[K.PIONEERS_DIRECTOR, K.RESEARCH_STAFF]))
            .order_by("kind", "start", "pk"))


def schools_and_moral_posts(district_id: int, on: date | None = None) -> QuerySet[School]:
    """The district's active schools with a league committee, each annotated with whether a
    cadre of the school holds a current moral-education office post (`moral_post`) and with
    middle-management standing (`middle_management`)."""
    held = Post.objects.current(on).filter(kind=K.MORAL_EDUCATION_OFFICE, school=OuterRef("pk"),
                                           cadre__school=OuterRef("pk"))
    return (School.objects.filter(district_id=district_id, active=True)
            .exclude(level=School.Level.PRIMARY)
            .annotate(moral_post=Exists(held),
                      middle_management=Exists(held.filter(middle_management=True)))
            .order_by("name"))


def moral_post_counts(schools: QuerySet[School]) -> dict[str, int]:
    """`total` schools, `holding` a moral-education post, with middle-management `standing`
    (an alias apart from the annotations': the same name would shadow them)."""
    return schools.aggregate(total=Count("pk"), holding=Count("pk", filter=Q(moral_post=True)),
                             standing=Count("pk", filter=Q(middle_management=True)))


def attach_school_posts(schools: list[School], on: date | None = None) -> list[School]:
    """Set `secretary_cadres` and `moral_posts` (titles) on each school: one query."""
    by_school: dict[int, list[Post]] = {s.pk: [] for s in schools}
    for post in (Post.objects.current(on)
                 .filter(school__in=list(by_school),
                         kind__in=[*SECRETARY_KINDS, K.MORAL_EDUCATION_OFFICE])
                 .select_related("cadre").order_by("start", "pk")):
        by_school[post.school_id].append(post)
    for school in schools:
        posts = by_school[school.pk]
        school.secretary_cadres = [p.cadre for p in posts if p.kind in SECRETARY_KINDS]
        school.moral_posts = [p for p in posts if p.kind == K.MORAL_EDUCATION_OFFICE]
    return schools

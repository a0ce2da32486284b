"""Exports of the cadres' registers: people and their posts. Phone and identity number stay
masked for every reader but those `Cadre.sees_personal_data` allows (the command line, run by
the server's operator, sees them as an administrator does)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadres.models import Application, AreaMeeting, Cadre, Post, Secondment, SecondmentRound
from portal.excel import Column, Export, field_column, name_of, school_column, yes_no


def _sees(viewer) -> bool:
    return viewer is None or Cadre.sees_personal_data(viewer)


class CadreExport(Export):
    kind = "cadres"
    model = Cadre
    title = _("Cadres")
    filename = "cadres.xlsx"
    order_by = ("name", "pk")

    def columns(self, viewer):
        sees = _sees(viewer)
        return [
            Column("name", _("Full name"), lambda c: c.name),
            field_column(Cadre, "gender"),
            school_column(),
            Column("organisation", _("Organisation"), lambda c: name_of(c.organisation)),
            field_column(Cadre, "notes"),
            Column("current_posts", _("Current posts"),
                   lambda c: "、".join(p.title for p in getattr(c, "current_posts", []))),
            Column("phone", _("Phone"), lambda c: c.phone if sees else c.masked_phone),
            Column("id_number", _("Identity number"),
                   lambda c: c.id_number if sees else c.masked_id_number),
        ]

    def prepare(self, queryset):
        if not queryset._prefetch_related_lookups:
            queryset = queryset.with_current_posts()
        return queryset.select_related("school", "organisation")


class PostExport(Export):
    kind = "posts"
    model = Post
    title = _("Posts")
    filename = "posts.xlsx"
    order_by = ("cadre__name", "start", "pk")
    related = ("cadre", "organisation", "school", "appointed_by", "document")

    def columns(self, viewer):
        sees = _sees(viewer)
        return [
            Column("cadre", _("Cadre"), lambda p: p.cadre.name),
            Column("id_number", _("Identity number"),
                   lambda p: p.cadre.id_number if sees else p.cadre.masked_id_number),
            field_column(Post, "kind"),
            field_column(Post, "title"),
            field_column(Post, "organisation"),
            field_column(Post, "school"),
            field_column(Post, "start"),
            field_column(Post, "end"),
            Column("is_concurrent", _("Concurrent post"), lambda p: yes_no(p.is_concurrent)),
            Column("middle_management", _("Middle-management standing"),
                   lambda p: yes_no(p.middle_management)),
            field_column(Post, "appointed_by"),
            Column("document", _("Appointing document"),
                   lambda p: p.document.number if p.document else ""),
            field_column(Post, "basis"),
        ]


class AreaMeetingExport(Export):
    """Area meetings (片区会议) with their attendance."""

    kind = "area_meetings"
    model = AreaMeeting
    title = _("Area meetings")
    filename = "area-meetings.xlsx"
    order_by = ("-held_on", "area", "pk")

    def columns(self, viewer):
        return [
            field_column(AreaMeeting, "held_on"),
            field_column(AreaMeeting, "area"),
            field_column(AreaMeeting, "topic"),
            field_column(AreaMeeting, "host_school"),
            Column("attending_schools", _("Attending schools"),
                   lambda m: "、".join(s.name for s in m.attending_schools.all())),
            Column("attending_cadres", _("Attending cadres"),
                   lambda m: "、".join(c.name for c in m.attending_cadres.all())),
        ]

    def prepare(self, queryset):
        return queryset.select_related("host_school").prefetch_related(
            "attending_schools", "attending_cadres")


class RoundExport(Export):
    """Secondment rounds (挂职) with their application counts (the page's annotations)."""

    kind = "secondment_rounds"
    model = SecondmentRound
    title = _("Selection rounds")
    filename = "secondment-rounds.xlsx"
    order_by = ("-year", "-opens_on", "-pk")

    def columns(self, viewer):
        def count(name):
            return lambda r: getattr(r, name, None)

        return [
            field_column(SecondmentRound, "title"),
            field_column(SecondmentRound, "year"),
            field_column(SecondmentRound, "post_title"),
            field_column(SecondmentRound, "opens_on"),
            field_column(SecondmentRound, "closes_on"),
            field_column(SecondmentRound, "posts_on_offer"),
            Column("application_count", _("Applications"), count("application_count")),
            Column("waiting_count", _("Waiting for a decision"), count("waiting_count")),
            Column("selected_count", _("Selected"), count("selected_count")),
            Column("approved_count", pgettext_lazy("secondment", "Approved"),
                   count("approved_count")),
            field_column(SecondmentRound, "status"),
        ]


class SecondmentExport(Export):
    kind = "secondments"
    model = Secondment
    title = _("Secondments")
    filename = "secondments.xlsx"
    order_by = ("-start", "pk")
    related = ("cadre__school", "host")

    def columns(self, viewer):
        return [
            Column("cadre", _("Cadre"), lambda s: s.cadre.name),
            school_column("cadre.school"),
            field_column(Secondment, "host"),
            field_column(Secondment, "post_title"),
            field_column(Secondment, "start"),
            field_column(Secondment, "end"),
            field_column(Secondment, "approval_document_number"),
            field_column(Secondment, "result"),
            field_column(Secondment, "result_on"),
        ]


class ApplicationExport(Export):
    """A round's applications (报名), as the round page lists them."""

    kind = "secondment_applications"
    model = Application
    title = _("Applications")
    filename = "applications.xlsx"
    order_by = ("round__title", "school__name", "pk")
    related = ("round", "school", "cadre")

    def columns(self, viewer):
        return [
            Column("round", _("Round"), lambda a: a.round.title),
            school_column(),
            Column("cadre", _("Cadre"), lambda a: a.cadre.name),
            field_column(Application, "status"),
            field_column(Application, "submitted_at"),
            field_column(Application, "decided_at"),
            field_column(Application, "approval_document_number"),
        ]


class MoralPostExport(Export):
    """The leadership page's table: the district's schools with a league committee, whether
    their secretary holds a moral-education office post, and the standing. The rows are the
    schools of `leadership.schools_and_moral_posts` (annotated), their posts attached in one
    query."""

    kind = "moral_posts"
    model = None
    title = _("Moral-education office posts")
    filename = "moral-education-posts.xlsx"

    def columns(self, viewer):
        return [
            Column("school", _("School"), lambda s: s.name),
            Column("area", _("Area"), lambda s: s.area),
            Column("secretary", _("Secretary"),
                   lambda s: "、".join(c.name for c in s.secretary_cadres)),
            Column("moral_post", _("Holding a moral-education post"),
                   lambda s: yes_no(s.moral_post)),
            Column("moral_posts", _("Moral-education office post"),
                   lambda s: "、".join(p.title for p in s.moral_posts)),
            Column("since", _("Since"),
                   lambda s: min((p.start for p in s.moral_posts), default=None)),
            Column("middle_management", _("Middle-management standing"),
                   lambda s: yes_no(s.middle_management)),
        ]

    def rows(self, queryset, viewer=None):
        from cadres.leadership import attach_school_posts

        columns = self.columns(viewer)
        for school in attach_school_posts(list(queryset)):
            yield [c.value(school) for c in columns]


class AreaYearExport(Export):
    """Area meetings of a school year, one row per area (`cadres.areas.area_meetings`)."""

    kind = "area_year"
    model = None
    title = _("Area meetings by year")
    filename = "area-meetings-by-year.xlsx"

    def columns(self, viewer):
        return [
            Column("area", _("Area"), lambda a: a.area),
            Column("schools", pgettext_lazy("count", "Schools"), lambda a: len(a.schools)),
            Column("meetings", pgettext_lazy("count", "Meetings"), lambda a: len(a.meetings)),
            Column("first", _("First meeting"),
                   lambda a: a.meetings[0].held_on if a.meetings else None),
            Column("last", _("Last meeting"),
                   lambda a: a.meetings[-1].held_on if a.meetings else None),
            Column("topics", _("Topics"), lambda a: "、".join(m.topic for m in a.meetings)),
            Column("missed_count", _("Number absent"), lambda a: len(a.missed)),
            Column("missed", _("Schools that missed every meeting"),
                   lambda a: "、".join(s.name for s in a.missed)),
        ]

    def rows(self, queryset, viewer=None):
        columns = self.columns(viewer)
        for area in queryset:
            yield [c.value(area) for c in columns]


EXPORTS = [CadreExport(), PostExport(), AreaMeetingExport(), RoundExport(), SecondmentExport(),
           ApplicationExport()]

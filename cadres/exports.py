"""Exports of the cadres' registers: people and their posts. Phone and identity number stay
masked for every reader but those `Cadre.sees_personal_data` allows (the command line, run by
the server's operator, sees them as an administrator does)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre, Post
from portal.excel import Column, Export, field_column, name_of, yes_no


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
            Column("school", _("School"), lambda c: name_of(c.school)),
            Column("organisation", _("Organisation"), lambda c: name_of(c.organisation)),
            Column("current_posts", _("Current posts"),
                   lambda c: "、".join(p.title for p in getattr(c, "current_posts", []))),
            Column("phone", _("Phone"), lambda c: c.phone if sees else c.masked_phone),
            Column("id_number", _("Identity number"),
                   lambda c: c.id_number if sees else c.masked_id_number),
            field_column(Cadre, "notes"),
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

    def prepare(self, queryset):
        return queryset.select_related("cadre", "organisation", "school", "appointed_by",
                                       "document")


EXPORTS = [CadreExport(), PostExport()]

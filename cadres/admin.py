"""Cadres in the admin. People, posts, joint documents and area meetings here; the secondment
cycle's models register below them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cadres import models as m

# The portal's cadre list shows 25 rows a page; the admin shows as many, so `make bench`
# compares the two on the same rows.
CADRE_PAGE_SIZE = 25


class PostInline(admin.TabularInline):
    model = m.Post
    fk_name = "cadre"
    extra = 0
    raw_id_fields = ("school", "organisation", "appointed_by", "document")


@admin.register(m.Cadre)
class CadreAdmin(SimpleHistoryAdmin):
    list_display = ("name", "gender", "school", "organisation", "phone", "district")
    list_filter = ("district", "gender")
    list_select_related = ("school", "organisation", "district")
    list_per_page = CADRE_PAGE_SIZE
    search_fields = ("name", "school__name", "phone", "id_number")  # a person's records
    raw_id_fields = ("school", "organisation", "user")
    inlines = [PostInline]


@admin.register(m.Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ("cadre", "kind", "title", "school", "organisation", "start", "end",
                    "is_concurrent", "middle_management")
    list_filter = ("kind", "is_concurrent", "middle_management")
    list_select_related = ("cadre", "school", "organisation")
    search_fields = ("cadre__name", "title")
    raw_id_fields = ("cadre", "school", "organisation", "appointed_by", "document")


@admin.register(m.Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "kind", "direction", "issued_on", "district")
    list_filter = ("kind", "direction", "district")
    list_select_related = ("district",)
    search_fields = ("number", "title")
    filter_horizontal = ("issuers",)
    raw_id_fields = ("standard", "allocation")


class PhotoInline(admin.TabularInline):
    model = m.AreaMeetingPhoto
    extra = 0


@admin.register(m.AreaMeeting)
class AreaMeetingAdmin(SimpleHistoryAdmin):
    list_display = ("held_on", "area", "topic", "host_school", "district")
    list_filter = ("district", "area")
    list_select_related = ("host_school", "district")
    search_fields = ("topic", "area")
    raw_id_fields = ("host_school", "attending_schools", "attending_cadres")
    inlines = [PhotoInline]


from cadres import admin_secondments  # noqa: E402, F401  (the secondment cycle)

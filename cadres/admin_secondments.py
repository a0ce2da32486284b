"""The secondment cycle in the admin (imported by `cadres.admin`). Statuses, results and the
dates that follow from transitions are read-only: transitions go through
`cadres.services.secondments`, which checks, locks, records and notifies. Applications,
secondments, assessments and reserve-pool entries are created only there: no add page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cadres import models as m
from portal.admin_guards import CreatedByServices

# The portal's round page and reserve pool show 50 rows a page; the admin shows as many, so
# `make bench` compares the two on the same rows.
SECONDMENT_PAGE_SIZE = 50


@admin.register(m.SecondmentRound)
class SecondmentRoundAdmin(SimpleHistoryAdmin):
    list_display = ("title", "year", "district", "opens_on", "closes_on", "posts_on_offer",
                    "status")
    list_filter = ("district", "status", "year")
    list_select_related = ("district",)
    readonly_fields = ("status", "created_by", "created_at")
    raw_id_fields = ("notice",)
    search_fields = ("title",)


@admin.register(m.Application)
class ApplicationAdmin(CreatedByServices, SimpleHistoryAdmin):
    list_display = ("cadre", "school", "round", "submitted_at", "status")
    list_filter = ("status", "round")
    list_select_related = ("cadre", "school", "round")
    list_per_page = SECONDMENT_PAGE_SIZE
    readonly_fields = ("status", "submitted_by", "submitted_at", "decided_by", "decided_at",
                       "approval_document_number")
    raw_id_fields = ("round", "cadre", "school")
    search_fields = ("cadre__name", "school__name")


class AssessmentInline(admin.TabularInline):
    model = m.Assessment
    extra = 0
    can_delete = False
    readonly_fields = ("body", "grade", "comments", "assessed_by", "assessed_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.Secondment)
class SecondmentAdmin(CreatedByServices, SimpleHistoryAdmin):
    list_display = ("cadre", "post_title", "start", "end", "result", "district")
    list_filter = ("district", "result")
    list_select_related = ("cadre", "district")
    readonly_fields = ("application", "cadre", "district", "approval_document_number", "result",
                       "result_on")
    raw_id_fields = ("host", "approval_document")
    inlines = [AssessmentInline]


@admin.register(m.Assessment)
class AssessmentAdmin(CreatedByServices, SimpleHistoryAdmin):
    list_display = ("secondment", "body", "grade", "assessed_by", "assessed_at")
    list_filter = ("body", "grade")
    list_select_related = ("secondment__cadre", "assessed_by")
    readonly_fields = ("secondment", "body", "grade", "assessed_by", "assessed_at")


@admin.register(m.ReservePoolEntry)
class ReservePoolEntryAdmin(CreatedByServices, SimpleHistoryAdmin):
    list_display = ("cadre", "entered_on", "basis", "school_support", "left_on", "left_reason")
    list_filter = ("district", "left_on")
    list_select_related = ("cadre__school", "secondment")
    list_per_page = SECONDMENT_PAGE_SIZE
    readonly_fields = ("cadre", "secondment", "district", "added_by", "entered_on", "left_on")
    search_fields = ("cadre__name",)

    def has_delete_permission(self, request, obj=None):
        return False  # leaving the pool is recorded, never deleted

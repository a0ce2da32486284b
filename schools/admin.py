from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from portal.imports.admin import SafeImportMixin
from schools.models import (
    Applicant,
    Branch,
    CommunityPairing,
    Honour,
    School,
    SchoolUnit,
    VolunteerRecord,
)
from schools.resources import BranchResource, SchoolResource


class BranchInline(admin.TabularInline):
    model = Branch
    extra = 0


class UnitInline(admin.TabularInline):
    model = SchoolUnit
    extra = 0


@admin.register(School)
class SchoolAdmin(SafeImportMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [SchoolResource]
    list_display = ("name", "short_name", "district", "level", "area", "active")
    list_filter = ("district", "level", "area", "active")
    search_fields = ("name", "short_name", "address")
    inlines = [UnitInline, BranchInline]
    # A school's reports, applicants, branches and inspections protect it from deletion
    # (the admin then says what holds it); a school that stops taking part is deactivated.
    actions = ["deactivate"]

    @admin.action(description=_("Deactivate the selected schools (their records are kept)"),
                  permissions=["change"])
    def deactivate(self, request, queryset):
        count = 0
        for school in queryset.filter(active=True):  # one history row per school
            school.active = False
            school._change_reason = "deactivated in the admin"
            school.save(update_fields=["active"])
            count += 1
        messages.success(request, ngettext("%(count)d school deactivated.",
                                           "%(count)d schools deactivated.", count)
                         % {"count": count})


@admin.register(Branch)
class BranchAdmin(SafeImportMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [BranchResource]
    list_display = ("class_name", "school", "kind", "grade", "advisor", "member_count",
                    "applicant_count")
    list_filter = ("kind", "grade", "school__district")
    search_fields = ("class_name", "school__name", "advisor")
    list_select_related = ("school",)


@admin.register(SchoolUnit)
class SchoolUnitAdmin(SimpleHistoryAdmin):
    list_display = ("school", "kind", "leader_name", "member_count")
    list_filter = ("kind",)
    list_select_related = ("school",)


@admin.register(Honour)
class HonourAdmin(admin.ModelAdmin):
    list_display = ("school", "title", "other_title", "level", "year")
    list_filter = ("title", "level", "year")
    list_select_related = ("school",)


@admin.register(CommunityPairing)
class CommunityPairingAdmin(admin.ModelAdmin):
    list_display = ("school", "community", "citizen_school", "since", "active")
    list_select_related = ("school",)


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ("name", "school", "branch", "registered_on")
    list_select_related = ("school", "branch")
    search_fields = ("name", "school__name")
    raw_id_fields = ("school", "branch")
    # The assessment moves through `activities.services.applicant_move` (the hours gate).
    readonly_fields = ("status", "decided_on")


@admin.register(VolunteerRecord)
class VolunteerRecordAdmin(admin.ModelAdmin):
    """Records go through the services: the applicant is locked, and a record that counted
    toward an admission is shown, not changed or deleted."""

    list_display = ("applicant", "date", "hours", "activity", "place")
    list_select_related = ("applicant",)
    raw_id_fields = ("applicant", "pairing")

    @staticmethod
    def _counted(obj) -> bool:
        return obj is not None and obj.applicant.status == Applicant.Status.ADMITTED

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._counted(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._counted(obj)

    def save_model(self, request, obj, form, change):
        from activities import services

        services.volunteer_record_save(record=obj)

    def delete_model(self, request, obj):
        from activities import services

        services.volunteer_record_delete(record=obj)

    def delete_queryset(self, request, queryset):
        from django.core.exceptions import ValidationError

        from activities import services

        for record in queryset.select_related("applicant"):
            try:
                services.volunteer_record_delete(record=record)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)

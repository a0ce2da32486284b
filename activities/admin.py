from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from activities import models as m
from portal.admin_guards import ReadOnlyLog, WorkflowFieldsReadOnly


@admin.register(m.Semester)
class SemesterAdmin(admin.ModelAdmin):
    list_display = ("__str__", "district", "start", "end", "deadline_day", "close_after_days")
    list_filter = ("district", "school_year")


class ActivitiesSettingsAdminForm(forms.ModelForm):
    """The rules, changed here too only with a reason kept in their history."""

    reason = forms.CharField(label=_("Reason for the change"), max_length=100)

    class Meta:
        model = m.ActivitiesSettings
        fields = ["district", "required_volunteer_hours", "volunteer_hours_document",
                  "class_hours_per_month", "class_hours_document", "reminder_days_before"]


@admin.register(m.ActivitiesSettings)
class ActivitiesSettingsAdmin(SimpleHistoryAdmin):
    form = ActivitiesSettingsAdminForm
    list_display = ("district", "required_volunteer_hours", "reminder_days_before")

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data["reason"]
        super().save_model(request, obj, form, change)


class SessionInline(admin.TabularInline):
    model = m.ActivitySession
    extra = 0


@admin.register(m.ActivityCourse)
class ActivityCourseAdmin(SimpleHistoryAdmin):
    list_display = ("school", "semester", "class_hours_per_month", "demonstration_plan")
    list_filter = ("semester",)
    list_select_related = ("school", "semester")
    search_fields = ("school__name",)
    inlines = [SessionInline]


@admin.register(m.ActivitySession)
class ActivitySessionAdmin(admin.ModelAdmin):
    list_display = ("theme", "course", "date", "week", "period", "classes")
    list_select_related = ("course__school", "course__semester")
    raw_id_fields = ("course",)


class ActivityInline(admin.TabularInline):
    model = m.Activity
    extra = 0
    raw_id_fields = ("partner", "campaign")


@admin.register(m.MonthlyReport)
class MonthlyReportAdmin(WorkflowFieldsReadOnly, SimpleHistoryAdmin):
    workflow_fields = ("status", "submitted_at", "submitted_by", "first_submitted_on",
                       "reviewed_by", "reviewed_at", "return_comment", "unlocked_until")
    list_display = ("school", "year", "month", "status", "deadline", "first_submitted_on",
                    "reviewed_by")
    list_filter = ("status", "year", "month")
    list_select_related = ("school", "reviewed_by")
    search_fields = ("school__name",)
    raw_id_fields = ("school", "submitted_by", "reviewed_by")
    inlines = [ActivityInline]


@admin.register(m.Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("date", "kind", "hours", "participants", "report")
    list_filter = ("kind",)
    list_select_related = ("report__school",)
    raw_id_fields = ("report", "partner", "campaign")


@admin.register(m.ActivityPhoto)
class ActivityPhotoAdmin(admin.ModelAdmin):
    list_display = ("name", "report", "uploaded_at")
    list_select_related = ("report__school",)
    raw_id_fields = ("report", "activity")


@admin.register(m.ReportTransition)
class ReportTransitionAdmin(ReadOnlyLog, admin.ModelAdmin):
    list_display = ("report", "from_status", "to_status", "by", "at")
    list_select_related = ("report__school", "by")
    raw_id_fields = ("report",)


@admin.register(m.UnlockRequest)
class UnlockRequestAdmin(WorkflowFieldsReadOnly, SimpleHistoryAdmin):
    workflow_fields = ("granted_by", "granted_at")
    list_display = ("report", "reason", "requested_by", "granted_by", "granted_at")
    list_select_related = ("report__school", "requested_by", "granted_by")
    raw_id_fields = ("report",)


@admin.register(m.Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "district", "start", "end")
    filter_horizontal = ("partners",)


class NominationInline(WorkflowFieldsReadOnly, admin.TabularInline):
    model = m.Nomination
    extra = 0
    workflow_fields = ("status", "decided_by")
    raw_id_fields = ("school", "nominated_by", "decided_by")


@admin.register(m.HonourSelection)
class HonourSelectionAdmin(WorkflowFieldsReadOnly, SimpleHistoryAdmin):
    workflow_fields = ("status",)
    list_display = ("name", "year", "status", "quota_per_school", "district")
    list_filter = ("status", "year")


@admin.register(m.Nomination)
class NominationAdmin(WorkflowFieldsReadOnly, SimpleHistoryAdmin):
    workflow_fields = ("status", "decided_by")
    list_display = ("student_name", "class_name", "school", "selection", "status")
    list_filter = ("status",)
    list_select_related = ("school", "selection")
    raw_id_fields = ("school", "selection", "nominated_by", "decided_by")


@admin.register(m.Fund)
class FundAdmin(SimpleHistoryAdmin):
    list_display = ("name", "year", "source", "purpose", "amount")


@admin.register(m.Allocation)
class AllocationAdmin(WorkflowFieldsReadOnly, SimpleHistoryAdmin):
    money_fields = ("amount", "fund")  # the fund's balance is guarded by the services
    list_display = ("fund", "campaign", "school", "amount")
    list_select_related = ("fund", "campaign", "school")
    raw_id_fields = ("school",)


@admin.register(m.Spending)
class SpendingAdmin(WorkflowFieldsReadOnly, SimpleHistoryAdmin):
    money_fields = ("amount", "allocation")
    list_display = ("allocation", "date", "amount", "note")
    list_select_related = ("allocation__fund", "allocation__campaign", "allocation__school")

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.admin_guards import ReadOnlyLog, WorkflowFieldsReadOnly
from supervision import services
from supervision.models import (
    ActionItem,
    Commendation,
    CoordinationMeeting,
    Evidence,
    Finding,
    Indicator,
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

IN_USE = _("Inspections were scored against this version, so it cannot be changed. Use the "
           "action “Create a new version” and edit the copy.")


REASON_HELP = _("Kept in the history of the standard with your name.")


def reason_field():
    return forms.CharField(label=_("Reason for the change"), max_length=100,  # the history's
                           help_text=REASON_HELP)  # reason holds 100 characters


def changed_fields(form) -> list[str]:
    return [name for name in form.changed_data if name != "reason"]


class IndicatorFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.pk and self.has_changed() and self.instance.inspections.exists():
            raise forms.ValidationError(IN_USE)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    formset = IndicatorFormSet
    extra = 0


class StandardForm(forms.ModelForm):
    """A standard's thresholds, quotas and texts (and, inline, its indicators' weights and
    texts) change only with a reason, kept in their history with the user."""

    reason = reason_field()

    class Meta:
        model = Standard
        fields = ["code", "version", "name", "kind", "issuing_bodies", "effective_on",
                  "is_draft", "commend_threshold", "rectify_threshold", "commendation_quota",
                  "pass_ratio"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and changed_fields(self) and self.instance.inspections.exists():
            raise forms.ValidationError(IN_USE)
        return cleaned


@admin.register(Standard)
class StandardAdmin(SimpleHistoryAdmin):
    form = StandardForm
    list_display = ("name", "code", "version", "kind", "is_draft", "effective_on")
    list_filter = ("kind", "is_draft")
    inlines = [IndicatorInline]
    actions = ["new_version"]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data["reason"]
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """The indicators changed, added or deleted with the standard keep its reason."""
        reason = form.cleaned_data["reason"]
        for indicator in formset.save(commit=False):
            indicator._change_reason = reason
            indicator.save()
        for indicator in formset.deleted_objects:
            indicator._change_reason = reason
            indicator.delete()
        formset.save_m2m()

    @admin.action(description=_("Create a new version"))
    def new_version(self, request, queryset):
        for standard in queryset:
            copy = services.standard_new_version(standard=standard, user=request.user)
            messages.success(request, str(copy))


class IndicatorForm(forms.ModelForm):
    reason = reason_field()

    class Meta:
        model = Indicator
        fields = ["standard", "code", "title", "description", "weight", "max_score", "order"]

    def clean(self):
        cleaned = super().clean()
        standards = {s for s in (self.instance.standard if self.instance.pk else None,
                                 cleaned.get("standard")) if s is not None}
        if (self.instance.pk and changed_fields(self)
                and any(s.inspections.exists() for s in standards)):
            raise forms.ValidationError(IN_USE)
        return cleaned


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    form = IndicatorForm
    list_display = ("code", "title", "standard", "weight", "max_score", "order")
    list_filter = ("standard",)

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data["reason"]
        super().save_model(request, obj, form, change)


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "district", "year")
    list_filter = ("district", "year")
    filter_horizontal = ("team",)


@admin.register(Inspection)
class InspectionAdmin(WorkflowFieldsReadOnly, SimpleHistoryAdmin):
    workflow_fields = ("status", "published_at", "no_outcome_reason", "no_outcome_by",
                       "no_outcome_at")
    list_display = ("school", "plan", "planned_date", "kind", "status")
    list_filter = ("status", "kind", "plan__year")
    search_fields = ("school__name",)
    list_select_related = ("school", "plan")
    raw_id_fields = ("follows",)


@admin.register(Score)
class ScoreAdmin(SimpleHistoryAdmin):
    list_display = ("inspection", "indicator", "score", "not_applicable")
    list_select_related = ("inspection__school", "indicator")
    raw_id_fields = ("inspection",)


# (model, list columns, fields only a service changes, whether the admin only reads it)
for model, fields, workflow, log in [
    (Finding, ("inspection", "kind", "indicator"), (), False),
    (Evidence, ("inspection", "caption", "produced_on", "uploaded_by"), (), False),
    (SignOff, ("inspection", "side", "user", "signed_at", "revoked_at"), (), True),
    (InspectionEvent, ("inspection", "from_status", "to_status", "user", "at"), (), True),
    (SelfAssessment, ("inspection", "indicator", "score"), (), False),
    (Commendation, ("inspection", "issued_on", "issued_by"), (), False),
    (RectificationOrder, ("inspection", "due_date", "status"), ("status", "closed_at"), False),
    (RectificationResponse, ("order", "by", "at", "accepted"),
     ("accepted", "review_comment", "reviewed_by", "reviewed_at"), False),
    (CoordinationMeeting, ("title", "district", "date"), (), False),
    (ActionItem, ("text", "owner", "due_date", "done_at"), ("done_at", "done_by"), False),
]:
    bases = (ReadOnlyLog,) if log else ()
    admin.site.register(model, type(f"{model.__name__}Admin",
                                    (*bases, WorkflowFieldsReadOnly, admin.ModelAdmin), {
        "list_display": fields,
        "workflow_fields": workflow,
        "raw_id_fields": [f for f in ("inspection", "order", "meeting") if f in fields],
    }))

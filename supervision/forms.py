from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadres.citations import district_documents
from portal import school_year
from portal.forms import PortalFormMixin
from portal.models import OFFICER_ROLES, Organisation, User
from portal.uploads import UploadValidator
from schools.lookup import SchoolAmbiguous, SchoolNames, SchoolNotFound
from schools.models import School
from supervision.models import (
    ActionItem,
    CoordinationMeeting,
    Evidence,
    Finding,
    Inspection,
    InspectionPlan,
)
from supervision.models.inspections import NO_OUTCOME_REASON_MAX_LENGTH
from supervision.services import plan_team_errors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["year", "title", "team", "commendation_quota", "document", "notes"]
        widgets = {"team": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = district
        self.fields["document"].queryset = district_documents(district)
        self.fields["team"].queryset = User.objects.filter(
            district=district, role__in=OFFICER_ROLES, is_active=True
        ).select_related("organisation").order_by("organisation__kind", "username")
        self.fields["team"].help_text = _("At least one member of the league committee and one "
                                          "of the education commission (and the pioneers "
                                          "committee where it takes part).")
        if not self.instance.pk:
            today = timezone.localdate()
            self.initial.setdefault("year", school_year.start_year_of(today))

    def clean_year(self):
        """A school year (its start year) from 2000 to next year: not 0, not 20250."""
        year = self.cleaned_data["year"]
        today = timezone.localdate()
        latest = school_year.start_year_of(today) + 1
        if not 2000 <= year <= latest:
            raise forms.ValidationError(
                _("Enter a school year from %(first)d to %(last)d.")
                % {"first": 2000, "last": latest})
        return year

    def clean_team(self):
        team = self.cleaned_data["team"]
        errors = plan_team_errors(team)
        if errors:
            raise forms.ValidationError(errors)
        return team

    def save(self, commit=True):
        self.instance.district = self.district
        return super().save(commit)


class InspectionCreateForm(PortalFormMixin, forms.Form):
    # Typed with suggestions (a <datalist>), not a select: a district has hundreds of schools.
    # The full name (重庆市求精中学) or the short one (求精中学) will do.
    school = forms.CharField(
        label=_("School"), max_length=100, help_text=_("Full or short name."),
        widget=forms.TextInput(attrs={"list": "plan-school-options", "autocomplete": "off"}))
    planned_date = forms.DateField(label=_("Planned date"), widget=DATE)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def schools(self):
        return School.objects.filter(district=self.plan.district, active=True)

    def suggestions(self):
        """The schools of the district not yet in the plan."""
        return self.schools().exclude(inspections__plan=self.plan,
                                      inspections__kind=Inspection.Kind.REGULAR)

    def clean_school(self) -> School:
        name = self.cleaned_data["school"].strip()
        try:
            school = SchoolNames(self.schools().filter(Q(name=name) | Q(short_name=name))
                                 ).find(name)
        except SchoolNotFound:
            raise forms.ValidationError(
                _("No school of the district is called “%(name)s”.") % {"name": name}) from None
        except SchoolAmbiguous as error:
            raise forms.ValidationError(error.message()) from None
        if self.plan.inspections.filter(school=school,
                                        kind=Inspection.Kind.REGULAR).exists():
            raise forms.ValidationError(
                _("%(school)s already has a regular inspection in this plan.")
                % {"school": school})
        return school


class FindingForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["kind", "indicator", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = inspection.standard.indicators.all()


class EvidenceForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["file", "produced_on", "caption"]
        widgets = {"produced_on": DATE}


class ReasonForm(forms.Form):
    # Bounded like the history's change reason it is recorded in (services.REASON_MAX_LENGTH).
    reason = forms.CharField(label=_("Reason"), max_length=100,
                             widget=forms.Textarea(attrs={"rows": 2}))


class NoOutcomeForm(forms.Form):
    """Closing a published inspection's outcome as not needed (无需处理), with the reason."""

    prefix = "no_outcome"  # beside the reopening's reason on one page
    reason = forms.CharField(
        label=_("Why no outcome is needed"), max_length=NO_OUTCOME_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason why no outcome is needed.")},
        help_text=_("Neither a commendation nor a rectification order, e.g. a satisfactory "
                    "result with nothing to correct."))


class FollowUpForm(forms.Form):
    planned_date = forms.DateField(label=_("Planned date"), widget=DATE)


class CommendationForm(PortalFormMixin, forms.Form):
    text = forms.CharField(label=_("Commendation"), widget=forms.Textarea(attrs={"rows": 3}))


class OrderForm(PortalFormMixin, forms.Form):
    finding = forms.ModelChoiceField(label=pgettext_lazy("finding", "Problem"),
                                     queryset=Finding.objects.none())
    requirement = forms.CharField(label=_("Requirement"),
                                  widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(label=_("Due date"), widget=DATE)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        problems = inspection.findings.filter(kind=Finding.Kind.PROBLEM)
        self.fields["finding"].queryset = problems
        if not self.is_bound:
            # The only problem is the one to order rectified: chosen already, no empty choice.
            only = list(problems.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                self.fields["finding"].initial = only[0]
                self.fields["finding"].empty_label = None

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due


class ResponseForm(PortalFormMixin, forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("Evidence file"), required=False)


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class MeetingForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = CoordinationMeeting
        fields = ["date", "title", "document", "attendees", "minutes", "decisions"]
        widgets = {"date": DATE, "attendees": forms.CheckboxSelectMultiple,
                   "minutes": forms.Textarea(attrs={"rows": 5}),
                   "decisions": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = district
        self.fields["attendees"].queryset = Organisation.objects.filter(district=district)
        self.fields["document"].queryset = district_documents(district)

    def save(self, commit=True):
        self.instance.district = self.district
        return super().save(commit)


class ActionItemForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["text", "owner", "due_date"]
        widgets = {"due_date": DATE, "text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(district=district)


class SheetUploadForm(forms.Form):
    file = forms.FileField(label=_("Filled score sheet (.xlsx)"),
                           validators=[UploadValidator((".xlsx",), max_bytes=5 * 1024 * 1024)])

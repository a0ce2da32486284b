"""Forms of the activities app: short, with only what the rules and summaries use."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import (
    ActivitiesSettings,
    Activity,
    ActivityCourse,
    ActivitySession,
    Allocation,
    Campaign,
    Fund,
    HonourSelection,
    Semester,
    Spending,
)
from cadres.citations import district_documents
from portal.forms import MultipleUploadField, PortalFormMixin
from portal.models import Organisation
from portal.uploads import validate_evidence
from schools.models import Applicant, VolunteerRecord

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "date", "hours", "participants", "partner", "campaign", "description"]
        widgets = {"date": DATE, "hours": forms.NumberInput(attrs={"step": "0.5", "min": "0.5",
                                                                   "max": "24"})}

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.report = report
        district_id = report.school.district_id
        self.fields["partner"].queryset = Organisation.objects.filter(district_id=district_id)
        self.fields["campaign"].queryset = Campaign.objects.filter(
            district_id=district_id, start__lte=report.last_day, end__gte=report.first_day)
        self.fields["date"].widget.attrs.update(min=report.first_day.isoformat(),
                                                max=report.last_day.isoformat())


class PhotoUploadForm(forms.Form):
    files = MultipleUploadField(label=_("Photos or files"), validator=validate_evidence,
                                accept="image/*,.pdf,.docx,.xlsx,.pptx,.doc,.xls,.ppt")


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What must be corrected"), max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class SemesterForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Semester
        fields = ["school_year", "term", "name", "start", "end", "deadline_day",
                  "close_after_days"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district

    def _get_validation_exclusions(self):
        # `district` is set here, not typed: validating it lets the model check the
        # per-district constraints once, with the others (checking them again in
        # validate_unique showed each error twice).
        return super()._get_validation_exclusions() - {"district"}


class SettingsForm(PortalFormMixin, forms.ModelForm):
    """The district's rules, changed with a reason that the history keeps with the user."""

    reason = forms.CharField(
        label=_("Reason for the change"), max_length=100,  # the history's reason holds 100
        help_text=_("Kept in the history of the settings with your name."))

    class Meta:
        model = ActivitiesSettings
        fields = ["required_volunteer_hours", "volunteer_hours_document", "class_hours_per_month",
                  "class_hours_document", "reminder_days_before"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("volunteer_hours_document", "class_hours_document"):
            self.fields[name].queryset = district_documents(self.instance.district_id)

    def save(self, commit=True):
        self.instance._change_reason = self.cleaned_data["reason"]
        return super().save(commit)


class CourseForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ActivityCourse
        fields = ["class_hours_per_month", "timetable_slot", "demonstration_plan",
                  "demonstration_date"]
        widgets = {"demonstration_date": DATE}


class SessionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ActivitySession
        fields = ["date", "week", "period", "classes", "theme"]
        widgets = {"date": DATE}

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.course = course

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("date") and not cleaned.get("week"):
            raise forms.ValidationError(_("Give a date or a teaching week."))
        return cleaned


class CampaignForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "start", "end", "partners", "document", "description"]
        widgets = {"start": DATE, "end": DATE, "partners": forms.CheckboxSelectMultiple}

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.fields["partners"].queryset = Organisation.objects.filter(district=district)
        self.fields["document"].queryset = district_documents(district)


class SelectionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = HonourSelection
        fields = ["name", "campaign", "document", "year", "quota_per_school", "nomination_opens",
                  "nomination_closes", "notice_starts", "notice_ends"]
        widgets = {"nomination_opens": DATE, "nomination_closes": DATE, "notice_starts": DATE,
                   "notice_ends": DATE}

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.fields["campaign"].queryset = Campaign.objects.filter(district=district)
        self.fields["document"].queryset = district_documents(district)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("notice_starts"), cleaned.get("notice_ends")
        if starts and ends and ends < starts:
            self.add_error("notice_ends", _("The public notice must end after it starts."))
        return cleaned


class NominationForm(forms.Form):
    student_name = forms.CharField(label=_("Student name"), max_length=30)
    class_name = forms.CharField(label=_("Class"), max_length=30)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class FundForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Fund
        fields = ["name", "source", "year", "purpose", "amount"]

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.fields["source"].queryset = Organisation.objects.filter(district=district)


class AllocationForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Allocation
        fields = ["amount", "campaign", "school", "note"]

    def __init__(self, *args, district, **kwargs):
        from schools.models import School

        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(district=district)
        self.fields["school"].queryset = School.objects.filter(district=district)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("campaign") and not cleaned.get("school") and not cleaned.get("note"):
            raise forms.ValidationError(_("Say what the money is for: a campaign, a school or "
                                          "a note."))
        return cleaned


class SpendingForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Spending
        fields = ["date", "amount", "note", "activity", "campaign"]
        widgets = {"date": DATE}

    def __init__(self, *args, allocation, **kwargs):
        from activities.services import spending_targets

        super().__init__(*args, **kwargs)
        activities, campaigns = spending_targets(allocation)
        self.fields["activity"].queryset = activities
        self.fields["campaign"].queryset = campaigns


class ApplicantForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Applicant
        fields = ["name", "branch", "registered_on", "notes"]
        widgets = {"registered_on": DATE}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.fields["branch"].queryset = school.branches.all()


class VolunteerRecordForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = VolunteerRecord
        fields = ["date", "hours", "activity", "pairing", "place"]
        widgets = {"date": DATE}

    def __init__(self, *args, applicant, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.applicant = applicant
        self.fields["pairing"].queryset = applicant.school.pairings.all()
        # The model refuses a date in the future (`VolunteerRecord.clean`); the picker too.
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("pairing") and not cleaned.get("place"):
            self.add_error("place", _("Name the community or citizen school."))
        return cleaned

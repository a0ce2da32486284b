from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalFormMixin
from portal.models import District
from schools.models import Branch, CommunityPairing, Honour, School, SchoolUnit


class SchoolChildFormMixin:
    """For forms of a school's records where the school is set by the view, not a field:
    still check the unique constraints that involve the school (Django skips constraints on
    fields that are not in the form, which would end in a database error)."""

    def validate_unique(self):
        exclude = self._get_validation_exclusions() - {"school"}
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)


class SchoolForm(PortalFormMixin, forms.ModelForm):
    """The full profile, for officers. The district is fixed to the officer's own unless the
    user is city-wide."""

    class Meta:
        model = School
        fields = ["district", "name", "short_name", "level", "area", "address", "phone",
                  "joined_on", "active"]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_city_wide:
            self.fields["district"].queryset = District.objects.all()
        else:
            self.fields["district"].queryset = District.objects.filter(pk=user.district_id)
            self.fields["district"].initial = user.district_id
            self.fields["district"].disabled = True

    def clean(self):
        cleaned = super().clean()
        # The district field may be disabled, so the model's unique check would not see it.
        district = cleaned.get("district")
        name = cleaned.get("name")
        if district and name:
            clash = School.objects.filter(district=district, name=name).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "name", _("A school with this name already exists in the district.")
                )
        return cleaned


class SecretarySchoolForm(PortalFormMixin, forms.ModelForm):
    """What a school secretary may keep up to date about their own school."""

    class Meta:
        model = School
        fields = ["short_name", "address", "phone"]


class SchoolUnitForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = SchoolUnit
        fields = ["leader_name", "member_count", "committee_size", "established"]


class BranchForm(SchoolChildFormMixin, PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Branch
        fields = ["kind", "class_name", "grade", "advisor", "member_count", "applicant_count"]

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school

    def clean(self):
        cleaned = super().clean()
        members = cleaned.get("member_count")
        applicants = cleaned.get("applicant_count")
        if cleaned.get("kind") == Branch.Kind.PIONEER_SQUADRON and applicants:
            self.add_error(
                "applicant_count", _("A pioneer squadron has no league membership applicants.")
            )
        if members is not None and members > 80:
            self.add_error("member_count", _("A class branch has at most 80 members."))
        return cleaned


class HonourForm(SchoolChildFormMixin, PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Honour
        fields = ["title", "other_title", "level", "year", "awarded_by"]

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title") == Honour.Title.OTHER and not cleaned.get("other_title"):
            self.add_error("other_title", _("Name the honour when its title is Other."))
        return cleaned


class PairingForm(SchoolChildFormMixin, PortalFormMixin, forms.ModelForm):
    class Meta:
        model = CommunityPairing
        fields = ["community", "citizen_school", "since", "contact", "active"]
        widgets = {"since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school

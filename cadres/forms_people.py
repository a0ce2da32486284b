"""Forms for people, posts, joint documents and area meetings. Every choice of a related row
is limited to what the user may use: a crafted id from outside is "not one of the choices"."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from activities.models import Allocation
from cadres.models import AreaMeeting, Cadre, Document, Post
from portal.forms import MultipleUploadField, PortalFormMixin
from portal.models import Organisation
from portal.uploads import validate_image
from portal.widgets import SearchSelectMultiple
from schools.models import School
from supervision.models import Standard

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IdsInRangeMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A crafted id beyond a database integer is "not one of the choices", not a 500."""

    def _check_values(self, value):
        for pk in value:
            try:
                in_range = -(2**63) <= int(str(pk)) < 2**63
            except ValueError:
                in_range = True  # the parent refuses non-numbers itself
            if not in_range:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"],
                                            code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)


class CadreForm(PortalFormMixin, forms.ModelForm):
    """A secretary keeps the cadres of their own school: the school is theirs, no
    organisation. Officers choose a school or an organisation of their district."""

    class Meta:
        model = Cadre
        fields = ["name", "gender", "school", "organisation", "phone", "id_number", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "phone": _("Shown masked (138****5678) to everyone but administrators and the "
                       "organisation department."),
            "id_number": _("18 characters; shown masked like the phone."),
        }

    def __init__(self, *args, user, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        schools = School.objects.visible_to(user).filter(district=district).order_by("name")
        self.fields["school"].queryset = schools
        if user.is_secretary:
            del self.fields["organisation"]
            self.fields["school"].required = True
            self.fields["school"].empty_label = None
        else:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                district=district).exclude(kind=Organisation.Kind.SCHOOL)
        if self.instance.pk and not Cadre.sees_personal_data(user):
            # Who sees masked data never gets the full number back in a form: leaving the
            # masked value untouched keeps the stored one.
            self.initial["phone"] = self.instance.masked_phone
            self.initial["id_number"] = self.instance.masked_id_number
            self._masked = {"phone": self.instance.masked_phone,
                            "id_number": self.instance.masked_id_number}
        else:
            self._masked = {}

    def _clean_personal(self, field: str) -> str:
        value = self.cleaned_data.get(field, "")
        if self._masked and value == self._masked[field]:
            return getattr(self.instance, field)
        return value

    def clean_phone(self) -> str:
        return self._clean_personal("phone")

    def clean_id_number(self) -> str:
        return self._clean_personal("id_number").strip().upper()

    def clean(self):
        data = super().clean()
        if not data.get("school") and not data.get("organisation"):
            raise forms.ValidationError(_("Choose the cadre's school or organisation."))
        return data


class PostForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Post
        fields = ["kind", "title", "school", "organisation", "start", "end", "is_concurrent",
                  "middle_management", "appointed_by", "document", "basis"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, user, cadre, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cadre = cadre
        district = cadre.district
        orgs = Organisation.objects.filter(district=district).exclude(
            kind=Organisation.Kind.SCHOOL)
        self.fields["school"].queryset = School.objects.visible_to(user).filter(
            district=district).order_by("name")
        self.fields["appointed_by"].queryset = orgs
        self.fields["document"].queryset = Document.objects.filter(district=district)
        if user.is_secretary:
            # A secretary records posts in their own school only.
            del self.fields["organisation"]
            self.fields["school"].required = True
            self.fields["school"].empty_label = None
            self.fields["kind"].choices = [
                (k, label) for k, label in Post.Kind.choices
                if k in (Post.Kind.LEAGUE_SECRETARY, Post.Kind.PIONEER_COUNSELLOR,
                         Post.Kind.MORAL_EDUCATION_OFFICE, Post.Kind.OTHER)]
        else:
            self.fields["organisation"].queryset = orgs
        if not self.instance.pk and cadre.school_id and "school" in self.fields:
            self.initial.setdefault("school", cadre.school_id)

    def clean(self):
        data = super().clean()
        if not data.get("school") and not data.get("organisation"):
            raise forms.ValidationError(_("Choose the school or organisation of the post."))
        return data


class PostEndForm(PortalFormMixin, forms.Form):
    end = forms.DateField(label=_("Last day in the post"), widget=DATE)


class DocumentForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Document
        fields = ["number", "title", "kind", "direction", "issuers", "issued_on", "summary",
                  "file", "standard", "allocation"]
        widgets = {"issued_on": DATE, "issuers": forms.CheckboxSelectMultiple,
                   "summary": forms.Textarea(attrs={"rows": 3}),
                   "file": forms.ClearableFileInput(attrs={"accept": ".pdf"})}
        field_classes = {"issuers": IdsInRangeMultipleChoiceField}
        help_texts = {"file": _("Optional. A PDF; its file name is kept for the download.")}

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.fields["issuers"].queryset = Organisation.objects.filter(
            district=district).exclude(kind=Organisation.Kind.SCHOOL)
        self.fields["standard"].queryset = Standard.objects.order_by("kind", "-version")
        self.fields["allocation"].queryset = Allocation.objects.filter(
            fund__district=district).select_related("fund", "campaign", "school")
        self.fields["allocation"].label_from_instance = lambda a: f"{a.fund} · {a}"


def attending_school_label(school: School) -> str:
    return f"{school.area} · {school.name}"


def attending_cadre_label(cadre: Cadre) -> str:
    return f"{cadre.name}（{cadre.workplace}）"


def meeting_schools(district, rows=None):
    """The schools a meeting form offers (of `rows`, the user's scope, when given)."""
    rows = School.objects.all() if rows is None else rows
    return rows.filter(district=district).order_by("area", "name", "pk")


def meeting_cadres(district, rows=None):
    """The cadres a meeting form offers (of `rows`, the user's scope, when given)."""
    rows = Cadre.objects.all() if rows is None else rows
    return (rows.filter(district=district).select_related("school", "organisation")
            .order_by("name", "pk"))


class AreaMeetingForm(PortalFormMixin, forms.ModelForm):
    """The schools and cadres who attended are searched as they are typed (a district has
    hundreds of each): `portal.widgets.SearchSelectMultiple` over the searches of
    `cadres.views.meetings`; without script, the plain multi-selects."""

    area = forms.ChoiceField(label=_("Area"))

    class Meta:
        model = AreaMeeting
        fields = ["area", "held_on", "topic", "host_school", "attending_schools",
                  "attending_cadres", "minutes"]
        widgets = {"held_on": DATE, "minutes": forms.Textarea(attrs={"rows": 6}),
                   "attending_schools": SearchSelectMultiple(
                       search_url=reverse_lazy("cadres:meeting_school_search")),
                   "attending_cadres": SearchSelectMultiple(
                       attrs={"size": 8}, search_url=reverse_lazy("cadres:meeting_cadre_search"))}
        field_classes = {"attending_schools": IdsInRangeMultipleChoiceField,
                         "attending_cadres": IdsInRangeMultipleChoiceField}

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        schools = meeting_schools(district)
        areas = schools.exclude(area="").order_by("area").values_list("area", flat=True)
        self.fields["area"].choices = [("", "---------"), *[(a, a) for a in areas.distinct()]]
        self.fields["host_school"].queryset = schools
        self.fields["attending_schools"].queryset = schools
        self.fields["attending_schools"].label_from_instance = attending_school_label
        self.fields["attending_cadres"].queryset = meeting_cadres(district)
        self.fields["attending_cadres"].label_from_instance = attending_cadre_label

    def clean(self):
        data = super().clean()
        host, area = data.get("host_school"), data.get("area")
        if host and area and host.area != area:
            self.add_error("host_school", _("The host school is in %(other)s, not in %(area)s.")
                           % {"other": host.area or "—", "area": area})
        return data


class MeetingPhotoForm(forms.Form):
    photos = MultipleUploadField(label=_("Photos"), validator=validate_image,
                                 accept="image/*")

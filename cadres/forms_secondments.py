"""Forms of the secondment cycle. They validate input; the services decide and write."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadres.citations import district_documents
from cadres.models import Cadre, Document, ReservePoolEntry, SecondmentRound
from cadres.models.secondments import Grade
from portal.forms import PortalFormMixin
from portal.lists import YearFilter

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = SecondmentRound
        fields = ["year", "title", "post_title", "posts_on_offer", "requirements", "opens_on",
                  "closes_on", "term_months", "notice"]
        widgets = {"opens_on": DATE, "closes_on": DATE,
                   "requirements": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "notice": _("The joint notice of the league committee and the education commission, "
                        "from the district's registered documents."),
            "term_months": _("12 for the one-year secondment of the source."),
        }

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notice"].queryset = Document.objects.filter(district=district).order_by(
            "-issued_on", "-pk")
        self.fields["posts_on_offer"].min_value = 1
        self.fields["term_months"].min_value = 1
        self.fields["term_months"].max_value = 36
        if not self.instance.pk:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("title", _("%(year)s open selection of school league cadres "
                                               "for secondment") % {"year": today.year})
            self.initial.setdefault("opens_on", today)
            self.initial.setdefault("closes_on", today + timedelta(days=21))

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("Applications cannot close before they open."))
        return cleaned

    def _post_clean(self):
        # The model's constraints are checked by the service, with the same messages.
        pass


class ApplicationForm(PortalFormMixin, forms.Form):
    SELF = "self"

    round = forms.IntegerField(widget=forms.HiddenInput)
    applicant = forms.ChoiceField(label=pgettext_lazy("secondment", "Applicant"))
    gender = forms.ChoiceField(
        label=_("Your gender"), required=False,
        choices=[("", "—"), *Cadre.Gender.choices],
        help_text=_("Only needed when you apply for yourself for the first time."))
    statement = forms.CharField(
        label=_("Statement"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this cadre: experience in league work, achievements, motivation."))

    def __init__(self, *args, user, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.cadres = {str(c.pk): c for c in cadres if c.user_id != user.pk}
        if any(c.user_id == user.pk for c in cadres):
            del self.fields["gender"]  # the secretary's own cadre record exists
        self.fields["applicant"].choices = [(self.SELF, _("Myself")), *(
            (pk, c.name) for pk, c in self.cadres.items())]

    def cadre(self) -> Cadre | None:
        value = self.cleaned_data["applicant"]
        return None if value == self.SELF else self.cadres[value]


class ApproveForm(PortalFormMixin, forms.Form):
    """The approval document chosen from the district's register, or the number of one not
    registered yet (kept as typed; the officers are offered to register it)."""

    document = forms.ModelChoiceField(label=_("Approval document"), required=False,
                                      queryset=Document.objects.none(),
                                      empty_label=_("Choose from the register"))
    document_number = forms.CharField(label=_("Number not in the register yet"), max_length=80,
                                      required=False)
    start = forms.DateField(label=_("Start of the term"), required=False, widget=DATE,
                            help_text=_("Today when left empty."))

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = district_documents(district)

    def clean(self):
        cleaned = super().clean()
        document, number = cleaned.get("document"), (cleaned.get("document_number") or "")
        if document is None and not number.strip() and "document" not in self.errors:
            raise forms.ValidationError(_("Choose the approval document from the register, or "
                                          "give the number of one not registered yet."))
        if document is not None and number.strip() and number.strip() != document.number:
            raise forms.ValidationError(_("Choose a document from the register or give a "
                                          "number, not both."))
        return cleaned


class AssessmentForm(PortalFormMixin, forms.Form):
    body = forms.CharField(widget=forms.HiddenInput, required=False)
    grade = forms.ChoiceField(label=_("Assessment grade"), choices=Grade.choices,
                              widget=forms.RadioSelect)
    comments = forms.CharField(label=_("Comments"), max_length=5000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))


class ReserveEnterForm(PortalFormMixin, forms.Form):
    entered_on = forms.DateField(label=_("Entered on"), required=False, widget=DATE,
                                 help_text=_("Today when left empty."))
    basis = forms.CharField(label=_("Basis"), max_length=300)
    school_support = forms.CharField(
        label=_("School's support"), max_length=300,
        help_text=_("How the school supports the cadre (e.g. its Party committee's opinion)."))


class ReserveLeaveForm(PortalFormMixin, forms.Form):
    left_on = forms.DateField(label=_("Left on"), required=False, widget=DATE,
                              help_text=_("Today when left empty."))
    reason = forms.CharField(label=_("Reason for leaving"), max_length=300,
                             help_text=_("E.g. promoted to vice-principal of a school, moved, "
                                         "withdrew."))


class ReserveFilter(django_filters.FilterSet):
    STATE_CHOICES = [("current", _("Current members")), ("former", _("Former members"))]

    state = django_filters.ChoiceFilter(label=_("Membership"), choices=STATE_CHOICES,
                                        method="filter_state", empty_label=_("All"))
    name = django_filters.CharFilter(label=_("Cadre"), field_name="cadre__name",
                                     lookup_expr="icontains")
    school = django_filters.CharFilter(label=_("School"), field_name="cadre__school__name",
                                       lookup_expr="icontains")
    year = YearFilter(label=_("Year entered"), field_name="entered_on__year")

    class Meta:
        model = ReservePoolEntry
        fields = ["state", "name", "school", "year"]

    def filter_state(self, queryset, name, value):
        if value == "current":
            return queryset.filter(left_on__isnull=True)
        if value == "former":
            return queryset.filter(left_on__isnull=False)
        return queryset

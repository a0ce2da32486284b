"""The period of an evaluation PDF: one of the district's semesters, a school year, or any
from/to dates (bounded: not ending after today, at most a few years long)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.evaluation.sections import Period
from portal.school_year import bounds as school_year_bounds
from portal.school_year import school_year_of, school_years

MAX_DAYS = 366 * 5  # the pilot ran for years; a longer span is a typing mistake
FIRST_YEAR = 2010  # the earliest date a period of typed dates may start


class PeriodForm(forms.Form):
    KIND_CHOICES = [("semester", _("A semester")), ("year", _("A school year")),
                    ("dates", _("From / to dates"))]

    kind = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES, initial="year",
                             widget=forms.RadioSelect)
    semester = forms.TypedChoiceField(label=_("Semester"), required=False, coerce=int,
                                      empty_value=None)
    school_year = forms.TypedChoiceField(label=_("School year"), required=False, coerce=int,
                                         empty_value=None)
    start = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        from activities.models import Semester

        today = timezone.localdate()
        self.semesters = {s.pk: s for s in Semester.objects.filter(
            district=district, start__lte=today).order_by("-start")} if district else {}
        self.fields["semester"].choices = [("", "—")] + [
            (pk, str(s)) for pk, s in self.semesters.items()]
        current = school_year_of(today).start.year
        # From the current school year back to the district's first (where its data starts).
        self.fields["school_year"].choices = [
            (y, f"{y}–{y + 1}")
            for y in school_years(district.pk if district else None, today=today)]
        self.fields["school_year"].initial = current

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        if kind == "semester":
            semester = self.semesters.get(data.get("semester"))
            if semester is None:
                raise forms.ValidationError(_("Choose a semester."))
            period = Period(start=semester.start, end=semester.end, label=str(semester))
        elif kind == "year":
            year = data.get("school_year")
            if year is None:
                raise forms.ValidationError(_("Choose a school year."))
            period = school_year_of(school_year_bounds(year)[0])
        elif kind == "dates":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Give both dates."))
            period = Period(start=start, end=end)  # unlabelled: the dates say it all
        else:
            return data
        self._check(period)
        data["period"] = period
        return data

    def _check(self, period: Period) -> None:
        today = timezone.localdate()
        if period.start > period.end:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        if period.start > today:
            raise forms.ValidationError(_("The period has not started yet."))
        if period.end > today and self.cleaned_data.get("kind") == "dates":
            raise forms.ValidationError(_("The end date cannot be later than today."))
        if (period.end - period.start).days > MAX_DAYS:
            raise forms.ValidationError(_("A period can be at most five years long."))
        if period.start.year < FIRST_YEAR:
            raise forms.ValidationError(_("The period starts too early."))

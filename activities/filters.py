import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import MonthlyReport
from schools.models import School


class ReportFilter(django_filters.FilterSet):
    month = django_filters.CharFilter(label=_("Month (YYYY-MM)"), method="filter_month")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MonthlyReport.Status.choices)
    school = django_filters.CharFilter(label=_("School"), field_name="school__name",
                                       lookup_expr="icontains")
    area = django_filters.ChoiceFilter(label=_("Area"), field_name="school__area")
    late = django_filters.BooleanFilter(label=_("Late only"), method="filter_late",
                                        widget=forms.CheckboxInput())

    class Meta:
        model = MonthlyReport
        fields = ["month", "status", "school", "area", "late"]

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["area"].extra["choices"] = [(a, a) for a in areas]

    def filter_month(self, queryset, name, value):
        try:
            year, month = (int(p) for p in value.split("-"))
        except ValueError:
            return queryset.none()
        return queryset.filter(year=year, month=month)

    def filter_late(self, queryset, name, value):
        from django.db.models import F

        if value:
            return queryset.filter(first_submitted_on__gt=F("deadline"))
        return queryset


def area_choices(district_id) -> list[str]:
    return list(School.objects.filter(district_id=district_id).exclude(area="")
                .order_by("area").values_list("area", flat=True).distinct())

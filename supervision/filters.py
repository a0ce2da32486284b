import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from supervision.models import Indicator, Inspection, InspectionPlan, RectificationOrder


class InspectionFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(label=_("Plan"), queryset=InspectionPlan.objects.none())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Inspection.Status.choices)
    # A name search, not a select: a district has hundreds of schools.
    school = django_filters.CharFilter(label=_("School"), field_name="school__name",
                                       lookup_expr="icontains")

    class Meta:
        model = Inspection
        fields = ["plan", "status", "school"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["plan"].queryset = InspectionPlan.objects.visible_to(user)


class OrderFilter(django_filters.FilterSet):
    school = django_filters.CharFilter(label=_("School"), field_name="inspection__school__name",
                                       lookup_expr="icontains")
    indicator = django_filters.ModelChoiceFilter(label=_("Indicator"),
                                                 queryset=Indicator.objects.none(),
                                                 field_name="finding__indicator")
    status = django_filters.ChoiceFilter(label=_("Status"),
                                         choices=RectificationOrder.Status.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue",
                                           widget=forms.CheckboxInput())

    class Meta:
        model = RectificationOrder
        fields = ["school", "indicator", "status", "overdue"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["indicator"].queryset = Indicator.objects.select_related("standard")

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schools.models import Honour, School


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=School.Level.choices)
    area = django_filters.ChoiceFilter(label=_("Area"), method="filter_area")
    honour = django_filters.ChoiceFilter(
        label=_("Honour"), choices=Honour.Title.choices, method="filter_honour"
    )

    class Meta:
        model = School
        fields = ["q", "level", "area", "honour"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = self.queryset.exclude(area="").order_by("area").values_list("area", flat=True)
        areas = areas.distinct()
        self.filters["area"].extra["choices"] = [(a, a) for a in areas]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(address__icontains=value)
        )

    def filter_area(self, queryset, name, value):
        return queryset.filter(area=value)

    def filter_honour(self, queryset, name, value):
        return queryset.filter(pk__in=Honour.objects.filter(title=value).values("school_id"))

"""List filters for cadres and joint documents."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre, Document, Post
from portal.models import Organisation


class CadreFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Full name"), method="search")
    school = django_filters.CharFilter(label=_("School"), method="search_school")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.none())
    post_kind = django_filters.ChoiceFilter(label=_("Current post"), choices=Post.Kind.choices,
                                            method="filter_post_kind")
    elsewhere = django_filters.ChoiceFilter(
        label=_("Identity number"), method="filter_elsewhere",
        choices=[("yes", _("Also recorded at another workplace"))],
        empty_label=_("Any"))

    class Meta:
        model = Cadre
        fields = ["q", "school", "organisation", "post_kind", "elsewhere"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not Cadre.sees_personal_data(user):
            # Who sees masked numbers is never told where else a number is recorded.
            del self.filters["elsewhere"]
        if user.is_secretary:
            del self.filters["school"]
            del self.filters["organisation"]
        else:
            orgs = Organisation.objects.visible_to(user).exclude(kind=Organisation.Kind.SCHOOL)
            self.filters["organisation"].queryset = orgs.select_related("district")

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value.strip())

    def search_school(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(school__name__icontains=value)
                               | Q(school__short_name__icontains=value))

    def filter_post_kind(self, queryset, name, value):
        return queryset.filter(pk__in=Post.objects.current().filter(kind=value).values("cadre_id"))

    def filter_elsewhere(self, queryset, name, value):
        """The cadres whose identity number has a record at another workplace too (a
        transfer, or a person recorded twice), for the organisation department to check."""
        return queryset.recorded_elsewhere() if value == "yes" else queryset


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number or title"), method="search")
    issuer = django_filters.ModelChoiceFilter(label=_("Issued by"),
                                              queryset=Organisation.objects.none(),
                                              method="filter_issuer")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Document.Kind.choices)
    year = django_filters.ChoiceFilter(label=_("Year"), method="filter_year")

    class Meta:
        model = Document
        fields = ["q", "issuer", "kind", "year"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = (Organisation.objects.filter(district_id=user.district_id) if user.is_secretary
                else Organisation.objects.visible_to(user))  # secretaries read district-wide
        self.filters["issuer"].queryset = orgs.exclude(
            kind=Organisation.Kind.SCHOOL).select_related("district")
        years = Document.objects.visible_to(user).dates("issued_on", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(d.year, d.year) for d in years]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value)
                               | Q(summary__icontains=value))

    def filter_issuer(self, queryset, name, value):
        return queryset.filter(pk__in=Document.issuers.through.objects.filter(
            organisation=value).values("document_id"))

    def filter_year(self, queryset, name, value):
        return queryset.filter(issued_on__year=int(value))

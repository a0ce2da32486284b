"""The one place that decides which rows a user may see.

Every scoped model uses `ScopedQuerySet` (or a subclass) as its manager and names two lookups
as class attributes:

- ``scope_district``: the path from the model to its `District` (``""`` for District itself,
  ``None`` when the model has no district: only city-wide roles see it);
- ``scope_school``: the path from the model to its `School` (``None`` when a school secretary
  must never see rows of this model, e.g. inspection plans).

Views fetch every object through ``Model.objects.visible_to(user)``, so an object outside the
user's scope is a 404, the same answer as a missing one. Subclasses narrow further (e.g. a
secretary sees only *published* inspections) by overriding ``for_secretary``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from portal.models import User


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ScopedQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_city_wide:
            return self
        if user.is_secretary:
            return self.for_secretary(user)
        return self.for_district(user.district_id)

    def for_district(self, district_id: int | None) -> ScopedQuerySet:
        path = getattr(self.model, "scope_district", None)
        if path is None or district_id is None:
            return self.none()
        if path == "":
            return self.filter(pk=district_id)
        return self.filter(**{f"{path}_id": district_id})

    def for_secretary(self, user: User) -> ScopedQuerySet:
        path = getattr(self.model, "scope_school", None)
        if path is None or user.school_id is None:
            return self.none()
        if path == "":
            return self.filter(pk=user.school_id)
        return self.filter(**{f"{path}_id": user.school_id})

    def get_by_natural_key(self, *key):
        """The row a fixture names by its natural key: the values of the model's
        `natural_key_fields` lookups, in order (the district's data in `fixtures/`)."""
        return self.get(**dict(zip(self.model.natural_key_fields, key, strict=True)))


def scoped_or_404(queryset: models.QuerySet, user: User, **lookup) -> models.Model:
    """Fetch one object through the user's scope: outside it is a 404, like a missing one."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(queryset.visible_to(user), **lookup)


class DistrictWideQuerySet(ScopedQuerySet):
    """Rows that belong to a district as a whole (a semester, a campaign, a selection): a
    school secretary sees those of their own district; nothing else changes."""

    def for_secretary(self, user: User) -> ScopedQuerySet:
        return self.for_district(user.district_id)

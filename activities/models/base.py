from portal.scoping import ScopedQuerySet


class DistrictWideQuerySet(ScopedQuerySet):
    """Rows that belong to the district as a whole (a semester, a campaign, a selection):
    a school secretary sees those of their own district."""

    def for_secretary(self, user):
        if user.district_id is None:
            return self.none()
        return self.for_district(user.district_id)

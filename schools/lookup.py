"""Finding a school by what people call it: its full name (重庆市求精中学) or its short name
(求精中学). A full name wins over another school's short name; a short name two schools share
finds neither and names both. The plan page's school field and every spreadsheet import use
this one lookup."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _


class SchoolNotFound(LookupError):
    pass


class SchoolAmbiguous(LookupError):
    def __init__(self, name: str, schools: list):
        super().__init__(name)
        self.name, self.schools = name, schools

    def message(self) -> str:
        return _("Several schools are called “%(name)s”: %(schools)s. Write the full "
                 "name.") % {"name": self.name,
                             "schools": "、".join(s.name for s in self.schools)}


class SchoolNames:
    """The schools given (one query, or a list), found by full or short name."""

    def __init__(self, schools: Iterable):
        self.by_pk, self.by_name, self.by_short = {}, {}, {}
        for school in schools:
            self.by_pk[school.pk] = school
            self.by_name[school.name] = school
            if school.short_name:
                self.by_short.setdefault(school.short_name, []).append(school)

    def find(self, name: str):
        """The school called ``name``; raises `SchoolNotFound` or `SchoolAmbiguous`."""
        school = self.by_name.get(name)
        if school is not None:
            return school
        found = self.by_short.get(name, [])
        if len(found) > 1:
            raise SchoolAmbiguous(name, sorted(found, key=lambda s: s.name))
        if not found:
            raise SchoolNotFound(name)
        return found[0]

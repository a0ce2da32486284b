"""Exports of the schools' registers: schools, branches, membership applicants and their
volunteer records (the pages of the last two are in `activities`), and a school page's
league committee / pioneer brigade and community pairings. Column keys are the
importers' (`schools.imports`), so an exported sheet imports back unchanged."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.excel import Column, Export, field_column, school_column, yes_no
from schools.models import (
    Applicant,
    Branch,
    CommunityPairing,
    Honour,
    School,
    SchoolUnit,
    VolunteerRecord,
)


class SchoolExport(Export):
    kind = "schools"
    model = School
    title = _("Schools")
    filename = "schools.xlsx"
    order_by = ("name",)

    def columns(self, viewer):
        return [
            Column("district", _("District"), lambda s: s.district.name),
            field_column(School, "name"),
            field_column(School, "short_name"),
            field_column(School, "level"),
            field_column(School, "area"),
            field_column(School, "address"),
            field_column(School, "phone"),
            field_column(School, "joined_on"),
            Column("active", _("Active"), lambda s: yes_no(s.active)),
            Column("branch_count", _("Branches"), lambda s: s.branch_count),
            Column("honour_count", _("Honours"), lambda s: s.honour_count),
        ]

    def prepare(self, queryset):
        if "branch_count" not in queryset.query.annotations:
            queryset = queryset.with_counts()
        return queryset.select_related("district")


class BranchExport(Export):
    kind = "branches"
    model = Branch
    title = _("Branches")
    filename = "branches.xlsx"
    order_by = ("school__name", "grade", "class_name")
    related = ("school",)

    def columns(self, viewer):
        return [
            school_column(),
            field_column(Branch, "class_name"),
            field_column(Branch, "kind"),
            field_column(Branch, "grade"),
            field_column(Branch, "advisor"),
            field_column(Branch, "member_count"),
            field_column(Branch, "applicant_count"),
        ]


class ApplicantExport(Export):
    kind = "applicants"
    model = Applicant
    title = _("Membership applicants")
    filename = "applicants.xlsx"
    order_by = ("school__name", "name", "pk")

    def columns(self, viewer):
        return [
            school_column(),
            field_column(Applicant, "name"),
            Column("branch", _("Class"), lambda a: a.branch.class_name if a.branch else ""),
            field_column(Applicant, "registered_on"),
            field_column(Applicant, "notes"),
            Column("volunteer_hours", _("Volunteer hours"), lambda a: a.volunteer_hours),
        ]

    def prepare(self, queryset):
        if "volunteer_hours" not in queryset.query.annotations:
            queryset = queryset.with_hours()
        return queryset.select_related("school", "branch")


class VolunteerRecordExport(Export):
    kind = "volunteer_records"
    model = VolunteerRecord
    title = _("Volunteer records")
    filename = "volunteer-records.xlsx"
    order_by = ("applicant__school__name", "applicant__name", "date", "pk")
    related = ("applicant__school", "pairing")

    def columns(self, viewer):
        return [
            school_column("applicant.school"),
            Column("applicant", _("Applicant"), lambda r: r.applicant.name),
            field_column(VolunteerRecord, "date"),
            Column("pairing", _("Community pairing"),
                   lambda r: r.pairing.community if r.pairing else ""),
            field_column(VolunteerRecord, "place"),
            field_column(VolunteerRecord, "hours"),
            field_column(VolunteerRecord, "activity"),
        ]


class HonourExport(Export):
    """The schools' honours (荣誉), as each school page lists them."""

    kind = "honours"
    model = Honour
    title = _("Honours")
    filename = "honours.xlsx"
    order_by = ("school__name", "-year", "pk")
    related = ("school",)

    def columns(self, viewer):
        return [
            school_column(),
            Column("title", _("Honour"), lambda h: h.display_title),
            field_column(Honour, "level"),
            field_column(Honour, "year"),
            field_column(Honour, "awarded_by"),
        ]


class SchoolUnitExport(Export):
    """A school's league committee and pioneer brigade (校团委、少先队大队), as its page
    shows them."""

    kind = "school_units"
    model = SchoolUnit
    title = SchoolUnit._meta.verbose_name_plural
    filename = "school-units.xlsx"
    order_by = ("school__name", "kind", "pk")
    related = ("school",)

    def columns(self, viewer):
        return [
            school_column(),
            field_column(SchoolUnit, "kind"),
            field_column(SchoolUnit, "leader_name"),
            field_column(SchoolUnit, "member_count"),
            field_column(SchoolUnit, "committee_size"),
            field_column(SchoolUnit, "established"),
        ]


class PairingExport(Export):
    """A school's community pairings (结对共建). The contact is shown only to those who may
    edit a pairing (the district's officers and administrators), as on the pairing form."""

    kind = "pairings"
    model = CommunityPairing
    title = _("Community pairings")
    filename = "community-pairings.xlsx"
    order_by = ("school__name", "community", "pk")
    related = ("school",)

    def columns(self, viewer):
        columns = [
            school_column(),
            field_column(CommunityPairing, "community"),
            field_column(CommunityPairing, "citizen_school"),
            field_column(CommunityPairing, "since"),
            Column("active", _("Active"), lambda p: yes_no(p.active)),
        ]
        if sees_pairing_contact(viewer):
            columns.append(field_column(CommunityPairing, "contact"))
        return columns


def sees_pairing_contact(viewer) -> bool:
    """The command line (no viewer), administrators and district officers: the roles of the
    pairing form."""
    from portal import access

    return viewer is None or access.holds_role(viewer, access.DISTRICT_EDITORS)


EXPORTS = [SchoolExport(), BranchExport(), ApplicantExport(), VolunteerRecordExport(),
           HonourExport(), SchoolUnitExport(), PairingExport()]

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from schools.models import School


class SchoolTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    district = tables.Column(verbose_name=_("District"))
    level = tables.Column(verbose_name=_("Level"))
    area = tables.Column(verbose_name=_("Area"))
    branch_count = tables.Column(verbose_name=_("Branches"), attrs={"td": {"class": "text-end"}})
    honour_count = tables.Column(verbose_name=_("Honours"), attrs={"td": {"class": "text-end"}})
    active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta:
        model = School
        fields = ("name", "short_name", "district", "level", "area", "branch_count",
                  "honour_count", "active")
        empty_text = _("No schools match these filters.")

    @staticmethod
    def export_headers() -> list[str]:
        return [
            str(_("Name")), str(_("Short name")), str(_("District")), str(_("Level")),
            str(_("Area")), str(_("Address")), str(_("Branches")), str(_("Honours")),
            str(_("Active")),
        ]

    @staticmethod
    def export_row(school: School) -> list:
        return [
            school.name, school.short_name, school.district.name, school.get_level_display(),
            school.area, school.address, school.branch_count, school.honour_count,
            str(_("Yes")) if school.active else str(_("No")),
        ]

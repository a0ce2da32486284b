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


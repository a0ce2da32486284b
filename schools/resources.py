"""Excel import/export of schools and branches (django-import-export), by natural keys so a
sheet never carries database ids."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from portal.excel import neutralise
from portal.models import District
from schools.models import Branch, School


class SafeExportMixin:
    """Neutralise spreadsheet formulas in every exported text cell."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))


class SchoolResource(SafeExportMixin, resources.ModelResource):
    district = fields.Field(
        attribute="district", column_name="district",
        widget=ForeignKeyWidget(District, field="name"),
    )

    class Meta:
        model = School
        import_id_fields = ("district", "name")
        fields = ("district", "name", "short_name", "level", "area", "address", "phone",
                  "joined_on", "active")
        skip_unchanged = True
        report_skipped = False
        use_transactions = True
        # Every row runs full_clean: a level of "zzz" or a row without one is an error.
        clean_model_instances = True


class SchoolByNameWidget(ForeignKeyWidget):
    """Finds the school by name within the district column of the same row."""

    def get_queryset(self, value, row, *args, **kwargs):
        return School.objects.filter(district__name=row.get("district"))


class BranchResource(SafeExportMixin, resources.ModelResource):
    district = fields.Field(attribute="school__district__name", column_name="district",
                            readonly=True)
    school = fields.Field(
        attribute="school", column_name="school", widget=SchoolByNameWidget(School, "name")
    )

    class Meta:
        model = Branch
        import_id_fields = ("school", "class_name")
        fields = ("district", "school", "class_name", "kind", "grade", "advisor",
                  "member_count", "applicant_count")
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True

"""Where the district's school years start for the pickers (`portal.school_year`): the
inspection plans."""

from supervision.models import InspectionPlan

SOURCES = [(InspectionPlan, "year")]

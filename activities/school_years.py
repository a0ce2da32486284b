"""Where the district's school years start for the pickers (`portal.school_year`): the school
calendar."""

from activities.models import Semester

SOURCES = [(Semester, "school_year")]

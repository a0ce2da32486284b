"""Where the district's school years start for the pickers (`portal.school_year`): the area
meetings (片区交流会)."""

from cadres.models import AreaMeeting

SOURCES = [(AreaMeeting, "held_on")]

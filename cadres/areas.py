"""The yearly view of area meetings (片区交流会): per area, the meetings held and the schools
that missed every one of them. Three queries whatever the district's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cadres.models import AreaMeeting
from schools.models import School


@dataclass
class AreaYear:
    area: str
    meetings: list[AreaMeeting] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    missed: list[School] = field(default_factory=list)  # missed every meeting of the area


def area_meetings(district_id: int, start: date, end: date) -> list[AreaYear]:
    """Each area of the district's active schools with its meetings held from `start` to
    `end`, and the schools of the area that attended (or hosted) none of them. An area that
    held no meeting has no "missed" schools: there was nothing to miss."""
    schools = list(School.objects.filter(district_id=district_id, active=True)
                   .exclude(area="").only("pk", "name", "short_name", "area")
                   .order_by("name"))
    meetings = list(AreaMeeting.objects.filter(district_id=district_id,
                                               held_on__range=(start, end))
                    .select_related("host_school").order_by("held_on", "pk"))
    attended: dict[int, set[int]] = {m.pk: set() for m in meetings}
    for meeting_id, school_id in (AreaMeeting.attending_schools.through.objects
                                  .filter(areameeting_id__in=list(attended))
                                  .values_list("areameeting_id", "school_id")):
        attended[meeting_id].add(school_id)
    areas: dict[str, AreaYear] = {}
    for school in schools:
        areas.setdefault(school.area, AreaYear(school.area)).schools.append(school)
    for meeting in meetings:
        areas.setdefault(meeting.area, AreaYear(meeting.area)).meetings.append(meeting)
        meeting.attendance = len(attended[meeting.pk] | {meeting.host_school_id} - {None})
    for area in areas.values():
        if not area.meetings:
            continue
        present = set().union(*(attended[m.pk] | {m.host_school_id} for m in area.meetings))
        area.missed = [s for s in area.schools if s.pk not in present]
    return sorted(areas.values(), key=lambda a: a.area)

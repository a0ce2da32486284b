"""Area meetings: attendance limited to the district, photos checked like activity photos."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import AreaMeeting, AreaMeetingPhoto
from cadres.services.documents import check_can_edit_documents
from portal.uploads import delete_file_on_commit, save_with_files, upload_name


def check_can_edit_meetings(user, district_id: int | None) -> None:
    check_can_edit_documents(user, district_id)


@transaction.atomic
def meeting_save(*, form, user) -> AreaMeeting:
    """Save a valid `AreaMeetingForm`, refusing schools or cadres of another district (the
    form's choices already do; this holds for any caller)."""
    meeting = form.instance
    check_can_edit_meetings(user, meeting.district_id)
    data = form.cleaned_data
    if any(s.district_id != meeting.district_id for s in data.get("attending_schools", [])):
        raise ValidationError(_("Only schools of the district can attend its area meetings."))
    if any(c.district_id != meeting.district_id for c in data.get("attending_cadres", [])):
        raise ValidationError(_("Only cadres of the district can attend its area meetings."))
    host = data.get("host_school")
    if host is not None and host.district_id != meeting.district_id:
        raise ValidationError(_("The host school must be a school of the district."))
    meeting._history_user = user  # the attendance's history rows name who changed it
    return form.save()


@transaction.atomic
def photos_add(*, meeting: AreaMeeting, files, user) -> list[AreaMeetingPhoto]:
    check_can_edit_meetings(user, meeting.district_id)
    return save_with_files(
        [AreaMeetingPhoto(meeting=meeting, image=upload, original_name=upload_name(upload))
         for upload in files], "image")


@transaction.atomic
def photo_delete(*, photo: AreaMeetingPhoto, user) -> None:
    check_can_edit_meetings(user, photo.meeting.district_id)
    photo.delete()
    delete_file_on_commit(photo.image)
    delete_file_on_commit(photo.thumbnail)

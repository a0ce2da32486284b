"""Joint documents: saving one with its PDF (the original file name is kept)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import Document
from portal import access
from portal.access import Refused
from portal.uploads import delete_file_on_commit, files_removed_on_failure, upload_name


def check_can_edit_documents(user, district_id: int | None) -> None:
    """The district's officers and administrators keep its documents (and area meetings)."""
    if not access.edits_district(user, district_id):
        raise Refused(_("Only officers of the district keep its documents and meetings."))


@transaction.atomic
def document_save(*, form, user) -> Document:
    """Save a valid `DocumentForm`: a new upload keeps its original name; clearing the file
    removes it from storage too."""
    document = form.instance
    check_can_edit_documents(user, document.district_id)
    upload = form.cleaned_data.get("file")
    old_name = None
    if document.pk:
        old_name = Document.objects.get(pk=document.pk).file.name or None
    if isinstance(upload, UploadedFile):
        document.original_name = upload_name(upload)
    elif not upload:  # cleared, or never given
        document.original_name = ""
    with files_removed_on_failure() as stored:
        if isinstance(upload, UploadedFile):
            stored.append(document.file)  # a new file only: never the one already kept
        document = form.save()
    if old_name and old_name != document.file.name:
        old_file = Document(pk=document.pk).file
        old_file.name = old_name
        delete_file_on_commit(old_file)  # the replaced PDF goes once the new row commits
    return document

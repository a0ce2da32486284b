"""Joint documents: saving one with its PDF (the original file name is kept)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode
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
    link_recorded_number(document, user)
    return document


def register_url(number: str, **initial) -> str:
    """The register's form, filled in with a number recorded before it was registered."""
    return reverse("cadres:document_create") + "?" + urlencode({"number": number, **initial})


def unregistered(queryset):
    """Secondments whose approval number is not in the register (yet)."""
    return queryset.filter(approval_document__isnull=True).exclude(approval_document_number="")


def link_recorded_number(document: Document, user) -> int:
    """What recorded this document's number before it was registered now cites it: a
    secondment approved with the number, and the post its approval made (which kept the
    number as its basis). Each row's history says so, with the user."""
    from cadres.models import Post, Secondment

    reason = "approval document registered"
    secondments = list(unregistered(Secondment.objects.filter(
        district_id=document.district_id, approval_document_number=document.number)))
    for secondment in secondments:
        secondment.approval_document = document
        secondment._change_reason, secondment._history_user = reason, user
        secondment.save(update_fields=["approval_document"])
    posts = Post.objects.filter(cadre__district_id=document.district_id, document__isnull=True,
                                basis=document.number)
    for post in posts:
        post.document, post.basis = document, ""
        post._change_reason, post._history_user = reason, user
        post.save(update_fields=["document", "basis"])
    return len(secondments)

"""Upload → preview → confirm → import, for the pages; the command line calls `engine.run`
directly. A confirmed file over `background_rows()` rows is imported by a django-tasks task
(the database queue's ``db_worker``), the page polling its progress."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import TaskResultStatus

from portal.imports import engine, registry
from portal.imports.models import ImportBatch
from portal.imports.reader import limits

logger = logging.getLogger(__name__)
Status = ImportBatch.Status


def background_rows() -> int:
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", 2000)


def importer_for(batch: ImportBatch):
    importer_class = registry.get(batch.kind)
    return importer_class(user=batch.user, district=batch.district)


def preview(*, user, kind: str, district, upload) -> ImportBatch:
    """Store the upload and what importing it would do; nothing else is written. A file
    refused as a whole (not an .xlsx, protected, empty, too big…) raises ValidationError."""
    importer_class = registry.for_user(user, kind)
    size_limit = limits()["bytes"]
    if upload.size > size_limit:
        data = b"x" * (size_limit + 1)  # refused by the reader with the size message
    else:
        data = upload.read()
    if district is None:
        raise ValidationError(_("Choose the district to import into."))
    result = engine.run(importer_class(user=user, district=district), data, write=False)
    if result.file_error:
        raise ValidationError(result.file_error)
    return ImportBatch.objects.create(
        kind=kind, user=user, district=district, file_name=upload.name[:200], data=data,
        rows=result.rows, result=result.as_dict())


def confirm(*, batch: ImportBatch, user) -> ImportBatch:
    """Import the previewed file once: a second confirm (a double click, a replay) finds it
    no longer previewed. Large files go to the background queue."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.user_id != user.pk:
            raise ValidationError(_("This upload is someone else's."))
        if batch.status != Status.PREVIEWED:
            raise ValidationError(_("This file has already been imported or is being "
                                    "imported."))
        if batch.result.get("errors") or batch.result.get("file_error"):
            raise ValidationError(_("Correct the errors and upload the file again."))
        background = batch.rows > background_rows()
        batch.status = Status.QUEUED if background else Status.RUNNING
        batch.save(update_fields=["status"])
    if background:
        try:
            import_batch.enqueue(batch_id=batch.pk, language=translation.get_language())
        except Exception as exc:  # the queue itself is down: say so on the page
            logger.exception("could not enqueue import %s", batch.pk)
            _finish(batch, None, error=f"{type(exc).__name__}: {exc}")
        return batch
    execute(batch)
    return batch


def execute(batch: ImportBatch) -> None:
    """Run the import of a confirmed batch and record its outcome on the batch."""
    importer = importer_for(batch)
    total = max(batch.rows, 1)

    def progress(done: int) -> None:
        # Progress is saved outside the import's transaction (which is only opened for the
        # writes, after every row has been checked), so the page polling it sees it.
        ImportBatch.objects.filter(pk=batch.pk).update(progress=min(90, done * 90 // total))

    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.RUNNING, progress=1)
    try:
        result = engine.run(importer, bytes(batch.data), write=True, progress=progress)
    except Exception as exc:
        logger.exception("import %s failed", batch.pk)
        _finish(batch, None, error=_("The import failed and nothing was imported (%(error)s).")
                % {"error": type(exc).__name__})
        raise
    _finish(batch, result)


def _finish(batch, result, error: str = "") -> None:
    batch.result = result.as_dict() if result is not None else {
        **batch.result, "failure": error}
    batch.status = Status.DONE if result is not None and result.ok else Status.FAILED
    batch.progress = 100
    batch.finished_at = timezone.now()
    batch.save(update_fields=["result", "status", "progress", "finished_at"])


@task()
def import_batch(batch_id: int, language: str = "") -> str:
    batch = ImportBatch.objects.select_related("user", "district").get(pk=batch_id)
    if batch.status not in (Status.QUEUED, Status.RUNNING):
        return batch.status
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            execute(batch)
        except Exception:  # recorded on the batch by execute()
            pass
    return batch.status


def import_task_finished(sender, task_result, **kwargs) -> None:
    """A worker killed mid-import (its task failed outside `import_batch`): the transaction
    was rolled back, so the batch is marked failed with nothing imported."""
    if task_result.task.module_path != import_batch.module_path:
        return
    if task_result.status != TaskResultStatus.FAILED:
        return
    batch = ImportBatch.objects.filter(pk=task_result.kwargs.get("batch_id"),
                                       status__in=[Status.QUEUED, Status.RUNNING]).first()
    if batch is not None:
        _finish(batch, None, error=_("The import was interrupted; nothing was imported. "
                                     "Upload the file again."))

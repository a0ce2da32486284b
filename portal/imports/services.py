"""Upload → preview → confirm → import, for the pages; the command line calls `engine.run`
directly. A file over `background_rows()` rows is checked (its preview) and, once confirmed,
imported by django-tasks tasks (the database queue's ``db_worker``), the page polling their
progress. `prune` deletes old batches (``manage.py prune_imports``, a daily job)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import TaskResultStatus

from portal.imports import engine, registry
from portal.imports.models import ImportBatch
from portal.imports.reader import FileRejected, limits, read_sheet

logger = logging.getLogger(__name__)
Status = ImportBatch.Status


def background_rows() -> int:
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", 2000)


def importer_for(batch: ImportBatch):
    importer_class = registry.get(batch.kind)
    return importer_class(user=batch.user, district=batch.district, **(batch.params or {}))


def batch_params(importer) -> dict:
    params = getattr(importer, "batch_params", None)
    return params() if params is not None else {}


def count_rows(importer, data: bytes) -> int:
    """The file's data rows, read without checking them; a file refused as a whole raises
    `FileRejected`."""
    return sum(1 for _row in read_sheet(data, importer.columns))


def preview(*, user, kind: str, district, upload, params: dict | None = None) -> ImportBatch:
    """Store the upload and what importing it would do; nothing else is written. A file
    refused as a whole (not an .xlsx, protected, empty, too big…) raises ValidationError.
    A file over `background_rows()` rows is checked by the worker: the batch is returned
    ``checking`` and its page shows the progress."""
    importer_class = registry.for_user(user, kind)
    size_limit = limits()["bytes"]
    if upload.size > size_limit:
        data = b"x" * (size_limit + 1)  # refused by the reader with the size message
    else:
        data = upload.read()
    if district is None:
        raise ValidationError(_("Choose the district to import into."))
    importer = importer_class(user=user, district=district, **(params or {}))
    try:
        rows = count_rows(importer, data)
    except FileRejected as exc:
        raise ValidationError(str(exc)) from None
    if rows > background_rows():
        batch = ImportBatch.objects.create(
            kind=kind, user=user, district=district, file_name=upload.name[:200], data=data,
            rows=rows, status=Status.CHECKING, params=params or {})
        _enqueue(preview_batch, batch)
        return batch
    result = engine.run(importer, data, write=False)
    if result.file_error:
        raise ValidationError(result.file_error)
    return ImportBatch.objects.create(
        kind=kind, user=user, district=district, file_name=upload.name[:200], data=data,
        rows=result.rows, result=result.as_dict(), params=batch_params(importer))


def check(batch: ImportBatch) -> None:
    """The preview of a large file, in the worker: what importing it would do."""
    importer = importer_for(batch)
    ImportBatch.objects.filter(pk=batch.pk).update(progress=1, alive_at=timezone.now())
    try:
        result = engine.run(importer, bytes(batch.data), write=False,
                            progress=_progress(batch, 95))
    except Exception as exc:
        logger.exception("checking import %s failed", batch.pk)
        _finish(batch, None, error=_("The file could not be checked (%(error)s). Upload it "
                                     "again.") % {"error": type(exc).__name__})
        raise
    if result.file_error:
        _finish(batch, None, error=result.file_error)
        return
    batch.result, batch.rows = result.as_dict(), result.rows
    batch.params = batch_params(importer)
    batch.status, batch.progress = Status.PREVIEWED, 0
    batch.save(update_fields=["result", "rows", "params", "status", "progress"])


def may_confirm(batch: ImportBatch) -> bool:
    """Previewed, or an import whose process died (nothing of it was written)."""
    return batch.status == Status.PREVIEWED or (
        batch.status == Status.FAILED and bool(batch.result.get("interrupted")))


def confirm(*, batch: ImportBatch, user) -> ImportBatch:
    """Import the previewed file once: a second confirm (a double click, a replay) finds it
    no longer previewed. Large files go to the background queue. An import interrupted by
    the death of its process may be confirmed again (the import checks every row again)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.user_id != user.pk:
            raise ValidationError(_("This upload is someone else's."))
        if not may_confirm(batch):
            raise ValidationError(_("This file has already been imported or is being "
                                    "imported."))
        if batch.result.get("errors") or batch.result.get("file_error"):
            raise ValidationError(_("Correct the errors and upload the file again."))
        background = batch.rows > background_rows()
        batch.status = Status.QUEUED if background else Status.RUNNING
        batch.result = {k: v for k, v in batch.result.items()
                        if k not in ("failure", "interrupted")}
        batch.progress, batch.finished_at, batch.alive_at = 0, None, timezone.now()
        batch.save(update_fields=["status", "result", "progress", "finished_at", "alive_at"])
    if background:
        _enqueue(import_batch, batch)
        return batch
    execute(batch)
    return batch


def execute(batch: ImportBatch) -> None:
    """Run the import of a confirmed batch and record its outcome on the batch."""
    importer = importer_for(batch)
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.RUNNING, progress=1,
                                                   alive_at=timezone.now())
    try:
        result = engine.run(importer, bytes(batch.data), write=True,
                            progress=_progress(batch, 90))
    except Exception as exc:
        logger.exception("import %s failed", batch.pk)
        _finish(batch, None, error=_("The import failed and nothing was imported (%(error)s).")
                % {"error": type(exc).__name__})
        raise
    _finish(batch, result)


def _progress(batch: ImportBatch, ceiling: int):
    """Record how many of the batch's rows are done, as a percentage up to ``ceiling`` (the
    rest is the writing). Saved outside the import's transaction (which is only opened for
    the writes, after every row has been checked), so the page polling it sees it."""
    total = max(batch.rows, 1)

    def progress(done: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(
            progress=min(ceiling, done * ceiling // total), alive_at=timezone.now())

    return progress


def _enqueue(task, batch: ImportBatch) -> None:
    """Queue the batch's check or import; when the queue itself is down, say so on the
    batch's page instead of leaving it waiting."""
    try:
        task.enqueue(batch_id=batch.pk, language=translation.get_language())
    except Exception as exc:
        logger.exception("could not enqueue %s of import %s", task.name, batch.pk)
        _finish(batch, None, error=f"{type(exc).__name__}: {exc}")


def _finish(batch, result, error: str = "", interrupted: bool = False) -> None:
    batch.result = result.as_dict() if result is not None else {
        **batch.result, "failure": error, **({"interrupted": True} if interrupted else {})}
    batch.status = Status.DONE if result is not None and result.ok else Status.FAILED
    batch.progress = 100
    batch.finished_at = timezone.now()
    batch.save(update_fields=["result", "status", "progress", "finished_at"])


def _run_step(batch_id: int, language: str, statuses: tuple, step) -> str:
    """Run `step` (the check or the import) on a batch still in one of `statuses`, in the
    uploader's language; a failure is recorded on the batch by the step itself."""
    batch = ImportBatch.objects.select_related("user", "district").get(pk=batch_id)
    if batch.status not in statuses:
        return batch.status
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            step(batch)
        except Exception:  # recorded on the batch by the step
            pass
    return batch.status


@task()
def import_batch(batch_id: int, language: str = "") -> str:
    return _run_step(batch_id, language, (Status.QUEUED, Status.RUNNING), execute)


@task()
def preview_batch(batch_id: int, language: str = "") -> str:
    return _run_step(batch_id, language, (Status.CHECKING,), check)


def import_task_finished(sender, task_result, **kwargs) -> None:
    """A worker killed mid-task (its task failed outside `import_batch` or `preview_batch`,
    e.g. marked failed by ``recover_tasks``): an import's transaction was rolled back, so the
    batch is marked failed with nothing imported; a check is marked failed too, so the page
    says so instead of waiting for ever."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    path = task_result.task.module_path
    if path == import_batch.module_path:
        batch = ImportBatch.objects.filter(pk=task_result.kwargs.get("batch_id"),
                                           status__in=[Status.QUEUED, Status.RUNNING]).first()
        error = _("The import was interrupted; nothing was imported. Upload the file again.")
    elif path == preview_batch.module_path:
        batch = ImportBatch.objects.filter(pk=task_result.kwargs.get("batch_id"),
                                           status=Status.CHECKING).first()
        error = _("The check of the file was interrupted. Upload the file again.")
    else:
        return
    if batch is not None:
        _finish(batch, None, error=error)


def recover_stale(*, now=None) -> int:
    """Mark failed the checks and imports whose process died: a web process killed during
    an in-request import, or a worker killed during a check or an import, leaves its batch
    "checking" or "running" with no sign of life (`alive_at`) for IMPORT_STALE_MINUTES.
    Their transaction was rolled back, so nothing was imported: an import may be confirmed
    again, a check asks for the file again. Returns how many (``manage.py recover_tasks``,
    daily)."""
    minutes = max(getattr(settings, "IMPORT_STALE_MINUTES", 30), 0)
    since = (now or timezone.now()) - timedelta(minutes=minutes)
    started = Q(status=Status.RUNNING) | Q(status=Status.CHECKING, progress__gt=0)
    silent = Q(alive_at__lte=since) | Q(alive_at__isnull=True, created_at__lte=since)
    count = 0
    with transaction.atomic():
        for batch in ImportBatch.objects.select_for_update(skip_locked=True).filter(
                started & silent):
            with translation.override(settings.LANGUAGE_CODE):  # the portal's language
                if batch.status == Status.RUNNING:
                    _finish(batch, None, interrupted=True, error=_(
                        "The import was interrupted: the process running it stopped. Nothing "
                        "was imported; confirm the import again."))
                else:
                    _finish(batch, None, error=_(
                        "The check of the file was interrupted. Upload the file again."))
            count += 1
    return count


def prune(*, days: int, preview_days: int, dry_run: bool = False) -> int:
    """Delete finished batches older than ``days`` and previews never confirmed older than
    ``preview_days`` — the stored files with them (a batch holds its file). Batches being
    checked, queued or imported are kept, however old."""
    now = timezone.now()
    old = (ImportBatch.objects.filter(status__in=[Status.DONE, Status.FAILED],
                                      created_at__lt=now - timedelta(days=days))
           | ImportBatch.objects.filter(status=Status.PREVIEWED,
                                        created_at__lt=now - timedelta(days=preview_days)))
    if dry_run:
        return old.count()
    # Deleted by id in chunks, without loading the files into memory.
    count = 0
    ids = list(old.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        deleted, _per_model = ImportBatch.objects.filter(pk__in=ids[start:start + 500]).delete()
        count += deleted
    return count

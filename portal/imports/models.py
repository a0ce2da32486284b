"""An uploaded sheet between its preview and its import (imported by `portal.models`)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportBatch(models.Model):
    """One uploaded file: (checking →) previewed → (queued → running →) done or failed (a
    failed import whose process died, ``result["interrupted"]``, may be confirmed again). The
    confirm imports the bytes stored here — exactly the file that was previewed — once. A
    file over the background threshold is checked by the worker too (status ``checking``).
    ``manage.py prune_imports`` deletes old batches, and their files with them."""

    class Status(models.TextChoices):
        CHECKING = "checking", pgettext_lazy("import status", "Checking")
        PREVIEWED = "previewed", _("Previewed")
        QUEUED = "queued", pgettext_lazy("import status", "Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", pgettext_lazy("import status", "Failed")

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey("portal.District", verbose_name=_("district"), null=True,
                                 blank=True, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("file name"), max_length=200)
    data = models.BinaryField(_("file"))
    rows = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PREVIEWED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    # What the importer needs besides the user and the district (the plan of an offline
    # score sheet…): passed back to it at the confirm.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Set when the check or the import starts and as it progresses: a batch checking or
    # importing with no sign of life for IMPORT_STALE_MINUTES lost its process
    # (`services.recover_stale`).
    alive_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        app_label = "portal"
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="import_batch_prune")]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"

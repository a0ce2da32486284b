"""Issue 26 (3): an import whose process died does not stay "running" for ever. A real
process is killed (SIGKILL) in the middle of an in-request import confirm, inside its write
transaction; nothing is written, and after IMPORT_STALE_MINUTES without a sign of life
``recover_tasks`` (the daily job) marks the batch failed with a message; the page then
offers to confirm it again, and that works."""

import io
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.imports import services
from portal.imports.models import ImportBatch
from portal.imports.views import batch_url
from portal.tests.xlsx import xlsx
from schools.models import School
from tests.concurrency import logged_in

ROOT = Path(__file__).resolve().parents[2]
S = ImportBatch.Status

# The child: confirms the batch as its web request would, and stops inside the import's
# transaction, after the rows were written and before the commit, until it is killed.
CHILD = """
import sys, time
import django
django.setup()
from portal.imports import registry, services
from portal.imports.models import ImportBatch

def hang(self, created, updated):
    print("written, not committed", flush=True)
    time.sleep(120)

registry.get("schools").after_write = hang
batch = ImportBatch.objects.select_related("user").get(pk=int(sys.argv[1]))
services.confirm(batch=batch, user=batch.user)
"""


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


def recover() -> str:
    out = io.StringIO()
    call_command("recover_tasks", stdout=out)
    return out.getvalue()


def previewed(world) -> ImportBatch:
    client = logged_in(world.officer)
    client.post(reverse("imports:upload") + "?kind=schools", {"file": SimpleUploadedFile(
        "schools.xlsx", xlsx([["学校名称", "学段"], ["新学校一", "小学"], ["新学校二", "小学"]]))})
    batch = ImportBatch.objects.get()
    assert batch.status == S.PREVIEWED and batch.result["create"] == 2
    return batch


def kill_mid_import(batch: ImportBatch) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.test_settings",
           "DATABASE_URL": database_url()}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(batch.pk)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()  # blocks until the child is inside the transaction
        assert line.strip() == "written, not committed", child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_process_was_killed_is_failed_and_can_be_confirmed_again(world):
    batch = previewed(world)
    kill_mid_import(batch)

    batch.refresh_from_db()
    assert batch.status == S.RUNNING  # what the killed process left
    assert not School.objects.filter(name__startswith="新学校").exists()  # rolled back
    recover()
    batch.refresh_from_db()
    assert batch.status == S.RUNNING  # alive a moment ago: left alone

    ImportBatch.objects.filter(pk=batch.pk).update(  # IMPORT_STALE_MINUTES (30) later
        alive_at=timezone.now() - timedelta(minutes=31))
    said = recover()
    batch.refresh_from_db()
    assert batch.status == S.FAILED and batch.finished_at is not None
    assert "1 interrupted spreadsheet import(s) marked failed" in said
    assert batch.result["interrupted"] and "中断" in batch.result["failure"]

    client = logged_in(world.officer)
    page = client.get(batch_url(batch)).content.decode()
    assert 'data-status="failed"' in page and "hx-get" not in page
    assert 'data-testid="confirm"' in page and batch.result["failure"] in page
    response = client.post(reverse("imports:confirm") + f"?token={batch.token}")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == S.DONE and batch.result["create"] == 2
    assert "failure" not in batch.result and "interrupted" not in batch.result
    assert set(School.objects.filter(name__startswith="新学校").values_list(
        "name", flat=True)) == {"新学校一", "新学校二"}
    with pytest.raises(ValidationError):  # and once only
        services.confirm(batch=batch, user=world.officer)


@pytest.mark.django_db
def test_only_checks_and_imports_silent_for_the_stale_period_are_failed(world, settings):
    settings.IMPORT_STALE_MINUTES = 30
    now = timezone.now()
    long_ago = now - timedelta(minutes=45)

    def batch(status, progress=0, alive_at=long_ago):
        return ImportBatch.objects.create(kind="schools", user=world.officer,
                                          district=world.district, file_name="x.xlsx",
                                          data=b"x", rows=5, status=status,
                                          progress=progress, alive_at=alive_at)

    running_now = batch(S.RUNNING, progress=40, alive_at=now - timedelta(minutes=5))
    dead_import = batch(S.RUNNING, progress=40)
    dead_check = batch(S.CHECKING, progress=20)
    waiting_check = batch(S.CHECKING)  # still in the queue: no process has it yet
    queued = batch(S.QUEUED)  # the task is the queue's (recover_tasks re-queues or fails it)
    previewed_batch = batch(S.PREVIEWED)
    assert services.recover_stale(now=now) == 2
    statuses = {b.pk: b.status for b in ImportBatch.objects.all()}
    assert statuses == {running_now.pk: S.RUNNING, dead_import.pk: S.FAILED,
                        dead_check.pk: S.FAILED, waiting_check.pk: S.CHECKING,
                        queued.pk: S.QUEUED, previewed_batch.pk: S.PREVIEWED}
    dead_check.refresh_from_db()
    assert "interrupted" not in dead_check.result  # a check has no preview to confirm
    with pytest.raises(ValidationError):
        services.confirm(batch=dead_check, user=world.officer)
    page = logged_in(world.officer).get(batch_url(dead_check)).content.decode()
    assert 'data-testid="confirm"' not in page and 'data-testid="upload-again"' in page

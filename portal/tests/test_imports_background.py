"""Large files are checked in the background too: over IMPORT_BACKGROUND_ROWS rows the
preview (validation of every row) is a task of the worker and the page shows its progress,
then the preview; a check that fails or whose worker dies says so. Old imports and the files
they hold are pruned daily (`manage.py prune_imports`)."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.imports import engine, services
from portal.imports.models import ImportBatch
from portal.imports.views import batch_url
from portal.tests.xlsx import xlsx
from schools.models import School

DUMMY_BACKEND = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
S = ImportBatch.Status


def big_sheet(bad: bool = True) -> bytes:
    rows = [[f"新学校{i}", "小学"] for i in range(5)]
    if bad:
        rows.append(["坏学校", "大学"])  # not a level: a row error
    return xlsx([["学校名称", "学段"], *rows])


def upload(client, data):
    return client.post(reverse("imports:upload") + "?kind=schools",
                       {"file": SimpleUploadedFile("big.xlsx", data)})


@pytest.mark.django_db
def test_a_large_preview_is_a_task_and_the_page_waits_for_it(world, client_for, settings):
    settings.IMPORT_BACKGROUND_ROWS = 2
    settings.TASKS = DUMMY_BACKEND  # queues without running: the worker is not there yet
    client = client_for(world.officer)
    response = upload(client, big_sheet())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch_url(batch)
    assert batch.status == S.CHECKING and batch.rows == 6 and batch.result == {}
    [queued] = default_task_backend.results
    assert queued.task.module_path == services.preview_batch.module_path
    assert queued.kwargs["batch_id"] == batch.pk
    page = client.get(batch_url(batch)).content.decode()
    assert 'data-status="checking"' in page and "hx-get" in page
    assert 'data-testid="confirm"' not in page and 'data-testid="counts"' not in page
    partial = client.get(batch_url(batch) + "&partial=1", HTTP_HX_REQUEST="true")
    assert 'data-status="checking"' in partial.content.decode()

    services.preview_batch.call(**queued.kwargs)  # the worker runs it

    batch.refresh_from_db()
    assert batch.status == S.PREVIEWED and batch.result["create"] == 5
    assert [(e["row"], e["column"]) for e in batch.result["errors"]] == [(7, "学段")]
    # The polling partial asks for the whole page, which now shows the preview.
    partial = client.get(batch_url(batch) + "&partial=1", HTTP_HX_REQUEST="true")
    assert partial.headers.get("HX-Refresh") == "true"
    page = client.get(batch_url(batch)).content.decode()
    assert 'data-testid="count-create"' in page and "大学" in page
    assert 'id="import-errors"' in page and "hx-get" not in page
    assert not School.objects.filter(name__startswith="新学校").exists()


@pytest.mark.django_db
def test_a_large_clean_file_is_checked_then_imported_in_the_background(world, client_for,
                                                                      settings):
    settings.IMPORT_BACKGROUND_ROWS = 2
    client = client_for(world.officer)
    upload(client, big_sheet(bad=False))
    batch = ImportBatch.objects.get()
    # The test settings' immediate backend ran the check at once.
    assert batch.status == S.PREVIEWED and batch.result["create"] == 5
    assert 'data-testid="confirm"' in client.get(batch_url(batch)).content.decode()
    client.post(reverse("imports:confirm") + f"?token={batch.token}")
    batch.refresh_from_db()
    assert batch.status == S.DONE
    assert School.objects.filter(name__startswith="新学校").count() == 5


@pytest.mark.django_db
def test_a_small_file_is_previewed_in_the_request(world, client_for, settings):
    settings.TASKS = DUMMY_BACKEND
    upload(client_for(world.officer), big_sheet())
    batch = ImportBatch.objects.get()
    assert batch.status == S.PREVIEWED and batch.result["create"] == 5
    assert default_task_backend.results == []


@pytest.mark.django_db
def test_a_check_that_fails_says_so(world, client_for, settings, monkeypatch):
    settings.IMPORT_BACKGROUND_ROWS = 2

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    client = client_for(world.officer)
    monkeypatch.setattr(engine, "plan", broken)
    upload(client, big_sheet())
    batch = ImportBatch.objects.get()
    assert batch.status == S.FAILED
    page = client.get(batch_url(batch)).content.decode()
    assert 'data-testid="import-failed"' in page and "无法检查" in page
    assert "hx-get" not in page and "Traceback" not in page


@pytest.mark.django_db(transaction=True)
def test_a_check_whose_worker_died_fails_with_a_message(world, client_for, settings):
    settings.IMPORT_BACKGROUND_ROWS = 2
    settings.TASKS = DB_BACKEND
    client = client_for(world.officer)
    upload(client, big_sheet())
    batch = ImportBatch.objects.get()
    assert batch.status == S.CHECKING
    # The worker claimed the task and was killed twice (SIGKILL: no code of ours ran).
    result = DBTaskResult.objects.get()
    result.status = TaskResultStatus.RUNNING
    result.started_at = timezone.now() - timedelta(hours=1)
    result.worker_ids = ["first", "second"]
    result.save()
    call_command("recover_tasks", stdout=io.StringIO())
    batch.refresh_from_db()
    assert batch.status == S.FAILED
    page = client.get(batch_url(batch) + "&partial=1", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="failed"' in page and "hx-get" not in page
    assert "检查被中断" in page


# --- Pruning --------------------------------------------------------------------------------

def make_batch(user, status, age_days, name):
    batch = ImportBatch.objects.create(kind="schools", user=user, district=user.district,
                                       file_name=name, data=b"PK" + name.encode(),
                                       status=status)
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - timedelta(days=age_days))
    return batch


@pytest.mark.django_db
def test_prune_imports_deletes_old_batches_and_their_files(world):
    user = world.officer
    for status, age, name in [
        (S.DONE, 31, "old-done"), (S.FAILED, 40, "old-failed"), (S.PREVIEWED, 2, "old-preview"),
        (S.DONE, 29, "recent-done"), (S.PREVIEWED, 0, "recent-preview"),
        (S.RUNNING, 90, "running"), (S.QUEUED, 90, "queued"), (S.CHECKING, 90, "checking"),
    ]:
        make_batch(user, status, age, name)
    out = io.StringIO()
    call_command("prune_imports", "--dry-run", stdout=out)
    assert "3 import(s) would be deleted" in out.getvalue()
    assert ImportBatch.objects.count() == 8
    call_command("prune_imports", stdout=out)
    assert "3 import(s) deleted" in out.getvalue()
    kept = set(ImportBatch.objects.values_list("file_name", flat=True))
    assert kept == {"recent-done", "recent-preview", "running", "queued", "checking"}
    # The files were held by the rows: none of the deleted ones is left anywhere.
    assert not ImportBatch.objects.filter(data__in=[b"PKold-done", b"PKold-failed"]).exists()


@pytest.mark.django_db
def test_prune_imports_follows_the_settings_and_options(world, settings):
    settings.IMPORT_RETENTION_DAYS = 10
    make_batch(world.officer, S.DONE, 11, "eleven-days")
    make_batch(world.officer, S.DONE, 5, "five-days")
    call_command("prune_imports", stdout=io.StringIO())
    assert set(ImportBatch.objects.values_list("file_name", flat=True)) == {"five-days"}
    call_command("prune_imports", "--days", "3", stdout=io.StringIO())
    assert not ImportBatch.objects.exists()

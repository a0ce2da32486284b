"""A worker killed mid-task: its task runs again, or is marked failed; it is never lost."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.models import Notification, User
from reports.models import EvaluationReport
from reports.services import build_report

# The worker closes its database connection when it stops: each test commits for real.
pytestmark = pytest.mark.django_db(transaction=True)

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@task()
def notify(user_pk: int) -> None:
    Notification.objects.create(recipient=User.objects.get(pk=user_pk), title="任务完成")


def killed_mid_task(user, *, workers: list[str], enqueued=None) -> DBTaskResult:
    """A queued task that a worker claimed and then died on (status stays "running")."""
    enqueued = enqueued or notify.enqueue(user.pk)
    result = DBTaskResult.objects.get(id=enqueued.id)
    result.status = TaskResultStatus.RUNNING
    result.started_at = timezone.now() - timezone.timedelta(hours=1)
    result.worker_ids = workers
    result.save()
    return result


def recover(**options) -> str:
    out = io.StringIO()
    call_command("recover_tasks", stdout=out, **options)
    return out.getvalue()


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload",
                 "--worker-id", "second-worker", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DB_BACKEND


def test_a_task_whose_worker_died_runs_again_exactly_once(world, database_queue):
    result = killed_mid_task(world.officer, workers=["first-worker"])
    assert "1 task(s) queued again" in recover()
    run_worker()

    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert Notification.objects.filter(recipient=world.officer, title="任务完成").count() == 1


def test_a_task_whose_worker_died_twice_is_marked_failed_with_the_reason(world, database_queue):
    result = killed_mid_task(world.officer, workers=["first-worker", "second-worker"])
    assert "1 marked failed" in recover()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert "stopped twice" in result.traceback
    assert not Notification.objects.filter(title="任务完成").exists()


def test_a_task_still_running_within_the_stale_time_is_left_alone(world, database_queue):
    result = killed_mid_task(world.officer, workers=["first-worker"])
    result.started_at = timezone.now()
    result.save()
    assert "0 task(s) queued again, 0 marked failed" in recover()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING


def test_a_pdf_build_whose_worker_died_twice_offers_a_retry(world, database_queue):
    report = EvaluationReport.objects.create(
        kind=EvaluationReport.Kind.DISTRICT, district=world.district, language="zh-hans",
        period_start=date(2025, 9, 1), period_end=date(2026, 8, 31),
        status=EvaluationReport.Status.RUNNING, requested_by=world.leader)
    killed_mid_task(world.officer, workers=["first-worker", "second-worker"],
                    enqueued=build_report.enqueue(report_id=report.pk))
    recover()
    report.refresh_from_db()
    assert report.status == EvaluationReport.Status.FAILED
    assert "中断" in report.error  # the page shows why, beside its Retry button

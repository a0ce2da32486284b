"""`python manage.py recover_tasks [--stale-minutes N]`: background tasks whose worker died.

A worker killed mid-task (SIGKILL, a crash, the machine going down) leaves its task marked as
running forever. This command gives such a task one more run (it goes back to the queue) and
marks it failed, with the reason, if its worker died on it before. Tasks are written to be
re-run safely: they write their results only at the end (a PDF is stored in one step).

A spreadsheet import or check whose process died (a web process killed during an in-request
import, a worker killed during a large one) is marked failed after IMPORT_STALE_MINUTES
without a sign of life, whatever ``--stale-minutes`` says (web processes are not this
command's to judge): an import may then be confirmed again.

Run it before starting the only worker of a machine with ``--stale-minutes 0`` (every running
task is then orphaned: `make worker` and `deploy/portal-worker.service` do this), and daily with
the default (30 minutes) where several workers share the queue.
"""

from datetime import timedelta

from django.core.exceptions import SuspiciousOperation
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult


class WorkerLost(Exception):
    """The worker running the task stopped before the task finished, twice."""


class Command(BaseCommand):
    help = "Re-queue tasks left running by a dead worker; fail those it left twice."

    def add_arguments(self, parser):
        parser.add_argument("--stale-minutes", type=int, default=30,
                            help="a task running longer than this is orphaned (default: 30)")

    def handle(self, *args, stale_minutes, **options):
        since = timezone.now() - timedelta(minutes=max(stale_minutes, 0))
        requeued, failed = 0, []
        with transaction.atomic():
            stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
                status=TaskResultStatus.RUNNING, started_at__lte=since)
            for result in stale:
                if len(result.worker_ids) >= 2:
                    result.set_failed(WorkerLost(
                        "The worker stopped twice while running this task; it was not retried."))
                    failed.append(result)
                else:
                    result.status = TaskResultStatus.READY
                    result.started_at = None
                    result.save(update_fields=["status", "started_at"])
                    requeued += 1
        for result in failed:  # as the worker does, so that what waits on the task hears it
            try:
                task_finished.send(sender=type(result.task.get_backend()),
                                   task_result=result.task_result)
            except (ImportError, SuspiciousOperation):
                pass  # the task's code is gone: nothing can be listening for it
        self.stdout.write(f"{requeued} task(s) queued again, {len(failed)} marked failed")
        from portal.imports.services import recover_stale

        self.stdout.write(f"{recover_stale()} interrupted spreadsheet import(s) marked failed")

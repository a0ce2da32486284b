"""Requesting, building and retrying evaluation PDFs. A web request only records the request
and enqueues `build_report` (a django-tasks task: the database queue's `db_worker` runs it;
the test settings' immediate backend runs it inline). The build writes nothing but its own
`EvaluationReport` row and file, which is why read-only leaders may request one."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import TaskResultStatus

from portal.evaluation.sections import Period
from reports import collect, render
from reports.models import EvaluationReport

logger = logging.getLogger(__name__)
Status = EvaluationReport.Status
PENDING = (Status.QUEUED, Status.RUNNING)


def _period_of(report: EvaluationReport) -> Period:
    return Period(start=report.period_start, end=report.period_end, label=report.period_label)


def report_request(*, user, district, period: Period, school=None,
                   language: str | None = None) -> EvaluationReport:
    """Record a request for a district summary (or a school evaluation) and enqueue its
    build. A build of the same PDF already queued or running is returned instead: the
    district's row is locked while looking for it, so simultaneous requests make one build
    (and the database refuses a second pending one, see the model's constraints)."""
    language = language or translation.get_language() or "zh-hans"
    if period.start > period.end:
        raise ValidationError(_("The period ends before it starts."))
    kind = EvaluationReport.Kind.SCHOOL if school else EvaluationReport.Kind.DISTRICT
    same = dict(kind=kind, district=district, school=school, period_start=period.start,
                period_end=period.end, language=language)
    with transaction.atomic():
        _lock_district(district.pk)
        pending = EvaluationReport.objects.filter(**same, status__in=PENDING).first()
        if pending:
            return pending
        try:
            with transaction.atomic():
                report = EvaluationReport.objects.create(
                    **same, period_label=period.label[:100],
                    requested_by=user if user and user.is_authenticated else None)
        except IntegrityError:  # another request made it meanwhile (no lock held there)
            pending = EvaluationReport.objects.filter(**same, status__in=PENDING).first()
            if pending is None:
                raise
            return pending
    enqueue(report)
    return report


def _lock_district(district_id: int) -> None:
    from portal.models import District

    District.objects.select_for_update().filter(pk=district_id).values_list("pk").first()


def report_retry(*, report: EvaluationReport) -> EvaluationReport:
    """Build a failed report again; when the same PDF is already being built meanwhile,
    that build is returned and the failed one stays as it is."""
    with transaction.atomic():
        _lock_district(report.district_id)
        report = EvaluationReport.objects.select_for_update().get(pk=report.pk)
        if report.status != Status.FAILED:
            raise ValidationError(_("Only a failed build can be retried."))
        pending = EvaluationReport.objects.same_as(report).filter(status__in=PENDING).first()
        if pending is not None:
            return pending
        report.status, report.error, report.progress = Status.QUEUED, "", 0
        report.save(update_fields=["status", "error", "progress"])
    enqueue(report)
    return report


def enqueue(report: EvaluationReport) -> None:
    try:
        build_report.enqueue(report_id=report.pk)
    except Exception as exc:  # the queue itself is down: say so on the page
        logger.exception("could not enqueue evaluation report %s", report.pk)
        _fail(report, exc)


def _fail(report: EvaluationReport, exc: BaseException) -> None:
    report.status = Status.FAILED
    report.error = f"{type(exc).__name__}: {exc}"[:2000]
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "error", "finished_at"])


def _progress(report: EvaluationReport, status: str, progress: int) -> None:
    report.status, report.progress = status, progress
    report.save(update_fields=["status", "progress"])


@task()
def build_report(report_id: int) -> str:
    """Collect the figures, and render the PDF unless an earlier build of the same subject,
    period and language already shows exactly these figures (same fingerprint): then its
    file is reused. Failures are recorded on the report, for the page to show."""
    report = EvaluationReport.objects.select_related("district", "school", "requested_by").get(
        pk=report_id)
    if report.status not in PENDING:  # built already, or failed (a retry queues it again)
        return report.status
    _progress(report, Status.RUNNING, 10)
    try:
        build_file(report)
    except Exception as exc:
        logger.exception("evaluation report %s failed", report.pk)
        _fail(report, exc)
    return report.status


def build_file(report: EvaluationReport) -> None:
    period = _period_of(report)
    with translation.override(report.language):
        if report.school_id:
            sections = collect.school_sections(school=report.school, period=period)
        else:
            sections = collect.district_sections(district=report.district, period=period)
        report.fingerprint = collect.fingerprint(sections)
        _progress(report, Status.RUNNING, 40)
        same = (EvaluationReport.objects.done().same_as(report)
                .filter(fingerprint=report.fingerprint).exclude(pk=report.pk)
                .exclude(file="").first())
        if same is not None:
            report.file.name = same.file.name
        else:
            if report.school_id:
                pdf = render.school_pdf(school=report.school, period=period, sections=sections,
                                        requested_by=report.requested_by)
            else:
                pdf = render.district_pdf(district=report.district, period=period,
                                          sections=sections, requested_by=report.requested_by)
            report.file.save(report.download_name, ContentFile(pdf), save=False)
    report.status, report.progress, report.finished_at = Status.DONE, 100, timezone.now()
    report.error = ""
    report.save(update_fields=["file", "fingerprint", "status", "progress", "finished_at",
                               "error"])


def build_task_finished(sender, task_result, **kwargs) -> None:
    """A build whose task failed outside `build_report` (its worker was killed twice, see
    `manage.py recover_tasks`) is marked failed, so its page offers a retry instead of
    waiting for ever."""
    if task_result.task.module_path != build_report.module_path:
        return
    if task_result.status != TaskResultStatus.FAILED:
        return
    report_id = task_result.kwargs.get("report_id")
    report = EvaluationReport.objects.filter(
        pk=report_id, status__in=[Status.QUEUED, Status.RUNNING]).first()
    if report is not None:
        with translation.override(report.language):
            report.error = _("The build was interrupted: the background worker stopped while "
                             "it ran. Please try again.")
        report.status, report.finished_at = Status.FAILED, timezone.now()
        report.save(update_fields=["status", "error", "finished_at"])


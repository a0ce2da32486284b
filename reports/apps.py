from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The layer above the domain apps: what composes several of them — the evaluation PDFs
    (district summary, school evaluation, inspection record) and the reports page. It reads the
    apps through the contracts in `portal` (`portal.evaluation.sections`, `portal.figures`)."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from reports.services import build_task_finished

        task_finished.connect(build_task_finished)

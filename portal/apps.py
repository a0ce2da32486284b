from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django_tasks.signals import task_finished

        from portal.evaluation.services import build_task_finished
        from portal.roles import sync_role_groups
        from portal.signin import start_session_clock

        post_migrate.connect(sync_role_groups)
        user_logged_in.connect(start_session_clock)
        task_finished.connect(build_task_finished)

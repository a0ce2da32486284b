from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.models.signals import post_save, pre_save
        from django_tasks.signals import task_finished

        from portal import access_log
        from portal.roles import sync_role_groups
        from portal.signin import start_session_clock

        post_migrate.connect(sync_role_groups)
        user_logged_in.connect(start_session_clock)
        # The access log (portal.access_log): sign-ins, failures, sign-outs, role changes.
        user_logged_in.connect(access_log.on_signed_in)
        user_login_failed.connect(access_log.on_sign_in_failed)
        user_logged_out.connect(access_log.on_signed_out)
        user_model = self.get_model("User")
        pre_save.connect(access_log.remember_role, sender=user_model)
        post_save.connect(access_log.record_role_change, sender=user_model)
        from portal.imports.services import import_task_finished

        task_finished.connect(import_task_finished)
        from portal.templatetags.portal_tables import remember_signatures

        remember_signatures()
        from portal import history

        history.connect()  # rows a deletion empties (SET_NULL) keep their history

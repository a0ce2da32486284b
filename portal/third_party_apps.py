"""The third-party apps the admin lists, under names in the portal's languages (their own
configs have none, or an English one). INSTALLED_APPS names these configs instead."""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks.apps import TasksAppConfig
from django_tasks_db.apps import TasksAppConfig as TasksDatabaseAppConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin on the portal's site (`portal.admin_site`: out-of-range ids refused)."""

    default_site = "portal.admin_site.PortalAdminSite"


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sign-in lockouts")


class TasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")


class TasksDatabaseConfig(TasksDatabaseAppConfig):
    verbose_name = _("Background task results")


# Their models' names are gettext_lazy strings of their own that ship no Chinese: listed
# here, they are extracted into the project catalogue (locale/), which translates them.
MODEL_NAMES = (
    gettext_noop("access attempt"), gettext_noop("access attempts"),
    gettext_noop("access failure"), gettext_noop("access failures"),
    gettext_noop("access attempt expiration"), gettext_noop("access attempt expirations"),
    gettext_noop("access log"), gettext_noop("access logs"),
    gettext_noop("Task Result"), gettext_noop("Task Results"),
    gettext_noop("Path"), gettext_noop("Attempt Time"),  # the lockouts' list filters
)

# Django's admin says these to screen readers (its index's table headers) and its Chinese
# catalogue has no translation of them yet: extracted here, the project catalogue has one.
ADMIN_STRINGS = (
    gettext_noop("Model name"), gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
)

from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_standards(app_config=None, **kwargs) -> None:
    """The shipped standards are reference data: put them back whenever the database is
    flushed (a flush sends post_migrate), as their data migration does on a new database."""
    if app_config is None or app_config.label != "supervision":
        return
    from django.apps import apps

    import_module("supervision.migrations.0002_standards").forwards(apps, None)


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        post_migrate.connect(ensure_standards, sender=self)

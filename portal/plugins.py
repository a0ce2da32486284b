"""How the core finds what the apps contribute without importing them.

An app plugs into the portal by having a module of a known name: `dashboard` (home-page
panels), `todo` (to-do items), `figures` (the figure registry), `evaluation` (the summary's
sections), `exports` and `imports` (registers), `notices` (notification kinds), `demo`
(`seed_demo`), `secretary_home` (the secretary's home), `daily` (the daily job). The core
asks `app_modules(name)`; it never names an app.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings


def project_apps() -> list[str]:
    """The labels of the installed apps that live in this project — top-level folders of the
    repository, not third-party packages (even when the virtualenv sits inside the repository)
    — in `INSTALLED_APPS` order: the core (portal) first, the apps that compose others last."""
    base = Path(settings.BASE_DIR).resolve()
    return [config.label for config in apps.get_app_configs()
            if Path(config.path).resolve().parent == base]


def app_modules(name: str):
    """Each project app's ``<app>.<name>`` module, for the apps that have one, the core
    excepted, in `INSTALLED_APPS` order."""
    for label in project_apps():
        if label == "portal":
            continue
        try:
            yield import_module(f"{label}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.{name}":
                raise

"""The home dashboard gathers panels from every app that has a `dashboard` module with a
`panels(user) -> list[Panel]` function, so each app owns its own figures."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps

LOCAL_APPS = ("schools", "supervision", "activities", "cadres")


@dataclass(frozen=True)
class Panel:
    title: str
    value: str | int
    url: str = ""
    note: str = ""
    tone: str = "primary"  # a Bootstrap colour name
    key: str = ""  # the figure's definition in `portal.figures`, if the panel shows one


def app_modules(name: str):
    """Each installed local app's ``<app>.<name>`` module, for the apps that have one: how
    the dashboard, the to-do list and the evaluation summary find their contributions."""
    for label in LOCAL_APPS:
        if not apps.is_installed(label):
            continue
        try:
            yield import_module(f"{label}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.{name}":
                raise


def collect_panels(user) -> list[Panel]:
    panels: list[Panel] = []
    for module in app_modules("dashboard"):
        panels.extend(module.panels(user))
    return panels

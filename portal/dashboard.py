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


def collect_panels(user) -> list[Panel]:
    panels: list[Panel] = []
    for label in LOCAL_APPS:
        if not apps.is_installed(label):
            continue
        try:
            module = import_module(f"{label}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.dashboard":
                raise
            continue
        panels.extend(module.panels(user))
    return panels

"""The home dashboard gathers panels from every app that has a `dashboard` module with a
`panels(user) -> list[Panel]` function, so each app owns its own figures."""

from __future__ import annotations

from dataclasses import dataclass

from portal.plugins import app_modules


@dataclass(frozen=True)
class Panel:
    title: str
    value: str | int
    url: str = ""
    note: str = ""
    tone: str = "primary"  # a Bootstrap colour name
    key: str = ""  # the figure's definition in `portal.figures`, if the panel shows one


def collect_panels(user) -> list[Panel]:
    panels: list[Panel] = []
    for module in app_modules("dashboard"):
        panels.extend(module.panels(user))
    return panels

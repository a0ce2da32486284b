"""Every kind of import, found in the apps' ``imports.py`` modules (``IMPORTERS = [...]``)."""

from __future__ import annotations

from functools import cache

from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal import access


@cache
def importers() -> dict:
    from portal.plugins import app_modules

    found = {}
    for module in app_modules("imports"):
        for importer in getattr(module, "IMPORTERS", ()):
            found[importer.kind] = importer
    return found


def get(kind: str):
    try:
        return importers()[kind]
    except KeyError:
        raise Http404 from None


def may_import(user, importer_class) -> bool:
    return access.holds_role(user, importer_class.roles)


def for_user(user, kind: str):
    importer_class = get(kind)
    if not may_import(user, importer_class):
        raise PermissionDenied
    return importer_class

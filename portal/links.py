"""Absolute links for what leaves the portal (mails, robot messages, the calendar feed): a
mail program or a group chat has no page to resolve a bare path against."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register

# Without PORTAL_URL (development), links point at `make run`'s address.
DEVELOPMENT_URL = "http://127.0.0.1:8000"


def portal_url() -> str:
    return settings.PORTAL_URL or DEVELOPMENT_URL


def absolute(path: str, request=None) -> str:
    """``path`` (``/activities/reports/82/``) as a full address. A path that is already
    absolute is kept; without PORTAL_URL a request's own host is used when there is one."""
    if not path or "://" in path:
        return path
    if not path.startswith("/"):
        path = "/" + path
    if not settings.PORTAL_URL and request is not None:
        return request.build_absolute_uri(path)
    return portal_url() + path


@register(deploy=False)
def check_portal_url(app_configs=None, **kwargs):
    if settings.DEBUG or settings.PORTAL_URL:
        return []
    return [Warning(
        "PORTAL_URL is not set: links in mails, robot messages and calendar feeds point at "
        f"{DEVELOPMENT_URL}.",
        hint="Set PORTAL_URL to the portal's address, e.g. https://portal.example.gov.cn",
        id="portal.W001")]

from django.conf import settings


def portal(request):
    """What the shell template needs on every page."""
    return {"PORTAL_LANGUAGES": settings.LANGUAGES}

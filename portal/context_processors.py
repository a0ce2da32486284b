from django.conf import settings
from django.utils.functional import SimpleLazyObject


def portal(request):
    """What the shell template needs on every page: the languages, and the user's unread
    notification count (one query, only on pages that show it)."""

    def unread() -> int:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return user.notifications.filter(read_at__isnull=True).count()

    return {
        "PORTAL_LANGUAGES": settings.LANGUAGES,
        "unread_notifications": SimpleLazyObject(unread),
    }

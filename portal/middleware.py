"""Defence in depth for read-only roles: a leader never changes a record, whatever a view
forgets. Views that take a POST without writing opt in with `allow_read_only_post`. And
signed-in responses are never cached (`PrivateCacheMiddleware`)."""

from django.core.exceptions import PermissionDenied
from django.utils.cache import patch_cache_control

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
ALWAYS_ALLOWED = {"logout", "set_language", "password_change", "login",  # own session only
                  "profile", "calendar_reset"}  # own notification preference and feed


class ReadOnlyRoleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if (
            request.method in SAFE_METHODS
            or user is None
            or not user.is_authenticated
            or not user.is_read_only
        ):
            return None
        match = request.resolver_match
        if match and match.url_name in ALWAYS_ALLOWED:
            return None
        if getattr(view_func, "allow_read_only_post", False):
            return None
        raise PermissionDenied


class PrivateCacheMiddleware:
    """Nothing shown to a signed-in user is kept by a browser or a proxy: pages, exports and
    files (identity numbers in full on the organisation department's pages) get
    ``Cache-Control: private, no-store``. A response that set its own private policy keeps
    it (a thumbnail: ``private, max-age=86400``); one that did not say private is made so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        policy = response.get("Cache-Control", "").lower()
        if not policy:
            response["Cache-Control"] = "private, no-store"
        elif "private" not in policy and "no-store" not in policy:
            patch_cache_control(response, private=True)
        return response

"""Defence in depth for read-only roles: a leader never changes a record, whatever a view
forgets. Views that take a POST without writing opt in with `allow_read_only_post`."""

from django.core.exceptions import PermissionDenied

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

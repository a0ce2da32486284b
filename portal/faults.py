"""What the user sees when something outside the portal fails.

The database going away (a restart, a failover, SQLite busy beyond its timeout) surfaces as an
`OperationalError` or `InterfaceError` anywhere in a request, in a view or in a middleware that
loads the session. Django turns it into a call of `handler500`; this handler answers such errors
with a 503 page that says to try again, and drops the broken connection so that the next
request opens a fresh one (with ``CONN_HEALTH_CHECKS`` a persistent connection is also checked
before it is reused). The pages are rendered without touching the database.
"""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template import loader

UNAVAILABLE = (OperationalError, InterfaceError)


def _drop_broken_connections() -> None:
    for conn in connections.all(initialized_only=True):
        try:
            if conn.connection is not None and not conn.is_usable():
                conn.close()
        except DatabaseError:
            conn.connection = None  # closing a dead connection can fail too: forget it


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        _drop_broken_connections()
        body = loader.render_to_string("503.html", request=None)
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.render_to_string("500.html", request=None), status=500)

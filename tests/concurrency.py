"""Run requests at the same moment, each in its own thread with its own database connection.

Used by the concurrency tests of every app: they need PostgreSQL (SQLite serialises every
write, so the races cannot happen there) and a transactional test (`transaction=True`), so
that each thread sees the rows the test made and the rows the other threads commit."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and concurrent transactions need PostgreSQL (set DATABASE_URL); "
           "SQLite runs one write at a time, so these races cannot happen there")


def race(*calls: Callable, timeout: float = 30) -> list:
    """Start every call at once (a barrier releases them together) and return what each
    returned or raised, in order. Every thread closes its connection when done."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int, call: Callable) -> None:
        try:
            barrier.wait(timeout)
            results[index] = call()
        except Exception as error:  # the caller asserts on it  # noqa: BLE001
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


def logged_in(user) -> Client:
    """A client of ``user`` reading English, so tests assert on the source messages."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post_all(clients: list[Client], path: str, data: dict | None = None) -> list:
    """POST the same form from every client at once; return the responses."""
    return race(*[lambda c=c: c.post(path, data or {}) for c in clients])


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]

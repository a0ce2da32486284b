"""`make bench`: build the demo district at 50 and at 500 schools (3 school years) in a
database of its own, then measure each page of `bench/pages_*.py`: median latency of N
requests beside the Django admin changelist on the same data (the ratio; target ≤ 1.0) and
the query count at 50 and at 500 schools (target: equal), on the first visit with every
cache empty and on the next ("47/8" when they differ).

Requests go through Django's test client in this process: no network, so the figures are
the application's own time. BENCH_N sets N (default 20)."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
OUT.mkdir(parents=True, exist_ok=True)
DB = OUT / "bench.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", "No directory at")

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import resolve as resolve_url  # noqa: E402

from bench.framework import BenchContext, Page  # noqa: E402
from portal.models import District, User  # noqa: E402

N = int(os.environ.get("BENCH_N", "20"))


def load_pages(ctx: BenchContext) -> list[Page]:
    pages: list[Page] = []
    for path in sorted((ROOT / "bench").glob("pages_*.py")):
        pages.extend(import_module(f"bench.{path.stem}").pages(ctx))
    return pages


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def resolve(url, ctx: BenchContext) -> str:
    return url(ctx) if callable(url) else url


def count_queries(client: Client, url: str) -> str:
    """Queries of the first visit (every cache empty) and of the next one, e.g. "47/8" for a
    page that keeps a section in the cache; one figure when both are the same."""
    counts = []
    cache.clear()
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        counts.append(len(queries))
    return str(counts[0]) if counts[0] == counts[1] else f"{counts[0]}/{counts[1]}"


@contextmanager
def admin_page_size(url: str, rows: int):
    """Show ``rows`` rows per page on the admin changelist at ``url`` while measuring it."""
    model_admin = getattr(resolve_url(urlsplit(url).path).func, "model_admin", None)
    if model_admin is None:
        yield
        return
    saved = model_admin.list_per_page
    model_admin.list_per_page = rows
    try:
        yield
    finally:
        model_admin.list_per_page = saved


def median_ms(client: Client, url: str) -> float:
    client.get(url)  # warm up
    times = []
    for _ in range(N):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def build(schools: int) -> BenchContext:
    call_command("seed_demo", schools=schools, years=3, stdout=open(os.devnull, "w"))
    return BenchContext(district=District.objects.get(code="yuzhong"), schools=schools)


def main() -> None:
    if DB.exists() and os.environ.get("BENCH_KEEP") != "1":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DB}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    ctx = build(50)
    queries_50 = {}
    for page in load_pages(ctx):
        queries_50[page.name] = count_queries(client_for(page.username), resolve(page.url, ctx))
    ctx = build(500)
    print(f"Built the 500-school district in {time.perf_counter() - started:.0f}s; "
          f"N={N} requests per page.\n")
    admin = client_for("admin")
    header = (f"{'page':<32} {'median ms':>10} {'admin ms':>9} {'ratio':>6} "
              f"{'queries@50':>11} {'queries@500':>12}")
    print(header)
    print("-" * len(header))
    admin_cache: dict[tuple[str, int], float] = {}
    failures = []
    results = []
    for page in load_pages(ctx):
        client = client_for(page.username)
        url = resolve(page.url, ctx)
        q500 = count_queries(client, url)
        ms = median_ms(client, url)
        admin_url = resolve(page.admin_url, ctx)
        if (admin_url, page.rows) not in admin_cache:
            with admin_page_size(admin_url, page.rows):
                admin_cache[admin_url, page.rows] = median_ms(admin, admin_url)
        admin_ms = admin_cache[admin_url, page.rows]
        ratio = ms / admin_ms
        q50 = queries_50.get(page.name, "?")
        flag = "" if ratio <= 1.0 and q50 == q500 else "  <-- off target"
        if flag:
            failures.append(page.name)
        print(f"{page.name:<32} {ms:>10.1f} {admin_ms:>9.1f} {ratio:>6.2f} {q50:>11} {q500:>12}"
              f"{flag}")
        results.append({"name": page.name, "ms": ms, "admin_ms": admin_ms, "ratio": ratio,
                        "queries_50": q50, "queries_500": q500, "met": not flag})
    (OUT / "bench-pages.json").write_text(json.dumps(results, ensure_ascii=False))
    print(f"\nTarget: ratio <= 1.0 and equal query counts. Off target: {failures or 'none'}")


if __name__ == "__main__":
    main()

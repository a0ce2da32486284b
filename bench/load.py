"""`make load`: the portal under the load of a district's busiest minute, on PostgreSQL and on
SQLite.

For each database: a fresh 500-school, 3-year district (`seed_demo`), 150 more school
secretaries with sessions prepared in advance, gunicorn with 4 workers on 127.0.0.1, then
locust (`bench/locustfile.py`) with 200 simulated users for LOAD_SECONDS (default 90): 150
secretaries submitting this month's report within the same minute, 10 officers reviewing, 40
users browsing as every role. Afterwards the database is checked: every secretary's report is
there exactly once and was submitted once. Prints throughput, p50/p95/p99 and errors.

Targets: zero errors; p95 under 300 ms on PostgreSQL on a 2-core machine; SQLite holds the same
load with no "database is locked".

The server runs as deploy/portal.env.example sets production up: DEBUG off, Redis for cache
and sessions, database connections kept 60 s.

LOAD_ENGINES=postgresql,sqlite chooses the databases; LOAD_PG_URL the PostgreSQL database
(dropped and created again: never point it at real data); LOAD_REDIS_URL the Redis database
(flushed).
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
PORT = int(os.environ.get("LOAD_PORT", "8765"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "90"))
PG_URL = os.environ.get("LOAD_PG_URL", "postgres://postgres@127.0.0.1:5432/portal_load")
# The production set-up of deploy/portal.env.example: Redis for cache and sessions, database
# connections kept for 60 s (health-checked before reuse). This Redis database is flushed.
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/15")
ENGINES = {
    "postgresql": PG_URL,
    "sqlite": f"sqlite:///{OUT / 'load.sqlite3'}",
}
USERS_FILE = OUT / "load-users.json"
SECRETARY_COUNT = 150


def server_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "REDIS_URL": REDIS_URL,
        "DB_CONN_MAX_AGE": "60",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "LOG_LEVEL": "ERROR",
    }


def run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=ROOT, check=True, **kwargs)


def reset_database(engine: str, url: str) -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'load.sqlite3'}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not listen on {port}")


def aggregated(csv_prefix: Path) -> dict[str, str]:
    with open(f"{csv_prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return next(r for r in rows if r["Name"] == "Aggregated")


def slowest(csv_prefix: Path, count: int = 8) -> list[str]:
    """The request kinds with the highest p95, to see where the time goes."""
    with open(f"{csv_prefix}_stats.csv", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Name"] != "Aggregated"]
    rows.sort(key=lambda r: -float(r["95%"] or 0))
    return [f"   {r['Type']:<4} {r['Name'][:52]:<52} {r['Request Count']:>6} "
            f"p50 {r['50%']:>6} p95 {r['95%']:>6}" for r in rows[:count]]


def load_one(engine: str, url: str) -> dict:
    env = server_env(url)
    print(f"\n== {engine}: building the 500-school district", flush=True)
    reset_database(engine, url)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PY, "manage.py", "seed_demo", "--schools", "500", "--years", "3"], env,
        stdout=subprocess.DEVNULL)
    run([PY, __file__, "prepare"], env)
    log = open(OUT / f"load-{engine}-gunicorn.log", "w")
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "portal.wsgi", "--workers", "4",
         "--bind", f"127.0.0.1:{PORT}", "--timeout", "60"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(PORT)
        print(f"== {engine}: 200 users for {SECONDS}s", flush=True)
        prefix = OUT / f"load-{engine}"
        locust = subprocess.run(
            [str(Path(PY).parent / "locust"), "-f", "bench/locustfile.py", "--headless",
             "--users", "200", "--spawn-rate", "100", "--run-time", f"{SECONDS}s",
             "--host", f"http://127.0.0.1:{PORT}", "--csv", str(prefix), "--only-summary",
             "--stop-timeout", "10", "--loglevel", "WARNING"],
            env={**env, "LOAD_USERS": str(USERS_FILE)}, cwd=ROOT, check=False,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    check = subprocess.run([PY, __file__, "verify"], env=env, cwd=ROOT, check=False,
                           capture_output=True, text=True)
    print(check.stdout.strip())
    server_log = (OUT / f"load-{engine}-gunicorn.log").read_text()
    stats = aggregated(prefix)
    print(f"   slowest kinds of request ({engine}, ms):")
    print("\n".join(slowest(prefix)))
    return {
        "engine": engine,
        "requests": int(stats["Request Count"]),
        "errors": int(stats["Failure Count"]),
        "rps": float(stats["Requests/s"]),
        "p50": stats["50%"],
        "p95": stats["95%"],
        "p99": stats["99%"],
        "locked": server_log.count("database is locked"),
        "tracebacks": server_log.count("Traceback"),
        "check": check.returncode == 0 and locust.returncode in (0, 1),
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    engines = os.environ.get("LOAD_ENGINES", "postgresql,sqlite").split(",")
    results = [load_one(engine, ENGINES[engine]) for engine in engines]
    cores = os.cpu_count()
    print(f"\nLoad: 200 users ({SECRETARY_COUNT} secretaries submitting within a minute, 10 "
          f"officers reviewing, 40 browsing), {SECONDS}s, gunicorn 4 workers, {cores} cores\n")
    header = (f"{'database':<11} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
              f"{'p99 ms':>7} {'errors':>6} {'locked':>6} {'500s':>5} {'reports':>8}")
    print(header)
    print("-" * len(header))
    failed = False
    for r in results:
        print(f"{r['engine']:<11} {r['requests']:>8} {r['rps']:>7.1f} {r['p50']:>7} "
              f"{r['p95']:>7} {r['p99']:>7} {r['errors']:>6} {r['locked']:>6} "
              f"{r['tracebacks']:>5} {'ok' if r['check'] else 'WRONG':>8}")
        failed |= bool(r["errors"] or r["locked"] or r["tracebacks"] or not r["check"])
        if r["engine"] == "postgresql" and float(r["p95"]) >= 300:
            failed = True
    print("\nTargets: no errors, no 'database is locked', every report exactly once, "
          f"p95 < 300 ms on PostgreSQL. {'Off target.' if failed else 'Met.'}")
    sys.exit(1 if failed else 0)


# --- the parts that run inside Django (`load.py prepare` / `load.py verify`) ---------------


def _django():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _session_for(user) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _browsing_pages() -> dict[str, list[str]]:
    from django.urls import NoReverseMatch, reverse

    def urls(*names):
        found = []
        for name in names:
            try:
                found.append(reverse(name))
            except NoReverseMatch:
                pass
        return found

    district_pages = urls("home", "schools:list", "supervision:inspection_list",
                          "activities:report_list", "activities:compliance",
                          "activities:overview", "cadres:cadre_list", "cadres:round_list")
    return {
        "tuanqu": district_pages,
        "jiaowei": district_pages,
        "lingdao": urls("home", "schools:list", "activities:compliance"),
        "zuzhibu": urls("home", "cadres:cadre_list", "cadres:round_list", "schools:list"),
        "qiujing": urls("home", "activities:report_list", "activities:course_mine"),
    }


def prepare() -> None:
    """150 secretaries of schools whose report of this month is not yet submitted, and a
    session for every simulated user."""
    _django()
    from django.db import connection
    from django.db.models import Q
    from django.utils import timezone

    from activities.models import MonthlyReport
    from portal.models import District, Role, User
    from schools.models import School

    # A database that has been in use has its planner statistics (autovacuum's ANALYZE); a
    # freshly seeded one has none until autovacuum comes round, and plans badly without them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    today = timezone.localdate()
    district = District.objects.get(code="yuzhong")
    started = MonthlyReport.objects.filter(year=today.year, month=today.month).exclude(
        status=MonthlyReport.Status.DRAFT).values("school_id")
    schools = list(
        School.objects.filter(district=district, active=True, secretaries__isnull=True)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=today.replace(day=1)))
        .exclude(pk__in=started).order_by("pk")[:SECRETARY_COUNT]
    )
    if len(schools) < SECRETARY_COUNT:
        raise SystemExit(f"only {len(schools)} schools can take a submitting secretary")
    secretaries = []
    for n, school in enumerate(schools):
        user = User(username=f"load-secretary-{n}", role=Role.SCHOOL_SECRETARY, school=school,
                    district=district)
        user.set_unusable_password()
        user.save()
        secretaries.append({"sessionid": _session_for(user), "school": school.pk})
    browsers = []
    for username, pages in _browsing_pages().items():
        user = User.objects.get(username=username)
        browsers.append({"role": user.role, "sessionid": _session_for(user), "pages": pages})
    officers = [{"sessionid": _session_for(User.objects.get(username=name))}
                for name in ("tuanqu", "jiaowei")]
    USERS_FILE.write_text(json.dumps(
        {"secretaries": secretaries, "browsers": browsers, "officers": officers}))


def verify() -> None:
    """Every simulated secretary's report of this month is there once and was submitted once."""
    _django()
    from django.db.models import Count, Q
    from django.utils import timezone

    from activities.models import MonthlyReport

    today = timezone.localdate()
    schools = [s["school"] for s in json.loads(USERS_FILE.read_text())["secretaries"]]
    reports = (MonthlyReport.objects.filter(school_id__in=schools, year=today.year,
                                            month=today.month)
               .annotate(submits=Count("transitions",
                                       filter=Q(transitions__to_status="submitted"))))
    per_school = {}
    for report in reports:
        per_school.setdefault(report.school_id, []).append(report)
    good = sum(
        1 for school in schools
        if len(per_school.get(school, [])) == 1
        and per_school[school][0].status in ("submitted", "approved")
        and per_school[school][0].submits == 1
    )
    approved = sum(1 for r in reports if r.status == "approved")
    print(f"   reports: {good} of {len(schools)} submitted exactly once "
          f"({approved} approved by the reviewing officers)")
    sys.exit(0 if good == len(schools) else 1)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    {"run": main, "prepare": prepare, "verify": verify}[command]()

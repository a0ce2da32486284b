"""`make bench`, second part: the district evaluation summary (the PDF leaders download) for
the demo district and for a 500-school district with 3 school years of history.

For each: total time, time in SQL queries, time in WeasyPrint's own layout and drawing, the
rest (collecting in Python, the template), and the peak memory of the process. Each build
runs in a fresh child process, so its peak resident memory is its own.

Targets on the 2-core reference machine: under 10 s for 500 schools, under 25% of it outside
WeasyPrint, under 500 MB. BENCH_KEEP=1 reuses the database built by an earlier run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_SECONDS, TARGET_OUTSIDE, TARGET_MB = 10.0, 0.25, 500


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("MEDIA_ROOT", str(OUT / "media"))
    import warnings

    import django

    warnings.filterwarnings("ignore", "No directory at")
    django.setup()


def measure() -> dict:
    """One build in this process: what `build_report` does, timed in parts."""
    import resource

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation

    from portal.models import District
    from portal.school_year import school_year_of
    from reports import collect, render

    district = District.objects.get(code="yuzhong")
    period = school_year_of(timezone.localdate())
    period = type(period)(start=period.start.replace(year=period.start.year - 1),
                          end=period.end, label=period.label)  # two school years of figures
    with translation.override("zh-hans"):
        started, cpu_started = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            sections = collect.district_sections(district=district, period=period)
            collect.fingerprint(sections)
        pdf = render.district_pdf(district=district, period=period, sections=sections)
        total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    import io

    from pypdf import PdfReader

    return {
        "schools": district.schools.count(),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "kb": len(pdf) // 1024,
        "total": total,
        "cpu": cpu,
        "load": os.getloadavg()[0],
        "queries": len(queries),
        "query_time": sum(float(q["time"]) for q in queries.captured_queries),
        "weasyprint": render.LAST.weasyprint,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_child(db: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    done = subprocess.run([sys.executable, __file__, "--measure"], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def build(db: Path, schools: int) -> None:
    """A database of its own with the demo district (`seed_demo`), unless BENCH_KEEP=1."""
    if os.environ.get("BENCH_KEEP") == "1" and db.exists():
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DEBUG": "0"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo", "--years", "3", "--schools", str(schools)], env=env,
                   check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for label, schools in (("demo district", 0), ("500 schools, 3 years", 500)):
        db = OUT / f"evaluation-{schools or 'demo'}.sqlite3"
        build(db, schools)
        run_child(db)  # warm the font cache and the database file
        rows.append((label, run_child(db)))
    print("\nDistrict evaluation summary (the last two school years, zh-hans):\n")
    header = (f"{'district':<22} {'schools':>7} {'pages':>5} {'total s':>8} {'cpu s':>6} "
              f"{'queries':>7} {'query s':>8} {'weasy s':>8} {'outside':>8} {'peak MB':>8} "
              f"{'load':>5}")
    print(header)
    print("-" * len(header))
    failures = []
    for label, r in rows:
        outside = (r["total"] - r["weasyprint"]) / r["total"]
        print(f"{label:<22} {r['schools']:>7} {r['pages']:>5} {r['total']:>8.2f} "
              f"{r['cpu']:>6.2f} {r['queries']:>7} {r['query_time']:>8.2f} "
              f"{r['weasyprint']:>8.2f} {outside:>7.0%} {r['peak_mb']:>8.0f} {r['load']:>5.1f}")
        if r["schools"] >= 500 and (r["total"] >= TARGET_SECONDS or outside >= TARGET_OUTSIDE
                                    or r["peak_mb"] >= TARGET_MB):
            failures.append(label)
    print("\n'cpu s' is the build's own processor time; 'total s' is wall time, which grows "
          "with the machine's load average ('load') when other jobs share the cores.")
    (OUT / "bench-evaluation.json").write_text(json.dumps(
        [{"label": label, **r, "met": label not in failures} for label, r in rows],
        ensure_ascii=False))
    print(f"\nTargets at 500 schools: < {TARGET_SECONDS:.0f} s, < {TARGET_OUTSIDE:.0%} outside "
          f"WeasyPrint, < {TARGET_MB} MB. Off target: {failures or 'none'}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        setup_django()
        print(json.dumps(measure()))
    else:
        main()

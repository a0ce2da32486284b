"""`make bench`, imports: a 10,000-row volunteer-records file and a 10,000-row applicants
file, each imported three ways on the same file, from the same starting database:

- ``engine``: the portal's import (`portal.imports.engine.run`, what the pages, the
  background task and ``manage.py import_xlsx`` run): typed cells, natural keys, full
  validation, history rows, one transaction;
- ``resource``: a plain django-import-export ``ModelResource`` with default options (the
  columns named as in the file, foreign keys by name), as the admin would run it;
- ``floor``: openpyxl read-only parse plus ``bulk_create`` of the same rows, no validation,
  no history — the least any import can cost.

Each run is a fresh child process on its own copy of the database, so its peak resident
memory (ru_maxrss) is its own. Targets: the engine at least 5× faster than the resource,
within 2× of the floor, under 300 MB. The engine and the floor are each run
BENCH_IMPORT_RUNS times (default 3) and their fastest run counted, the highest peak memory
kept. BENCH_IMPORT_ROWS changes the row count."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
APPLICANTS = 500  # the volunteer records spread over this many applicants
TARGET_RESOURCE, TARGET_FLOOR, TARGET_MB = 5.0, 2.0, 300
KINDS = ("volunteer_records", "applicants")
RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "3"))  # runs of the engine and of the floor
METHODS = ("engine", "resource", "floor")


def setup_django(db: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "0")
    import warnings

    import django

    warnings.filterwarnings("ignore", "No directory at")
    django.setup()


# ----------------------------------------------------------------------------- the data

def build_base(db: Path) -> None:
    """A district, one school with its applicants (for the volunteer records)."""
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
                   env={**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DEBUG": "0"},
                   check=True)
    setup_django(db)
    from datetime import date

    from portal.models import District
    from schools.models import Applicant, School

    district = District.objects.create(name="基准区", code="bench")
    school = School.objects.create(district=district, name="基准中学", level="middle")
    Applicant.objects.bulk_create(
        Applicant(school=school, name=f"学生{i:04d}", registered_on=date(2024, 9, 1))
        for i in range(APPLICANTS))
    from django.db import connections

    connections.close_all()  # checkpoints SQLite's WAL into the file copied for each run


def write_files() -> dict:
    from datetime import date, timedelta

    from openpyxl import Workbook

    files = {}
    start = date(2024, 9, 1)
    for kind in KINDS:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("数据")
        if kind == "volunteer_records":
            sheet.append(["学校", "姓名", "日期", "时长", "活动", "地点"])
            for i in range(ROWS):
                sheet.append(["基准中学", f"学生{i % APPLICANTS:04d}",
                              start + timedelta(days=i // APPLICANTS), 1 + (i % 4) / 2,
                              f"社区服务{i % 7}", "七星岗社区"])
        else:
            sheet.append(["学校", "姓名", "登记日期", "备注"])
            for i in range(ROWS):
                sheet.append(["基准中学", f"新生{i:05d}", start + timedelta(days=i % 300), "团课"])
        path = OUT / f"import-{kind}-{ROWS}.xlsx"
        book.save(path)
        files[kind] = path
    return files


# ----------------------------------------------------------------------------- the methods

def run_engine(kind: str, data: bytes) -> dict:
    from portal.imports import engine, registry
    from portal.models import District

    importer = registry.get(kind)(user=None, district=District.objects.get(code="bench"))
    result = engine.run(importer, data, write=True)
    assert result.ok and result.written, result.as_dict()["errors"][:5]
    return {"created": result.create}


def plain_resource(kind: str):
    """A ModelResource with default options; columns named as in the file, foreign keys
    found by name and rows matched by the same natural keys as the engine's (the least a
    resource needs to read this file at all: the default key, ``id``, is not in it)."""
    from import_export import fields, resources
    from import_export.widgets import ForeignKeyWidget

    from schools.models import Applicant, School, VolunteerRecord

    if kind == "volunteer_records":
        class Resource(resources.ModelResource):
            applicant = fields.Field("applicant", "姓名", ForeignKeyWidget(Applicant, "name"))
            date = fields.Field("date", "日期")
            hours = fields.Field("hours", "时长")
            activity = fields.Field("activity", "活动")
            place = fields.Field("place", "地点")

            class Meta:
                model = VolunteerRecord
                fields = ("applicant", "date", "hours", "activity", "place")
                import_id_fields = ("applicant", "date", "activity")
    else:
        class Resource(resources.ModelResource):
            school = fields.Field("school", "学校", ForeignKeyWidget(School, "name"))
            name = fields.Field("name", "姓名")
            registered_on = fields.Field("registered_on", "登记日期")
            notes = fields.Field("notes", "备注")

            class Meta:
                model = Applicant
                fields = ("school", "name", "registered_on", "notes")
                import_id_fields = ("school", "name")
    return Resource()


def run_resource(kind: str, data: bytes) -> dict:
    import tablib

    dataset = tablib.Dataset().load(data, format="xlsx")
    result = plain_resource(kind).import_data(dataset, dry_run=False)
    if result.has_errors() or result.has_validation_errors():
        errors = [e.error for _n, row in result.row_errors()[:3] for e in row]
        invalid = [r.error for r in result.invalid_rows[:3]]
        raise SystemExit(f"resource import failed: {errors} {invalid} {result.base_errors}")
    return {"created": result.totals.get("new", 0)}


def run_floor(kind: str, data: bytes) -> dict:
    import io
    from decimal import Decimal

    from openpyxl import load_workbook

    from schools.models import Applicant, School, VolunteerRecord

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(min_row=2, values_only=True)
    if kind == "volunteer_records":
        applicants = dict(Applicant.objects.values_list("name", "pk"))
        objs = [VolunteerRecord(applicant_id=applicants[r[1]], date=r[2].date(),
                                hours=Decimal(str(r[3])), activity=r[4], place=r[5] or "")
                for r in rows]
        VolunteerRecord.objects.bulk_create(objs, batch_size=1000)
    else:
        schools = dict(School.objects.values_list("name", "pk"))
        objs = [Applicant(school_id=schools[r[0]], name=r[1], registered_on=r[2].date(),
                          notes=r[3] or "") for r in rows]
        Applicant.objects.bulk_create(objs, batch_size=1000)
    book.close()
    return {"created": len(objs)}


def measure(method: str, kind: str, path: str, db: str) -> None:
    """In a child process: one import, timed from the bytes to the commit."""
    import resource

    setup_django(Path(db))
    from django.db import transaction

    data = Path(path).read_bytes()
    run = {"engine": run_engine, "resource": run_resource, "floor": run_floor}[method]
    start = time.perf_counter()
    if method == "floor":
        with transaction.atomic():
            outcome = run(kind, data)
    else:
        outcome = run(kind, data)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, **outcome}))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    base = OUT / "imports-base.sqlite3"
    base.unlink(missing_ok=True)
    build_base(base)
    files = write_files()
    figures = {}
    for kind in KINDS:
        for method in METHODS:
            # The engine and the floor take a second or two: the fastest of RUNS runs, each
            # on a fresh copy, so that one slow sample on a busy machine does not decide the
            # ratio (the default resource, minutes long, runs once).
            for _run in range(RUNS if method != "resource" else 1):
                db = OUT / f"imports-{kind}-{method}.sqlite3"
                shutil.copyfile(base, db)
                done = subprocess.run(
                    [sys.executable, __file__, "--measure", method, kind, str(files[kind]),
                     str(db)], capture_output=True, text=True)
                if done.returncode:
                    print(done.stderr[-3000:])
                    return 1
                found = json.loads(done.stdout.strip().splitlines()[-1])
                kept = figures.get((kind, method))
                if kept is None or found["seconds"] < kept["seconds"]:
                    figures[(kind, method)] = {**found, "peak_mb": max(
                        found["peak_mb"], kept["peak_mb"] if kept else 0)}
                db.unlink(missing_ok=True)
    print(f"\nImports of {ROWS} rows (SQLite; each run a fresh process and database)")
    print(f"{'file':<18} {'method':<9} {'seconds':>8} {'rows/s':>8} {'peak MB':>8} "
          f"{'resource/engine':>16} {'engine/floor':>13}")
    ok = True
    summary = {}
    for kind in KINDS:
        engine = figures[(kind, "engine")]
        for method in METHODS:
            f = figures[(kind, method)]
            ratio_resource = figures[(kind, "resource")]["seconds"] / engine["seconds"]
            ratio_floor = engine["seconds"] / figures[(kind, "floor")]["seconds"]
            extra = (f"{ratio_resource:>15.1f}× {ratio_floor:>12.2f}×" if method == "engine"
                     else "")
            print(f"{kind:<18} {method:<9} {f['seconds']:>8.2f} {ROWS / f['seconds']:>8.0f} "
                  f"{f['peak_mb']:>8.0f} {extra}")
        ratio_resource = figures[(kind, "resource")]["seconds"] / engine["seconds"]
        ratio_floor = engine["seconds"] / figures[(kind, "floor")]["seconds"]
        met = (ratio_resource >= TARGET_RESOURCE and ratio_floor <= TARGET_FLOOR
               and engine["peak_mb"] < TARGET_MB)
        ok &= met
        summary[kind] = {"rows": ROWS, "met": met,
                         **{method: figures[(kind, method)] for method in METHODS}}
    (OUT / "bench-imports.json").write_text(json.dumps(summary, ensure_ascii=False))
    print(f"targets: engine ≥ {TARGET_RESOURCE:.0f}× faster than the resource, ≤ "
          f"{TARGET_FLOOR:.0f}× the floor, < {TARGET_MB} MB: {'met' if ok else 'NOT met'}")
    base.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(*sys.argv[2:6])
    else:
        sys.exit(main())

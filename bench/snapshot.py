"""Snapshot of what the portal shows on the demo district, to compare a change's before and
after (a refactor must change nothing a user sees).

    .venv/bin/python bench/snapshot.py OUT_DIR [--date 2026-12-07] [--max-pages 400]
    diff -r before/ after/

On a fresh SQLite database and a stopped clock (the given day, 10:00 in TIME_ZONE), it seeds
the demo, then, as every demo login, follows every link of the portal from the home page (GET
only, the admin and the sign-out excepted) and writes each page's HTML with its per-request
tokens (CSRF, CSP nonces) replaced by a placeholder; Excel downloads are written as their
cells' text. It also writes the text of the evaluation PDFs (district summary of two school
years in both languages, a school evaluation, an inspection record).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
from datetime import date, datetime, time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SKIP = ("/admin/", "/accounts/logout", "/logout", "/i18n/", "/static/", "/media/")
TOKENS = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'), r"\1…"),
    (re.compile(r'("X-CSRFToken": ?")[^"]+'), r"\1…"),
    (re.compile(r'(&quot;X-CSRFToken&quot;: ?&quot;)[^&]+'), r"\1…"),
    (re.compile(r'(nonce=")[^"]+'), r"\1…"),
    (re.compile(r'(name="form_token" value=")[^"]+'), r"\1…"),
    (re.compile(r'(csrf[-_]token" content=")[^"]+'), r"\1…"),
]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def normalise(text: str) -> str:
    for pattern, repl in TOKENS:
        text = pattern.sub(repl, text)
    return text


def slug(url: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", url.strip("/")) or "home"


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    out = []
    for sheet in book.worksheets:
        out.append(f"## {sheet.title}")
        for row in sheet.iter_rows(values_only=True):
            out.append("\t".join("" if v is None else str(v) for v in row))
    return "\n".join(out)


def shape(url: str) -> str:
    """The URL with its ids and query values taken out: a few pages of each shape are enough."""
    path, _sep, query = url.partition("?")
    keys = sorted(part.partition("=")[0] for part in query.split("&") if part)
    return re.sub(r"\d+", "N", path) + "?" + "&".join(keys)


def crawl(client, out: Path, max_pages: int, per_shape: int = 3) -> int:
    seen, queue, count, shapes = set(), ["/"], 0, {}
    while queue and count < max_pages:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if shapes.setdefault(shape(url), 0) >= per_shape:
            continue
        shapes[shape(url)] += 1
        response = client.get(url)
        count += 1
        kind = response.get("Content-Type", "")
        name = slug(url)[:180]
        if response.status_code in (301, 302):
            target = response["Location"]
            (out / f"{name}.redirect").write_text(f"{response.status_code} {target}\n")
            if target.startswith("/") and not target.startswith(SKIP):
                queue.append(target)
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if "spreadsheetml" in kind:
            (out / f"{name}.xlsx.txt").write_text(xlsx_text(body))
            continue
        if "text/html" not in kind:
            (out / f"{name}.other").write_text(f"{response.status_code} {kind} {len(body)}\n")
            continue
        text = normalise(body.decode())
        (out / f"{name}.html").write_text(f"<!-- {response.status_code} {url} -->\n{text}")
        parser = Links()
        parser.feed(text)
        for href in parser.hrefs:
            href = urldefrag(href)[0].replace("&amp;", "&")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/"):
                continue
            if href.startswith(SKIP) or href in seen:
                continue
            queue.append(href)
    return count


def pdf_texts(out: Path, today: date) -> None:
    from django.utils import translation
    from pypdf import PdfReader

    from portal.models import District
    from portal.school_year import school_year_of
    from reports import record, render
    from schools.models import School
    from supervision.models import Inspection

    district = District.objects.order_by("pk").first()
    this_year = school_year_of(today)
    last_year = school_year_of(this_year.start.replace(year=this_year.start.year - 1))

    def write(name, pdf):
        reader = PdfReader(io.BytesIO(pdf))
        pages = [f"--- page {n}\n{page.extract_text()}" for n, page in
                 enumerate(reader.pages, 1)]
        (out / f"{name}.pdf.txt").write_text("\n".join(pages))

    for language in ("zh-hans", "en"):
        with translation.override(language):
            for year in (last_year, this_year):
                write(f"district-{year.start.year}-{language}",
                      render.district_pdf(district=district, period=year))
            school = School.objects.filter(district=district).order_by("pk").first()
            write(f"school-{language}", render.school_pdf(school=school, period=this_year))
            inspection = (Inspection.objects.filter(school__district=district)
                          .exclude(published_at=None).order_by("pk").first())
            if inspection is not None:
                write(f"inspection-{language}",
                      record.inspection_pdf(inspection=inspection, language=language))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--date", default="2026-12-07")
    parser.add_argument("--max-pages", type=int, default=300)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="snapshot-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/db.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["DEBUG"] = "1"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

    import logging

    import time_machine

    logging.disable(logging.ERROR)  # the 403s of links a role may not follow

    today = date.fromisoformat(args.date)
    with time_machine.travel(datetime.combine(today, time(10), ZoneInfo("Asia/Shanghai")),
                             tick=False):
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=io.StringIO())
        from portal.models import User

        for user in User.objects.filter(is_active=True).order_by("username"):
            client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
            client.force_login(user)
            where = out / user.username
            where.mkdir(exist_ok=True)
            pages = crawl(client, where, args.max_pages)
            print(f"{user.username}: {pages} pages", flush=True)
        pdf_texts(out, today)
    print(f"snapshot written to {out}")


if __name__ == "__main__":
    main()

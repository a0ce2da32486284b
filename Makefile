# School League Work Portal — one command to run, one to test. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMPS := .stamps
# Debian packages: WeasyPrint's Pango/HarfBuzz (harfbuzz-subset makes CJK font subsetting
# fast), a Simplified Chinese font for PDFs, headless Chromium for the browser tests,
# LibreOffice Calc (headless) for the tests that re-save exports and templates as users do,
# and a Java runtime (default-jre-headless, where no java is on the PATH) for the Nu Html
# Checker (vnu-jar) the accessibility test runs.
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk chromium gettext poppler-utils libreoffice-calc-nogui
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install run serve worker test test-sqlite test-postgres test-dated bench load snapshot messages lint clean

install: $(STAMPS)/debian $(STAMPS)/python $(STAMPS)/assets

$(STAMPS)/debian: Makefile
	@mkdir -p $(STAMPS)
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@touch $@

$(STAMPS)/python: pyproject.toml $(STAMPS)/debian
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q ".[dev]"
	@rm -rf build *.egg-info
	@touch $@

$(STAMPS)/assets: package.json package-lock.json $(STAMPS)/debian
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: install
	@DEBUG=1 $(PY) manage.py migrate --noinput -v0
	@DEBUG=1 $(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT) with the background-task worker (Ctrl-C stops both)"
	@# The worker (PDFs, large imports) runs beside the web server; whichever way the server
	@# stops, the trap stops the worker too.
	@DEBUG=1 $(PY) manage.py recover_tasks --stale-minutes 0
	@DEBUG=1 $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production-style: collected static files through whitenoise, gunicorn, DEBUG off.
serve: install
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py collectstatic --noinput -v0
	@$(VENV)/bin/gunicorn portal.wsgi --bind 127.0.0.1:$(PORT) --workers 3

# One worker per machine: a task left running by a killed worker is queued again first.
worker: install
	@$(PY) manage.py recover_tasks --stale-minutes 0
	@$(PY) manage.py db_worker

test: install
	@$(VENV)/bin/pytest $(PYTEST_ARGS)

# The suite on one database whatever DATABASE_URL says: SQLite (a file per test run), or the
# PostgreSQL server at POSTGRES_URL (pytest-django creates and drops test_<name>).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/portal
test-sqlite: install
	@env -u DATABASE_URL $(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: install
	@DATABASE_URL="$(POSTGRES_URL)" $(VENV)/bin/pytest $(PYTEST_ARGS)

# Days on which the portal's date rules turn (deadline day and the day after, month and year
# ends, 29 February, the summer holiday, the first day of a school year). `make test-dated`
# runs the SQLite suite on one of them, picked by today's day of the year (TEST_DATE=… to
# choose); see README, "Tests on a given date".
TEST_DATES := 2026-12-07 2026-12-10 2026-12-11 2026-12-31 2027-01-01 2027-02-28 2028-02-29 2027-07-20 2027-08-31 2027-09-01
TEST_DATE ?= $(word $(shell expr $$(date +%j | sed 's/^0*//') % $(words $(TEST_DATES)) + 1),$(TEST_DATES))
test-dated: install
	@echo "Running the suite on $(TEST_DATE) (PORTAL_TEST_TODAY)"
	@env -u DATABASE_URL PORTAL_TEST_TODAY=$(TEST_DATE) $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install
	@$(PY) bench/run.py
	@$(PY) bench/evaluation.py
	@$(PY) bench/imports.py
	@$(PY) bench/summary.py

# 200 simulated users against gunicorn (4 workers) on PostgreSQL, then on SQLite; see bench/load.py.
load: install
	@$(PY) -m pip install -q ".[load]"
	@rm -rf build *.egg-info
	@$(PY) bench/load.py

# Refresh the zh-hans catalogues (one per app, plus locale/ for portal/ and templates/),
# then compile them. Both .po and .mo files are committed.
APPS := schools supervision activities cadres
messages: install
	@for app in $(APPS); do mkdir -p $$app/locale; (cd $$app && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete -v0); done
	@$(PY) manage.py makemessages -l zh_Hans --no-obsolete -v0 $(foreach a,$(APPS),--ignore=$(a)/*) --ignore=.venv/* --ignore=node_modules/* --ignore=tests/* --ignore=bench/*
	@$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

lint: install
	@$(VENV)/bin/ruff check .

clean:
	rm -rf $(STAMPS) $(VENV) node_modules staticfiles db.sqlite3*

# What every demo login sees, as files to diff before and after a refactor (bench/snapshot.py).
OUT ?= bench/out/snapshot
snapshot: install
	@$(PY) bench/snapshot.py $(OUT)

# Two commands for a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

# First Python >= 3.12 found: python3.13, python3.12, then pyenv's installs, then python3.
PYTHON_BOOT := $(shell for c in python3.13 python3.12 $$(ls -d $$HOME/.pyenv/versions/3.1[23]*/bin/python3 2>/dev/null) python3; do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then echo $$c; break; fi; done)

.PHONY: run test venv deps test-deps lock migrate demo worker lint format messages clean browser-deps bench bench-http backup restore soak

$(VENV)/.created:
	@if [ -z "$(PYTHON_BOOT)" ]; then echo "Python 3.12 or newer is required (python3.12 / python3.13 not found)." >&2; exit 1; fi
	$(PYTHON_BOOT) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	touch $@

# The .txt files are lock files (exact versions with hashes) compiled from the .in files by
# `make lock`; pip refuses any download whose hash is not in them.
$(VENV)/.deps: $(VENV)/.created requirements.txt
	$(PIP) install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.test-deps: $(VENV)/.deps requirements-test.txt
	$(PIP) install --quiet --require-hashes -r requirements-test.txt
	touch $@

deps: $(VENV)/.deps
test-deps: $(VENV)/.test-deps

# Recompile both lock files after editing requirements*.in. Versions already pinned are kept
# unless the ranges exclude them; `make lock LOCK_ARGS=--upgrade` moves everything to the newest
# allowed versions. The test lock is constrained by the runtime lock, so both agree.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: $(VENV)/.created
	@$(VENV)/bin/pip-compile --version >/dev/null 2>&1 || $(PIP) install --quiet "pip-tools>=7.6,<8"
	$(PIP_COMPILE) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) --output-file=requirements-test.txt requirements-test.in

migrate: deps
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py load_demo --if-empty

run: demo
	@mkdir -p var
	@echo "Starting the background worker and the web server on http://$(HOST):$(PORT)"
	@# The daily notifications job (deadline reminders, email digests) queues itself each morning once started.
	@$(PY) manage.py send_daily_notifications --schedule >/dev/null
	@$(PY) manage.py db_worker >var/worker.log 2>&1 & echo $$! > var/worker.pid
	@# DEBUG stays off (set DJANGO_DEBUG=1 yourself to debug): error pages are the Vietnamese ones and list no URLs;
	@# static files come from the app folders through WhiteNoise, so no collectstatic is needed.
	@trap 'kill $$(cat var/worker.pid) 2>/dev/null' EXIT; $(PY) manage.py runserver $(HOST):$(PORT)

# Chromium for the browser tests and poppler-utils (pdftoppm/pdftotext, to look at rendered PDF
# pages) come from Debian; tests skip, saying why, when they are missing and cannot be installed.
browser-deps:
	@missing=""; [ -x /usr/bin/chromium ] || missing="$$missing chromium"; command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) || echo "could not install:$$missing"; \
		else echo "missing and not root:$$missing — those tests will be skipped"; fi; fi

# The suite runs on every core (pytest-xdist), a test file per worker so that a module's demo
# fixture is restored once; each worker has its own test database, on SQLite and on PostgreSQL.
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: test-deps browser-deps
	DANVAN_DB_CONN_MAX_AGE=0 $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports  # architecture contracts in .importlinter

format: test-deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: deps
	PY=$(PY) scripts/messages.sh

# SCALE=S (one district, 5 years; default), M (one province, 10 years) or L (the country, 10 years).
SCALE ?= S
bench: test-deps
	SCALE=$(SCALE) $(PY) -m bench.run

bench-http: test-deps
	$(PY) -m bench.http_load

# One archive of the database and the uploaded files (var/backups/…); restore into an empty installation.
backup: migrate
	$(PY) manage.py backup $(if $(FILE),--output $(FILE))

restore: migrate
	@if [ -z "$(FILE)" ]; then echo "usage: make restore FILE=var/backups/danvan-….tar.gz" >&2; exit 2; fi
	$(PY) manage.py restore $(FILE)

clean:
	rm -rf $(VENV) db.sqlite3* var staticfiles

# Load and soak on a throw-away installation on 127.0.0.1 (LOAD_SECONDS, SOAK_SECONDS, CONNECTIONS);
# appends the figures to SECURITY.md.
soak: test-deps
	$(PY) scripts/soak.py

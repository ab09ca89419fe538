# Pledge Portal: `make run` to try it, `make test` to test it. Both set everything up first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python

# Django 6 needs Python 3.12+. Find one by itself: on PATH (python3.12, 3.13, 3.14, python3), then in
# pyenv's versions folder (pyenv's shims refuse to run a version that is not active, so test each).
PYTHON ?= $(shell for c in python3.12 python3.13 python3.14 python3 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; raise SystemExit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v $$c; break; fi; done)

# The DfE's SSDA903 validator pins pandas below 2 and numpy below 1.25, so it runs in its own Python 3.11
# virtualenv (the tests check the portal's 903 export with it). Found like PYTHON above.
PYTHON311 ?= $(shell for c in python3.11 python3 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.11*/bin/python3 2>/dev/null); do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; raise SystemExit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1; then command -v $$c; break; fi; done)
DFE_VALIDATOR := var/dfe-validator
DFE_VALIDATOR_VERSION := 0.1.17

.PHONY: setup data run test lock benchmark loadtest clean

setup: $(VENV)/.installed node_modules/.installed static/build/portal.css

$(VENV)/.installed: requirements.lock
	@test -n "$(PYTHON)" || { echo "Pledge Portal needs Python 3.12 or newer, and none was found." >&2; exit 1; }
	@test -x $(PY) || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

static/build/portal.css: node_modules/.installed $(wildcard static/src/*.scss)
	npm run build

# Migrate and load both councils' pledges and the synthetic demo people (safe to run again).
data: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_pledges
	$(PY) manage.py load_demo_people
	$(PY) manage.py load_demo_reviews
	$(PY) manage.py load_demo_feedback

# Web on 127.0.0.1:8000 and a Celery worker with beat, from the Procfile. Ctrl-C stops both.
run: data
	@echo; echo "Pledge Portal: http://127.0.0.1:8000/  (the demo logins are listed above; Ctrl-C stops)"; echo
	$(VENV)/bin/honcho start

$(DFE_VALIDATOR)/.installed:
	@test -n "$(PYTHON311)" || { echo "The 903 export's tests need Python 3.11 for the DfE validator (csc-validator-be-903), and none was found." >&2; exit 1; }
	$(PYTHON311) -m venv $(DFE_VALIDATOR)
	$(DFE_VALIDATOR)/bin/pip install --quiet --disable-pip-version-check csc-validator-be-903==$(DFE_VALIDATOR_VERSION)
	@touch $@

test: setup $(DFE_VALIDATOR)/.installed
	$(PY) -m pytest

# The load test (loadtest/run.sh): gunicorn, PostgreSQL, Redis and Celery on 127.0.0.1, a synthetic council of
# 2,000 and 200 simulated people (signing in one a second, then 3 minutes all together); prints requests/s, p50/p95/p99 per page and errors.
loadtest: setup
	loadtest/run.sh

# Re-pin every installed package after changing pyproject.toml's dependencies.
lock:
	(echo "# Exact versions installed by make. Regenerate with: make lock"; $(PY) -m pip freeze --exclude-editable | sort -f) > requirements.lock

clean:
	rm -rf $(VENV) node_modules static/build var

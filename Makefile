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

.PHONY: setup data run serve test chromium lock benchmark loadtest clean

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

# A council's server (see the README's "Running it for a council"): DEBUG off, gunicorn with workers, a Celery worker
# and exactly one beat (Procfile.production), against PostgreSQL and Redis. Set SECRET_KEY, ALLOWED_HOSTS, SITE_URL,
# DATABASE_URL and CELERY_BROKER_URL first. Migrates and collects the static files on every start (both are safe to
# repeat, and an upgrade needs them). Ctrl-C stops all three.
serve: export DEBUG := false
serve: setup
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make serve runs against PostgreSQL: set DATABASE_URL=postgres://user@host:5432/pledge_portal" >&2; exit 1;; esac
	@case "$$CELERY_BROKER_URL" in redis*) ;; *) echo "make serve runs against Redis: set CELERY_BROKER_URL=redis://host:6379/0" >&2; exit 1;; esac
	$(PY) manage.py check
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo; echo "Pledge Portal: gunicorn on $${HOST:-127.0.0.1}:$${PORT:-8000} for $$SITE_URL (Ctrl-C stops)"; echo
	PORT=$${PORT:-8000} $(VENV)/bin/honcho -f Procfile.production start

$(DFE_VALIDATOR)/.installed:
	@test -n "$(PYTHON311)" || { echo "The 903 export's tests need Python 3.11 for the DfE validator (csc-validator-be-903), and none was found." >&2; exit 1; }
	$(PYTHON311) -m venv $(DFE_VALIDATOR)
	$(DFE_VALIDATOR)/bin/pip install --quiet --disable-pip-version-check csc-validator-be-903==$(DFE_VALIDATOR_VERSION)
	@touch $@

test: setup chromium $(DFE_VALIDATOR)/.installed
	$(PY) -m pytest

# The browser tests drive Debian's Chromium (Playwright cannot download its own browsers here). As root it is
# installed with apt-get; anyone else is told what to install.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "make test's browser tests need Debian's Chromium, and there is no 'chromium' on PATH." >&2; \
	    echo "Install it, then run make test again:  sudo apt-get install chromium" >&2; exit 1; \
	  fi; }

# The load test (loadtest/run.sh): gunicorn, PostgreSQL, Redis and Celery on 127.0.0.1, a synthetic council of
# 2,000 and 200 simulated people (signing in one a second, then 3 minutes all together); prints requests/s, p50/p95/p99 per page and errors.
loadtest: setup
	loadtest/run.sh

# Re-pin every installed package after changing pyproject.toml's dependencies.
lock:
	(echo "# Exact versions installed by make. Regenerate with: make lock"; $(PY) -m pip freeze --exclude-editable | sort -f) > requirements.lock

clean:
	rm -rf $(VENV) node_modules static/build var

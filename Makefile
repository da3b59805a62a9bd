# ACCMR Portal. `make run` and `make test` are the two commands a newcomer needs;
# `make help` lists the others. Requires Python 3.11, Node 20 (npm), make and gettext (msgfmt).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
# Our static files, in static/ and in any app's static/ folder.
STATIC_SOURCES := $(shell find . \( -path ./node_modules -o -path ./.venv -o -path ./staticfiles \) -prune \
	-o -path '*/static/*' -type f -print 2>/dev/null)

.PHONY: help install run serve worker schedule test lint format messages check-messages migrations-check \
	deploy-check hadolint ci clean

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

# --- Set-up: each step reruns only when its inputs change -------------------------------
$(BIN)/uv:
	@$(PYTHON) -c 'import sys; sys.exit(None if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed: make PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.9

$(VENV)/.installed: $(BIN)/uv requirements-dev.lock
	$(BIN)/uv pip install --quiet --python $(PY) -r requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

locale/%.mo: locale/%.po
	msgfmt --check -o $@ $<

# Bootstrap without the rules no page can use (assets/purge-css.mjs, PurgeCSS from npm): read
# from the templates, our JavaScript and Python, and the form templates of crispy-bootstrap5
# and Django; rebuilt when any of them or a lock file changes.
PURGE_CONTENT := $(shell find templates */templates static/js accmr members network bulletin \
	-path '*/migrations' -prune -o \( -name '*.html' -o -name '*.js' -o -name '*.py' \) -type f -print 2>/dev/null)
build/css/bootstrap.min.css: assets/purge-css.mjs node_modules/.installed $(VENV)/.installed $(PURGE_CONTENT)
	node assets/purge-css.mjs $$($(PY) -c 'import pathlib, crispy_bootstrap5, django.forms; \
		print(*(pathlib.Path(m.__file__).parent for m in (crispy_bootstrap5, django.forms)))')

staticfiles/staticfiles.json: $(VENV)/.installed node_modules/.installed build/css/bootstrap.min.css $(STATIC_SOURCES)
	DEBUG=0 SECRET_KEY=collectstatic-only $(PY) manage.py collectstatic --noinput --clear -v 0

## install: the set-up alone: virtualenv, Python and npm packages from the lock files, catalogues,
## the purged Bootstrap (build/css/), static files
install: $(VENV)/.installed node_modules/.installed $(MO_FILES) staticfiles/staticfiles.json

# --- Running ---------------------------------------------------------------------------
## run: development server with demo data at http://127.0.0.1:8000/ (PORT=...; SQLite unless
## DATABASE_URL), with a queue worker and the scheduler beside it; Ctrl-C stops all three
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput -v 0
	DEBUG=1 $(PY) manage.py seed_demo --demo-accounts
	DEBUG=1 PORT=$(PORT) bash -c 'trap "kill \$$(jobs -p) 2>/dev/null; wait" EXIT; \
		$(PY) manage.py db_worker --no-reload & \
		$(PY) manage.py run_schedule & \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)'

## worker: one queue worker alone (e-mails, imports, scheduled jobs); DEBUG=0 for production
worker: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py db_worker --no-reload

## schedule: the scheduler alone (queues the scheduled jobs when due); DEBUG=0 for production
schedule: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py run_schedule

## serve: production style: gunicorn on 127.0.0.1:8000 (PORT=...), settings from the environment, DEBUG off
serve: install
	DEBUG=0 $(PY) manage.py migrate --noinput -v 0
	DEBUG=0 PORT=$(PORT) $(BIN)/gunicorn accmr.wsgi --config gunicorn.conf.py

# --- Checks ----------------------------------------------------------------------------
## test: the whole suite (DATABASE_URL if set, SQLite otherwise); PYTEST_ARGS passes options
# Two workers by default (pytest-xdist): the suite, browser tests included, runs in about half the time.
PYTEST_ARGS ?= -n 2
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

## lint: ruff (lint and format check)
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## format: let ruff fix what it can
format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## messages: refresh the catalogues in locale/ from the code and templates: el and en hold every
## string; ar, fa, ur, fr and uk only the public site's (accmr/management/commands/public_messages.py)
messages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py makemessages -l el -l en --no-location --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests
	DEBUG=1 $(PY) manage.py makemessages -d djangojs -l el -l en --no-location --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles
	DEBUG=1 $(PY) manage.py public_messages

## check-messages: fail if a catalogue has untranslated or fuzzy entries, or if a public string of
## the code and templates is missing (or untranslated, or fuzzy) in the ar, fa, ur, fr or uk catalogue
check-messages: $(VENV)/.installed
	@for po in $$(find locale -name '*.po'); do \
		stats=$$(msgfmt --check --statistics -o /dev/null $$po 2>&1) || { echo "$$po: $$stats"; exit 1; }; \
		case "$$stats" in *untranslated*|*fuzzy*) echo "$$po: $$stats"; exit 1;; esac; \
		echo "$$po: $$stats"; \
	done
	@DEBUG=1 $(PY) manage.py public_messages --check

## migrations-check: fail if a model change has no migration
migrations-check: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

## deploy-check: Django's deployment checks with production-like settings
deploy-check: $(VENV)/.installed
	DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=accmr.example.org SITE_URL=https://accmr.example.org \
		DATABASE_URL=$${DATABASE_URL:-sqlite:///:memory:} \
		$(PY) manage.py check --deploy --fail-level WARNING

## hadolint: lint the Dockerfile
hadolint: $(VENV)/.installed
	$(BIN)/hadolint Dockerfile

## ci: what CI runs (PostgreSQL, all checks, the suite)
ci:
	bash .ci/run

## clean: remove everything `make install` creates
clean:
	rm -rf $(VENV) node_modules build staticfiles
	find locale -name '*.mo' -delete

## chromium: Debian's Chromium for the browser tests (never a downloaded browser); installed
## with apt-get when missing and running as root, otherwise the browser tests fail saying so
install: chromium
.PHONY: chromium audit
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
		else echo "Chromium is missing: apt-get install chromium (the browser tests need it)" >&2; fi; }

## audit: known vulnerabilities with a fix in the locked packages (pip-audit, npm audit); says
## NOT CHECKED where the advisory services cannot be reached (see .ci/audit)
audit: $(VENV)/.installed node_modules/.installed
	.ci/audit

# ACCMR Portal. `make run` and `make test` are the two commands a newcomer needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install run serve test lint format messages check-messages migrations-check deploy-check ci clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.9

$(VENV)/.installed: $(BIN)/uv requirements-dev.lock
	$(BIN)/uv pip install --quiet --python $(PY) -r requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## install: the set-up part alone (virtualenv, Python and front-end packages, static files, messages)
install: $(VENV)/.installed node_modules/.installed
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	DEBUG=0 SECRET_KEY=collectstatic-only $(PY) manage.py collectstatic --noinput -v 0

## run: development server with demo data at http://127.0.0.1:8000/
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput -v 0
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

## serve: production style, gunicorn, settings from the environment, DEBUG off
serve: install
	$(PY) manage.py migrate --noinput -v 0
	$(BIN)/gunicorn accmr.wsgi --bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-2} \
		--access-logfile - --forwarded-allow-ips=$${FORWARDED_ALLOW_IPS:-127.0.0.1}

## test: the whole suite (DATABASE_URL if set, SQLite otherwise)
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## messages: refresh the catalogues in locale/ from the code and templates
messages:
	DEBUG=1 $(PY) manage.py makemessages -l el -l en --no-location --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests
	DEBUG=1 $(PY) manage.py makemessages -d djangojs -l el -l en --no-location --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles

## check-messages: fail if a catalogue has untranslated or fuzzy entries
check-messages:
	@for po in $$(find locale -name '*.po'); do \
		stats=$$(msgfmt --check --statistics -o /dev/null $$po 2>&1) || { echo "$$po: $$stats"; exit 1; }; \
		case "$$stats" in *untranslated*|*fuzzy*) echo "$$po: $$stats"; exit 1;; esac; \
		echo "$$po: $$stats"; \
	done

migrations-check:
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

deploy-check:
	DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=accmr.example.org DATABASE_URL=$${DATABASE_URL:-sqlite:///:memory:} \
		$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles

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

## audit: known vulnerabilities in the locked packages (needs PyPI's JSON API and npm's audit API)
audit: install
	$(BIN)/pip-audit --strict --disable-pip --no-deps --progress-spinner off \
		-r requirements.lock -r requirements-dev.lock
	npm audit --omit=dev --audit-level=high

# Belangenregister: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: lint run test test-pg test-unit test-browser browser-deps install dev-install migrate demo-data migration bench bench-faults translations clean

# The browser tests (tests/browser) drive Debian's Chromium through Playwright and check pages with axe-core
# (from npm). `make test` includes them and stops with instructions when Chromium is missing.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
AXE := tests/browser/node_modules/axe-core/axe.min.js

$(BIN)/activate:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 ($(PYTHON)) is nodig: installeer het of geef PYTHON=... mee."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

dev-install: $(VENV)/.dev-installed

migrate: install
	$(BIN)/flask db upgrade

demo-data: migrate
	$(BIN)/flask demo-data --if-empty

run: demo-data
	@echo "Belangenregister draait op http://127.0.0.1:5000 (stoppen met Ctrl-C)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: dev-install browser-deps
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Everything except the browser tests: no Chromium needed.
test-unit: dev-install
	$(BIN)/python -m pytest -q --ignore=tests/browser $(PYTEST_ARGS)

# Only the browser tests: journeys, accessibility (axe-core), keyboard and phone.
test-browser: dev-install browser-deps
	$(BIN)/python -m pytest -q tests/browser $(PYTEST_ARGS)

browser-deps: $(AXE)
	@test -x "$(CHROMIUM)" || { \
	  echo "Chromium ontbreekt ($(CHROMIUM)): de browsertests in tests/browser hebben het nodig."; \
	  echo "Installeer het met \`sudo apt-get install chromium\` (Debian/Ubuntu; \`playwright install\` is niet nodig),"; \
	  echo "of wijs een andere Chromium aan: make test CHROMIUM=/pad/naar/chromium."; \
	  echo "Alleen de tests zonder browser: make test-unit."; exit 1; }

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "npm ontbreekt: de browsertests halen axe-core uit npm. Installeer het met \`sudo apt-get install npm\`,"; \
	  echo "of draai alleen de tests zonder browser: make test-unit."; exit 1; }
	cd tests/browser && npm ci --no-audit --no-fund
	touch $@

# The same suite on PostgreSQL 15: starts the local cluster (as root) and runs against it. The browser tests
# serve their own SQLite database whatever TEST_DATABASE_URL says, so `make test` has run them already.
test-pg: dev-install
	TEST_DATABASE_URL="$$(.ci/start-postgres | tail -n 1)" $(BIN)/python -m pytest -q --ignore=tests/browser $(PYTEST_ARGS)

# National data, gunicorn (2 workers) and wrk, on SQLite and PostgreSQL; writes bench/results.md.
bench: dev-install
	@command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk
	$(BIN)/python bench/run.py
	$(BIN)/python bench/run.py --postgres

# Load and faults: gunicorn (3 workers), readers and writers, one worker killed (SIGKILL) half-way; fails on a
# lost write or an error other than the killed worker's. On SQLite and PostgreSQL; not part of `make test`.
bench-faults: dev-install
	$(BIN)/python bench/load_faults.py $(BENCH_ARGS)
	$(BIN)/python bench/load_faults.py --postgres $(BENCH_ARGS)

# Style and errors (ruff, settings in pyproject.toml); CI runs it.
lint: dev-install
	$(BIN)/ruff check .

# For developers: a new migration after a model change; read and tidy it before committing.
migration: install
	$(BIN)/flask db migrate -m "$(or $(M),schema change)"

# After changing user-facing text: extract every _() string, merge it into the English catalogue, compile it.
# Translate the new (empty) msgstr entries in register/translations/en/LC_MESSAGES/messages.po and run it again;
# tests/test_i18n.py fails while a public string has no English translation. The compiled .mo file is committed.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-wrap --sort-by-file -o register/translations/messages.pot .
	$(BIN)/pybabel update -i register/translations/messages.pot -d register/translations -l en --no-wrap --ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel compile -d register/translations -l en --statistics

clean:
	rm -rf $(VENV) instance/register.db

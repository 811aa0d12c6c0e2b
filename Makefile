# Belangenregister: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: lint typecheck run test test-pg test-unit test-browser browser-deps system-deps install dev-install lock migrate demo-data migration bench bench-faults translations clean

# The browser tests (tests/browser) drive Debian's Chromium through Playwright and check pages with axe-core
# (from npm); the deployment tests (tests/deploy) start Debian's nginx. `make test` installs what is missing when
# run as root (.ci/system-deps), and otherwise prints the one apt-get command to run.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM PYTHON
AXE := tests/browser/node_modules/axe-core/axe.min.js

# Dependencies are locked: requirements.txt and requirements-dev.txt pin every package, transitive ones too, with
# their hashes (pip refuses anything else). Change requirements*.in and run `make lock`, never edit the lock files.
$(BIN)/activate:
	@.ci/system-deps python
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

# requirements-dev.txt is complete (the runtime packages at the same versions, plus the tools).
$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

dev-install: $(VENV)/.dev-installed

# Re-resolve the lock files from requirements*.in (newest versions the .in files allow), with hashes.
lock: dev-install
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
	  -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements-dev.txt requirements-dev.in

migrate: install
	$(BIN)/flask db upgrade

demo-data: migrate
	$(BIN)/flask demo-data --if-empty

run: demo-data
	@echo "Belangenregister draait op http://127.0.0.1:5000 (stoppen met Ctrl-C)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# Faster on a machine of your own: `make test PYTEST_ARGS="-n 2"` (pytest-xdist; each worker has its own SQLite
# template, PostgreSQL database <name>_gw0.. and free ports). A local run does 50 fuzz examples per form; CI's 1000
# come from HYPOTHESIS_PROFILE=ci (.ci/run). `PYTEST_ARGS='-m "not fuzz"'` leaves the fuzz tests out.
test: system-deps dev-install browser-deps
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Chromium, npm, nginx (with brotli) and openssl: installed as root, otherwise the command to run is printed.
system-deps:
	@.ci/system-deps test

# Everything except the browser tests: no Chromium needed (nginx is, for tests/deploy).
test-unit: dev-install
	@.ci/system-deps deploy
	$(BIN)/python -m pytest -q --ignore=tests/browser $(PYTEST_ARGS)

# Only the browser tests: journeys, accessibility (axe-core), keyboard and phone.
test-browser: system-deps dev-install browser-deps
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
	@.ci/system-deps deploy
	TEST_DATABASE_URL="$$(.ci/start-postgres | tail -n 1)" $(BIN)/python -m pytest -q --ignore=tests/browser $(PYTEST_ARGS)

# National data, gunicorn (2 workers) and wrk, on SQLite and PostgreSQL; then the person page through nginx (the
# shipped site), straight from gunicorn and as a static file, and a search flood; writes bench/results.md.
bench: dev-install
	@.ci/system-deps bench
	$(BIN)/python bench/run.py
	$(BIN)/python bench/run.py --postgres
	$(BIN)/python bench/proxy.py --postgres

# Load and faults: gunicorn (3 workers), readers and writers, one worker killed (SIGKILL) half-way; fails on a
# lost write or an error other than the killed worker's. On SQLite and PostgreSQL; not part of `make test`.
bench-faults: dev-install
	$(BIN)/python bench/load_faults.py $(BENCH_ARGS)
	$(BIN)/python bench/load_faults.py --postgres $(BENCH_ARGS)

# Style and errors (ruff, settings in pyproject.toml); CI runs it.
lint: dev-install
	$(BIN)/ruff check .

# Types (mypy, settings and the list of modules still to make clean in pyproject.toml); CI runs it.
typecheck: dev-install
	$(BIN)/mypy

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

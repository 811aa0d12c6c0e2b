# Belangenregister: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: run test test-pg install dev-install migrate demo-data migration bench clean

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

test: dev-install
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# The same suite on PostgreSQL 15: starts the local cluster (as root) and runs against it.
test-pg: dev-install
	TEST_DATABASE_URL="$$(.ci/start-postgres | tail -n 1)" $(BIN)/python -m pytest -q $(PYTEST_ARGS)

# National data, gunicorn (2 workers) and wrk, on SQLite and PostgreSQL; writes bench/results.md.
bench: dev-install
	@command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk
	$(BIN)/python bench/run.py
	$(BIN)/python bench/run.py --postgres

# For developers: a new migration after a model change; read and tidy it before committing.
migration: install
	$(BIN)/flask db migrate -m "$(or $(M),schema change)"

clean:
	rm -rf $(VENV) instance/register.db

# The README's commands. `make run` needs only Python 3.11; `make test` also needs
# PostgreSQL and Redis on localhost (override DATABASE_URL / REDIS_URL).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint e2e bench messages clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The embedded site: SQLite under var/, tasks run in-process, mail under var/mail/.
# Set DATABASE_URL, REDIS_URL or EMAIL_URL to use PostgreSQL, Redis or SMTP instead.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data --base-url http://$(HOST):$(PORT)
	SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

# PostgreSQL and Redis on localhost by default (DATABASE_URL / REDIS_URL override).
test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

e2e: install
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

# QUALITY.md's performance bars, measured and printed as one table; fails when one is missed.
# Needs PostgreSQL, Redis and wrk (apt-get install wrk). SCALE=quick is CI's few-minute run;
# the city of each scale is built once into its own database (vodokanal_bench_<accounts>).
SCALE ?= full
bench: install
	$(PY) -m tests.bench --scale $(SCALE) $(BENCH_ARGS)

# After changing UI text: extract it, translate locale/ru/LC_MESSAGES/django.po, compile.
messages: install
	$(PY) manage.py makemessages --locale ru --ignore '.venv/*' --ignore 'var/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) var

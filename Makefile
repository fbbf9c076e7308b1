# The README's commands; both need only Python 3.11. PostgreSQL and Redis: DATABASE_URL and
# REDIS_URL when set, else (make test) the local ones when they answer, else embedded
# servers from pip wheels under var/ (vodokanal/embedded.py).
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

# Embedded PostgreSQL and Redis under var/, migrate, the demo, then the site with a Celery
# worker and beat (bin/); mail under var/mail/. Ctrl-C stops everything it started.
run: install
	HOST=$(HOST) PORT=$(PORT) $(PY) -m vodokanal.embedded run

test: lint
	$(PY) -m vodokanal.embedded test $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(PY) -W ignore::RuntimeWarning manage.py makemigrations --check --dry-run  # no database needed

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

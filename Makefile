# OpenIPT: `make demo` runs it, `make test` proves it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

DEMO_ENV := OPENIPT_DEMO=1 OPENIPT_HTTPS=0 SECRET_KEY_FILE=var/secret_key \
	DATABASE_URL=sqlite:///var/demo.sqlite3

# The static checks need settings but no data: an in-memory database is enough.
CHECK_ENV := SECRET_KEY=check-only OPENIPT_HTTPS=0 DATABASE_URL=sqlite://:memory:

.PHONY: demo demo-setup test test-postgres check-static pytest catalogues messages bench bench-documentation \
	bench-postgres bench-load bench-load-postgres clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps record which requirements are installed, so a second run installs nothing.
$(VENV)/.base-installed: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test-installed: requirements/test.txt $(VENV)/.base-installed
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $@

var/secret_key:
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

demo-setup: $(VENV)/.base-installed var/secret_key
	$(DEMO_ENV) $(BIN)/openipt migrate --no-input -v0
	$(DEMO_ENV) $(BIN)/openipt collectstatic --no-input -v0
	$(DEMO_ENV) $(BIN)/openipt compile-catalogues
	$(DEMO_ENV) $(BIN)/openipt demo-data

# gunicorn, the task worker and the reminder scheduler together; Ctrl-C stops all three.
demo: demo-setup
	$(DEMO_ENV) $(BIN)/openipt demo-serve --bind $(HOST):$(PORT) --workers 2

# Everything CI checks, on the default SQLite database.
test: $(VENV)/.test-installed
	bash scripts/ensure-system-packages.sh
	$(MAKE) --no-print-directory catalogues check-static pytest

# The .mo files Django reads, compiled from the .po sources (docs/languages.md).
catalogues:
	$(CHECK_ENV) $(BIN)/openipt compile-catalogues

# Extract the marked strings into each language's .po (docs/languages.md), then translate
# the new entries; tests/test_languages.py fails while any is empty or fuzzy.
MESSAGE_LANGUAGES ?= nl fr
messages:
	$(CHECK_ENV) $(BIN)/openipt makemessages --no-obsolete --no-location --no-wrap \
		$(foreach code,$(MESSAGE_LANGUAGES),-l $(code)) \
		--ignore 'var/*' --ignore 'bench/*' --ignore 'tests/*' --ignore '*/tests/*' \
		--ignore 'scripts/*' --ignore 'openipt/static/*'

check-static:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(CHECK_ENV) $(BIN)/openipt check --fail-level WARNING
	$(CHECK_ENV) $(BIN)/openipt makemigrations --check --dry-run

pytest:
	$(BIN)/pytest $(PYTEST_ARGS)

# The same suite against a throwaway PostgreSQL cluster on a loopback port.
test-postgres: $(VENV)/.test-installed
	bash scripts/ensure-system-packages.sh --postgres
	bash scripts/with-postgres.sh $(MAKE) --no-print-directory check-static pytest

# Benchmarks (docs/bench.md); not part of `make test`. BENCH_ARGS="--scale service" for
# 10,000 clients. The -postgres targets run on a throwaway cluster, as test-postgres does.
# `make bench` ends with the documentation burden, which drives Chromium through Playwright
# (a test requirement), as the browser tests do; then one pass of the reminder scheduler over
# 100,000 clients (SCHEDULER_ARGS="--clients N").
bench: $(VENV)/.test-installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/scheduler.py $(SCHEDULER_ARGS)
	$(MAKE) --no-print-directory bench-documentation

bench-documentation: $(VENV)/.test-installed
	bash scripts/ensure-system-packages.sh
	$(BIN)/python bench/documentation.py

bench-postgres: $(VENV)/.base-installed
	bash scripts/ensure-system-packages.sh --postgres
	$(BIN)/python bench/run.py --postgres $(BENCH_ARGS)
	$(BIN)/python bench/scheduler.py --postgres $(SCHEDULER_ARGS)

bench-load: $(VENV)/.base-installed
	$(BIN)/python bench/load.py $(BENCH_ARGS)

bench-load-postgres: $(VENV)/.base-installed
	bash scripts/ensure-system-packages.sh --postgres
	$(BIN)/python bench/load.py --postgres $(BENCH_ARGS)

clean:
	rm -rf var/static .pytest_cache .ruff_cache

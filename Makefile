# Two commands on a fresh machine: `make demo` and `make test`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DB := sqlite://demo.sqlite3

.PHONY: install demo serve test lint format schema migrations clean

# Install exactly what CI tested: every dependency pinned with hashes in requirements.lock.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

## Load the demo network into demo.sqlite3 and serve GraphiQL at http://127.0.0.1:8000/graphql
demo: install
	$(BIN)/amity demo --database $(DEMO_DB) --reset
	$(BIN)/amity serve --database $(DEMO_DB)

serve: install
	$(BIN)/amity serve

## Lint (ruff, mypy), then the whole suite (SQLite; set AMITY_TEST_DATABASE_URL for PostgreSQL)
test: install lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

## Regenerate the committed SDL after a schema change
schema: install
	$(BIN)/amity export-schema > schema.graphql

## Write a migration for model changes
migrations: install
	cd src && ../$(BIN)/tortoise -c amity.db.MIGRATIONS_CONFIG makemigrations

clean:
	rm -rf $(VENV) demo.sqlite3 .pytest_cache .ruff_cache src/*.egg-info

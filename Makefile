# Jornada: `make run` serves it, `make test` checks it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
JORNADA := $(BIN)/jornada
export JORNADA_DATA_DIR ?= $(CURDIR)/var
APPS := $(sort $(dir $(wildcard jornada/*/apps.py)))

.PHONY: help install translations run worker lint format test test-postgres e2e api-contract bench messages lock clean

help:
	@echo "make run            serve Jornada with demo data at http://127.0.0.1:8000 (SQLite)"
	@echo "make test           lint, then the whole test suite on SQLite"
	@echo "make lint           ruff, ruff format --check, mypy"
	@echo "make test-postgres  the whole suite on a throwaway PostgreSQL 15 cluster"
	@echo "make e2e            browser tests (Playwright + Debian's Chromium + axe-core)"
	@echo "make api-contract   Schemathesis, all checks, against the served API (gunicorn, demo data)"
	@echo "make bench          benchmarks; figures go into benchmarks/README.md by hand"
	@echo "make messages       extract translatable strings into every app's catalogues"
	@echo "make worker         run a background task worker against the development database"

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(VENV)/.installed

translations: install
	@JORNADA_DEBUG=true $(JORNADA) compile_translations

run: install translations
	JORNADA_DEBUG=true JORNADA_TASKS=immediate $(JORNADA) migrate --noinput
	JORNADA_DEBUG=true JORNADA_TASKS=immediate $(JORNADA) demo_data
	JORNADA_DEBUG=true JORNADA_TASKS=immediate $(JORNADA) evidence_build
	@echo "Loading the rights articles (the first run also makes their synthetic voices: about a minute)"
	JORNADA_DEBUG=true JORNADA_TASKS=immediate $(JORNADA) load_rights_content
	JORNADA_DEBUG=true JORNADA_TASKS=immediate $(JORNADA) runserver 127.0.0.1:8000

worker: install translations
	JORNADA_DEBUG=true $(JORNADA) db_worker

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	JORNADA_DEBUG=true $(BIN)/mypy jornada benchmarks

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint translations
	@scripts/system-packages test
	$(BIN)/pytest

test-postgres: install translations
	@scripts/system-packages test
	scripts/with-postgres $(BIN)/pytest

e2e: install translations
	scripts/e2e

api-contract: install translations
	scripts/api-contract

bench: install translations
	$(BIN)/python -m benchmarks

# Extract strings per app (each app owns its catalogue), then fill English from the source text.
messages: install
	@for app in $(APPS); do \
	  mkdir -p $$app/locale; \
	  (cd $$app && JORNADA_DEBUG=true ../../$(JORNADA) makemessages --locale es --locale en \
	     --ignore 'tests/*' --ignore 'content/*' --no-obsolete --add-location file) || exit 1; \
	done
	JORNADA_DEBUG=true $(BIN)/python -m jornada.core.i18n fill-english
	@JORNADA_DEBUG=true $(JORNADA) compile_translations

lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --universal -o requirements.lock
	# weasyprint asks for fonttools[woff]: pip (23.x) with --require-hashes refuses a dependency's
	# extra unless the pinned line names it too, once a newer fonttools exists on the index.
	sed -i 's/^fonttools==/fonttools[woff]==/' requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Klantbeeld: the README's commands. `make demo` and `make test` set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
CHROMIUM ?= /usr/bin/chromium
PYTEST_WORKERS ?= 2

.PHONY: help install chromium tesseract db demo demo-reset test lint format fast bench bench-api bench-channels bench-assistant openapi worker vendor clean

help:
	@echo "make demo   - set up and serve the demo at http://127.0.0.1:8000"
	@echo "make test   - set up, lint, and run the whole test suite"
	@echo "make bench  - run the benchmarks (figures, not tests)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests; Playwright never downloads a browser here.
chromium:
	@test -x $(CHROMIUM) || { \
		echo "Installing Debian's chromium for the browser tests..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| { echo "Could not install chromium (needs root and Debian's package registry)."; exit 1; }; }

# Debian's Tesseract with the Dutch model, for reading scanned letters (the letter channel).
tesseract:
	@{ command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx nld; } || { \
		echo "Installing Debian's tesseract-ocr with the Dutch model..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-nld >/dev/null) \
		|| { echo "Could not install tesseract-ocr-nld (needs root and Debian's package registry)."; exit 1; }; }

db: install tesseract
	@mkdir -p var
	$(BIN)/klantbeeld migrate --noinput

demo: db
	$(BIN)/klantbeeld demo
	KLANTBEELD_ASSISTANT_WARM_UP=true $(BIN)/klantbeeld runserver 127.0.0.1:8000

demo-reset: install
	rm -f var/klantbeeld.sqlite3 var/klantbeeld.sqlite3-wal var/klantbeeld.sqlite3-shm
	$(MAKE) demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy klantbeeld config $(wildcard bench)
	$(BIN)/klantbeeld makemigrations --check --dry-run
	$(BIN)/klantbeeld check --fail-level WARNING

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The whole suite, browser tests included; PostgreSQL-only tests run in .ci/run.
test: install chromium tesseract lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not postgres" --durations=15

# Quick loop while developing: no browser, no slow tests.
fast: install tesseract
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not postgres and not e2e and not slow" -q

bench: install
	$(BIN)/python bench/customer_view.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/channels.py
	$(BIN)/python bench/assistant.py

# The Klantinteracties API under gunicorn at 100,000 partijen and 1,000,000 klantcontacten.
bench-api: install
	$(BIN)/python bench/api.py

# The channels: WhatsApp webhooks and raw e-mails over HTTP through store → resolve → thread →
# route with the backlog drained, and bulk import of contact history.
bench-channels: install
	$(BIN)/python bench/channels.py

# The assistant's triage: TF-IDF against two sentence-embedding models on the held-out set.
bench-assistant: install
	$(BIN)/python bench/assistant.py

# Our OpenAPI document and its comparison with the official spec (both checked by the tests).
openapi: install
	$(BIN)/klantbeeld spectacular --file docs/api/openapi.yaml --validate --fail-on-warn
	$(BIN)/python -m klantbeeld.api.spec_diff --write

# The background workers: outbound notifications (webhooks) with their retries, and the
# channels (stored inbound messages processed, replies delivered). Ctrl-C stops both.
# Background work: tasks, the channels (intake and delivery), and every minute the assistant's
# sweep (conversations it left unanswered go to a person).
worker: db
	trap 'kill 0' INT TERM; $(BIN)/klantbeeld db_worker & $(BIN)/klantbeeld channels work & \
		while sleep 60; do $(BIN)/klantbeeld assistant sweep >/dev/null; done & wait

vendor:
	@bash scripts/vendor.sh

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache

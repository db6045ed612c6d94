# Fascia: `make run` serves the demo, `make test` runs every check. Both do their own set-up.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
# Under CI (CI=true, as .ci/run has it) what a newcomer's run skips, saying why, is an error instead.
CI_STRICT := $(filter-out 0 false False FALSE no No NO,$(CI))
PG_ANSWERS := $(BIN)/python -c "import socket, sys, urllib.parse; url = urllib.parse.urlsplit(sys.argv[1]); \
	socket.create_connection((url.hostname or '127.0.0.1', url.port or 5432), 1)" '$(PG_URL)'

.PHONY: help install system run migrate seed test test-sqlite test-postgres lint format serve worker bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

system: ## Install ffmpeg, Chromium, axe-core where missing (as root); under CI, missing ones fail
	@bash scripts/system-deps.sh ffmpeg chromium axe

migrate: install ## Apply database migrations
	@mkdir -p var  # the default SQLite database lives there; settings create no folders
	$(MANAGE) migrate --noinput

seed: migrate ## Load the demo content (idempotent)
	$(MANAGE) seed_demo

run: install ## Set everything up and serve the demo on http://127.0.0.1:8000
	@bash scripts/system-deps.sh ffmpeg
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo
	@echo "  Fascia is at http://$(HOST):$(PORT)/   admin: http://$(HOST):$(PORT)/admin/"
	@if [ -f var/demo-admin-password ]; then echo "  Demo login: admin / $$(cat var/demo-admin-password)"; \
	 else echo "  Demo login: admin / (the password you set in DEMO_ADMIN_PASSWORD)"; fi
	@echo "  Same password, one role each: editor, reviewer, directory, partners (README.md)"
	@echo
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install system lint test-sqlite test-postgres ## Lint, then the whole suite on SQLite and on PostgreSQL (CI=true: no skips for missing tools)

test-sqlite: install
	@echo "== pytest on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest

test-postgres: install
	@if $(PG_ANSWERS) 2>/dev/null; then \
		echo "== pytest on PostgreSQL ($(PG_URL)) =="; \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest; \
	elif [ -n "$(CI_STRICT)" ]; then \
		echo "ERROR (CI=$(CI)): PostgreSQL does not answer at $(PG_URL); CI runs the suite on it." >&2; \
		echo "  Start one (sudo apt-get install postgresql), or point PG_URL at one." >&2; \
		exit 1; \
	else \
		echo "PostgreSQL does not answer at $(PG_URL): the suite ran on SQLite only (under CI, an error)."; \
	fi

serve: install ## Production-style: collectstatic, then gunicorn (needs SECRET_KEY, ALLOWED_HOSTS)
	DJANGO_SETTINGS_MODULE=config.settings.production $(MANAGE) collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/gunicorn config.wsgi \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - --forwarded-allow-ips='*'

worker: install ## Production-style background worker (video processing): db_worker
	DJANGO_SETTINGS_MODULE=config.settings.production TASK_BACKEND=database $(MANAGE) db_worker

bench: install ## Run every benchmark in bench/ (SQLite, and PostgreSQL when it answers)
	@for script in bench/[a-z]*.py; do \
		case "$$script" in bench/common.py|bench/*_data.py|bench/*_urls.py) continue ;; esac; \
		echo "### $$script"; $(BIN)/python $$script || exit 1; \
	done

clean: ## Remove .venv, var/ (database, collected static) and media/
	rm -rf $(VENV) var media node_modules

# The commands people need. `make run` and `make test` set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/duban
FIXTURES := duban/assessment/tests/fixtures
STAMP := $(VENV)/.installed-$(shell cat requirements/base.txt requirements/dev.txt | sha1sum | cut -c1-12)

.PHONY: setup run worker migrate demo test test-fast test-pg lint fmt typecheck check bench bench-deadline probes eval browser-deps nginx-deps prod-smoke clean

setup: $(STAMP)  ## venv + pinned requirements (idempotent)

$(STAMP): requirements/base.txt requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	rm -f $(VENV)/.installed-* && touch $@

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate  ## the seed table, published, and the demo accounts (only into an empty database)
	$(BIN)/python manage.py load_demo --if-empty

run: demo  ## serve on 127.0.0.1:$(PORT) with a background worker
	@$(BIN)/python scripts/print_welcome.py --port $(PORT)
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: migrate  ## the background job worker alone
	$(BIN)/python manage.py db_worker

browser-deps:  ## Debian's chromium for browser tests (never Playwright's download) and a CJK font for PDFs
	@(test -x /usr/bin/chromium && test -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc) || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null)

nginx-deps:  ## Debian's nginx for `make prod-smoke`
	@test -x /usr/sbin/nginx || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null)

prod-smoke: setup nginx-deps  ## nginx + two app servers + two workers on loopback, driven over HTTP (needs PostgreSQL and Redis)
	timeout 300 $(BIN)/python scripts/prod_smoke.py

test: setup browser-deps  ## the whole suite on SQLite
	$(BIN)/pytest -n 2 -q

test-fast: setup browser-deps  ## the suite without browser tests, for the edit loop
	$(BIN)/pytest -n 2 -q -m "not browser"

test-pg: setup browser-deps  ## the same suite on PostgreSQL
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fmt: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: setup
	$(BIN)/mypy duban config

check: lint typecheck test

bench: setup nginx-deps  ## prints figures: seed import time, public page dynamic / static / published via nginx, assessment rows/s
	bash scripts/bench.sh

probes: setup  ## security figures: authorization leaks, bad files, fuzz, concurrent saves (< 5 min)
	@pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start
	$(BIN)/python scripts/probes.py

bench-deadline: setup nginx-deps  ## the deadline hour through nginx + 2 app servers, sign-in per core, cockpit at scale (not CI; < 5 min)
	timeout 330 $(BIN)/python scripts/bench_deadline_hour.py

eval: setup  ## engine figures: the seed, other governments' rows, the report-quality set
	$(BIN)/python manage.py eval_extractor --labels $(FIXTURES)/seed-labels.jsonl \
	  --other $(FIXTURES)/other-governments.jsonl --quality $(FIXTURES)/report-quality.jsonl

clean:
	rm -rf $(VENV) var db.sqlite3 test-artifacts bench-results

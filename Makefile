# Formcheck: `make run` sets up and starts the app; `make test` sets up and runs every check.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# npm ci writes this; the page's on-device pose files are served from node_modules/.
NPM_STAMP := node_modules/.package-lock.json

.PHONY: run test check coverage setup system-deps bench tables tables-check clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,synth]'
	touch $(STAMP)

# The page's npm packages, pinned by package-lock.json, with no install scripts run.
# Node and npm are Debian's (nodejs, npm), installed with apt when missing.
$(NPM_STAMP): package-lock.json
	@command -v npm >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NPM_STAMP)

setup: $(STAMP) $(NPM_STAMP)

# Debian's chromium (browser tests), ffmpeg, pango (WeasyPrint's PDF of the session
# report), and redis and nginx (the `scaled` tests start throwaway ones); installed with
# apt when missing. None of them is started as a service (RUNLEVEL=1: invoke-rc.d then
# starts nothing; the tests start their own on free ports).
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 redis-server nginx-light
system-deps:
	@command -v chromium >/dev/null && command -v ffmpeg >/dev/null && \
	  dpkg -s $(SYSTEM_LIBS) >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $$SUDO apt-get install -y -qq chromium ffmpeg \
	    $(SYSTEM_LIBS) >/dev/null; }

run: setup
	$(BIN)/formcheck serve

# Two test processes, one per core: the suite is CPU-bound (three kept both cores 97% busy
# and took longer, README "How long the tests take"). The real-clip tests share one model
# run per clip and stay on one process (their xdist group).
TEST_WORKERS ?= 2
# Line coverage is measured by `make coverage` (the same suite), not by every run: its
# tracing costs the CPU-bound suite about a seventh of its time (README "How long the
# tests take").
PYTEST_COVERAGE ?=

check:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_COVERAGE) --durations=15

coverage:
	$(MAKE) --no-print-directory test PYTEST_COVERAGE="--cov --cov-report=term:skip-covered"

# The database tests also run on PostgreSQL: with $FORMCHECK_TEST_POSTGRES_URL unset, a
# throwaway server is started for the run (.ci/postgres.sh: Debian's postgresql) and stopped.
test: setup system-deps
	@if [ -n "$$FORMCHECK_TEST_POSTGRES_URL" ]; then $(MAKE) --no-print-directory check; else \
	  pg=$$(mktemp -d /tmp/formcheck-pg.XXXXXX); \
	  url=$$(bash .ci/postgres.sh start "$$pg") || exit 1; \
	  FORMCHECK_TEST_POSTGRES_URL="$$url" $(MAKE) --no-print-directory check; rc=$$?; \
	  bash .ci/postgres.sh stop "$$pg"; rm -rf "$$pg"; exit $$rc; fi

# Every generated committed file, from its command (the tests fail when one is stale):
# the event and protocol schemas and the page's constants (web/js/protocol.js), the
# real-clip scoreboard (needs ../shared/videos), the synthetic detection table (renders
# into the synth cache on first use), the stress set's tables
# (from its committed recordings; `formcheck stress --record` re-records stale ones), the
# exercises' demonstrations (web/demonstrations/: renders the stale ones, needs [synth]).
tables: setup
	$(BIN)/formcheck schema --write
	$(BIN)/formcheck scoreboard --write
	$(BIN)/formcheck synth-report --write
	$(BIN)/formcheck stress --write
	$(BIN)/formcheck demonstrations --write

tables-check: setup
	$(BIN)/formcheck schema --check
	$(BIN)/formcheck scoreboard --check
	$(BIN)/formcheck synth-report --check
	$(BIN)/formcheck stress --check
	$(BIN)/formcheck demonstrations --check

bench: setup
	$(BIN)/formcheck bench --quick --json artifacts/bench.json

clean:
	rm -rf $(VENV) node_modules .mypy_cache .ruff_cache .pytest_cache .coverage

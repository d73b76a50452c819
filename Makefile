# useapi.accounts: the README's two commands, as thin wrappers around nox (noxfile.py).
# Only python3, git and make are needed beforehand: the first run puts nox, antsibull-nox and uv
# into .venv, and nox makes every other environment it needs under .nox/.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules --no-print-directory
.SUFFIXES:

PYTHON ?= python3
VENV := .venv
NOX := $(VENV)/bin/nox
# extra arguments for nox, e.g. NOX_ARGS="--reuse-existing-virtualenvs=no"
NOX_ARGS ?=
# `make test` runs two lanes at once (2 cores): sanity on every ansible-core, the docs and lint checks
# and the short pytest runs (and the Event-Driven Ansible tests with the real ansible-rulebook) in one;
# the whole pytest suite (newest ansible-core) and the build checks in the other (see CONTRIBUTING.md).
CORES := 2.16 2.17 2.18 2.19 2.20 2.21
NEWEST := $(lastword $(CORES))
LANE_SANITY := -s $(foreach core,$(CORES),sanity-$(core)) lint docs-check docs-html extra-checks generated-lists changelog-lint eda \
               $(foreach core,$(filter-out $(NEWEST),$(CORES)),pytest-$(core))
LANE_REST := -s pytest-$(NEWEST) build-import-check ansible-lint ee-create

.PHONY: help test test-sanity test-rest demo demo-eda benchmark nox-list clean distclean

help: ## Show this help
	@echo 'useapi.accounts - make targets (each one sets up what it needs itself)'
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo 'One nox session: $(NOX) -s pytest-2.21 (after a first make); $(NOX) --list shows them all.'

$(NOX): requirements/nox.txt
	@echo '== Setting up nox, antsibull-nox and uv in $(VENV) (first run only, about 20 s) ...'
	@$(PYTHON) -m venv $(VENV)
	@# pip's warnings about package-index mirrors that this machine lists but lacks are noise here.
	@$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/nox.txt 2>&1 \
	  | { grep -v '^WARNING: Location ' || true; }
	@touch $@

test: $(NOX) ## THE test command (what CI runs): sanity, pytest and lint on every ansible-core, two lanes at once
	@echo '== make test: two lanes at once, sanity, docs and short pytest runs | the whole pytest suite and build; nox prints each session as it starts'
	@start=$$(date +%s); rc=0; \
	$(MAKE) -j2 test-sanity test-rest || rc=$$?; \
	echo "== make test: $$( [ $$rc -eq 0 ] && echo PASS || echo FAIL ) in $$(( $$(date +%s) - start )) s"; exit $$rc

test-sanity: $(NOX)
	@$(NOX) $(NOX_ARGS) $(LANE_SANITY)

test-rest: $(NOX)
	@$(NOX) $(NOX_ARGS) $(LANE_REST)

demo: $(NOX) ## The main job: the compliance check (against the bundled stand-in unless USEAPI_TOKEN is set)
	@$(NOX) $(NOX_ARGS) -s demo

demo-eda: $(NOX) ## Event-Driven Ansible against the stand-in: an account breaks, the repair rulebook fixes it (needs Java 17)
	@$(NOX) $(NOX_ARGS) -s demo-eda

benchmark: $(NOX) ## The benchmarks (benchmarks/README.md): 5 services against 1, the policy's cost, then sizes; BENCH_ARGS go to run.py
	@$(NOX) $(NOX_ARGS) -s benchmark-services
	@$(NOX) $(NOX_ARGS) -s benchmark-policy
	@$(NOX) $(NOX_ARGS) -s benchmark -- $(BENCH_ARGS)

nox-list: $(NOX) ## List every nox session
	@$(NOX) --list

clean: ## Remove build and test output (keeps the venvs)
	rm -rf build tests/output .pytest_cache .hypothesis
	find . -path ./.venv -prune -o -path ./.nox -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## Also remove .venv, .nox and ansible-test's per-version homes
	rm -rf .venv .nox "$${XDG_CACHE_HOME:-$$HOME/.cache}/useapi-accounts"

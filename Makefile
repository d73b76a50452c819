# useapi.accounts: build and test entry points.  `make help` lists the targets.
#
# Everything (venvs, pip packages, the built and installed collection) is set
# up by these targets; only python3, git and make are needed beforehand.  The
# real work is done by tools/run_matrix.py (stdlib Python), which runs the jobs
# two at a time, logs each to build/logs/<job>.log and prints a summary.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules --no-print-directory
.SUFFIXES:

# Interpreter that runs the tooling scripts (stdlib only; any Python >= 3.8).
PYTHON ?= python3
# ansible-core minors to test, X.Y[:python]; empty = the full matrix
# (2.16, 2.17, 2.18, 2.19 on Python 3.11; 2.20 on 3.12; 2.21 on 3.13).
VERSIONS ?=
# parallel jobs
JOBS ?= 2
# extra arguments, e.g. PYTEST_ARGS="-k client -x"  SANITY_ARGS="--test pylint"
PYTEST_ARGS ?=
SANITY_ARGS ?=
# a single command running longer than this (seconds) is killed and its job fails
COMMAND_TIMEOUT ?= 2400
# `make benchmark`: the ansible-core of the main run (all sizes, the plot), the ones also timed at the
# largest size, and extra arguments for benchmarks/run.py (e.g. BENCH_ARGS="--sizes 10,1000 --runs 3")
BENCH_VERSION ?= 2.21
BENCH_COMPARE ?= 2.19 2.20
BENCH_ARGS ?=
# tooling checks run by `make lint`
LINT_JOBS ?= ansible-lint,docs-lint,changelog-lint,galaxy-importer,ee-builder

RUN = $(PYTHON) tools/run_matrix.py --jobs "$(JOBS)" --lint-jobs "$(LINT_JOBS)" --command-timeout "$(COMMAND_TIMEOUT)" \
      --pytest-args="$(PYTEST_ARGS)" --sanity-args="$(SANITY_ARGS)"

.PHONY: help test venv build units pytest sanity lint matrix quick demo benchmark clean distclean

help: ## Show this help
	@echo 'useapi.accounts - make targets'
	@echo 'variables: VERSIONS="2.19 2.20:3.13" (default: the full matrix)  JOBS=2  COMMAND_TIMEOUT=2400'
	@echo '           PYTEST_ARGS="-k client -x"  SANITY_ARGS="--test pylint"  LINT_JOBS=ansible-lint,docs-lint,...'
	@echo '           BENCH_VERSION=2.21  BENCH_COMPARE="2.19 2.20"  BENCH_ARGS="--sizes 10,1000 --runs 3"'
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@echo 'Logs: build/logs/<job>.log.  The tarball: build/useapi-accounts-<version>.tar.gz;'
	@echo 'the installed collection: build/installed/ansible_collections/useapi/accounts.'

test: ## THE test command: build + install, pytest and ansible-test sanity for every ansible-core in the matrix, then lint; summary at the end
	@$(RUN) --versions "$(VERSIONS)" --checks pytest,sanity,lint

venv: ## Create/refresh .venv (tooling) and .venvs/<X.Y> (matrix); reused while requirements are unchanged
	@$(RUN) --versions "$(VERSIONS)" --checks venv

build: ## Copy the collection to build/src, ansible-galaxy build the tarball into build/, install it into build/installed
	@$(RUN) --checks build

units: ## pytest (tests/unit, tests/integration, tests/standin_selftest) against the installed collection, per ansible-core
	@$(RUN) --versions "$(VERSIONS)" --checks pytest

pytest: units

sanity: ## ansible-test sanity --venv (no ignore files) per ansible-core, each in its own copy under build/sanity/
	@$(RUN) --versions "$(VERSIONS)" --checks sanity

lint: ## ansible-lint (production), antsibull-docs lint, antsibull-changelog lint, galaxy-importer, ansible-builder create
	@$(RUN) --checks lint

matrix: ## pytest + sanity over the matrix (no tooling lint)
	@$(RUN) --versions "$(VERSIONS)" --checks pytest,sanity

quick: ## Fast loop: build + pytest on ansible-core 2.19 only
	@$(RUN) --versions 2.19 --checks pytest

demo: ## Build + install, then run tools/demo.sh with VENV=.venv and COLLECTIONS=build/installed
	@$(RUN) --checks build >/dev/null || { tail -n 40 build/logs/venv-tools.log build/logs/build.log 2>/dev/null; exit 1; }
	@test -f tools/demo.sh || { echo 'tools/demo.sh does not exist yet' >&2; exit 1; }
	@VENV="$(CURDIR)/.venv" COLLECTIONS="$(CURDIR)/build/installed" bash tools/demo.sh

benchmark: ## Performance benchmark: uri vs module vs role vs a hand-written loop at 10/1,000/10,000 accounts, by ansible-core (~22 min idle)
	@$(RUN) --versions "$(BENCH_VERSION) $(BENCH_COMPARE)" --checks venv,build >/dev/null \
	  || { tail -n 40 build/logs/venv-*.log build/logs/build.log 2>/dev/null; exit 1; }
	@"$(CURDIR)/.venv/bin/python" benchmarks/run.py --venv "$(CURDIR)/.venvs/$(BENCH_VERSION)" \
	  --collections "$(CURDIR)/build/installed" --plot-venv "$(CURDIR)/.venv" \
	  $(foreach version,$(BENCH_COMPARE),--compare-venv "$(CURDIR)/.venvs/$(version)") $(BENCH_ARGS)

clean: ## Remove build output (build/, tests/output/, caches); keeps the venvs
	rm -rf build tests/output .pytest_cache .hypothesis
	find . -path ./.venv -prune -o -path ./.venvs -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf /tmp/ltx-sanity-$$(id -u)-*

distclean: clean ## Also remove .venv, .venvs and ansible-test's per-version homes (sanity venvs)
	rm -rf .venv .venvs .cache "$${XDG_CACHE_HOME:-$$HOME/.cache}/useapi-accounts"

# Two commands on a fresh machine: `make site` and `make test`.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTHON ?= python3
NODE   ?= node
CONSTRAINTS := constraints.txt
# `make test SKIP_BROWSER=1` (or SYNTHSITE_SKIP_BROWSER=1) leaves the browser tests out, announced at the end
SKIP_BROWSER ?= $(SYNTHSITE_SKIP_BROWSER)

# mkdocs-material 9.7+ prints an eight-line notice about MkDocs 2.0 on every build; it is not a problem of this
# project (README: "Builders"), so every recipe here runs with Material's documented switch turned off.
export NO_MKDOCS_2_WARNING := 1

# The test suite keeps Python's bytecode as Python does by default (__pycache__ beside the sources, ignored by git).
# An environment that turns that off (PYTHONDONTWRITEBYTECODE, set in many container images) makes every process of
# the suite compile synthsite and rewrite the test modules again: about 3 s of CPU for each worker's collection, and
# more for every build and pytest run a test starts in a new process.
SUITE_ENV := PYTHONDONTWRITEBYTECODE=

.DEFAULT_GOAL := help
.PHONY: help site offline test check wheeltest lint jsonschema jstest format serve bench clean

## help: list these commands
help:
	@awk '/^## [a-z]+:/ { sub(/^## /, ""); split($$0, part, ": "); printf "  make %-16s %s\n", part[1], substr($$0, length(part[1]) + 3); next } /^## / { sub(/^## /, ""); printf "  %-21s %s\n", "", $$0 }' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	touch $(STAMP)

## site: create .venv, install, validate the data, build site/ (fails before touching site/ if data are invalid)
## One verdict: warnings fail here as in `mkdocs build --strict`, pre-commit and CI (see CONTRIBUTING.md).
site: $(STAMP)
	$(BIN)/synthsite validate --strict
	$(BIN)/mkdocs build --strict

## test: the whole test suite plus ruff (lint and format check), a second, independent schema check and the
## browser code's unit tests (`make jstest`). Browser tests need Chromium (they fail with the command that installs
## it); `make test SKIP_BROWSER=1` skips them.
test: $(STAMP) lint jsonschema jstest
	$(SUITE_ENV) SYNTHSITE_SKIP_BROWSER=$(SKIP_BROWSER) $(BIN)/pytest -n 2 --dist loadgroup

## check: the quick verdict while you work: lint, the schema check and every test except the few slow scale tests
## (marked `scale`: synthetic corpora of hundreds of studies); `make test` runs them too, and so does CI.
check: $(STAMP) lint jsonschema jstest
	$(SUITE_ENV) SYNTHSITE_SKIP_BROWSER=$(SKIP_BROWSER) $(BIN)/pytest -n 2 --dist loadgroup -m "not scale"

## wheeltest: the whole suite against synthsite installed from its wheel (not scripts/), as a user installs it;
## it doubles the suite's time, so `make test` checks only that the suite's imports resolve to a wheel
wheeltest: $(STAMP)
	$(SUITE_ENV) SYNTHSITE_SKIP_BROWSER=$(SKIP_BROWSER) $(BIN)/python dev/suite_against_wheel.py -n 2 --dist loadgroup

## jsonschema: every data file against the checked-in JSON Schema, with check-jsonschema (offline)
jsonschema: $(STAMP)
	$(BIN)/check-jsonschema --schemafile synthesis/schema/study.schema.json synthesis/studies/*.yaml
	$(BIN)/check-jsonschema --schemafile synthesis/schema/themes.schema.json synthesis/themes.yaml
	$(BIN)/check-jsonschema --schemafile synthesis/schema/synthesis.schema.json synthesis/synthesis.yaml

## jstest: unit tests of the browser code's pure modules (tests/js/) with node's own test runner (no npm package)
jstest:
	@command -v $(NODE) >/dev/null 2>&1 || { echo "make jstest: node is not installed; on Debian or Ubuntu: apt-get install nodejs" >&2; exit 1; }
	$(NODE) --test tests/js/

## lint: ruff (lint and format check) and mypy (configured in pyproject.toml; strict on the core stages)
lint: $(STAMP)
	$(BIN)/ruff check scripts tests dev
	$(BIN)/ruff format --check scripts tests dev
	$(BIN)/mypy

## format: apply ruff's fixes and formatting
format: $(STAMP)
	$(BIN)/ruff check --fix scripts tests dev
	$(BIN)/ruff format scripts tests dev

## offline: build site-offline/, the site as the release archives hold it: it browses from disk (file://), search too
offline: $(STAMP)
	$(BIN)/synthsite validate --strict
	SYNTHSITE_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir site-offline

## serve: live preview while editing synthesis/ or docs/
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

## bench: time the pipeline on a synthetic corpus (see docs/performance.md)
bench: $(STAMP)
	$(BIN)/python dev/bench.py --studies 1000

## clean: remove site/, .venv and the tools' caches
clean:
	rm -rf site site-offline $(VENV) .pytest_cache .ruff_cache .mypy_cache

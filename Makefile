# Two commands on a fresh machine: `make site` and `make test`.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTHON ?= python3

.PHONY: site test lint format serve bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## site: create .venv, install, validate the data, build site/ (fails before touching site/ if data are invalid)
site: $(STAMP)
	$(BIN)/synthsite validate
	$(BIN)/mkdocs build --strict

## test: the whole test suite plus ruff (lint and format check)
test: $(STAMP) lint
	$(BIN)/pytest -n 2 --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests

format: $(STAMP)
	$(BIN)/ruff check --fix scripts tests
	$(BIN)/ruff format scripts tests

## serve: live preview while editing synthesis/ or docs/
serve: $(STAMP)
	$(BIN)/mkdocs serve

## bench: time the pipeline on a synthetic corpus (see docs/performance.md)
bench: $(STAMP)
	$(BIN)/python -m synthsite.bench --studies 1000

clean:
	rm -rf site $(VENV) .pytest_cache .ruff_cache

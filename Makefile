# Two commands on a fresh machine: `make site` and `make test`.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTHON ?= python3

.PHONY: site test lint jsonschema format serve bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## site: create .venv, install, validate the data, build site/ (fails before touching site/ if data are invalid)
## One verdict: warnings fail here as in `mkdocs build --strict`, pre-commit and CI (see CONTRIBUTING.md).
site: $(STAMP)
	$(BIN)/synthsite validate --strict
	$(BIN)/mkdocs build --strict

## test: the whole test suite plus ruff (lint and format check) and a second, independent schema check
test: $(STAMP) lint jsonschema
	$(BIN)/pytest -n 2 --dist loadgroup

## jsonschema: every data file against the checked-in JSON Schema, with check-jsonschema (offline)
jsonschema: $(STAMP)
	$(BIN)/check-jsonschema --schemafile synthesis/schema/study.schema.json synthesis/studies/*.yaml
	$(BIN)/check-jsonschema --schemafile synthesis/schema/themes.schema.json synthesis/themes.yaml
	$(BIN)/check-jsonschema --schemafile synthesis/schema/synthesis.schema.json synthesis/synthesis.yaml

## lint: ruff (lint and format check) and mypy (configured in pyproject.toml; strict on the core stages)
lint: $(STAMP)
	$(BIN)/ruff check scripts tests dev
	$(BIN)/ruff format --check scripts tests dev
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix scripts tests dev
	$(BIN)/ruff format scripts tests dev

## serve: live preview while editing synthesis/ or docs/
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

## bench: time the pipeline on a synthetic corpus (see docs/performance.md)
bench: $(STAMP)
	$(BIN)/python -m synthsite.bench --studies 1000

clean:
	rm -rf site $(VENV) .pytest_cache .ruff_cache .mypy_cache

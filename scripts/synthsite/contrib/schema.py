"""JSON Schema for the data files, generated from the models (editors use it to complete and check fields)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from synthsite.model import Study, SynthesisMeta, ThemesFile

SCHEMA_DIR = Path("synthesis/schema")
SCHEMAS: dict[str, type[BaseModel]] = {
    "study.schema.json": Study,
    "themes.schema.json": ThemesFile,
    "synthesis.schema.json": SynthesisMeta,
}


def schema_data(model: type[BaseModel], name: str) -> dict[str, Any]:
    """The model's JSON Schema (draft 2020-12) with an id and title for editors."""
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://synthsite.github.io/synthsite/schema/{name}",
        **schema,
    }


def schema_text(model: type[BaseModel], name: str) -> str:
    """Deterministic text, so a drift test can compare it with the checked-in file."""
    return json.dumps(schema_data(model, name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def all_schemas() -> dict[str, str]:
    """File name -> schema text, for every data file."""
    return {name: schema_text(model, name) for name, model in SCHEMAS.items()}

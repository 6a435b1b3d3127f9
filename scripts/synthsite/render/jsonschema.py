"""JSON Schema for the data files, generated from the models (editors use it to complete and check fields).

Each schema's `$id` is the address the site serves it at (`<site_url>data/<name>`), so a project made with
`synthsite init` names its own site, not this repository's. The site publishes them on /data/ (`downloads`);
`synthsite schema` writes them into the project (`contrib.schema`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from synthsite import urls
from synthsite.model import Study, SynthesisMeta, ThemesFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "study.schema.json": Study,
    "themes.schema.json": ThemesFile,
    "synthesis.schema.json": SynthesisMeta,
}


def schema_id(site_url: str, name: str) -> str:
    """Where the published site serves the schema (the /data/ downloads)."""
    return urls.permalink(site_url, f"{urls.DATA}{name}")


def schema_data(model: type[BaseModel], name: str, site_url: str) -> dict[str, Any]:
    """The model's JSON Schema (draft 2020-12) with an id and title for editors."""
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id(site_url, name),
        **schema,
    }


@lru_cache(maxsize=32)
def schema_text(model: type[BaseModel], name: str, site_url: str) -> str:
    """Deterministic text, so a drift test can compare it with the checked-in file. Made once per process for each
    model, name and site URL (its whole input: the models are code), as the preview asks on every save."""
    return json.dumps(schema_data(model, name, site_url), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def all_schemas(site_url: str) -> dict[str, str]:
    """File name -> schema text, for every data file."""
    return {name: schema_text(model, name, site_url) for name, model in SCHEMAS.items()}

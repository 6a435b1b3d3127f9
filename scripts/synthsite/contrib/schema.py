"""JSON Schema for the data files, generated from the models (editors use it to complete and check fields).

Each schema's `$id` is the address the site serves it at (`<site_url>data/<name>`), so a project made with
`synthsite init` names its own site, not this repository's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from synthsite import urls
from synthsite.load import safeyaml
from synthsite.model import Study, SynthesisMeta, ThemesFile

SCHEMA_DIR = Path("synthesis/schema")
SCHEMAS: dict[str, type[BaseModel]] = {
    "study.schema.json": Study,
    "themes.schema.json": ThemesFile,
    "synthesis.schema.json": SynthesisMeta,
}


class SiteUrlError(Exception):
    """synthesis/synthesis.yaml gives no usable site_url, which the schema ids are made from."""


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


def schema_text(model: type[BaseModel], name: str, site_url: str) -> str:
    """Deterministic text, so a drift test can compare it with the checked-in file."""
    return json.dumps(schema_data(model, name, site_url), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def all_schemas(site_url: str) -> dict[str, str]:
    """File name -> schema text, for every data file."""
    return {name: schema_text(model, name, site_url) for name, model in SCHEMAS.items()}


def project_site_url(root: Path) -> str:
    """The site_url of synthesis/synthesis.yaml, read on its own (the rest of the corpus may still be invalid)."""
    path = root / "synthesis" / "synthesis.yaml"
    try:
        data = safeyaml.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, safeyaml.YamlProblem) as exc:
        raise SiteUrlError(f"{path}: cannot read site_url ({exc})") from exc
    value = data.get("site_url") if isinstance(data, dict) else None
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise SiteUrlError(f"{path}: site_url: give the published site's address, e.g. https://example.org/review/")
    return value

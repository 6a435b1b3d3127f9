"""`synthsite schema`: the JSON Schema files in synthesis/schema/, made by `render.jsonschema` from the models, for
the site_url the project's synthesis.yaml names.
"""

from __future__ import annotations

from pathlib import Path

from synthsite.load import safeyaml

SCHEMA_DIR = Path("synthesis/schema")


class SiteUrlError(Exception):
    """synthesis/synthesis.yaml gives no usable site_url, which the schema ids are made from."""


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

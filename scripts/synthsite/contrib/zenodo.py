""".zenodo.json: the metadata Zenodo reads when it archives a GitHub release (and mints a DOI for it)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from synthsite.load.safeyaml import YamlProblem, parse
from synthsite.model import SynthesisMeta

ZENODO_FILE = Path(".zenodo.json")
CITATION_FILE = Path("CITATION.cff")
MAX_KEYWORDS = 50
LICENCES = {"CC-BY-4.0": "cc-by-4.0", "CC-BY-SA-4.0": "cc-by-sa-4.0", "CC0-1.0": "cc0-1.0", "MIT": "mit"}
"""SPDX identifier -> Zenodo's licence id."""


def citation_keywords(root: Path) -> list[str]:
    """The keywords of CITATION.cff, where the project keeps them (GitHub and reference managers read that file):
    plain strings only, at most MAX_KEYWORDS, each on one line; a missing or unreadable file gives none."""
    path = root / CITATION_FILE
    try:
        data = parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        return []
    found = data.get("keywords") if isinstance(data, dict) else None
    if not isinstance(found, list):
        return []
    return [" ".join(k.split()) for k in found if isinstance(k, str) and k.strip()][:MAX_KEYWORDS]


def zenodo_metadata(meta: SynthesisMeta, keywords: Sequence[str] = ()) -> dict[str, Any]:
    """No version: Zenodo takes it from the release tag, so the file changes only when the metadata does."""
    creators: list[dict[str, str]] = []
    for author in meta.authors:
        creator = {"name": author.name}
        if author.affiliation:
            creator["affiliation"] = author.affiliation
        if author.orcid:
            creator["orcid"] = author.orcid
        creators.append(creator)
    data: dict[str, Any] = {
        "title": meta.title,
        "upload_type": "dataset",
        "description": f"<p>{_html(meta.review_question)}</p>",
        "creators": creators,
        "access_right": "open",
        "license": LICENCES.get(meta.licence, meta.licence.lower()),
        "related_identifiers": [
            {"identifier": meta.site_url, "relation": "isDocumentedBy", "resource_type": "publication-other"},
            {"identifier": meta.repository_url, "relation": "isSupplementTo", "resource_type": "software"},
        ],
    }
    if keywords:
        data["keywords"] = list(keywords)
    return data


def _html(text: str) -> str:
    return " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def zenodo_text(meta: SynthesisMeta, keywords: Sequence[str] = ()) -> str:
    return json.dumps(zenodo_metadata(meta, keywords), ensure_ascii=False, indent=2) + "\n"

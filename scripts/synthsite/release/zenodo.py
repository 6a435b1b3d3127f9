""".zenodo.json: the metadata Zenodo reads when it archives a GitHub release (and mints a DOI for it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from synthsite.model import SynthesisMeta

ZENODO_FILE = Path(".zenodo.json")
LICENCES = {"CC-BY-4.0": "cc-by-4.0", "CC-BY-SA-4.0": "cc-by-sa-4.0", "CC0-1.0": "cc0-1.0", "MIT": "mit"}
"""SPDX identifier -> Zenodo's licence id."""


def zenodo_metadata(meta: SynthesisMeta) -> dict[str, Any]:
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
    return data


def _html(text: str) -> str:
    return " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def zenodo_text(meta: SynthesisMeta) -> str:
    return json.dumps(zenodo_metadata(meta), ensure_ascii=False, indent=2) + "\n"

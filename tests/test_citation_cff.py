"""CITATION.cff (read by GitHub and reference managers) says what synthesis/synthesis.yaml says."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sitebuild import mkdocs_settings
from synthsite.load.corpus import load

pytestmark = pytest.mark.corpus
"""Reads the shipped corpus: rerun on a grown copy by test_growing_corpus.py."""

REPO = Path(__file__).resolve().parents[1]


def test_citation_cff_agrees_with_synthesis_yaml() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    corpus = load(REPO).corpus
    assert corpus is not None
    meta = corpus.meta
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"]
    assert cff["title"] == meta.title
    assert str(cff["version"]) == meta.version
    assert str(cff["date-released"]) == meta.date_released
    assert [author["name"] for author in cff["authors"]] == [author.name for author in meta.authors]
    orcids = [author.get("orcid") for author in cff["authors"]]
    assert orcids == [f"https://orcid.org/{a.orcid}" if a.orcid else None for a in meta.authors]
    assert cff["license"] == meta.licence
    assert cff["url"] == meta.site_url
    assert cff["repository-code"] == meta.repository_url


def test_mkdocs_site_url_is_the_permalink_base() -> None:
    """Table permalinks use synthesis.yaml's site_url; MkDocs' canonical URLs must use the same base."""
    config = mkdocs_settings()
    corpus = load(REPO).corpus
    assert corpus is not None
    assert config["site_url"] == corpus.meta.site_url
    assert config["edit_uri"].startswith(corpus.meta.repository_url.rstrip("/") + "/")

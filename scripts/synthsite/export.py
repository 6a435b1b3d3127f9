"""Whole-corpus exports: the normalized JSON every other consumer (tests, site, scripts) can read."""

from __future__ import annotations

import json
from typing import Any

from synthsite.load import Corpus


def corpus_data(corpus: Corpus) -> dict[str, Any]:
    """The normalized corpus: synthesis metadata, domains and themes, studies (by id) and references."""
    return {
        "synthesis": corpus.meta.model_dump(mode="json"),
        "domains": [d.model_dump(mode="json") for d in corpus.themes.domains],
        "themes": [t.model_dump(mode="json") for t in corpus.themes.themes],
        "studies": [s.model_dump(mode="json") for s in corpus.studies],
        "references": {
            key: {
                "type": entry.type,
                "fields": {name: str(value) for name, value in sorted(entry.fields.items())},
                "authors": [str(person) for person in entry.persons.get("author", [])],
            }
            for key, entry in sorted(corpus.bibliography.entries.items())
        },
    }


def corpus_json(corpus: Corpus) -> str:
    """Deterministic JSON text of the corpus."""
    return json.dumps(corpus_data(corpus), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def export_text(corpus: Corpus, fmt: str) -> str:
    """Dispatch by format; csv/bibtex/ris come from the site's download builders."""
    if fmt == "json":
        return corpus_json(corpus)
    from synthsite import downloads

    return downloads.export_text(corpus, fmt)

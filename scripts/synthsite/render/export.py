"""Whole-corpus exports: the normalized JSON every other consumer (tests, site, scripts) can read.

`synthsite export` prints it, or another download (`downloads.EXPORT_FORMATS`)."""

from __future__ import annotations

import json
from typing import Any

from synthsite.load.corpus import BIB_FILE, Corpus
from synthsite.load.parsecache import digest
from synthsite.model import Study

STUDY_JSON = "study-json"
"""The kind (`LoadMemo.kept`/`missed`) of a study's line of studies.json kept in the preview's memo."""
REFERENCES_JSON = "references-json"
"""The kind of the references' lines of studies.json kept in the preview's memo."""


def corpus_data(corpus: Corpus) -> dict[str, Any]:
    """The normalized corpus: synthesis metadata, domains and themes, studies (by id) and references."""
    return {
        "synthesis": corpus.meta.model_dump(mode="json"),
        "domains": [d.model_dump(mode="json") for d in corpus.themes.domains],
        "themes": [t.model_dump(mode="json") for t in corpus.themes.themes],
        "studies": [s.model_dump(mode="json") for s in corpus.studies],
        "references": _references_data(corpus),
    }


def _references_data(corpus: Corpus) -> dict[str, Any]:
    return {
        key: {
            "type": entry.type,
            "fields": {name: str(value) for name, value in sorted(entry.fields.items())},
            "authors": [str(person) for person in entry.persons.get("author", [])],
        }
        for key, entry in sorted(corpus.bibliography.entries.items())
    }


def corpus_json(corpus: Corpus) -> str:
    """Deterministic JSON text of the corpus (`corpus_data`), one record (study, theme, reference) per line.

    `indent=2` would make the file twice the size and run json's pure-Python encoder (0.75 s for a thousand
    studies); a line per record keeps the C encoder, a readable diff, and `jq` or any viewer can indent it.
    In the preview a study's line and the references' lines are kept by the digest of the file they come from
    (`_study_record`, `_reference_records`): a save encodes one study, not a thousand and their references.
    """
    members: list[tuple[str, str, list[str]]] = [
        ("synthesis", "", [_compact(corpus.meta.model_dump(mode="json"))]),
        ("domains", "[]", [_compact(d.model_dump(mode="json")) for d in corpus.themes.domains]),
        ("themes", "[]", [_compact(t.model_dump(mode="json")) for t in corpus.themes.themes]),
        ("studies", "[]", [_study_record(corpus, study) for study in corpus.studies]),
        ("references", "{}", _reference_records(corpus)),
    ]
    lines = ["{"]
    for number, (key, brackets, records) in enumerate(members):
        comma = "," if number < len(members) - 1 else ""
        if brackets and records:
            lines += _records(key, brackets, records, comma)
        else:  # the synthesis metadata, or an empty list or object
            lines.append(f"  {_compact(key)}: {brackets or records[0]}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _study_record(corpus: Corpus, study: Study) -> str:
    """A study's line: its validated record encoded. The record is a function of its file's path and text, so in
    the preview the line is kept under both (`load.memo`), as every value derived from one record is."""

    def make() -> str:
        return _compact(study.model_dump(mode="json"))

    record = corpus.study_digest(study.id)
    if corpus.memo is None or record is None:
        return make()
    return corpus.memo.get((STUDY_JSON, corpus.study_files[study.id][0], record), make)


def _reference_records(corpus: Corpus) -> list[str]:
    """The references' lines: made from references.bib's parse alone, so in the preview kept under its path and
    the digest of its text (the key of that parse in `load.memo`)."""

    def make() -> list[str]:
        return [f"{_compact(key)}: {_compact(value)}" for key, value in _references_data(corpus).items()]

    bib = corpus.source_of(BIB_FILE)
    if corpus.memo is None or bib is None:
        return make()
    return corpus.memo.get((REFERENCES_JSON, bib.path, digest(bib.text)), make)


def _records(key: str, brackets: str, records: list[str], comma: str) -> list[str]:
    """A top-level member whose records (list items or object members) take one line each."""
    body = [f"    {record}," for record in records]
    body[-1] = body[-1][:-1]
    return [f"  {_compact(key)}: {brackets[0]}", *body, f"  {brackets[1]}{comma}"]


_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)
"""`json.dumps(value, ensure_ascii=False)` without the check for circular references (records from models hold
none), which costs a step per container of every record."""


def _compact(value: Any) -> str:
    return _ENCODER.encode(value)

"""The data fingerprint: one SHA-256 over every data file of a synthesis (synthesis.yaml, themes.yaml, the study
files, references.bib), the same whichever way they were gathered.

A release records the fingerprint of the data it published; a build whose data have another fingerprint has
unreleased changes. The site and downloads derive from these files, so equal fingerprints mean equal content.
synthesis/releases.yaml is left out: recording a release must not change what the release published.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from synthsite.load.corpus import BIB_FILE, SYNTHESIS_FILE, THEMES_FILE, Corpus, read_source, study_paths
from synthsite.load.problems import DataError
from synthsite.model import MAX_BIB_BYTES, MAX_FILE_BYTES


def data_fingerprint(texts: Mapping[str, str]) -> str:
    """SHA-256 of a manifest: each file's project-relative path and the SHA-256 of its text, in path order."""
    manifest = "".join(
        f"{path}\t{hashlib.sha256(text.encode('utf-8')).hexdigest()}\n" for path, text in sorted(texts.items())
    )
    return hashlib.sha256(manifest.encode("utf-8")).hexdigest()


def corpus_fingerprint(corpus: Corpus) -> str:
    """The fingerprint of the files a loaded corpus was read from (`Corpus.sources` holds exactly those)."""
    return data_fingerprint({path: source.text for path, source in corpus.sources.items()})


def tree_fingerprint(root: Path) -> str:
    """The fingerprint of the data files in a project folder, read as `load` reads them but not validated, so a
    past version whose data today's models would reject still has its fingerprint."""
    texts: dict[str, str] = {}
    problems = []
    studies, found = study_paths(root)
    problems += found
    for relative in [SYNTHESIS_FILE, THEMES_FILE, *studies, BIB_FILE]:
        limit = MAX_BIB_BYTES if relative == BIB_FILE else MAX_FILE_BYTES
        source, found = read_source(root, relative, limit)
        problems += found
        if source is not None:
            texts[source.path] = source.text
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise DataError(errors)
    return data_fingerprint(texts)

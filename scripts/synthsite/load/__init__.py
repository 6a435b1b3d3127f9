"""Stage 1, load and check: synthesis/*.yaml and references.bib -> a `Corpus`, every problem with file:line:column.

`safeyaml` parses YAML safely with positions, `corpus` loads the files into models (`model`), `messages` turns
validation errors into problems with hints, `parsecache` skips re-parsing unchanged files (`bibcache` is references.bib's share of it), `check` does the
cross-file integrity checks and `problems` is the problem value they all report. This package exports `corpus`.
"""

from __future__ import annotations

from synthsite.load.corpus import (
    BIB_FILE,
    RELEASES_FILE,
    STUDIES_DIR,
    SYNTHESIS_FILE,
    THEMES_FILE,
    Corpus,
    LoadResult,
    Source,
    bib_error_line,
    load,
    load_bibliography,
    load_model,
    read_source,
    study_paths,
)

__all__ = [
    "BIB_FILE",
    "RELEASES_FILE",
    "STUDIES_DIR",
    "SYNTHESIS_FILE",
    "THEMES_FILE",
    "Corpus",
    "LoadResult",
    "Source",
    "bib_error_line",
    "load",
    "load_bibliography",
    "load_model",
    "read_source",
    "study_paths",
]

"""Read `synthesis/` and `bibliography/` into validated models; collect every problem with its position.

I/O happens here and nowhere else in the core: the rest of the pipeline works on the `Corpus` value.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pybtex.database import BibliographyData, parse_string
from pybtex.scanner import PybtexError
from pydantic import BaseModel, ValidationError

from synthsite.load.messages import problems_from_validation
from synthsite.load.parsecache import ParseCache, digest
from synthsite.load.problems import Problem
from synthsite.load.safeyaml import Positions, YamlProblem, decode, parse, positions
from synthsite.model import MAX_BIB_BYTES, MAX_FILE_BYTES, Study, SynthesisMeta, ThemesFile
from synthsite.release.record import RELEASES_FILE, ReleaseLog, ReleaseRecord

M = TypeVar("M", bound=BaseModel)

SYNTHESIS_FILE = Path("synthesis/synthesis.yaml")
THEMES_FILE = Path("synthesis/themes.yaml")
STUDIES_DIR = Path("synthesis/studies")
BIB_FILE = Path("bibliography/references.bib")


@dataclass(frozen=True)
class Source:
    """A file as read: its path relative to the project root and its text (kept for locating problems)."""

    path: str
    text: str

    def positions(self) -> Positions:
        """Line/column of every field (computed on demand: only needed to report a problem)."""
        return positions(self.text)


@dataclass(frozen=True)
class Corpus:
    """The validated synthesis: what every later stage (checks, index, pages, exports) works on."""

    meta: SynthesisMeta
    themes: ThemesFile
    studies: tuple[Study, ...]
    bibliography: BibliographyData
    sources: dict[str, Source] = field(default_factory=dict, compare=False)
    """Study id (or `synthesis`, `themes`) -> where it came from."""
    releases: tuple[ReleaseRecord, ...] = ()
    """Published releases, newest first (synthesis/releases.yaml; empty before the first release)."""
    complete: bool = True
    """False when some study file failed to load: whole-corpus checks (orphans, unused references) then
    stay quiet rather than blame the missing study's themes and references."""

    def study_source(self, study_id: str) -> Source:
        return self.sources[study_id]


@dataclass
class LoadResult:
    corpus: Corpus | None
    problems: list[Problem]


def read_source(
    root: Path, relative: Path, limit: int = MAX_FILE_BYTES, hint: str | None = None
) -> tuple[Source | None, list[Problem]]:
    """Read and decode one file; refuse symlinks that leave the project and files over `limit` bytes."""
    shown = relative.as_posix()
    full = root / relative
    try:
        if full.is_symlink() and not full.resolve(strict=True).is_relative_to(root.resolve()):
            return None, [Problem(shown, 1, 1, "", "the file points outside the project (symlink)")]
        raw = _read_bounded(full, limit)
        return Source(shown, decode(raw, limit) if hint is None else decode(raw, limit, hint)), []
    except FileNotFoundError:
        return None, [Problem(shown, 1, 1, "", "file not found", "every synthesis needs this file")]
    except YamlProblem as exc:
        return None, [Problem(shown, exc.line, exc.col, "", exc.message, exc.hint)]
    except OSError as exc:
        return None, [Problem(shown, 1, 1, "", f"cannot read the file: {exc.strerror}")]


def _read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """At most `limit` + 1 bytes (one more tells a file over the limit), never allocating more than the file
    needs: `read(limit + 1)` reserves the whole limit up front, 64 MB for the bibliography."""
    with path.open("rb") as handle:
        return handle.read(min(os.fstat(handle.fileno()).st_size, limit) + 1)


def load_model(source: Source, model: type[M], cache: ParseCache | None = None) -> tuple[M | None, list[Problem]]:
    """Parse YAML strictly and validate it against a model; every problem carries a position."""
    key = digest(source.text) if cache is not None else ""
    data = cache.get(key) if cache is not None else None
    if data is None:
        try:
            data = parse(source.text)
        except YamlProblem as exc:
            return None, [Problem(source.path, exc.line, exc.col, "", exc.message, exc.hint)]
        if cache is not None and isinstance(data, dict):
            cache.put(key, data)
    if not isinstance(data, dict):
        return None, [Problem(source.path, 1, 1, "", "the file must be a group of fields (`name: value` lines)", None)]
    try:
        return model.model_validate(data, strict=True), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, model, data, source.path, source.positions())


def load_bibliography(root: Path) -> tuple[BibliographyData | None, Source | None, list[Problem]]:
    """Parse references.bib with pybtex; a parse error is one problem, never a traceback."""
    source, problems = read_source(root, BIB_FILE, MAX_BIB_BYTES, "one BibTeX entry per included study is enough")
    if source is None:
        return None, None, problems
    try:
        return parse_string(source.text, "bibtex"), source, []
    except PybtexError as exc:
        return None, source, [Problem(source.path, bib_error_line(exc), 1, "", f"BibTeX error: {exc}")]
    except Exception as exc:  # pybtex raises a few plain exceptions on malformed names
        return None, source, [Problem(source.path, 1, 1, "", f"BibTeX error: {exc}")]


def bib_error_line(exc: Exception) -> int:
    """The line pybtex blames for a parse error, or 1 when it names none."""
    lineno = getattr(exc, "lineno", None)
    return int(lineno) if isinstance(lineno, int) and lineno > 0 else 1


def study_paths(root: Path) -> list[Path]:
    """Every `*.yaml` / `*.yml` under synthesis/studies, relative to root, in a stable order."""
    folder = root / STUDIES_DIR
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and not p.name.startswith(".")]
    return sorted(p.relative_to(root) for p in found)


def _load_releases(root: Path, cache: ParseCache) -> tuple[tuple[ReleaseRecord, ...], list[Problem]]:
    """synthesis/releases.yaml is optional: a synthesis that was never released has none."""
    if not (root / RELEASES_FILE).exists() and not (root / RELEASES_FILE).is_symlink():
        return (), []
    source, problems = read_source(root, RELEASES_FILE)
    if source is None:
        return (), problems
    log, found = load_model(source, ReleaseLog, cache)
    return (tuple(log.releases) if log is not None else ()), problems + found


def load(root: Path) -> LoadResult:
    """Load everything, collecting all problems across all files (cross-file checks are in `check`)."""
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    cache = ParseCache.open(root)

    meta: SynthesisMeta | None = None
    themes: ThemesFile | None = None
    for key, relative, model in (
        ("synthesis", SYNTHESIS_FILE, SynthesisMeta),
        ("themes", THEMES_FILE, ThemesFile),
    ):
        source, found = read_source(root, relative)
        problems += found
        if source is None:
            continue
        sources[key] = source
        value, found = load_model(source, model, cache)
        problems += found
        if isinstance(value, SynthesisMeta):
            meta = value
        elif isinstance(value, ThemesFile):
            themes = value

    releases, found = _load_releases(root, cache)
    problems += found

    studies: list[Study] = []
    failed_studies = 0
    for relative in study_paths(root):
        source, found = read_source(root, relative)
        problems += found
        if source is None:
            failed_studies += 1
            continue
        study, found = load_model(source, Study, cache)
        problems += found
        failed_studies += study is None
        if study is not None:
            studies.append(study)
            sources.setdefault(study.id, source)
            sources[f"file:{relative.stem}"] = source

    cache.save()
    bibliography, bib_source, found = load_bibliography(root)
    problems += found
    if bib_source is not None:
        sources["bibliography"] = bib_source

    corpus = None
    if meta is not None and themes is not None and bibliography is not None:
        ordered = tuple(sorted(studies, key=lambda s: s.id))
        corpus = Corpus(meta, themes, ordered, bibliography, sources, releases, complete=failed_studies == 0)
    return LoadResult(corpus, problems)

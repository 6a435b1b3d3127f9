"""Read `synthesis/` and `bibliography/` into validated models; collect every problem with its position.

I/O happens here and nowhere else in the core: the rest of the pipeline works on the `Corpus` value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pybtex.database import BibliographyData
from pybtex.scanner import PybtexError
from pydantic import BaseModel, ValidationError

from synthsite.load import bibcache
from synthsite.load.bibcheck import bibliography_problems
from synthsite.load.bibcommas import comma_problems
from synthsite.load.bibparse import parse_bibtex, repeated_key_line
from synthsite.load.datafiles import ReadRefused, entries, read_bounded
from synthsite.load.indentation import INDENTATION_ERRORS, indentation_message
from synthsite.load.memo import LoadMemo
from synthsite.load.messages import problems_from_validation
from synthsite.load.parsecache import ParseCache, digest, tracked_cache_problems
from synthsite.load.problems import Problem
from synthsite.load.safeyaml import Positions, YamlProblem, decode, parse, positions
from synthsite.load.swallowed import swallowed_fields
from synthsite.load.text import refused_in
from synthsite.model import (
    MAX_BIB_BYTES,
    MAX_FILE_BYTES,
    ReleaseLog,
    ReleaseRecord,
    RetiredDownloads,
    Study,
    SynthesisMeta,
    ThemesFile,
)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

SYNTHESIS_FILE = Path("synthesis/synthesis.yaml")
THEMES_FILE = Path("synthesis/themes.yaml")
STUDIES_DIR = Path("synthesis/studies")
BIB_FILE = Path("bibliography/references.bib")
RELEASES_FILE = Path("synthesis/releases.yaml")


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
    """One study per id (when two files hold the same id, the first by path; the clash is an error)."""
    bibliography: BibliographyData
    sources: dict[str, Source] = field(default_factory=dict, compare=False)
    """Every file read, by its path relative to the project root (`synthesis/themes.yaml`, ...)."""
    study_files: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    """Study id -> the paths of the files that hold it (more than one only when ids clash)."""
    releases: tuple[ReleaseRecord, ...] = ()
    """Published releases, newest first (synthesis/releases.yaml; empty before the first release)."""
    retired: tuple[RetiredDownloads, ...] = ()
    """Downloads that releases published and this version no longer makes (synthesis/releases.yaml)."""
    complete: bool = True
    """False when some study file failed to load: whole-corpus checks (orphans, unused references) then
    stay quiet rather than blame the missing study's themes and references."""
    memo: LoadMemo | None = field(default=None, compare=False)
    """The preview's memo this corpus was loaded with (`load.memo`), for values derived from one record; None in
    every other build."""
    digests: dict[str, str] = field(default_factory=dict, compare=False)
    """Path -> digest of the file's text, for the files a memo was consulted for (empty without a memo)."""

    def study_source(self, study_id: str) -> Source:
        """The file a study was loaded from."""
        return self.sources[self.study_files[study_id][0]]

    def study_digest(self, study_id: str) -> str | None:
        """The digest of the study's file text when loaded with a memo (the key of values derived from it)."""
        return self.digests.get(self.study_files[study_id][0])

    def source_of(self, relative: Path) -> Source | None:
        """A file read at load (`source_of(THEMES_FILE)`), or None if it was not read."""
        return self.sources.get(relative.as_posix())


@dataclass
class LoadResult:
    corpus: Corpus | None
    problems: list[Problem]


def read_source(
    root: Path, relative: Path, limit: int = MAX_FILE_BYTES, hint: str | None = None
) -> tuple[Source | None, list[Problem]]:
    """Read and decode one file: only a regular file inside the project (see `datafiles`), at most `limit` bytes."""
    shown = relative.as_posix()
    try:
        raw = read_bounded(root, relative, limit)
        return Source(shown, decode(raw, limit) if hint is None else decode(raw, limit, hint)), []
    except ReadRefused as exc:
        return None, [Problem(shown, 1, 1, "", exc.message, exc.hint)]
    except FileNotFoundError:
        return None, [Problem(shown, 1, 1, "", "file not found", "every synthesis needs this file")]
    except YamlProblem as exc:
        return None, [Problem(shown, exc.line, exc.col, "", exc.message, exc.hint)]
    except OSError as exc:
        return None, [Problem(shown, 1, 1, "", f"cannot read the file: {exc.strerror}")]


def load_model(source: Source, model: type[M], cache: ParseCache | None = None) -> tuple[M | None, list[Problem]]:
    """Parse YAML strictly and validate it against a model; every problem carries a position."""
    key = digest(source.text) if cache is not None else ""
    data = cache.get(key) if cache is not None else None
    if data is None:
        try:
            data = parse(source.text)
        except YamlProblem as exc:
            plain = indentation_message(source.text, exc.line) if INDENTATION_ERRORS.search(exc.message) else None
            if plain is not None:  # which field the line seems to belong to, not libyaml's parser state
                return None, [Problem(source.path, plain[0], plain[1], "", plain[2], plain[3])]
            return None, [Problem(source.path, exc.line, exc.col, "", exc.message, exc.hint)]
        if cache is not None and isinstance(data, dict):
            cache.put(key, data)
    if not isinstance(data, dict):
        return None, [Problem(source.path, 1, 1, "", "the file must be a group of fields (`name: value` lines)", None)]
    try:
        return model.model_validate(data, strict=True), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, model, data, source.path, source.positions())


def load_bibliography(
    root: Path, memo: LoadMemo | None = None, cache: ParseCache | None = None
) -> tuple[BibliographyData | None, Source | None, list[Problem]]:
    """Read and parse references.bib; a parse error is one problem, never a traceback. With the preview's `memo`,
    an unchanged file's parse is the last one; with the parse `cache`, pybtex's parse may be the kept one."""
    source, problems = read_source(root, BIB_FILE, MAX_BIB_BYTES, "one BibTeX entry per included study is enough")
    if source is None:
        return None, None, problems
    if memo is None:
        data, problems = parse_bibliography(source, cache)
        return data, source, problems
    key = ("bibliography", source.path, digest(source.text))
    data, found = memo.get(key, lambda: _frozen(parse_bibliography(source, cache)))
    return data, source, list(found)


def _frozen(result: tuple[T, list[Problem]]) -> tuple[T, tuple[Problem, ...]]:
    """A value and its problems as the memo keeps them (the caller's list is its own)."""
    return result[0], tuple(result[1])


def parse_bibliography(
    source: Source, cache: ParseCache | None = None
) -> tuple[BibliographyData | None, list[Problem]]:
    """Parse BibTeX with pybtex (or take the parse `cache` keeps for this text: `bibcache`), then check its text,
    addresses and DOIs (`bibcheck`), every problem located."""
    commas = comma_problems(source.text)  # where pybtex would blame the next line, or accept a key without comma
    if commas:
        return None, [Problem(source.path, c.line, c.column, "", c.message, c.hint) for c in commas]
    try:
        data = _parsed_bibtex(source.text, cache)
    except PybtexError as exc:
        line = min(bib_error_line(exc), source.text.count("\n") + 1)  # pybtex also counts a lone \r as a line
        repeated = REPEATED_KEY.match(str(exc))
        if repeated is not None:
            line = repeated_key_line(source.text, repeated.group(1))
        return None, [Problem(source.path, line, 1, "", f"BibTeX error: {exc}")]
    except Exception as exc:  # pybtex raises a few plain exceptions on malformed names
        return None, [Problem(source.path, 1, 1, "", f"BibTeX error: {exc}")]
    return data, bibliography_problems(data, source.text, source.path)


def _parsed_bibtex(text: str, cache: ParseCache | None) -> BibliographyData:
    """pybtex's parse of `text`: the one the parse cache keeps for it, else a parse (kept when it succeeds, before
    any check changes it). Raises pybtex's errors, as `parse_bibtex` does."""
    if cache is None or not cache.keeps:
        return parse_bibtex(text)
    cache_key = bibcache.key(text)
    data = bibcache.rebuilt(cache.get(cache_key))
    if data is None:
        data = parse_bibtex(text)
        cache.put(cache_key, bibcache.encoded(data))
    return data


REPEATED_KEY = re.compile(r"repeated bibliography entry: (.+)$")


def bib_error_line(exc: Exception) -> int:
    """The line pybtex blames for a parse error, or 1 when it names none."""
    lineno = getattr(exc, "lineno", None)
    return int(lineno) if isinstance(lineno, int) and lineno > 0 else 1


def study_paths(root: Path) -> tuple[list[Path], list[Problem]]:
    """The study files under synthesis/studies (relative to root, in a stable order), and a problem for every
    other entry there: nothing in the folder is skipped without a word."""
    if not (root / STUDIES_DIR).is_dir() and not (root / STUDIES_DIR).is_symlink():
        return [], []
    try:
        listed = entries(root, STUDIES_DIR)
    except ReadRefused as exc:
        return [], [Problem(STUDIES_DIR.as_posix(), 1, 1, "", exc.message, exc.hint)]
    except OSError as exc:
        return [], [Problem(STUDIES_DIR.as_posix(), 1, 1, "", f"cannot read the folder: {exc.strerror}")]
    paths: list[Path] = []
    problems: list[Problem] = []
    for entry in listed:
        shown = entry.relative.as_posix()
        is_yaml = entry.relative.suffix in {".yaml", ".yml"}
        refused = refused_in(entry.relative.name)
        if refused is not None:
            message = f"the file name contains {refused.message.removeprefix('the text contains ')}; it is not read"
            problems.append(Problem(shown, 1, 1, "", message, "rename the file to <study id>.yaml"))
        elif entry.kind == "hidden":
            if entry.relative.name not in IGNORED_NAMES:
                problems.append(Problem(shown, 1, 1, "", HIDDEN, "rename it to <study id>.yaml or remove it"))
        elif entry.kind == "folder":
            problems.append(Problem(shown, 1, 1, "", "folders inside synthesis/studies are not read", STRAY_HINT))
        elif is_yaml or entry.kind == "special":
            paths.append(entry.relative)  # reading a special file reports it without blocking
        else:
            problems.append(Problem(shown, 1, 1, "", "not a study file (study files end in .yaml)", STRAY_HINT))
    return paths, problems


HIDDEN = "the file name starts with `.` (a hidden file): it is not read"
STRAY_HINT = "synthesis/studies holds only <study id>.yaml files; move or remove it"
IGNORED_NAMES = frozenset({".gitkeep", ".gitignore"})
"""Hidden files that git needs in a folder and that hold no data."""


def stray_files(root: Path, folder: Path, expected: set[str]) -> list[Problem]:
    """A warning for every entry of a data folder other than the files it is meant to hold."""
    if not (root / folder).is_dir():
        return []
    try:
        listed = entries(root, folder)
    except (ReadRefused, OSError):
        return []  # reading the expected file reports the folder
    return [
        Problem(
            entry.relative.as_posix(),
            1,
            1,
            "",
            f"not read: {folder.as_posix()}/ holds only {', '.join(sorted(expected))}",
            "move or remove it",
            "warning",
        )
        for entry in listed
        if entry.relative.name not in expected | IGNORED_NAMES
    ]


def _validated(
    source: Source, model: type[M], cache: ParseCache, memo: LoadMemo | None, digests: dict[str, str]
) -> tuple[M | None, list[Problem]]:
    """`load_model`, and for a study file the fields its YAML swallowed; with the preview's `memo`, the last
    result for the same path and text (the result is a function of these two and the model alone)."""

    def make() -> tuple[M | None, tuple[Problem, ...]]:
        value, found = load_model(source, model, cache)
        if model is Study:
            found += swallowed_fields(source.path, source.text, Study)
        return value, tuple(found)

    if memo is None:
        value, found = make()
        return value, list(found)
    text_key = digests[source.path] = digest(source.text)
    value, found = memo.get(("record", model.__name__, source.path, text_key), make)
    return value, list(found)


def _load_releases(
    root: Path, cache: ParseCache, memo: LoadMemo | None, digests: dict[str, str]
) -> tuple[ReleaseLog, list[Problem]]:
    """synthesis/releases.yaml is optional: a synthesis that was never released has none."""
    if not (root / RELEASES_FILE).exists() and not (root / RELEASES_FILE).is_symlink():
        return ReleaseLog(), []
    source, problems = read_source(root, RELEASES_FILE)
    if source is None:
        return ReleaseLog(), problems
    log, found = _validated(source, ReleaseLog, cache, memo, digests)
    return (log if log is not None else ReleaseLog()), problems + found


def load(root: Path, *, cached: bool = True, memo: LoadMemo | None = None) -> LoadResult:
    """Load everything, collecting all problems across all files (cross-file checks are in `check`).
    `cached=False` for a temporary folder, whose parse cache would never be used again. `memo`: the preview's
    (`load.memo`); once it holds the last load, the few files a save changed are parsed without the parse cache
    (reading that whole cache would cost more than parsing them)."""
    problems: list[Problem] = tracked_cache_problems(root)
    sources: dict[str, Source] = {}
    digests: dict[str, str] = {}
    if memo is not None:
        memo.start()
    warm = memo is not None and not memo.cold
    cache = ParseCache.open(root) if cached and not warm else ParseCache(None, {})

    meta: SynthesisMeta | None = None
    themes: ThemesFile | None = None
    for relative, model in ((SYNTHESIS_FILE, SynthesisMeta), (THEMES_FILE, ThemesFile)):
        source, found = read_source(root, relative)
        problems += found
        if source is None:
            continue
        sources[source.path] = source
        value, found = _validated(source, model, cache, memo, digests)
        problems += found
        if isinstance(value, SynthesisMeta):
            meta = value
        elif isinstance(value, ThemesFile):
            themes = value

    releases, found = _load_releases(root, cache, memo, digests)
    problems += found

    by_id: dict[str, Study] = {}
    study_files: dict[str, tuple[str, ...]] = {}
    paths, found = study_paths(root)
    problems += found
    failed_studies = sum(problem.severity == "error" for problem in found)
    for relative in paths:
        source, found = read_source(root, relative)
        problems += found
        if source is None:
            failed_studies += 1
            continue
        study, found = _validated(source, Study, cache, memo, digests)
        problems += found
        if study is None:
            failed_studies += 1
            continue
        sources[source.path] = source
        by_id.setdefault(study.id, study)
        study_files[study.id] = (*study_files.get(study.id, ()), source.path)

    bibliography, bib_source, found = load_bibliography(root, memo, cache)
    cache.save()
    problems += found
    problems += stray_files(root, BIB_FILE.parent, {BIB_FILE.name})
    if bib_source is not None:
        sources[bib_source.path] = bib_source

    corpus = None
    if meta is not None and themes is not None and bibliography is not None:
        ordered = tuple(by_id[study_id] for study_id in sorted(by_id))
        corpus = Corpus(
            meta,
            themes,
            ordered,
            bibliography,
            sources,
            study_files,
            tuple(releases.releases),
            tuple(releases.retired),
            complete=failed_studies == 0,
            memo=memo,
            digests=digests,
        )
    return LoadResult(corpus, problems)

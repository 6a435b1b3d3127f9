"""Cross-file integrity checks on a loaded corpus: what no single file's schema can see."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import PurePosixPath

from synthsite.load.corpus import Corpus, Source
from synthsite.load.problems import Problem, Severity, field_path
from synthsite.load.safeyaml import Path, Positions
from synthsite.model import NOT_REPORTED, SUPPORTING, Domain, Study, SynthesizedTheme, not_reported


@cache
def _positions(text: str) -> Positions:
    from synthsite.load.safeyaml import positions

    return positions(text)


def _at(
    source: Source,
    where: Path,
    message: str,
    hint: str | None = None,
    severity: Severity = "error",
    *,
    key: bool = False,
) -> Problem:
    located = _positions(source.text)
    line, col = located.of_key(where) if key else located.of_value(where)
    return Problem(source.path, line, col, field_path(where), message, hint, severity)


def check(corpus: Corpus) -> list[Problem]:
    """Every cross-file problem; errors and warnings, unsorted."""
    problems: list[Problem] = []
    problems += _check_ids(corpus)
    problems += _check_citations(corpus)
    problems += _check_crosswalk(corpus)
    problems += _check_themes_file(corpus)
    for study in corpus.studies:
        problems += _check_sample(study, corpus.study_source(study.id))
        problems += _check_unlinked_themes(study, corpus.study_source(study.id))
    return problems


def _check_ids(corpus: Corpus) -> list[Problem]:
    problems = []
    counts = Counter(s.id for s in corpus.studies)
    for study in corpus.studies:
        source = corpus.study_source(study.id)
        stem = PurePosixPath(source.path).stem
        if stem != study.id:
            problems.append(
                _at(
                    source,
                    ("id",),
                    f"id {study.id!r} does not match the file name {PurePosixPath(source.path).name!r}",
                    f"rename the file to {study.id}.yaml or set id: {stem}",
                )
            )
        if counts[study.id] > 1:
            problems.append(_at(source, ("id",), f"id {study.id!r} is used by more than one study file"))
    for path_key, source in corpus.sources.items():
        if path_key.startswith("file:") and source.path.endswith(".yml"):
            problems.append(Problem(source.path, 1, 1, "", "study files end in .yaml", "rename the file", "warning"))
    return problems


def _check_citations(corpus: Corpus) -> list[Problem]:
    problems = []
    keys = set(corpus.bibliography.entries.keys())
    used = set()
    for study in corpus.studies:
        used.add(study.citation)
        if study.citation not in keys:
            known = ", ".join(sorted(keys)) or "none"
            problems.append(
                _at(
                    corpus.study_source(study.id),
                    ("citation",),
                    f"citation key {study.citation!r} is not in bibliography/references.bib",
                    f"add its BibTeX entry there; keys present: {known}",
                )
            )
    bib = corpus.sources.get("bibliography")
    for key in sorted(keys - used) if corpus.complete else ():
        if bib is not None:
            line = _bib_entry_line(bib.text, key)
            problems.append(
                Problem(
                    bib.path,
                    line,
                    1,
                    key,
                    "no study cites this entry",
                    "remove it or add the study",
                    "warning",
                )
            )
    return problems


def _bib_entry_line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("@") and f"{{{key}," in line.replace(" ", ""):
            return number
    return 1


def _check_crosswalk(corpus: Corpus) -> list[Problem]:
    problems = []
    known = {t.id for t in corpus.themes.themes}
    for study in corpus.studies:
        source = corpus.study_source(study.id)
        for t_index, theme in enumerate(study.themes):
            seen: set[str] = set()
            for l_index, link in enumerate(theme.synthesis):
                where = ("themes", t_index, "synthesis", l_index, "theme")
                if link.theme not in known:
                    problems.append(
                        _at(
                            source,
                            where,
                            f"synthesized theme {link.theme!r} does not exist in synthesis/themes.yaml",
                            _closest(link.theme, known),
                        )
                    )
                if link.theme in seen:
                    problems.append(_at(source, where, f"links to {link.theme!r} twice", "keep one link"))
                seen.add(link.theme)
    supported = {
        link.theme
        for study in corpus.studies
        for theme in study.themes
        for link in theme.synthesis
        if link.relation in SUPPORTING
    }
    themes_source = corpus.sources["themes"]
    for index, synthesized in enumerate(corpus.themes.themes):
        if corpus.complete and synthesized.id not in supported:
            problems.append(
                _at(
                    themes_source,
                    ("themes", index, "id"),
                    f"synthesized theme {synthesized.id!r} is not supported by any study theme",
                    "link a study theme to it with relation supports or extends, or remove it",
                )
            )
    return problems


def _closest(name: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"did you mean {close[0]!r}?" if close else f"known ids: {', '.join(sorted(known))}"


def _check_themes_file(corpus: Corpus) -> list[Problem]:
    problems = []
    source = corpus.sources["themes"]
    domains = {d.id for d in corpus.themes.domains}
    groups: tuple[tuple[str, Sequence[Domain | SynthesizedTheme]], ...] = (
        ("domain", corpus.themes.domains),
        ("theme", corpus.themes.themes),
    )
    for kind, items in groups:
        counts = Counter(item.id for item in items)
        section = "domains" if kind == "domain" else "themes"
        for index, item in enumerate(items):
            if counts[item.id] > 1:
                problems.append(_at(source, (section, index, "id"), f"{kind} id {item.id!r} is used twice"))
    for index, theme in enumerate(corpus.themes.themes):
        if theme.domain not in domains:
            problems.append(
                _at(
                    source,
                    ("themes", index, "domain"),
                    f"domain {theme.domain!r} is not one of the domains listed",
                    _closest(theme.domain, domains),
                )
            )
    return problems


def _check_sample(study: Study, source: Source) -> list[Problem]:
    problems = []
    sample = study.sample
    total = sum(group.n for group in sample.groups)
    if total != sample.total:
        explained = bool(sample.notes)
        problems.append(
            _at(
                source,
                ("sample", "total"),
                f"the groups add up to {total}, not {sample.total}",
                "make sure sample.notes explains the difference"
                if explained
                else "correct the counts, or explain the difference in sample.notes",
                "warning" if explained else "error",
            )
        )
    for index, group in enumerate(sample.groups):
        if not_reported(group.gender):
            continue
        counts = [group.gender.women, group.gender.men, group.gender.other]
        if any(c == NOT_REPORTED for c in counts):
            continue
        gender_total = sum(int(c) for c in counts)
        if gender_total != group.n:
            problems.append(
                _at(
                    source,
                    ("sample", "groups", index, "gender"),
                    f"gender counts add up to {gender_total}, not n = {group.n}",
                    "make sure sample.notes explains the difference"
                    if sample.notes
                    else "record the counts as the paper reports them and explain the gap in sample.notes",
                    "warning",
                )
            )
    return problems


def _check_unlinked_themes(study: Study, source: Source) -> list[Problem]:
    return [
        _at(
            source,
            ("themes", index, "synthesis"),
            f"study theme {theme.id!r} is not linked to any synthesized theme",
            "add a crosswalk link under `synthesis:`, or note why it bears on none",
            "warning",
            key=True,
        )
        for index, theme in enumerate(study.themes)
        if not theme.synthesis
    ]

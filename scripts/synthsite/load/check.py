"""Cross-file integrity checks on a loaded corpus: what no single file's schema can see."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from synthsite.load.bibcheck import entry_line, field_line
from synthsite.load.corpus import BIB_FILE, SYNTHESIS_FILE, THEMES_FILE, Corpus, Source
from synthsite.load.problems import Problem, Severity, field_path
from synthsite.load.safeyaml import Path, Positions
from synthsite.model import NOT_REPORTED, SUPPORTING, UNLINKED_REASONS, Domain, Study, SynthesizedTheme, not_reported
from synthsite.weburl import non_ascii_host, punycode


@cache
def _positions(text: str) -> Positions:
    from synthsite.load.safeyaml import positions

    return positions(text)


def problem_at(
    source: Source,
    where: Path,
    message: str,
    hint: str | None = None,
    severity: Severity = "error",
    *,
    key: bool = False,
) -> Problem:
    """A problem at `where` in a YAML source, located at the value (or with `key`, at the key)."""
    located = _positions(source.text)
    line, col = located.of_key(where) if key else located.of_value(where)
    return Problem(source.path, line, col, field_path(where), message, hint, severity)


def check(corpus: Corpus) -> list[Problem]:
    """Every cross-file problem of the data as written; errors and warnings, unsorted. The warnings about CERQual
    judgements that disagree with their evidence come from the confidence stage (`confidence.rule_problems`)."""
    problems: list[Problem] = []
    problems += _check_ids(corpus)
    problems += _check_citations(corpus)
    problems += _check_crosswalk(corpus)
    problems += _check_themes_file(corpus)
    problems += _check_key_messages(corpus)
    problems += _check_duplicate_labels(corpus)
    problems += _check_hosts(corpus)
    for study in corpus.studies:
        problems += _check_sample(study, corpus.study_source(study.id))
        problems += _check_unlinked_themes(study, corpus.study_source(study.id))
    return problems


def _check_ids(corpus: Corpus) -> list[Problem]:
    """File name == id, one file per id (the clash reported at every file that holds it), `.yaml` names."""
    problems = []
    for study_id, paths in sorted(corpus.study_files.items()):
        for path in paths:
            source = corpus.sources[path]
            name = PurePosixPath(path).name
            stem = PurePosixPath(path).stem
            if stem != study_id:
                problems.append(
                    problem_at(
                        source,
                        ("id",),
                        f"id {study_id!r} does not match the file name {name!r}",
                        f"rename the file to {study_id}.yaml or set id: {stem}",
                    )
                )
            if len(paths) > 1:
                others = ", ".join(other for other in paths if other != path)
                problems.append(
                    problem_at(
                        source,
                        ("id",),
                        f"id {study_id!r} is also used by {others}",
                        "each study has one file; give one of them another id, or remove the copy",
                    )
                )
            if path.endswith(".yml"):
                problems.append(Problem(path, 1, 1, "", "study files end in .yaml", "rename the file", "warning"))
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
                problem_at(
                    corpus.study_source(study.id),
                    ("citation",),
                    f"citation key {study.citation!r} is not in bibliography/references.bib",
                    f"add its BibTeX entry there; keys present: {known}",
                )
            )
    bib = corpus.source_of(BIB_FILE)
    for key in sorted(keys - used) if corpus.complete else ():
        if bib is not None:
            line = entry_line(bib.text, key)
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
                        problem_at(
                            source,
                            where,
                            f"synthesized theme {link.theme!r} does not exist in synthesis/themes.yaml",
                            _closest(link.theme, known),
                        )
                    )
                if link.theme in seen:
                    problems.append(problem_at(source, where, f"links to {link.theme!r} twice", "keep one link"))
                seen.add(link.theme)
    supported = {
        link.theme
        for study in corpus.studies
        for theme in study.themes
        for link in theme.synthesis
        if link.relation in SUPPORTING
    }
    themes_source = corpus.sources[THEMES_FILE.as_posix()]
    for index, synthesized in enumerate(corpus.themes.themes):
        if corpus.complete and synthesized.id not in supported:
            problems.append(
                problem_at(
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


def _check_key_messages(corpus: Corpus) -> list[Problem]:
    """Each key message on the home page rests on synthesized themes that exist."""
    problems = []
    known = {theme.id for theme in corpus.themes.themes}
    for number, message in enumerate(corpus.meta.key_messages):
        for position, theme_id in enumerate(message.themes):
            if theme_id not in known:
                problems.append(
                    problem_at(
                        corpus.sources[SYNTHESIS_FILE.as_posix()],
                        ("key_messages", number, "themes", position),
                        f"key message {number + 1} names {theme_id!r}, which is not a synthesized theme",
                        _closest(theme_id, known),
                    )
                )
    return problems


def _check_themes_file(corpus: Corpus) -> list[Problem]:
    problems = []
    source = corpus.sources[THEMES_FILE.as_posix()]
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
                problems.append(problem_at(source, (section, index, "id"), f"{kind} id {item.id!r} is used twice"))
    for index, theme in enumerate(corpus.themes.themes):
        if theme.domain not in domains:
            problems.append(
                problem_at(
                    source,
                    ("themes", index, "domain"),
                    f"domain {theme.domain!r} is not one of the domains listed",
                    _closest(theme.domain, domains),
                )
            )
    return problems


def _label_key(label: str) -> str:
    """Labels that read the same (case, width, compatibility forms, spacing) are the same label."""
    return " ".join(unicodedata.normalize("NFKC", label).casefold().split())


def _check_duplicate_labels(corpus: Corpus) -> list[Problem]:
    """Two domains, two synthesized themes or two themes of one study with the same label: readers cannot tell
    them apart in tables, filters and the crosswalk. A warning at the second, naming the first."""
    problems = []
    themes_source = corpus.sources[THEMES_FILE.as_posix()]
    groups: list[tuple[Source, str, Sequence[Domain | SynthesizedTheme | Any]]] = [
        (themes_source, "domains", corpus.themes.domains),
        (themes_source, "themes", corpus.themes.themes),
    ]
    groups += [(corpus.study_source(study.id), "themes", study.themes) for study in corpus.studies]
    for source, section, items in groups:
        first: dict[str, str] = {}
        for index, item in enumerate(items):
            key = _label_key(item.label)
            if key in first:
                problems.append(
                    problem_at(
                        source,
                        (section, index, "label"),
                        f"the label {item.label!r} is also the label of {first[key]!r}",
                        "give each a label readers can tell apart",
                        "warning",
                    )
                )
            else:
                first[key] = item.id
    return problems


def _check_hosts(corpus: Corpus) -> list[Problem]:
    """Web addresses whose host is not plain ASCII: a look-alike of a known host is a warning to check."""
    problems = []
    meta_source = corpus.sources[SYNTHESIS_FILE.as_posix()]
    for name in ("site_url", "repository_url"):
        host = non_ascii_host(getattr(corpus.meta, name))
        if host is not None:
            problems.append(problem_at(meta_source, (name,), _host_message(host), HOST_HINT, "warning"))
    bib = corpus.source_of(BIB_FILE)
    for key, entry in corpus.bibliography.entries.items():
        host = non_ascii_host(str(entry.fields.get("url", "")))
        if host is not None and bib is not None:
            line = field_line(bib.text, key, "url")
            problems.append(Problem(bib.path, line, 1, f"{key}.url", _host_message(host), HOST_HINT, "warning"))
    return problems


HOST_HINT = "check that it is the site you mean; write its ASCII (xn--) form if it is"


def _host_message(host: str) -> str:
    return f"the web address's host {host!r} is not plain ASCII (it reads {punycode(host)!r}): it may imitate another"


def _check_sample(study: Study, source: Source) -> list[Problem]:
    problems = []
    sample = study.sample
    total = sum(group.n for group in sample.groups)
    if total != sample.total:
        explained = bool(sample.notes)
        problems.append(
            problem_at(
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
                problem_at(
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
        problem_at(
            source,
            ("themes", index, "synthesis"),
            f"study theme {theme.id!r} is not linked to any synthesized theme",
            "add a crosswalk link under `synthesis:`, or say why it bears on none: `unlinked:` with `reason:` "
            + " or ".join((", ".join(UNLINKED_REASONS[:-1]), UNLINKED_REASONS[-1]))
            + ", and `explanation:`",
            "warning",
            key=True,
        )
        for index, theme in enumerate(study.themes)
        if not theme.synthesis and theme.unlinked is None
    ]

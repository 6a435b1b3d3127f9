"""The bibliography's parse kept in the parse cache (`load.bibcache`): a kept parse is the parse, and it is checked
like one; a kept value of another shape, or a text that fails to parse, is parsed (and reported) every time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pybtex.database import BibliographyData

from frozen import FROZEN, copy_frozen, edit
from synthsite.load import bibcache, corpus, load, parsecache
from synthsite.load.bibparse import parse_bibtex
from synthsite.load.parsecache import FORMAT, cache_file

BIB = "bibliography/references.bib"

AWKWARD = r"""
@preamble{"\newcommand{\noopsort}[1]{}"}
@string{jrn = "Journal of " # "Recovery"}
@Article{Upper2020,
  AUTHOR = {de la Fontaine, Jean and van Beethoven, Jr., Ludwig and {Barnes and Noble, Inc.} and {\O}stergaard, Ann},
  Title = {A {T}itle with {Braces} and accents: {\"o} {\AA}},
  journal = jrn,
  Editor = "Smith, J. and Doe, Jane Q.",
  year = 2020, pages = {1--2},
  note = "multi
  line   value"
}
@book{lower2019, author = {Single}, title = {Only}, year = {2019}}
"""


def _state(value: Any) -> Any:
    """Everything a pybtex object holds, as plain data (ordered where pybtex keeps order)."""
    if isinstance(value, BibliographyData):
        return {"vars": _state({k: v for k, v in vars(value).items() if k != "entries"}),
                "entries": [(key, _state(vars(entry))) for key, entry in value.entries.items()]}  # fmt: skip
    if hasattr(value, "items"):
        return [(key, _state(item)) for key, item in value.items()]
    if isinstance(value, list | tuple | set | frozenset):
        return [_state(item) for item in value]
    if hasattr(value, "__dict__"):
        return (type(value).__name__, _state(vars(value)))
    return value


@pytest.mark.parametrize(
    ("name", "names"),
    [("frozen", {"von Greiff, Ninive", "{\\O}stergaard Christensen, Torben"}),
     ("awkward", {"de la Fontaine, Jean", "van Beethoven, Jr., Ludwig", "{Barnes and Noble, Inc.}"})],
)  # fmt: skip
def test_a_kept_parse_rebuilds_exactly_what_a_parse_makes(name: str, names: set[str]) -> None:
    text = (FROZEN / BIB).read_text(encoding="utf-8") if name == "frozen" else AWKWARD
    parsed = parse_bibtex(text)
    kept = bibcache.rebuilt(json.loads(json.dumps(bibcache.encoded(parsed))))
    assert kept is not None and kept == parsed
    assert _state(kept) == _state(parsed)
    assert kept.to_string("bibtex") == parsed.to_string("bibtex")
    persons = [person for entry in kept.entries.values() for people in entry.persons.values() for person in people]
    assert {str(person) for person in persons} >= names


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SYNTHSITE_CACHE", "1")
    return copy_frozen(tmp_path / "project")


def _kept_entry(project: Path) -> tuple[Path, dict[str, Any], str]:
    """The cache file, its contents and the bibliography's key in it."""
    path = cache_file(project)
    assert path is not None
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["format"] == FORMAT
    keys = [key for key in stored["entries"] if key.startswith("bibtex:")]
    assert keys == [bibcache.key((project / BIB).read_text(encoding="utf-8"))]
    return path, stored, keys[0]


def _no_parse(text: str) -> BibliographyData:
    raise AssertionError("pybtex parsed the bibliography although its parse was kept")


def test_a_second_load_takes_the_kept_parse_and_loads_the_same_bibliography(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(project)
    assert first.corpus is not None
    _kept_entry(project)
    monkeypatch.setattr(corpus, "parse_bibtex", _no_parse)
    second = load(project)
    assert second.corpus is not None and second.problems == first.problems
    assert _state(second.corpus.bibliography) == _state(first.corpus.bibliography)


@pytest.mark.parametrize(
    "tampered",
    [None, 7, "text", {"preamble": [], "entries": [[1, "article", [], []]]}, {"entries": []},
     {"preamble": [], "entries": [["K", "article", [["title"]], []]]},
     {"preamble": [], "entries": [["K", "article", [], [["author", [["A"]]]]]]},
     {"preamble": [], "entries": [["K", "article", [], []], ["k", "book", [], []]]}],
    ids=["null", "number", "string", "bad-key", "no-preamble", "short-field", "short-name", "repeated-key"],
)  # fmt: skip
def test_a_kept_value_of_another_shape_is_a_miss_and_the_text_is_parsed(project: Path, tampered: Any) -> None:
    fresh = load(project)
    path, stored, key = _kept_entry(project)
    stored["entries"][key] = tampered
    path.write_text(json.dumps(stored), encoding="utf-8")
    again = load(project)
    assert again.corpus is not None and fresh.corpus is not None and again.problems == fresh.problems
    assert _state(again.corpus.bibliography) == _state(fresh.corpus.bibliography)
    _kept_entry(project)  # the miss was parsed and kept again
    assert json.loads(path.read_text(encoding="utf-8"))["entries"][key] != tampered


def test_a_kept_parse_is_checked_like_a_fresh_one(project: Path) -> None:
    """The cache stands in for pybtex only: a kept field with a control character or a bad address is refused."""
    load(project)
    path, stored, key = _kept_entry(project)
    fields = stored["entries"][key]["entries"][0][2]
    for field in fields:
        if field[0].lower() == "title":
            field[1] = "A title with a bell \x07"
        if field[0].lower() == "url":
            field[1] = "javascript:alert(1)"
    path.write_text(json.dumps(stored), encoding="utf-8")
    result = load(project)
    messages = [(problem.field, problem.message) for problem in result.problems]
    assert result.corpus is None or any(problem.severity == "error" for problem in result.problems)
    assert any(where == "KirkegaardThomsen2024.title" and "bell" in message for where, message in messages)
    assert any(where == "KirkegaardThomsen2024.url" and "not a web address" in message for where, message in messages)


def test_a_bibliography_that_fails_to_parse_is_not_kept_and_is_reported_each_time(project: Path) -> None:
    edit(project, BIB, "@article{Topor2021,", "@article{Topor2021,\n  title = {Unclosed,\n")
    first = load(project)
    assert first.corpus is None and any(problem.path == BIB for problem in first.problems)
    path = cache_file(project)
    assert path is not None
    assert not [key for key in json.loads(path.read_text(encoding="utf-8"))["entries"] if key.startswith("bibtex:")]
    assert load(project).problems == first.problems


def test_a_cache_that_keeps_nothing_does_no_work_for_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SYNTHSITE_CACHE=0 (and the preview once it remembers the last load): nothing put is kept, so no value is
    encoded or checked for its JSON round trip (0.17 s for the YAML of 1,000 studies)."""

    def refused(value: object) -> object:
        raise AssertionError("work done for a cache that keeps nothing")

    monkeypatch.setenv("SYNTHSITE_CACHE", "0")
    monkeypatch.setattr(parsecache, "round_trips", refused)
    monkeypatch.setattr(bibcache, "encoded", refused)
    result = load(project)
    assert result.corpus is not None and result.problems == []
    assert "Topor2021" in result.corpus.bibliography.entries

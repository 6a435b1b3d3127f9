"""Property-based tests: whatever bytes or data arrive, the loader answers with clean problems, fast."""

from __future__ import annotations

import json
import shutil
import unicodedata
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthsite.cite.latex import normalise_doi
from synthsite.load.corpus import Source, load_model, parse_bibliography
from synthsite.load.problems import Problem
from synthsite.load.safeyaml import YamlProblem, decode, parse
from synthsite.load.text import FORBIDDEN
from synthsite.model import Study, SynthesisMeta, ThemesFile
from synthsite.pipeline import validate as validate_corpus
from synthsite.weburl import is_web_url

REPO = Path(__file__).resolve().parents[1]
STUDY = "synthesis/studies/moen-2023.yaml"

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
)
keys = st.one_of(st.sampled_from(["id", "citation", "themes", "sample", "total", "label", "n"]), st.text(max_size=12))
nested = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=5)),
    max_leaves=40,
)
BOUNDED = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _source(text: str) -> Source:
    return Source(STUDY, text)


@BOUNDED
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_give_data_or_a_located_problem(raw: bytes) -> None:
    try:
        text = decode(raw)
        parse(text)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.col >= 1
        assert problem.message


@BOUNDED
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\t\n ?,%@`0")), max_size=200))
def test_yaml_shaped_noise_never_escapes_as_an_exception(text: str) -> None:
    study, problems = load_model(_source(text), Study)
    assert study is None or not problems
    assert all(isinstance(p, Problem) and p.line >= 1 for p in problems)


@BOUNDED
@given(nested)
def test_arbitrary_nested_data_is_validated_into_problems(data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    study, problems = load_model(_source(text), Study)
    assert study is None
    assert problems, "arbitrary data is never a valid study"
    for problem in problems:
        assert problem.path == STUDY
        assert problem.line >= 1 and problem.col >= 1
        assert "Traceback" not in problem.format()


@settings(max_examples=40, deadline=timedelta(seconds=5), suppress_health_check=list(HealthCheck))
@given(nested)
def test_a_corpus_with_an_arbitrary_study_file_reports_cleanly(tmp_path_factory, data: object) -> None:
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(REPO / "synthesis", root / "synthesis")
    shutil.copytree(REPO / "bibliography", root / "bibliography")
    (root / STUDY).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    corpus, problems = validate_corpus(root)
    assert corpus is None
    assert any(p.path == STUDY for p in problems)


# ------------------------------------------------------- synthesis.yaml, themes.yaml and BibTeX fields

PROPERTY = settings(
    max_examples=80,
    deadline=None,  # timings say nothing here (a shared machine); the bench measures speed
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

DATA_FILES = {
    "synthesis/synthesis.yaml": SynthesisMeta,
    "synthesis/themes.yaml": ThemesFile,
    STUDY: Study,
}


@PROPERTY
@given(st.sampled_from(sorted(DATA_FILES)), nested)
def test_arbitrary_data_in_any_data_file_is_validated_into_problems(path: str, data: object) -> None:
    model = DATA_FILES[path]
    value, problems = load_model(Source(path, yaml.safe_dump(data, allow_unicode=True)), model)
    assert value is None and problems
    for problem in problems:
        assert problem.path == path and problem.line >= 1 and problem.col >= 1


def _string_paths(data: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _string_paths(value, (*path, key))]
    if isinstance(data, list):
        return [found for index, value in enumerate(data) for found in _string_paths(value, (*path, index))]
    return [path] if isinstance(data, str) else []


def _replaced(data: Any, path: tuple[str | int, ...], value: str) -> Any:
    copy = json.loads(json.dumps(data))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return copy


def _all_strings(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in (key, *_all_strings(value))]
    if isinstance(data, list):
        return [s for value in data for s in _all_strings(value)]
    return [data] if isinstance(data, str) else []


def _as_yaml_reads_it(text: str, where: tuple[str | int, ...]) -> str:
    """The string a plain YAML reader finds at `where` (YAML itself turns a raw NEL or CR into a line break)."""
    found: Any = yaml.safe_load(text)
    for part in where:
        found = found[part]
    return found if isinstance(found, str) else ""


REAL = {path: parse((REPO / path).read_text(encoding="utf-8")) for path in DATA_FILES}
ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
"""Any text, control characters and unnormalised accents included."""


@PROPERTY
@given(st.sampled_from(sorted(DATA_FILES)), st.data(), ANY_TEXT)
def test_any_text_in_any_field_is_refused_or_arrives_normalised(path: str, draw: st.DataObject, text: str) -> None:
    """Whatever string replaces whichever string of a real file: a control character is a located problem;
    anything accepted comes out with no control character, in NFC, whatever field it reached."""
    original = REAL[path]
    where = draw.draw(st.sampled_from(_string_paths(original)))
    source = Source(path, yaml.safe_dump(_replaced(original, where, text), allow_unicode=True, width=10_000))
    value, problems = load_model(source, DATA_FILES[path])
    if FORBIDDEN.search(_as_yaml_reads_it(source.text, where)):
        assert value is None
        assert any("control character" in problem.message and problem.line >= 1 for problem in problems)
    if value is not None:
        for string in _all_strings(value.model_dump(mode="json")):
            assert not FORBIDDEN.search(string) and unicodedata.is_normalized("NFC", string)


@PROPERTY
@given(st.text(alphabet="0123456789abcdefxo+-", min_size=1, max_size=6_000))
def test_any_number_literal_is_a_value_or_a_located_problem(digits: str) -> None:
    text = REAL_STUDY_TEXT.replace("  total: 18\n", f"  total: {digits}\n", 1)
    study, problems = load_model(Source(STUDY, text), Study)
    assert study is not None or problems
    for problem in problems:
        assert problem.line >= 1 and "Traceback" not in problem.format()
        problem.format().encode("utf-8")


REAL_STUDY_TEXT = (REPO / "tests" / "fixtures" / "frozen" / STUDY).read_text(encoding="utf-8")

BIB_FIELD = st.one_of(
    ANY_TEXT,
    st.sampled_from(["https://example.org/x", "javascript:alert(1)", "10.1000/x", "doi:10.1000/x", "//x", ""]),
)


@PROPERTY
@given(BIB_FIELD, BIB_FIELD, BIB_FIELD, BIB_FIELD)
def test_any_bibtex_field_is_refused_at_its_line_or_safe(title: str, author: str, url: str, doi: str) -> None:
    """A url that is not a web address, a doi that is not a DOI or a control character anywhere is a problem;
    what is accepted is safe to copy into downloads."""
    text = f"@article{{Key2024,\n  author = {{{author}}},\n  title = {{{title}}},\n  url = {{{url}}},\n  doi = {{{doi}}}\n}}\n"
    data, problems = parse_bibliography(Source("bibliography/references.bib", text))
    assert all(1 <= problem.line <= text.count("\n") + 1 for problem in problems)
    if data is None or problems:
        return
    for entry in data.entries.values():
        for name, value in entry.fields.items():
            assert not FORBIDDEN.search(value) and unicodedata.is_normalized("NFC", value)
            if name.lower() == "url":
                assert is_web_url(value.replace("{", "").replace("}", "").strip())
            if name.lower() == "doi":
                assert normalise_doi(value) is not None
        for persons in entry.persons.values():
            assert not any(FORBIDDEN.search(str(person)) for person in persons)

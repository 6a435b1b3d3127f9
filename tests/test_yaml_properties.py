"""Property-based tests: whatever bytes or data arrive, the loader answers with clean problems, fast."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthsite.load.corpus import Source, load_model
from synthsite.load.problems import Problem
from synthsite.load.safeyaml import YamlProblem, decode, parse
from synthsite.model import Study
from synthsite.pipeline import validate as validate_corpus

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

"""Hostile values in the data: script addresses, control characters however written, numbers too large to
convert, and values the parse cache could not give back. Each gets a clean, located message and stops the build
before anything is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from frozen import copy_frozen, edit, validate
from hostile_corpus import HOSTILE_BIB_KEY, URL_ATTACKS, URL_FIELDS, plant_url
from sitebuild import config_for, mkdocs_build
from synthsite.cli import main
from synthsite.load import load, parsecache
from synthsite.load.messages import _type_name
from synthsite.load.parsecache import ParseCache, cache_file, round_trips

MOEN = "synthesis/studies/moen-2023.yaml"
META = "synthesis/synthesis.yaml"
THEMES = "synthesis/themes.yaml"
BIB = "bibliography/references.bib"
CONTROL_HINT = (
    "(delete it: it is invisible in most editors; text may hold tabs and line breaks, no other control characters)"
)
URL_HINT = "write the full web address, starting with https:// (or http://) and the host name"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_frozen(tmp_path)


# ------------------------------------------------------------------------------------------ addresses


@pytest.mark.parametrize("attack", URL_ATTACKS)
@pytest.mark.parametrize("field", URL_FIELDS)
def test_every_address_field_refuses_every_attack(project: Path, field: str, attack: str) -> None:
    """The attack is a located error; validate fails and `pages --out` and `export` write nothing."""
    path, line = plant_url(project, field, attack)
    code, lines = validate(project)
    assert code == 1
    if field.startswith("bib-"):
        name = field.removeprefix("bib-")
        wanted = "is not a web address" if name == "url" else "is not a DOI"
        located = [entry for entry in lines if entry.startswith(f"{path}:{line}:1: {HOSTILE_BIB_KEY}.{name}: ")]
    else:
        wanted = f'is not a web address ({URL_HINT}, e.g. {field}: "https://'
        located = [entry for entry in lines if entry.startswith(f"{path}:{line}:{len(field) + 3}: {field}: text (")]
    assert len(located) == 1 and wanted in located[0], lines
    out = project / "out"
    pages = CliRunner().invoke(main, ["pages", "--root", str(project), "--out", str(out)])
    assert pages.exit_code == 1 and not out.exists()


def test_bibtex_url_and_doi_are_checked_where_they_are(project: Path) -> None:
    edit(project, BIB, "doi       = {10.18261/njwel.2.1.2},", "doi = {javascript:alert(1)//10.1/x},")
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        f"{BIB}:22:1: Moen2023.doi: 'javascript:alert(1)//10.1/x' is not a DOI "
        "(write the DOI as 10.xxxx/..., e.g. doi = {10.1007/s11469-019-00063-8})",
        "1 error(s), 0 warning(s)",
    ]
    out = project / "refs.bib"
    result = CliRunner().invoke(main, ["export", "--root", str(project), "--format", "bibtex", "--out", str(out)])
    assert result.exit_code == 1 and not out.exists()


def test_a_doi_may_be_written_as_a_doi_org_address(project: Path) -> None:
    edit(project, BIB, "doi       = {10.18261/njwel.2.1.2}", "doi = {https://doi.org/10.18261/njwel.2.1.2}")
    assert validate(project, "--strict") == (0, [])


# ---------------------------------------------------------------------------------- control characters


ESCAPES = [
    ("\\e[31m", "U+001B escape"),
    ("\\x07", "U+0007 bell"),
    ("\\0", "U+0000 NUL"),
    ("\\r=cmd", "U+000D carriage return"),
    ("\\x9b", "U+009B control sequence introducer"),
    ("\\N", "U+0085 next line"),
    ("\\x7f", "U+007F delete"),
    ("\\u0008", "U+0008 backspace"),
]


@pytest.mark.parametrize(("escape", "named"), ESCAPES, ids=[e[1] for e in ESCAPES])
@pytest.mark.parametrize(
    ("relative", "old", "new", "where"),
    [
        (MOEN, "  total: 18\n", '  total: 18\n  recruitment: "x{}y"\n', "34:16: (file)"),
        (META, "licence: ", 'licence: "{}"\nx: ', None),
        (THEMES, "    label: What supports personal recovery\n", '    label: "{}"\n', "6:12: (file)"),
    ],
    ids=["study", "synthesis", "themes"],
)
def test_escaped_control_characters_are_refused_at_their_line(
    project: Path, relative: str, old: str, new: str, where: str | None, escape: str, named: str
) -> None:
    if relative == MOEN:
        edit(project, relative, "  recruitment: ", "  recruitment_was: ")  # keep one recruitment field
    edit(project, relative, old, new.replace("{}", escape))
    code, lines = validate(project)
    assert code == 1
    expected = f"the text contains a control character ({named}) {CONTROL_HINT}"
    located = [line for line in lines if expected in line]
    assert located and located[0].startswith(relative + ":"), lines
    if where is not None:
        assert located[0] == f"{relative}:{where}: {expected}"


def test_a_control_character_in_a_field_name_is_refused(project: Path) -> None:
    edit(project, MOEN, "  total: 18\n", '  "tot\\x1bal": 18\n')
    code, lines = validate(project)
    assert code == 1
    assert f"{MOEN}:33:3: (file): the text contains a control character (U+001B escape) {CONTROL_HINT}" in lines


def test_a_raw_control_character_gets_the_same_message(project: Path) -> None:
    edit(project, MOEN, "  total: 18\n", "  total: 18\n  x: a\x07b\n")
    code, lines = validate(project)
    assert code == 1
    assert lines[0] == f"{MOEN}:34:7: (file): the text contains a control character (U+0007 bell) {CONTROL_HINT}"


def test_tabs_and_line_breaks_are_text(project: Path) -> None:
    edit(project, MOEN, "  recruitment: >-\n    The study", "  recruitment: |-\n    Tab\there,\n    The study")
    assert validate(project, "--strict") == (0, [])
    corpus = load(project).corpus
    assert corpus is not None
    moen = next(study for study in corpus.studies if study.id == "moen-2023")
    assert moen.sample.recruitment.startswith("Tab\there,\nThe study")


def test_control_characters_in_bibtex_fields_and_names_are_refused(project: Path) -> None:
    edit(project, BIB, "title     = {Employment and", "title     = {Employ\x1b[31mment and")
    edit(project, BIB, "author    = {Moen, Ellen", "author    = {Moen\x07, Ellen")
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        f"{BIB}:18:1: Moen2023.author: the text contains a control character (U+0007 bell) {CONTROL_HINT}",
        f"{BIB}:19:1: Moen2023.title: the text contains a control character (U+001B escape) {CONTROL_HINT}",
        "2 error(s), 0 warning(s)",
    ]


def test_text_is_put_in_one_unicode_form(project: Path) -> None:
    edit(project, MOEN, "  recruitment: >-\n    The study", "  recruitment: >-\n    Ve\u0301ronique. The study")
    edit(project, BIB, "title     = {Employment and", "title     = {Caf\u0065\u0301 and")
    corpus = load(project).corpus
    assert corpus is not None
    moen = next(study for study in corpus.studies if study.id == "moen-2023")
    assert moen.sample.recruitment.startswith("V\u00e9ronique. The study")
    assert str(corpus.bibliography.entries["Moen2023"].fields["title"]).startswith("Caf\u00e9 and")


# --------------------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("number", ["9" * 5000, "0x" + "f" * 5000, "0o" + "7" * 5000, "-" + "1" * 4301])
def test_a_number_too_long_to_convert_is_a_located_problem(project: Path, number: str) -> None:
    edit(project, MOEN, "  total: 18\n", f"  total: {number}\n")
    code, lines = validate(project)
    assert code == 1
    characters = len(number.lstrip("-"))
    assert lines[0] == (
        f"{MOEN}:33:10: (file): the number is too large ({characters:,} characters long) "
        "(numbers in these files are counts, far smaller; check for a typo, or quote it if it is text)"
    )


def test_a_large_number_gets_the_models_bound(project: Path) -> None:
    edit(project, MOEN, "  total: 18\n", "  total: 0x7fffffffffffffff\n")
    code, lines = validate(project)
    assert code == 1
    assert lines[0] == (
        f"{MOEN}:33:10: sample.total: input should be less than or equal to 10000000, got 9223372036854775807 "
        "(e.g. total: 48)"
    )


def test_messages_never_convert_a_huge_number() -> None:
    assert _type_name(10**5000) == "a number about 5,001 digits long"
    assert _type_name(-(16**5000)) == "a number about 6,021 digits long"


def test_mkdocs_build_reports_a_huge_number_without_a_traceback(project: Path) -> None:
    edit(project, THEMES, "    label: What supports personal recovery\n", "    label: 0x" + "f" * 6000 + "\n")
    result = mkdocs_build(config_for(project, project / "config"), project / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{THEMES}:6:12: (file): the number is too large (6,002 characters long)" in result.stderr
    assert not (project / "site").exists()


# ---------------------------------------------------------------------------------------- parse cache


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), {"n": [1, float("-inf")]}, 10**5000, {"t": (1, 2)}],
    ids=["nan", "inf", "nested", "huge-int", "tuple"],
)
def test_the_parse_cache_stores_nothing_that_cannot_round_trip(value: object, tmp_path: Path) -> None:
    assert not round_trips(value)
    cache = ParseCache(tmp_path / "cache.json", {})
    cache.put("k", value)
    cache.save()
    assert not (tmp_path / "cache.json").exists()


def test_values_json_cannot_hold_are_parsed_again_not_cached(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHSITE_CACHE", "1")
    edit(project, MOEN, "  total: 18\n", "  total: .nan\n")
    first = validate(project)
    cached = cache_file(project)
    assert cached is not None
    stored = json.loads(cached.read_text(encoding="utf-8"))
    assert stored["format"] == parsecache.FORMAT
    assert "NaN" not in cached.read_text(encoding="utf-8")
    yaml_entries = [key for key in stored["entries"] if not key.startswith("bibtex:")]  # references.bib: bibcache
    assert len(yaml_entries) == 5  # synthesis, themes and the three other studies
    assert validate(project) == first

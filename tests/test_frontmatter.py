"""A generated page's front matter read without YAML (`builders.frontmatter`) gives what MkDocs' YAML parse gives."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils import meta

from sitebuild import MINI, config_for
from synthsite.builders import frontmatter
from synthsite.render.pagekit import front_matter, yaml_value

HOSTILE = [
    "plain",
    'quotes " and \\ backslash',
    "tab\tnewline\nreturn\r form\f back\b",
    "nul \x00 bell \x07 escape \x1b del \x7f",
    "next line \x85 nbsp \xa0 line sep \u2028 para \u2029 bom \ufeff",
    "accents é ü ß, CJK 漢字, RTL \u202e",
    "astral 🧠 𝕏 \U0010ffff",
    "lone surrogate \ud800 and \udfff",
    "yaml: looks # like a comment, [a, b] {c: d} & *alias !tag | > ' %",
    "---\n...\n",
    "<script>alert(1)</script> &amp; &lt;",
    "",
    " leading and trailing ",
]


def _random_text(rng: random.Random) -> str:
    pools = [(0x20, 0x7E), (0x00, 0x1F), (0x7F, 0xFF), (0x100, 0xD7FF), (0xD800, 0xDFFF), (0xE000, 0xFFFF)]
    pools.append((0x10000, 0x10FFFF))
    text = []
    for _ in range(rng.randint(0, 12)):
        low, high = rng.choice(pools)
        text.append(chr(rng.randint(low, high)))
    return "".join(text)


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randint(0, 7 if depth < 3 else 4)
    if kind <= 1:
        return _random_text(rng)
    if kind == 2:
        return rng.choice([True, False, None])
    if kind == 3:
        return rng.choice([0, -1, 7, 10**20, -(10**20)])
    if kind == 4:
        return rng.choice([1.5, 1e5, -0.0, 1e-7])
    if kind <= 6:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {_random_text(rng): _random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def _same_as_mkdocs(source: str) -> bool:
    """Whether the fast path read the front matter (else MkDocs' parse did), checking the result either way."""
    assert frontmatter.get_data(source) == meta.get_data(source), source
    found = meta.YAML_RE.match(source)
    return found is not None and frontmatter.json_lines(found.group(1)) is not None


def test_the_pipelines_front_matter_is_read_without_yaml_as_yaml_reads_it() -> None:
    """Every title, description and extra value the page kit writes, hostile text included: the same values as
    MkDocs' YAML parse, and read without it unless it holds a character outside the BMP."""
    extras: list[dict[str, object]] = [
        {},
        {"hide": ["toc"]},
        {"highwire": [["citation_title", HOSTILE[6]], ["citation_author", HOSTILE[4]]]},
        {"search": {"exclude": True}, "status": None, "weight": 3},
    ]
    for title in HOSTILE:
        for description in (None, *HOSTILE):
            for extra in extras:
                source = front_matter(title, description, **extra) + "# Heading\n\ntext\n"
                # characters outside the BMP are YAML's `\U0001f9e0`, not JSON: MkDocs' parse reads those
                assert _same_as_mkdocs(source) == ("\\U" not in source), source


def test_random_json_front_matter_reads_as_yaml_reads_it() -> None:
    """Random values as `yaml_value` writes them (every code point range, floats, nesting): the same result as
    MkDocs' parse, by the fast path or, where JSON and YAML differ (floats), by MkDocs' own."""
    rng = random.Random(26)
    fast = 0
    for _ in range(3000):
        lines = [f"{key}: {yaml_value(_random_value(rng))}" for key in rng.sample(["title", "description", "x_y"], 2)]
        fast += _same_as_mkdocs("---\n" + "\n".join(lines) + "\n---\n\nbody\n")
    assert fast > 500  # the rest hold a float or a character outside the BMP


@pytest.mark.parametrize(
    "front",
    [
        'on: "x"',  # YAML 1.1 reads the key as True
        "yes: 1",
        "null: 1",
        'title: "a"\ntitle: "b"',  # a repeated key
        'title: {"a": 1, "a": 2}',
        "title: 1e5",  # a string to YAML 1.1
        "title: 1.5",
        "title: [1.0e+5]",
        'title: "a\\/b"',  # JSON's escaped slash
        'title: "\\U0001f9e0"',  # YAML's escape, not JSON's
        'title: "\\ud83e\\udde0"',  # a surrogate pair: one character to JSON
        'title: "\\ud800"',
        'title: {"a":1}',
        'title:\t"x"',
        'title: "x" ',
        'title: "x" # comment',
        'title: "caf\u00e9"',  # a literal non-ASCII character
        'title: "del \x7f"',
        'title: "a" "b"',
        "title: x",
        "title: 'x'",
        'Title: "x"',
        'title: "x"\nsearch:\n  exclude: true',
        "title: 012",
        "title: -0",
        "title: true",
        "title: []",
        "",
    ],
)
def test_front_matter_json_does_not_read_as_yaml_does_goes_to_mkdocs(front: str) -> None:
    """Lines JSON and YAML 1.1 could read differently are left to MkDocs' parse; the result is MkDocs' either way."""
    for end in ("---", "..."):
        source = f"---\n{front}\n{end}\n\n# Page\n"
        _same_as_mkdocs(source)
    assert frontmatter.get_data("no front matter\n") == meta.get_data("no front matter\n")
    assert frontmatter.get_data('---\ntitle: "x"\n') == meta.get_data('---\ntitle: "x"\n')


def test_only_json_lines_yaml_reads_the_same_take_the_fast_path() -> None:
    """The guard itself: what YAML reads otherwise is refused (else a change to the grammar could pass the
    comparisons above only because MkDocs' parse did the work)."""
    for refused in ("on: 1", "title: 1e5", 'title: "a\\/b"', 'title: "\\ud83e\\udde0"', 'title: {"a":1}', "a: 1\na: 2"):
        assert frontmatter.json_lines(refused + "\n") is None, refused
    assert frontmatter.json_lines('title: "x"\nhide: ["toc"]\nn_items: -3\n') == {
        "title": "x",
        "hide": ["toc"],
        "n_items": -3,
    }


def test_a_build_reads_no_generated_pages_front_matter_with_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generated pages outside the navigation (`GeneratedPage`: the study pages) read their front matter
    without MkDocs' YAML parse, and get the values that parse gives (each compared as the build reads it)."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    config = load_config(str(config_for(root, tmp_path / "config")), site_dir=str(tmp_path / "site"))
    mkdocs_get_data, fast = meta.get_data, frontmatter.get_data
    by_yaml: list[str] = []
    compared: list[str] = []

    def recorded(source: str) -> tuple[str, dict[str, Any]]:
        by_yaml.append(source)
        return mkdocs_get_data(source)

    def checked(source: str) -> tuple[str, dict[str, Any]]:
        result = fast(source)
        compared.append(source)
        assert result == mkdocs_get_data(source)
        return result

    monkeypatch.setattr(meta, "get_data", recorded)
    monkeypatch.setattr(frontmatter, "get_data", checked)
    build(config)
    studies = [source for source in compared if "citation_doi" in source]
    assert len(studies) > 1
    assert [json.dumps(source[:80]) for source in by_yaml if "citation_doi" in source] == []

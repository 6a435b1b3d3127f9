"""Text as text: what readers see about a study is kept apart from the review team's extraction log, data values
carry no Markdown or LaTeX markup, and the home page leads with a plain-language summary and key messages.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitebuild import MINI, REPO, valid_corpus
from synthsite.load.corpus import Corpus
from synthsite.pipeline import generate
from synthsite.pipeline import validate as validate_corpus

COPY_REMARK = re.compile(r"\b(text copy|this copy|the copy)\b", re.IGNORECASE)
"""Words that mark a remark about the review's own copy of a paper, not about the study."""
MARKUP = re.compile(r"`|``|''|\\[a-z]+\{|\*\*|\]\(")
"""Markdown code/bold/link syntax and LaTeX quotes or commands."""


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return valid_corpus(REPO)


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


# The shipped corpus --------------------------------------------------------------------------------------------


def test_no_extraction_remark_is_published_as_a_fact_or_a_limitation(corpus: Corpus) -> None:
    for study in corpus.studies:
        for limitation in study.limitations:
            assert not COPY_REMARK.search(limitation.text), (study.id, limitation.text)
        for note in study.notes:
            assert not COPY_REMARK.search(note), (study.id, note)


def test_the_text_copy_remarks_are_in_the_review_log(corpus: Corpus) -> None:
    logs = {study.id: " ".join(study.review_log) for study in corpus.studies}
    assert "http://pubm.com/p" in logs["moen-2023"]  # the junk DOI line of the copy
    assert "Tables 1-3" in logs["vivolo-2024"] and "missing from this copy" in logs["vivolo-2024"]
    assert "[study website](#)" in logs["kirkegaard-thomsen-2024"]


def test_data_values_carry_no_markdown_or_latex_markup(corpus: Corpus) -> None:
    for study in corpus.studies:
        for text in strings(study.model_dump()):
            assert not MARKUP.search(text.replace("[study website](#)", "")), (study.id, text)
    for text in strings(corpus.themes.model_dump()):
        assert not MARKUP.search(text), text
    for text in strings(corpus.meta.model_dump()):
        assert not MARKUP.search(text), text


def test_the_review_log_is_collapsed_and_apart_from_the_notes(corpus: Corpus) -> None:
    page = generate(corpus).pages["studies/moen-2023/index.md"]
    notes = page.index("## Notes")
    log = page.index('<details class="synthsite-review-log"')
    assert notes < log and "open" not in page[log : page.index(">", log)]
    assert "http://pubm.com/p" in page[log:]
    assert "http://pubm.com/p" not in page[:log]
    limitations = page[page.index("## Limitations") : page.index("## Appraisal")]
    assert not COPY_REMARK.search(limitations)


def test_the_home_page_leads_with_the_summary_and_key_messages(corpus: Corpus) -> None:
    page = generate(corpus).pages["index.md"]
    assert corpus.meta.plain_language_summary and corpus.meta.key_messages
    summary = page.index("## In brief")
    assert summary < page.index("## The evidence at a glance")
    first = corpus.meta.key_messages[0]
    assert first.text.split()[0] in page[summary:]
    themes = {theme.id: theme for theme in corpus.themes.themes}
    for theme_id in first.themes:  # each message shows the confidence of the findings it rests on
        assert f"{themes[theme_id].cerqual.confidence} confidence</span>" in page[summary:]
        assert f'href="themes/{theme_id}/"' in page[summary:]


# Fixture corpora -----------------------------------------------------------------------------------------------


def test_a_key_message_naming_an_unknown_theme_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    meta = root / "synthesis" / "synthesis.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text + "key_messages:\n  - text: Hope matters.\n    themes: [hopes]\n", encoding="utf-8")
    value, problems = validate_corpus(root)
    assert value is None
    line = text.count("\n") + 3
    assert [p.format() for p in problems] == [
        f"synthesis/synthesis.yaml:{line}:14: key_messages[0].themes[0]: key message 1 names 'hopes', "
        "which is not a synthesized theme (did you mean 'hope'?)"
    ]


def test_a_synthesis_without_a_summary_shows_no_empty_section() -> None:
    value, problems = validate_corpus(MINI, strict=True)
    assert value is not None, [p.format() for p in problems]
    assert "## In brief" not in generate(value).pages["index.md"]

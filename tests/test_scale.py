"""The at-scale forms of the site (issue 6) on a synthetic corpus past the thresholds in `synthsite.scale`.

The four-study site keeps its look (the golden files pin it); here a 70-study corpus checks that the
crosswalk is transposed, the heatmap is bounded, theme pages list their evidence as a table, long tables
are paged and big blocks stay out of the search index. Timing goals are checked by the benchmark, not here.
"""

from __future__ import annotations

import functools
import gc
import json
import posixpath
import random
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from markdown.extensions.toc import slugify

from sitebuild import REPO, config_for, mkdocs_build
from synthsite import gcpause, urls
from synthsite.index import SynthesisIndex, crosswalk_mark
from synthsite.load import corpus as load_module
from synthsite.load.corpus import BIB_FILE, Corpus, load_bibliography
from synthsite.model import MAX_BIB_BYTES, MAX_FILE_BYTES
from synthsite.pipeline import index_corpus
from synthsite.pipeline import validate as validate_corpus
from synthsite.render import Site, render_index
from synthsite.render.downloads import data_files, table_paths
from synthsite.render.export import corpus_data, corpus_json
from synthsite.render.heatmap import heatmap, year_columns
from synthsite.render.registry import PAGES, placed_tables
from synthsite.render.rendering import Rendering
from synthsite.render.whatchanged import whatchanged_files
from synthsite.scale import HEATMAP_STUDIES, HEATMAP_YEARS, LARGE, PAGE_ROWS
from synthsite.tables import to_csv
from synthsite_dev.synthetic import write_corpus

pytestmark = pytest.mark.scale
"""Synthetic corpora of hundreds of studies: `make test` runs them, `make check` leaves them out."""

STUDIES = 70
"""Past LARGE (transposed crosswalk, evidence tables) and HEATMAP_STUDIES (heatmap by year)."""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("scale") / "project", STUDIES)


@pytest.fixture(scope="module")
def corpus(project: Path) -> Corpus:
    value, problems = validate_corpus(project)
    assert value is not None, [p.format() for p in problems[:5]]
    return value


@pytest.fixture(scope="module")
def index(corpus: Corpus) -> SynthesisIndex:
    return index_corpus(corpus)


@pytest.fixture(scope="module")
def site(index: SynthesisIndex) -> Site:
    return render_index(index)


def test_the_corpus_is_past_every_threshold(index: SynthesisIndex) -> None:
    assert len(index.studies) > max(LARGE, HEATMAP_STUDIES)
    assert all(len(e.support.studies) > LARGE for e in index.evidence.values())


# ------------------------------------------------------------------------------------------ crosswalk


def test_crosswalk_lists_studies_as_rows_and_themes_as_columns(index: SynthesisIndex) -> None:
    table = index.tables["crosswalk"]
    themes = [theme.id for _domain, group in index.crosswalk.rows for theme in group]
    assert table.column_keys() == ["study_id", "study", *themes, "n_themes"]
    assert len(table.rows) == len(index.studies)
    for row, view in zip(table.rows, index.studies, strict=True):
        assert (row["study_id"], row["study"]) == (view.id, view.ref.in_text)
        for theme_id in themes:
            links = index.crosswalk.cells.get((theme_id, view.id))
            assert row[theme_id] == (crosswalk_mark(links) if links else "")
        assert row["n_themes"] == sum(bool(row[t]) for t in themes)


def test_crosswalk_marks_count_links_and_flag_relations(index: SynthesisIndex) -> None:
    for links in index.crosswalk.cells.values():
        mark = crosswalk_mark(links)
        relations = {link.relation for link in links}
        assert mark.startswith(str(len(links)))
        assert ("+" in mark) == ("extends" in relations)
        assert ("−" in mark) == ("contradicts" in relations)


def test_crosswalk_page_links_rows_to_studies_and_columns_to_themes(site: Site, index: SynthesisIndex) -> None:
    text = site.pages["themes/index.md"]
    table = re.search(r'<table id="crosswalk".*?</table>', text, flags=re.DOTALL)
    assert table is not None
    head, body = table.group(0).split("<tbody>")
    for theme_id in index.evidence:
        assert f'<a href="{theme_id}/">' in head
    for view in index.studies:
        assert f'<a href="../studies/{view.id}/">' in body
    assert body.count("<tr>") == len(index.studies)


def test_heatmap_has_a_column_per_year_and_counts_studies(index: SynthesisIndex) -> None:
    picture = heatmap(index.crosswalk)
    labels, column_of = year_columns(index.studies)
    assert [c.full for c in picture.columns] == labels
    assert len(labels) <= HEATMAP_YEARS + 1
    assert "year" in picture.title
    expected: dict[tuple[str, int], set[str]] = {}
    for (theme_id, study_id), _links in index.crosswalk.cells.items():
        expected.setdefault((theme_id, column_of[study_id]), set()).add(study_id)
    assert len(picture.cells) == len(expected)
    assert sum(int(cell.mark.rstrip("−")) for cell in picture.cells) == sum(len(ids) for ids in expected.values())
    assert all(1 <= cell.shade <= 3 for cell in picture.cells)


def test_many_years_are_grouped_into_decades() -> None:
    def view(number: int, year: str) -> SimpleNamespace:
        return SimpleNamespace(id=f"s{number}", ref=SimpleNamespace(year=year))

    views = [view(n, str(1950 + n)) for n in range(HEATMAP_YEARS + 5)] + [view(999, "in press")]
    labels, column_of = year_columns(views)  # type: ignore[arg-type]
    assert labels == ["1950s", "1960s", "1970s", "1980s", "1990s", "n.d."]
    assert labels[column_of["s0"]] == "1950s" and labels[column_of["s999"]] == "n.d."
    few, _ = year_columns([view(1, "2020"), view(2, "2019"), view(3, "2020")])  # type: ignore[list-item]
    assert few == ["2019", "2020"]


# ---------------------------------------------------------------------------------------- theme pages


def test_large_themes_list_their_evidence_as_a_table(site: Site, index: SynthesisIndex) -> None:
    placed = {(page, table.id) for page, table in placed_tables(index)}
    for theme_id, evidence in index.evidence.items():
        table = evidence.table
        assert table is not None
        links = [link for _view, items in evidence.supporting + evidence.contradicting for link in items]
        assert len(table.rows) == len(links)
        assert {row["relation"] for row in table.rows} <= {"supports", "extends", "contradicts"}
        page = urls.theme(theme_id)
        assert (page, "evidence") in placed
        text = site.pages[urls.source_file(page)]
        assert '<table id="evidence"' in text and "<blockquote" not in text
        csv_path, _json_path = table_paths(page, table)
        assert site.files[csv_path] == to_csv(table)


def test_large_findings_point_to_the_theme_page(site: Site, index: SynthesisIndex) -> None:
    text = site.pages["themes/index.md"]
    findings = re.search(r'<table id="summary-of-findings".*?</table>', text, flags=re.DOTALL)
    assert findings is not None
    for evidence in index.evidence.values():
        assert f"{len(evidence.support.studies)} studies, listed on" in findings.group(0)


# ---------------------------------------------------------------------------------- weight and search


def test_long_tables_are_paged_and_big_blocks_stay_out_of_search(site: Site, index: SynthesisIndex) -> None:
    for page, table in placed_tables(index):
        text = site.pages[urls.source_file(page)]
        block = re.search(
            rf'<div class="synthsite-table-block" data-synthsite-block="{table.id}"([^>]*)>.*?</table>',
            text,
            flags=re.DOTALL,
        )
        assert block is not None, (page, table.id)
        excluded = "data-search-exclude" in block.group(1)
        assert excluded == (len(table.rows) > LARGE or (page.startswith("studies/") and page != urls.STUDIES))
        paged = f'data-page-size="{PAGE_ROWS}"' in block.group(0)
        assert paged == (len(table.rows) > PAGE_ROWS), (page, table.id)
        if len(table.rows) > LARGE:  # only filter cells name their column
            filter_keys = {c.key for c in table.columns if c.filter}
            named = set(re.findall(r'<td data-column="([^"]+)"', block.group(0)))
            assert named <= filter_keys, (page, table.id)


def test_large_study_pages_keep_labels_searchable_but_not_quotes(site: Site, index: SynthesisIndex) -> None:
    view = next(v for v in index.studies if any(t.quotes for t in v.study.themes))
    text = site.pages[urls.source_file(urls.study(view.id))]
    assert '<blockquote class="synthsite-quote" data-search-exclude>' in text
    assert '<blockquote class="synthsite-quote">' not in text
    for theme in view.study.themes:
        assert (
            f'<section class="synthsite-study-theme synthsite-study-theme--{theme.level}" id="theme-{theme.id}">'
            in (text)
        )
    for block in ("synthsite-links", "synthsite-contributions"):
        assert f'<ul class="{block}" data-search-exclude>' in text


def test_cite_blocks_and_download_lists_are_never_indexed(site: Site) -> None:
    for text in site.pages.values():
        assert re.search(r'<details class="synthsite-cite" id="cite-[^"]*">', text) is None
        assert '<p class="synthsite-table-downloads">' not in text


def test_no_page_repeats_an_id(site: Site) -> None:
    """Table ids (anchors, which synthsite.js looks up) never meet a heading's generated id on the same page."""
    for path, text in site.pages.items():
        headings = re.findall(r"^#{1,6} (.+)$", text, flags=re.MULTILINE)
        ids = Counter(re.findall(r'\sid="([^"]+)"', text) + [slugify(heading, "-") for heading in headings])
        assert not [name for name, count in ids.items() if count > 1], path


def test_corpus_json_is_one_record_per_line_and_loads_back(corpus: Corpus, site: Site) -> None:
    text = site.files["data/studies.json"]
    assert text == corpus_json(corpus)
    assert json.loads(text) == corpus_data(corpus)
    lines = text.splitlines()
    assert sum(line.startswith('    {"id": "study-') for line in lines) == len(corpus.studies)


def test_data_files_are_the_same_on_a_second_run(index: SynthesisIndex, site: Site) -> None:
    feed = whatchanged_files(index)  # the /changes/ page's own file, beside it
    assert data_files(Rendering.of(index), PAGES) == {
        path: text for path, text in site.files.items() if not path.endswith(".rows.json") and path not in feed
    }


# ------------------------------------------------------------------------------------------- helpers


def test_relative_matches_posixpath_relpath() -> None:
    def reference(target: str, page: str) -> str:
        path, _, anchor = target.partition("#")
        directory, _, name = path.rpartition("/")
        rel = posixpath.relpath(directory or ".", page.rstrip("/") or ".")
        link = ("" if rel == "." else rel + "/") + name
        return (f"{link}#{anchor}" if link else f"#{anchor}") if anchor else link or "./"

    parts = ["studies", "themes", "a", "ab", "compare", "samples"]
    rng = random.Random(6)
    for _ in range(3000):
        folder = "/".join(rng.choices(parts, k=rng.randint(0, 3)))
        page = "/".join(rng.choices(parts, k=rng.randint(0, 3)))
        target = (folder + "/" if folder else "") + rng.choice(["", "x.csv", "#anchor", "y.bib#z"])
        page_url = page + "/" if page else ""
        assert urls.relative(target, page_url) == reference(target, page_url), (target, page_url)


def test_a_bibliography_may_outgrow_a_study_files_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Four thousand references are about a megabyte of BibTeX, the limit of one study file."""
    bib = tmp_path / BIB_FILE
    bib.parent.mkdir(parents=True)
    entry = "@article{{Key{0}, author = {{Doe, Jane}}, title = {{{1}}}, year = {{2020}}}}\n"
    bib.write_text("".join(entry.format(n, "A long title " * 15) for n in range(5000)), encoding="utf-8")
    assert MAX_FILE_BYTES < bib.stat().st_size < MAX_BIB_BYTES
    bibliography, _source, problems = load_bibliography(tmp_path)
    assert not problems and bibliography is not None and len(bibliography.entries) == 5000
    monkeypatch.setattr(load_module, "MAX_BIB_BYTES", MAX_FILE_BYTES)  # the bibliography has its own bound
    _bibliography, _source, problems = load_bibliography(tmp_path)
    assert [p.message.split(" (")[0] for p in problems] == ["file is too large"]


def test_gc_pause_keeps_young_collections_and_restores_thresholds() -> None:
    before = gc.get_threshold()
    with gcpause.paused():
        young, middle, old = gc.get_threshold()
        assert young == before[0] and middle == old == gcpause.NEVER
        with gcpause.paused():
            assert gc.get_threshold() == (young, middle, old)
        assert gc.get_threshold() == (young, middle, old)
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), gcpause.paused():
        raise RuntimeError
    assert gc.get_threshold() == before


# ------------------------------------------------------------------------------------ search, built


@pytest.mark.slow
def test_search_finds_a_theme_word_on_the_theme_and_study_pages(project: Path, tmp_path: Path) -> None:
    """Material's own search index: small, and a theme label's words still lead to the theme and study pages."""
    site = tmp_path / "site"
    result = mkdocs_build(config_for(project, tmp_path / "config"), site)
    assert result.returncode == 0, result.stderr[-3000:]
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    corpus, _ = validate_corpus(project)
    assert corpus is not None
    theme = corpus.themes.themes[0]
    study, study_theme = next((s, t) for s in corpus.studies for t in s.themes if t.label)
    word = theme.label.split()[-1].lower()

    def pages_with(text: str) -> set[str]:
        return {d["location"].split("#")[0] for d in docs if text.lower() in (d["title"] + d["text"]).lower()}

    assert urls.theme(theme.id) in pages_with(word)
    assert urls.study(study.id) in pages_with(study_theme.label)
    quote = next(q.text for t in study.themes for q in t.quotes) if any(t.quotes for t in study.themes) else None
    if quote:
        assert not pages_with(quote), "quotes stay out of the index of a large synthesis"
    size = (site / "search" / "search_index.json").stat().st_size
    # The hand-written pages of docs/ (this repository's documentation) are indexed whole and grow with it, not
    # with the synthesis: their entries are left out of the budget, which is under 5 MB for 1,000 studies.
    handwritten = {_directory_url(page.relative_to(REPO / "docs").as_posix()) for page in (REPO / "docs").rglob("*.md")}
    documentation = sum(
        len(json.dumps(entry, separators=(",", ":"), ensure_ascii=False).encode("utf-8")) + 1
        for entry in docs
        if entry["location"].partition("#")[0] in handwritten
    )
    assert documentation > 0
    assert size - documentation < 100_000 + 6_000 * STUDIES, (size, documentation)


def _directory_url(markdown_path: str) -> str:
    """The URL MkDocs gives a page of docs/ (`releasing/index.md` -> `releasing/`, `performance.md` -> `performance/`)."""
    stem = markdown_path.removesuffix(".md")
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"


def test_deferred_rows_and_shown_rows_are_every_row_once(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long table's page plus its rows file give exactly the rows of the whole table, in order, escaped by the
    same code; the reference list likewise. (Page sizes far above and below the corpus size give the whole and the
    paged forms.)"""
    from synthsite.render import pages, tableview

    monkeypatch.setattr(tableview, "PAGE_ROWS", 10**9)
    monkeypatch.setattr(pages, "PAGE_ROWS", 10**9)
    whole = render_index(index_corpus(corpus))
    assert not any(path.endswith(".rows.json") for path in whole.files)
    monkeypatch.setattr(tableview, "PAGE_ROWS", 20)
    monkeypatch.setattr(pages, "PAGE_ROWS", 20)
    paged = render_index(index_corpus(corpus))
    rows_files = {path: json.loads(text) for path, text in paged.files.items() if path.endswith(".rows.json")}
    assert "studies/studies.rows.json" in rows_files and "references/references.rows.json" in rows_files
    squeeze = functools.partial(re.sub, r">\s+<", "><")
    for path, rows in rows_files.items():
        page = posixpath.dirname(path) + "/index.md"
        name = posixpath.basename(path).removesuffix(".rows.json")
        if name == "references":
            pattern = r'(<ol class="synthsite-references" id="references-list"[^>]*>)(.*?)</ol>'
        else:
            pattern = rf'(<table id="{re.escape(name)}"[^>]*>.*?<tbody>)(.*?)</tbody>'
        shown = re.search(pattern, paged.pages[page], re.DOTALL)
        full = re.search(pattern, whole.pages[page], re.DOTALL)
        assert shown is not None and full is not None, path
        assert f'data-rows-src="{posixpath.basename(path)}"' in shown.group(1), path
        joined = squeeze(shown.group(2) + "".join(rows)).strip()
        assert len(rows) > 0 and joined == squeeze(full.group(2)).strip(), path

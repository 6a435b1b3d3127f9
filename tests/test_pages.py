"""Generated pages and downloads for the small fixture corpus (tests/fixtures/mini).

Golden files pin the Markdown of every page and the text of every download; regenerate them after an
intended change with `UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_pages.py` and review the diff.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import posixpath
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from click.testing import CliRunner
from pybtex.database import parse_string

from sitebuild import mkdocs_settings, valid_corpus
from synthsite import urls
from synthsite.builders import pagesout
from synthsite.cli import main
from synthsite.index import TABLES, SynthesisIndex
from synthsite.load.corpus import Corpus
from synthsite.pipeline import build_date, export_text, generate, index_corpus
from synthsite.render import Site, render_index
from synthsite.render.downloads import EXPORT_FORMATS, data_files, data_path, table_paths
from synthsite.render.export import corpus_json
from synthsite.render.heatmap import heatmap
from synthsite.render.jsonschema import all_schemas
from synthsite.render.registry import PAGES, placed_tables
from synthsite.render.rendering import Rendering
from synthsite.tables import fingerprint, to_csv

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"
GOLDEN = REPO / "tests" / "golden" / "mini"
HOSTILE = "*emphasis* <b>x</b> [l](javascript:alert(1)) {{ 7*7 }}"
HOSTILE_HTML = "*emphasis* &lt;b&gt;x&lt;/b&gt; [l](javascript:alert(1)) {{ 7*7 }}"
NOT_GOLDEN = re.compile(r"^data/(studies\.json|datapackage\.json|tables/.*|.*\.schema\.json)$")
"""Downloads that follow the models (checked against their source below, not pinned as golden files)."""


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return valid_corpus(MINI)


@pytest.fixture(scope="module")
def index(corpus: Corpus) -> SynthesisIndex:
    return index_corpus(corpus)


@pytest.fixture(scope="module")
def site(index: SynthesisIndex) -> Site:
    return render_index(index)


def markdown_to_html(text: str) -> str:
    """Render a page as MkDocs does: front matter stripped, the extensions mkdocs.yml configures."""
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    config = mkdocs_settings()
    extensions = [next(iter(e)) if isinstance(e, dict) else e for e in config.get("markdown_extensions", [])]
    return markdown.markdown(body, extensions=extensions)


def front(text: str) -> dict[str, object]:
    match = re.match(r"\A---\n(.*?)\n---\n", text, flags=re.DOTALL)
    assert match, "every generated page starts with front matter"
    return yaml.safe_load(match.group(1))


# ------------------------------------------------------------------------------------------- golden


def test_pages_and_downloads_match_the_golden_files(site: Site) -> None:
    produced = {path: text for path, text in {**site.pages, **site.files}.items() if not NOT_GOLDEN.match(path)}
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, text in produced.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes().decode("utf-8") for p in GOLDEN.rglob("*") if p.is_file()
    }
    assert sorted(produced) == sorted(expected), "set UPDATE_GOLDEN=1 to regenerate after an intended change"
    for path in sorted(produced):
        if produced[path] != expected[path]:
            diff = "\n".join(
                difflib.unified_diff(
                    expected[path].splitlines(), produced[path].splitlines(), "golden", "now", lineterm=""
                )
            )
            pytest.fail(f"{path} differs from its golden file:\n{diff[:6000]}")


PUBLISHED = {
    "",
    "studies/",
    "compare/samples/",
    "compare/methods/",
    "compare/limitations/",
    "compare/appraisal/",
    "themes/",
    "findings/",
    "references/",
    "data/",
    "contribute/schema/",
    "methods/",
    "findings/disconfirming/",
    "versions/",
    "reporting/entreq/",
}
"""Every page URL ever published (citations point at them): the registry may add pages, never drop one."""


def test_the_registry_keeps_every_published_url() -> None:
    singles = {spec.url for spec in PAGES if spec.each is None}
    assert sorted(PUBLISHED - singles) == []
    assert {spec.url for spec in PAGES if spec.each} == {"studies/{id}/", "themes/{id}/"}
    assert len({spec.url for spec in PAGES}) == len(PAGES)


def test_every_registry_page_is_generated_and_only_those(site: Site, corpus: Corpus) -> None:
    expected = {spec.url for spec in PAGES if spec.each is None}
    expected |= {f"studies/{s.id}/" for s in corpus.studies} | {f"themes/{t.id}/" for t in corpus.themes.themes}
    assert set(site.pages) == {urls.source_file(url) for url in expected}
    detail = {urls.source_file(urls.study(s.id)) for s in corpus.studies}
    detail |= {urls.source_file(urls.theme(t.id)) for t in corpus.themes.themes}
    assert site.listed == set(site.pages) - detail
    assert site.listed == {urls.source_file(spec.url) for spec in PAGES if spec.nav}


def test_every_registry_table_is_built_and_placed(index: SynthesisIndex) -> None:
    """Each page's tables exist, sit on that page once, and every whole-synthesis table is placed or a download."""
    placed = placed_tables(index)
    for spec in PAGES:
        if spec.each is None:
            assert [table.id for page, table in placed if page == spec.url] == [
                index.tables[key].id for key in spec.tables
            ]
    assert set(index.tables) == {spec.key for spec in TABLES}
    shown = {key for spec in PAGES if spec.each is None for key in spec.tables}
    downloads = data_files(Rendering.of(index), PAGES)
    for key in set(index.tables) - shown:  # the rest are corpus-wide downloads under data/
        assert to_csv(index.tables[key]) in downloads.values(), key


# ----------------------------------------------------------------------------------------- escaping


def test_hostile_text_reads_literally_after_markdown(site: Site) -> None:
    rendered = {path: markdown_to_html(text) for path, text in site.pages.items()}
    carrying = [path for path, html in rendered.items() if HOSTILE_HTML in html]
    assert len(carrying) >= 5, carrying
    for path, html in rendered.items():
        assert "<em>emphasis" not in html, path
        assert "<b>x</b>" not in html, path
        assert 'href="javascript' not in html.lower(), path
        assert ">49<" not in html, path


def test_hostile_text_in_titles_is_escaped_once(site: Site) -> None:
    meta = front(site.pages["themes/routines/index.md"])
    assert meta["title"] == HOSTILE_HTML
    heading = front(site.pages["studies/smith-2020-hope/index.md"])
    assert heading["title"] == "Smith and Jones (2020a)"


def test_study_pages_carry_highwire_tags(site: Site) -> None:
    tags = [tuple(pair) for pair in front(site.pages["studies/smith-2020-hope/index.md"])["highwire"]]
    assert ("citation_doi", "10.1234/mini.1") in tags
    assert [value for name, value in tags if name == "citation_author"] == ["Smith, Jane", "Jones, Ann"]
    assert ("citation_title", "Hope at work: <b>staff</b> voices") in tags  # plain text: the template escapes it


def test_markdown_keeps_every_table_and_cite_block(site: Site, index: SynthesisIndex) -> None:
    for page, table in placed_tables(index):
        html = markdown_to_html(site.pages[urls.source_file(page)])
        assert f'<table id="{table.id}"' in html, (page, table.id)
        assert f'id="cite-{table.id}"' in html
        assert fingerprint(table) in html
        assert urls.permalink(index.meta.site_url, page, table.id) in html


# ------------------------------------------------------------------------------------------- index


def test_headline_numbers(index: SynthesisIndex) -> None:
    headline = index.headline
    assert (headline.studies, headline.participants) == (2, 12)
    assert headline.by_perspective == (("service users", 5), ("staff", 3), ("carers", 4))
    assert headline.countries == (("DK", "Denmark"), ("GB", "United Kingdom"))


def test_support_counts_and_evidence(index: SynthesisIndex) -> None:
    hope = index.crosswalk.support["hope"]
    assert hope.studies == ("smith-2020-hope", "smith-2020-routines")
    assert (hope.supports, hope.extends, hope.contradicts) == (2, 1, 1)
    assert hope.contradicting_studies == ("smith-2020-routines",)
    evidence = index.evidence["hope"]
    assert [(view.id, [link.theme.id for link in links]) for view, links in evidence.contradicting] == [
        ("smith-2020-routines", ["hope-is-fragile"])
    ]
    assert [view.id for view, _ in evidence.supporting] == ["smith-2020-hope", "smith-2020-routines"]


def test_subthemes_sit_under_their_parent(index: SynthesisIndex) -> None:
    groups = index.by_id["smith-2020-hope"].groups
    assert [group.label for group in groups] == ["Service users", "Staff"]
    believed = groups[0].nodes[0]
    assert (believed.theme.id, [child.theme.id for child in believed.children]) == ("believed-in", ["small-signs"])


def test_sample_gender_is_not_reported_when_a_group_lacks_it(index: SynthesisIndex) -> None:
    rows = {row["study"]: row for row in index.tables["samples"].rows}
    assert rows["Smith & Jones, 2020a"]["women"] == "not reported"
    assert rows["Smith & Jones, 2020b"]["women"] == 4
    assert rows["Smith & Jones, 2020b"]["carers"] == 4


def test_same_authors_same_year_get_letters_everywhere(site: Site, index: SynthesisIndex) -> None:
    assert [row["study"] for row in index.tables["studies"].rows] == ["Smith & Jones, 2020a", "Smith & Jones, 2020b"]
    html = markdown_to_html(site.pages["references/index.md"])
    first, second = html.index("(2020a). Hope at work"), html.index("(2020b). Routines and hope")
    assert first < second


def test_heatmap_has_one_cell_per_linked_pair(index: SynthesisIndex) -> None:
    picture = heatmap(index.crosswalk)
    assert len(picture.cells) == len(index.crosswalk.cells) == 4
    contradicting = [cell for cell in picture.cells if cell.contradicts]
    assert len(contradicting) == 1 and contradicting[0].mark == "2−"
    assert picture.grid.count("H") == (2 + 1) + (1 + 1)  # row lines per domain: rows + 1
    assert picture.grid.count("V") == 2 * (2 + 1)  # column lines per domain: studies + 1
    assert contradicting[0].title.endswith("2 study themes (supports 1, contradicts 1)")
    assert "Keeping hope: 2 studies" in picture.desc


# ---------------------------------------------------------------------------------------- downloads


def test_table_downloads_are_exactly_the_tables(site: Site, index: SynthesisIndex) -> None:
    for page, table in placed_tables(index):
        csv_path, json_path = table_paths(page, table)
        assert site.files[csv_path] == to_csv(table)
        data = json.loads(site.files[json_path])
        assert data["fingerprint"] == fingerprint(table)
        assert data["citation"]["url"] == f"https://example.org/mini/{page}#{table.id}"
        assert data["citation"]["version"] == "unreleased draft"  # the fixture records no release
        assert [row[c.key] for row in data["rows"] for c in table.columns] == [
            row.get(c.key) for row in table.rows for c in table.columns
        ]


def test_csv_neutralises_formulas(site: Site) -> None:
    rows = list(csv.DictReader(io.StringIO(site.files["data/studies.csv"])))
    assert rows[0]["setting"].startswith("'=HYPERLINK(")


def test_corpus_wide_downloads(site: Site, corpus: Corpus) -> None:
    assert site.files["data/studies.json"] == corpus_json(corpus)
    for name, text in all_schemas(corpus.meta.site_url).items():
        assert site.files[f"data/{name}"] == text
    assert '"$id": "https://example.org/mini/data/study.schema.json"' in site.files["data/study.schema.json"]
    bib = parse_string(site.files["data/references.bib"], "bibtex")
    assert sorted(bib.entries) == ["Smith2020a", "Smith2020b"]
    assert site.files["data/references.ris"].count("ER  -") == 2
    links = list(csv.DictReader(io.StringIO(site.files["data/crosswalk.csv"])))
    assert len(links) == 7, "six links, and one row for the theme linked to none"
    assert {row["relation"] for row in links} == {"supports", "extends", "contradicts", ""}


def test_each_study_has_its_own_bibtex_and_ris(site: Site) -> None:
    bib = parse_string(site.files["studies/smith-2020-routines/smith-2020-routines.bib"], "bibtex")
    assert list(bib.entries) == ["Smith2020b"]
    ris = site.files["studies/smith-2020-routines/smith-2020-routines.ris"]
    assert ris.count("ER  -") == 1 and "10.1234/mini.2" in ris


def test_export_formats(corpus: Corpus, index: SynthesisIndex) -> None:
    """Every `synthsite export --format` prints the site's download of that format, byte for byte, and the command
    offers exactly those formats (one list: `downloads.EXPORT_FORMATS`)."""
    files = generate(corpus).files
    assert set(EXPORT_FORMATS) == {"json", "csv", "bibtex", "ris"}
    for name, item in EXPORT_FORMATS.items():
        assert export_text(corpus, name) == files[data_path(item.name)], name
    export = main.commands["export"]
    (choice,) = [option.type for option in export.params if option.name == "fmt"]
    assert list(choice.choices) == list(EXPORT_FORMATS)
    assert export_text(corpus, "csv") == to_csv(index.tables["studies"])
    assert sorted(parse_string(export_text(corpus, "bibtex"), "bibtex").entries) == ["Smith2020a", "Smith2020b"]
    assert export_text(corpus, "ris").count("TY  -") == 2
    with pytest.raises(ValueError):
        export_text(corpus, "xml")


def test_data_files_are_deterministic(index: SynthesisIndex, corpus: Corpus) -> None:
    assert data_files(Rendering.of(index), PAGES) == data_files(Rendering.of(index_corpus(corpus)), PAGES)
    assert generate(corpus).pages == generate(corpus).pages


# ------------------------------------------------------------------------------------------- links


HREF = re.compile(r'(?:href|src)="([^"]+)"')


def test_every_relative_link_resolves(site: Site) -> None:
    targets = set(site.files) | set(site.pages) | set(site.binary)
    targets |= {p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").rglob("*") if p.is_file()}
    checked = 0
    for source, text in site.pages.items():
        page = source.removesuffix("index.md")
        for href in HREF.findall(text):
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            path = href.split("#", 1)[0]
            joined = posixpath.normpath(posixpath.join(page or ".", path or "."))
            if not path or path.endswith("/"):
                resolved = "index.md" if joined == "." else f"{joined}/index.md"
            else:
                resolved = joined
            assert resolved in targets, f"{source}: {href} -> {resolved}"
            checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        ("studies/a/", "studies/", "a/"),
        ("studies/a/", "compare/samples/", "../../studies/a/"),
        ("", "studies/b/", "../../"),
        ("studies/a/#theme-x", "studies/a/", "#theme-x"),
        ("data/references.bib", "references/", "../data/references.bib"),
        ("themes/", "", "themes/"),
    ],
)
def test_relative_urls(target: str, page: str, expected: str) -> None:
    assert urls.relative(target, page) == expected


# --------------------------------------------------------------------------------------- build date


def test_build_date_only_from_source_date_epoch(corpus: Corpus) -> None:
    assert build_date({}) is None
    assert build_date({"SOURCE_DATE_EPOCH": ""}) is None
    assert build_date({"SOURCE_DATE_EPOCH": "1767225600"}) == "2026-01-01"
    # the fixture was never released: its content is an unreleased draft, which the build's date identifies
    assert "built 2026-01-01" in generate(corpus, date="2026-01-01").pages["index.md"]
    assert "built" not in generate(corpus).pages["index.md"].split("## Last change")[1]


# ---------------------------------------------------------------------------------------------- CLI


def test_pages_command_writes_the_generated_tree(tmp_path: Path, site: Site) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["pages", "--root", str(MINI), "--out", str(out)], env={"SOURCE_DATE_EPOCH": ""})
    assert result.exit_code == 0, result.output
    for path, text in site.files.items():
        assert (out / path).read_bytes() == text.encode("utf-8"), path
    for path, text in site.pages.items():  # each page names the file to edit for it (empty: none)
        source = site.sources.get(path)
        edit = pagesout.edit_path(MINI / "docs", source) if source else ""
        assert (out / path).read_text(encoding="utf-8") == pagesout.with_edit(text, edit), path
    study = (out / "studies" / "smith-2020-hope" / "index.md").read_text(encoding="utf-8")
    assert study.startswith('---\nsynthsite_edit: "../synthesis/studies/smith-2020-hope.yaml"\ntitle: ')
    (out / "studies" / "gone" / "index.md").parent.mkdir()
    (out / "studies" / "gone" / "index.md").write_text("stale", encoding="utf-8")
    again = runner.invoke(main, ["pages", "--root", str(MINI), "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert not (out / "studies" / "gone").exists()


def test_pages_command_refuses_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["pages", "--root", str(MINI), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_a_filter_offers_one_option_per_value_and_splits_only_multi_valued_columns() -> None:
    """An analysis named "thematic analysis; framework" is one option; countries "Denmark; Sweden" are two."""
    from synthsite.render.tableview import filter_values

    assert filter_values("thematic analysis; framework") == ["thematic analysis; framework"]
    assert filter_values("Denmark; Sweden", multi=True) == ["Denmark", "Sweden"]
    assert filter_values("  ") == [] and filter_values(None, multi=True) == []

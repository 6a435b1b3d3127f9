"""A study page is cited as one record: one citation block with the fingerprint of the study's file, no citation
or downloads for its two tables (their rows are in the corpus-wide downloads), the anchors those tables had still
on the page, and every download that releases published and this version no longer makes listed on /versions/
with the last version whose archives hold it. Tables that compare studies keep their own citations and downloads.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from htmltree import parse, parse_file
from synthsite.cli import main
from synthsite.load.corpus import Corpus
from synthsite.model import ReleaseLog, ReleaseRecord, RetiredDownloads
from synthsite.pipeline import generate
from synthsite.pipeline import validate as validate_corpus
from synthsite.release.record import with_release
from synthsite.render import Site

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"
STUDY = "smith-2020-hope"
TABLE_IDS = ("participants", "casp")
"""The ids of a study page's two tables: their anchors, and their old citation blocks' (`cite-<id>`)."""


def _valid(root: Path) -> Corpus:
    corpus, problems = validate_corpus(root, strict=True)
    assert corpus is not None, [p.format() for p in problems]
    return corpus


@pytest.fixture(scope="module")
def mini() -> tuple[Corpus, Site]:
    corpus = _valid(MINI)
    return corpus, generate(corpus)


@pytest.fixture(scope="module")
def shipped() -> tuple[Corpus, Site]:
    corpus = _valid(REPO)
    return corpus, generate(corpus)


def test_a_study_page_has_one_citation_with_the_fingerprint_of_its_file(mini: tuple[Corpus, Site]) -> None:
    corpus, site = mini
    page = site.pages[f"studies/{STUDY}/index.md"]
    tree = parse(page)
    cites = [node for node in tree.iter() if "synthsite-cite" in (node.attrs.get("class") or "").split()]
    assert len(cites) == 1, "one citation block: the page, not each table"
    (block,) = cites
    assert block.attrs.get("id") == "cite-this-record"
    source = corpus.study_source(STUDY)
    expected = hashlib.sha256(source.text.encode("utf-8")).hexdigest()[:12]
    text = " ".join(block.text().split())
    assert f"content fingerprint {expected}" in text
    assert f"fingerprint {expected})" in text, "the APA citation carries the fingerprint too"
    assert "Smith and Jones (2020a) [Study]" in text
    assert f"https://example.org/mini/studies/{STUDY}/" in text
    assert source.path in text, "the citation says which file the fingerprint is of"
    assert "synthsite-table-downloads" not in page and "data-csv" not in page, "no table of its own to download"


def test_the_tables_anchors_stay_on_the_study_page(mini: tuple[Corpus, Site]) -> None:
    tree = parse(mini[1].pages[f"studies/{STUDY}/index.md"])
    for table_id in TABLE_IDS:
        assert tree.by_id(table_id) is not None and tree.by_id(table_id).tag == "table"  # type: ignore[union-attr]
        assert tree.by_id(f"caption-{table_id}") is not None
        anchor = tree.by_id(f"cite-{table_id}")
        assert anchor is not None, f"#cite-{table_id} still lands on the page"
        block = tree.by_id("cite-this-record")
        assert block is not None and anchor in list(block.iter()), "it lands on the page's citation"


def test_no_download_per_study_table_and_the_comparisons_keep_theirs(mini: tuple[Corpus, Site]) -> None:
    corpus, site = mini
    for view in corpus.studies:
        own = sorted(path for path in site.files if path.startswith(f"studies/{view.id}/"))
        assert own == [f"studies/{view.id}/{view.id}.bib", f"studies/{view.id}/{view.id}.ris"], own
        assert not [path for path in site.files if path.startswith(f"data/tables/studies/{view.id}/")]
    assert f"/{STUDY}/" not in site.files["data/datapackage.json"], "the data package lists no per-study table"
    for path in ("compare/samples/samples.csv", "compare/appraisal/appraisal.json", "themes/crosswalk.csv"):
        assert path in site.files
    assert 'id="cite-samples"' in site.pages["compare/samples/index.md"]
    # the rows of the study's two tables are in the corpus-wide downloads: every group and CASP answer
    assert STUDY in site.files["data/studies.csv"] and STUDY in site.files["compare/appraisal/appraisal.csv"]
    (record,) = [s for s in json.loads(site.files["data/studies.json"])["studies"] if s["id"] == STUDY]
    view = next(v for v in corpus.studies if v.id == STUDY)
    assert len(record["sample"]["groups"]) == len(view.sample.groups)
    assert record["appraisal"]["casp"]["aims"]["answer"] == view.appraisal.casp.aims.answer


@pytest.mark.corpus
def test_every_retired_download_is_listed_with_its_last_release(shipped: tuple[Corpus, Site]) -> None:
    corpus, site = shipped
    page = site.pages["versions/index.md"]
    tree = parse(page)
    table = tree.by_id("retired-downloads")
    assert table is not None
    rows = {
        cells[0]: cells[1:]
        for cells in (
            [" ".join(td.text().split()) for td in tr.iter("td")] for tr in table.iter("tr") if list(tr.iter("td"))
        )
    }
    for name in ("participants.csv", "participants.json", "casp.csv", "casp.json"):
        version, archives = rows[f"studies/moen-2023/{name}"]
        assert version == "0.2.0"
        assert f"synthesis-v0.2.0-site.zip: studies/moen-2023/{name}" in archives
    assert "synthesis-v0.2.0-data.zip: tables/studies/moen-2023/casp.csv" in rows["studies/moen-2023/casp.csv"][1]
    assert rows["data/tables/studies/topor-2021/participants.csv"][0] == "0.2.0"
    released = {release.version for release in corpus.releases}
    made = {*site.files, *site.pages}
    for group in corpus.retired:
        assert group.last_version in released
        for path in group.paths:
            assert path in rows, f"{path} is retired but not listed on /versions/"
            assert path not in made, f"{path} is listed as retired but this version still makes it"
    assert 'href="#v0.2.0"' in page


def test_a_retired_download_must_name_a_recorded_release(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root, ignore=shutil.ignore_patterns(".cache"))
    (root / "synthesis" / "releases.yaml").write_text(
        "releases: []\nretired:\n- last_version: 9.9.9\n  reason: Gone.\n  paths:\n  - studies/x/casp.csv\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert "synthesis/releases.yaml" in result.output
    assert "9.9.9, which is not a recorded release" in result.output


@pytest.mark.parametrize("path", ["../secret.csv", "/etc/passwd", "studies/./x.csv", "studies/.hidden", "a//b"])
def test_a_retired_path_is_a_plain_path_on_the_site(path: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        RetiredDownloads(last_version="0.1.0", reason="Gone.", paths=[path])


def test_recording_a_release_keeps_the_retired_downloads() -> None:
    retired = RetiredDownloads(last_version="0.1.0", reason="Gone.", paths=["studies/x/casp.csv"])
    old = ReleaseRecord(version="0.1.0", date="2026-01-01", fingerprint="0" * 64)
    log = ReleaseLog(releases=[old], retired=[retired])
    new = ReleaseRecord(version="0.2.0", date="2026-02-01", fingerprint="1" * 64)
    assert with_release(log, new).retired == [retired]


@pytest.mark.corpus
def test_the_built_study_page_keeps_the_anchors(built_site: Path) -> None:
    """In the built site of the shipped corpus, as a reader's browser gets it."""
    tree = parse_file(built_site / "studies" / "moen-2023" / "index.html")
    for anchor in (*TABLE_IDS, *(f"caption-{t}" for t in TABLE_IDS), *(f"cite-{t}" for t in TABLE_IDS)):
        assert tree.by_id(anchor) is not None, anchor
    assert not list((built_site / "studies" / "moen-2023").glob("*.csv"))
    assert not list((built_site / "studies" / "moen-2023").glob("*.json"))
    versions = (built_site / "versions" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<td>studies/moen-2023/casp\.csv</td>", versions)

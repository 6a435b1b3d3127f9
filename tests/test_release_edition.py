"""What a citation names stays true: content is "released" only when a release records its data fingerprint.

A copy of the fixture corpus is released (`synthsite release record`); then one CERQual judgement is edited and
nothing is released. Every citation block, the home page, /findings/ and its downloads (CSV, JSON, Word) and the
data package must then say "with unreleased changes", with the data fingerprint of the edited content; `validate`
says so as information and still passes. On the shipped site, no page or citation claims a release that
/versions/ does not list with archives.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from frozen import edit
from gitrepo import git
from synthsite.cli import main
from synthsite.index.findings import PROFILE_ID, SUMMARY_ID
from synthsite.load.corpus import load
from synthsite.load.fingerprint import corpus_fingerprint, tree_fingerprint
from synthsite.pipeline import generate
from synthsite.pipeline import validate as validate_corpus
from synthsite.render import Site
from synthsite.render.docx import DOCX_PATH

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"
APA_BLOCK = re.compile(r'<p class="synthsite-cite-apa">(.*?)</p>', re.S)
BIBTEX_BLOCK = re.compile(r"@misc\{synthsite-[^@]*?\n\}")
JUDGEMENT = (
    "adequacy: {concern: moderate concerns, explanation: Two small studies.}",
    "adequacy: {concern: serious concerns, explanation: Two small studies.}",
)


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def released(tmp_path: Path) -> Path:
    """The fixture corpus with its version 1.2.3 recorded as released (its data fingerprint, no archives)."""
    root = tmp_path / "synthesis"
    shutil.copytree(MINI, root, ignore=shutil.ignore_patterns(".cache"))  # no cache an older version left
    assert "recorded 1.2.3" in invoke("release", "record", "--root", str(root), "--since", "")
    return root


def site_of(root: Path) -> Site:
    corpus, problems = validate_corpus(root)
    assert corpus is not None, [p.format() for p in problems]
    return generate(corpus, date="2026-12-04")


def citations(site: Site) -> list[str]:
    """Every citation of the site: APA blocks and BibTeX entries on its pages, and those in its JSON downloads
    (with the version they state)."""
    found = [block for text in site.pages.values() for block in APA_BLOCK.findall(text)]
    found += [block for text in site.pages.values() for block in BIBTEX_BLOCK.findall(text)]
    for path, text in site.files.items():
        value = json.loads(text) if path.endswith(".json") else None
        citation = value.get("citation") if isinstance(value, dict) else None
        if isinstance(citation, dict) and "apa" in citation:
            found += [citation["apa"], citation["bibtex"], f"{citation['version']} {citation['date_released']}"]
    return found


def test_a_released_corpus_is_cited_as_its_release(released: Path) -> None:
    site = site_of(released)
    blocks = citations(site)
    assert len(blocks) > 10
    for block in blocks:
        assert "Version 1.2.3, released 2025-01-31" in block or block == "1.2.3 2025-01-31", block
        assert "unreleased" not in block
    assert 'id="unreleased"' not in site.pages["index.md"]
    rows = list(csv.DictReader(io.StringIO(site.files[f"findings/{SUMMARY_ID}.csv"])))
    assert {row["version"] for row in rows} == {"1.2.3 (released 2025-01-31)"}
    versions = site.pages["versions/index.md"]
    assert 'id="v1.2.3"' in versions and "shown on this site" in versions


def test_one_edited_judgement_without_a_release_is_unreleased_everywhere(released: Path) -> None:
    edit(released, "synthesis/themes.yaml", *JUDGEMENT)
    corpus, _ = validate_corpus(released)
    assert corpus is not None
    short = corpus_fingerprint(corpus)[:12]
    site = generate(corpus, date="2026-12-04")
    stated = f"Version 1.2.3 with unreleased changes, site built 2026-12-04, data fingerprint {short}"

    # every citation block: APA and BibTeX, on every page and in every download; a table's gives its own content
    # fingerprint, the synthesis' (home, findings, Word) the data fingerprint
    blocks = citations(site)
    assert len(blocks) > 10
    for block in blocks:
        if block == "1.2.3 with unreleased changes None":  # a JSON download's version and release date fields
            continue
        assert "Version 1.2.3 with unreleased changes, site built 2026-12-04" in block, block
        assert stated in block or re.search(r"changes, site built 2026-12-04, fingerprint [0-9a-f]{12}", block), block
        assert "released 2025" not in block, block
    assert sum(stated in block for block in blocks) >= 4

    # the home page: its subtitle, a note and the citation
    home = site.pages["index.md"]
    assert 'id="unreleased"' in home and "<strong>unreleased changes</strong> since version 1.2.3" in home
    assert "released 2025-01-31" not in home.split('id="unreleased"')[0]
    assert '["citation_version", "1.2.3 with unreleased changes"]' in home  # the reference managers' meta tags
    assert '["citation_publication_date", "2026/12/04"]' in home

    # /findings/ and its downloads: the CSV and JSON rows, the Word document
    assert 'id="unreleased"' in site.pages["findings/index.md"]
    for table_id in (SUMMARY_ID, PROFILE_ID):
        rows = list(csv.DictReader(io.StringIO(site.files[f"findings/{table_id}.csv"])))
        assert rows and {row["version"] for row in rows} == {
            f"1.2.3 with unreleased changes (data fingerprint {short})"
        }
        data = json.loads(site.files[f"findings/{table_id}.json"])
        assert data["citation"]["edition"]["released"] is False
        assert data["citation"]["edition"]["data_fingerprint"].startswith(short)
    document = docx.Document(io.BytesIO(site.binary[DOCX_PATH]))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert stated in text and "unreleased changes" in text
    package = json.loads(site.files["data/datapackage.json"])
    assert package["version"] == f"1.2.3+unreleased.{short}"

    # validate says so, as information: exit 0, even in strict mode
    result = CliRunner().invoke(main, ["validate", "--strict", "--root", str(released)])
    assert result.exit_code == 0 and result.stderr == ""
    assert "note: the data differ from release 1.2.3" in result.stdout


def test_changes_says_so_as_information(released: Path) -> None:
    git(released, "init", "-q", "-b", "main")
    git(released, "add", "-A")
    git(released, "commit", "-q", "-m", "released")
    assert "Release" not in invoke("changes", "main", "--root", str(released))
    edit(released, "synthesis/themes.yaml", *JUDGEMENT)
    result = CliRunner().invoke(main, ["changes", "main", "--root", str(released)])
    assert result.exit_code == 0
    assert "the data differ from release 1\\.2\\.3" in result.stdout


def test_putting_the_judgement_back_is_the_release_again(released: Path) -> None:
    edit(released, "synthesis/themes.yaml", *JUDGEMENT)
    edit(released, "synthesis/themes.yaml", JUDGEMENT[1], JUDGEMENT[0])
    assert all("unreleased" not in block for block in citations(site_of(released)))


def test_a_version_bumped_but_not_released_is_cited_as_the_last_release_with_changes(released: Path) -> None:
    invoke("release", "bump", "1.3.0", "--date", "2025-03-01", "--root", str(released))
    site = site_of(released)
    for block in citations(site):
        assert "1.2.3 with unreleased changes" in block and "1.3.0" not in block, block
    result = CliRunner().invoke(main, ["validate", "--root", str(released)])
    assert "note: version 1.3.0 in synthesis.yaml is not released yet" in result.stdout


def test_the_fingerprint_of_a_folder_equals_the_loaded_corpus(released: Path) -> None:
    corpus = load(released).corpus
    assert corpus is not None
    assert tree_fingerprint(released) == corpus_fingerprint(corpus)
    (released / "synthesis" / "releases.yaml").write_text("releases: []\n", encoding="utf-8")
    assert tree_fingerprint(released) == corpus_fingerprint(corpus), "recording a release changes no content"
    edit(released, "bibliography/references.bib", "@", " @")
    assert tree_fingerprint(released) != corpus_fingerprint(corpus)


# ------------------------------------------------------------------------------------------ the shipped site

CLAIM = re.compile(r"(\d+\.\d+\.\d+)(?:,| \() ?released (\d{4}-\d{2}-\d{2})")
"""A claim that a version was released: "Version 0.1.0, released 2026-11-23", "0.1.0 (released 2026-11-23)"."""


def test_the_shipped_site_claims_only_releases_listed_with_archives() -> None:
    corpus, problems = validate_corpus(REPO)
    assert corpus is not None, [p.format() for p in problems]
    archived = {(r.version, r.date) for r in corpus.releases if {a.kind for a in r.archives} >= {"data", "site"}}
    site = generate(corpus)
    document = docx.Document(io.BytesIO(site.binary[DOCX_PATH]))
    texts = {**site.pages, **site.files, DOCX_PATH: "\n".join(p.text for p in document.paragraphs)}
    claims = {(path, match) for path, text in texts.items() for match in CLAIM.findall(text)}
    for path, claim in claims:
        assert claim in archived, f"{path} claims release {claim}, which /versions/ does not list with archives"
    versions = site.pages["versions/index.md"]
    for version, _date in archived:
        assert f'id="v{version}"' in versions

"""/reporting/entreq/: ENTREQ's 21 items with where the site reports them, and a PRISMA 2020 flow diagram drawn
only from what synthesis.yaml records (no diagram when nothing is recorded)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

from synthsite.pipeline import generate
from synthsite.pipeline import validate as validate_corpus
from synthsite.render.entreq import ENTREQ_ITEMS

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"
PAGE = "reporting/entreq/index.md"

FLOW = """search:
  systematic_search: true
  approach: pre-planned
  how_identified: "Searched <b>two</b> databases; two reviewers screened."
  sources:
    - {name: MEDLINE, searched: "2025-01-10", records: 300}
    - {name: CINAHL, records: 112}
  strategy: "recovery AND qualitative"
  screening: "Titles, abstracts, then full texts, each by two reviewers."
  flow:
    records_identified: 412
    duplicates_removed: 80
    records_screened: 332
    records_excluded: 290
    reports_assessed: 42
    reports_excluded:
      - {reason: not qualitative, n: 30}
      - {reason: "wrong <population>", n: 10}
    studies_included: 2
"""


def _page(root: Path) -> str:
    corpus, problems = validate_corpus(root)
    assert corpus is not None, [p.format() for p in problems]
    return generate(corpus).pages[PAGE]


def _fixture(tmp_path: Path, block: str) -> Path:
    root = tmp_path / "c"
    shutil.copytree(MINI, root)
    path = root / "synthesis" / "synthesis.yaml"
    path.write_text(path.read_text(encoding="utf-8") + block, encoding="utf-8")
    return root


def _rows(page: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r'<tr id="entreq-(\d+)"><td>\d+</td><th scope="row">(.*?)</th><td[^>]*><span [^>]*>(.*?)</span>', page
    )


def test_all_21_items_in_order_each_with_a_status() -> None:
    rows = _rows(_page(REPO))
    assert [int(n) for n, _, _ in rows] == list(range(1, 22))
    assert [name for _, name, _ in rows] == list(ENTREQ_ITEMS)
    assert {status for _, _, status in rows} <= {"reported", "partly reported", "not reported", "not done"}


def test_every_link_on_the_page_points_at_a_generated_page() -> None:
    corpus, _ = validate_corpus(REPO)
    assert corpus is not None
    site = generate(corpus)
    page = site.pages[PAGE]
    targets = re.findall(r'href="(\.\./[^"#]*)(#[^"]*)?"', page)
    assert targets
    for relative, _anchor in targets:
        resolved = (Path("/reporting/entreq") / relative).resolve().as_posix().lstrip("/")
        assert f"{resolved}/index.md".lstrip("/") in site.pages or resolved == "", relative


def test_the_shipped_synthesis_says_its_studies_were_supplied_and_draws_the_other_methods_arm() -> None:
    page = _page(REPO)
    assert "were not identified by a systematic search" in page
    svg = re.search(r"<svg .*?</svg>", page, re.S)
    assert svg is not None
    assert "Identified by other methods: full texts supplied to the review team (n = 4)" in page
    assert "Records identified from databases" not in svg.group(0)
    statuses = {name: status for _, name, status in _rows(page)}
    for item in ("Approach to searching", "Data sources", "Electronic Search strategy", "Study screening methods"):
        assert statuses[item] == "not done", item
    assert "not applicable" not in statuses.values()
    assert statuses["Number of reviewers"] == "reported"
    assert "Extraction: 1 reviewer" in page and "No second reviewer checked" in page


def test_the_quotations_item_names_a_study_with_no_quotes_instead_of_claiming_quotes_for_all() -> None:
    page = _page(REPO)
    row = re.search(r'<tr id="entreq-14">.*?</tr>', page, re.S)
    assert row is not None
    assert "No quotes are available from Vivolo et al. (2024)" in row.group(0)
    assert "verbatim quotes" not in row.group(0)


SUPPLIED = """search:
  systematic_search: false
  how_identified: "Supplied by the team."
conduct:
  extraction: {reviewers: 2, independent: true}
  appraisal: {reviewers: 1}
  linking: {reviewers: 1}
  cerqual: {reviewers: 1}
"""


def test_without_a_search_the_search_items_say_not_done_and_reviewers_come_from_conduct(tmp_path: Path) -> None:
    page = _page(_fixture(tmp_path, SUPPLIED))
    statuses = {name: status for _, name, status in _rows(page)}
    for item in ("Approach to searching", "Data sources", "Electronic Search strategy", "Study screening methods"):
        assert statuses[item] == "not done", item
    assert statuses["Study selection results"] == "not done"
    assert statuses["Synthesis methodology"] == "partly reported"  # the method is named, no rationale is recorded
    row = re.search(r'<tr id="entreq-16">.*?</tr>', page, re.S)
    assert row is not None and "Extraction: 2 reviewers, independently" in row.group(0)
    assert "No second reviewer checked appraisal, linking of study themes, GRADE-CERQual assessment" in row.group(0)


def test_without_a_search_block_the_search_items_are_not_reported() -> None:
    page = _page(MINI)
    statuses = {name: status for _, name, status in _rows(page)}
    for name in ("Approach to searching", "Data sources", "Electronic Search strategy", "Study screening methods"):
        assert statuses[name] == "not reported"
    assert "has no <code>search</code> block" in page
    assert "<svg" not in page


def test_a_recorded_flow_is_drawn_with_only_its_recorded_steps_and_a_text_alternative(tmp_path: Path) -> None:
    page = _page(_fixture(tmp_path, FLOW))
    svg = re.search(r"<svg .*?</svg>", page, re.S)
    assert svg is not None
    tree = ElementTree.fromstring(svg.group(0))
    ns = "{http://www.w3.org/2000/svg}"
    assert tree.get("role") == "img"
    assert tree.get("aria-labelledby") == "prisma-title prisma-desc"
    assert tree.find(f"{ns}title").text.startswith("PRISMA 2020 flow diagram")  # type: ignore[union-attr]
    drawn = " ".join(t for t in tree.itertext())
    for text in (
        "Records identified from databases and registers (n = 412)",
        "Duplicate records removed (n = 80)",
        "Records screened (n = 332)",
        "Records excluded (n = 290)",
        "Reports assessed for eligibility (n = 42)",
        "wrong <population> (n = 10)",
        "Studies included in review (n = 2)",
    ):
        assert text in drawn, text
    assert "not retrieved" not in drawn and "sought for retrieval" not in drawn  # not recorded, not drawn
    steps = re.findall(r"<li>(.*?)</li>", page.split('class="synthsite-prisma-steps"')[1].split("</ol>")[0])
    assert steps[0].startswith("Identification: Records identified from databases and registers (n = 412)")
    assert steps[-1] == "Included: Studies included in review (n = 2)."
    assert "Searched &lt;b&gt;two&lt;/b&gt; databases" in page
    statuses = {name: status for _, name, status in _rows(page)}
    assert statuses["Study selection results"] == statuses["Approach to searching"] == "reported"
    assert "<td>MEDLINE</td><td>2025-01-10</td><td>300</td>" in page
    assert "<td>CINAHL</td><td>not recorded</td><td>112</td>" in page


def test_an_empty_flow_draws_nothing(tmp_path: Path) -> None:
    page = _page(_fixture(tmp_path, "search:\n  systematic_search: true\n  how_identified: A search.\n  flow: {}\n"))
    assert "<svg" not in page
    assert 'id="no-prisma-flow"' in page

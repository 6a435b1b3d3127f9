"""`synthsite suggest`: a ranking to help choose crosswalk links, and its measured agreement with human links."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from synthsite.cli import main
from synthsite.contrib.suggest import Ranker, leave_one_study_out, ranker_for, stem, terms
from synthsite.load.corpus import load

REPO = Path(__file__).resolve().parents[1]
FROZEN = REPO / "tests" / "fixtures" / "frozen"
MINI = REPO / "tests" / "fixtures" / "mini"


def suggest(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["suggest", *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_ranking_prints_scores_and_the_words_that_matched() -> None:
    code, out, err = suggest("smith-2020-routines", "--root", str(MINI))
    assert (code, err) == (0, "")
    assert out.startswith(
        "Suggested synthesized themes for smith-2020-routines (ranked by shared words; help for choosing links, "
        "never links):\n\n"
        "hope-is-fragile: Hope is fragile\n"
        "  1. hope  0.461  (Keeping hope; matched: hope, staff)\n"
        "  2. peer-support  0.103  (Peer support for staff; matched: staff)\n"
    )
    assert (
        "benefit-paperwork: Benefit paperwork\n  marked unlinked (outside the review question): no suggestions\n" in out
    )
    assert "  linked now: peer-support, hope\n" in out


def test_the_same_input_gives_the_same_ranking() -> None:
    assert suggest("smith-2020-routines", "--root", str(MINI)) == suggest("smith-2020-routines", "--root", str(MINI))


def test_a_half_filled_study_file_gets_suggestions(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "project")
    (tmp_path / "project/synthesis/studies/draft-2025.yaml").write_text(
        "id: draft-2025\nthemes:\n  - id: peers\n    label: Support from peers\n    description:\n",
        encoding="utf-8",
    )
    code, out, _ = suggest("draft-2025", "--root", str(tmp_path / "project"))
    assert code == 0
    assert "peers: Support from peers\n  1. peer-support " in out


def test_a_missing_or_bad_id_is_a_clear_error() -> None:
    assert suggest("nobody-2020", "--root", str(MINI)) == (
        2,
        "",
        "error: there is no synthesis/studies/nobody-2020.yaml "
        "(start one with `synthsite new nobody-2020 --bibtex FILE`)\n",
    )
    code, _, err = suggest("../etc/passwd", "--root", str(MINI))
    assert code == 2 and err == "error: '../etc/passwd' is not a study id (e.g. moen-2023)\n"


def test_words_meet_across_suffixes_and_stopwords_do_not_count() -> None:
    assert stem("supported") == stem("supporting") == stem("supports") == "support"
    assert terms("The staff and the peers") == ["staff", "peer"]
    ranker = Ranker({"a": ("A", "peer support for staff"), "b": ("B", "hope and meaning")})
    assert [s.theme for s in ranker.rank("supporting peers", top=2)] == ["a", "b"]
    assert ranker.rank("supporting peers")[0].matched == ("peers", "supporting")


def test_a_study_never_meets_its_own_themes_in_the_documents() -> None:
    corpus = load(FROZEN).corpus
    assert corpus is not None
    with_moen, without = ranker_for(corpus), ranker_for(corpus, leave_out="moen-2023")
    own_word = stem("attentively")  # a word only Moen et al.'s themes bring into the documents
    assert any(own_word in vector for vector in with_moen.vectors.values())
    assert not any(own_word in vector for vector in without.vectors.values())


def test_the_agreement_figures_in_the_docs_are_what_the_code_measures() -> None:
    """docs/suggest/index.md reports leave-one-study-out agreement on the four studies of 0.1.0 (frozen copy)."""
    corpus = load(FROZEN).corpus
    assert corpus is not None
    page = (REPO / "docs" / "suggest" / "index.md").read_text(encoding="utf-8")
    for with_study_themes, row in ((True, "what `suggest` uses"), (False, "theme text only")):
        found = leave_one_study_out(corpus, with_study_themes=with_study_themes)
        line = next(line for line in page.splitlines() if row in line and line.startswith("|"))
        assert re.findall(r"\d+/\d+ \(\d+%\)", line) == [found.share(found.top1), found.share(found.top3)]


def test_a_theme_that_shares_no_word_says_so(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "project")
    (tmp_path / "project/synthesis/studies/draft-2025.yaml").write_text(
        "id: draft-2025\nthemes:\n  - id: paperwork\n    label: Benefit forms\n", encoding="utf-8"
    )
    code, out, _ = suggest("draft-2025", "--root", str(tmp_path / "project"))
    assert code == 0
    assert "paperwork: Benefit forms\n  no synthesized theme shares a word with this theme\n" in out


DOMAINS = {
    "recovery": ("Personal recovery of service users", ("daily-life",)),
    "staff": ("Staff wellbeing at work", ("meaningful-work", "workload")),
}
DOCUMENTS = {
    "daily-life": ("Daily life", "daily activity and work give service users in recovery meaningful lives"),
    "meaningful-work": ("Meaningful work", "staff find their work meaningful"),
    "workload": ("Workload", "staff wellbeing suffers under workload and paperwork"),
}


def test_a_close_call_goes_to_the_study_themes_own_domain() -> None:
    """The query shares more with the recovery theme, but its group (nurses on their work) is staff wellbeing."""
    query = "meaningful work in daily life"
    plain = Ranker(DOCUMENTS).rank(query, top=3)
    assert plain[0].theme == "daily-life"
    ranked = Ranker(DOCUMENTS, DOMAINS).rank(query, top=3, group_text="Findings: nurses staff wellbeing at work")
    assert [s.theme for s in ranked][:2] == ["meaningful-work", "daily-life"]
    assert {s.theme: s.score for s in ranked} == {s.theme: s.score for s in plain}, "the shown score is unchanged"


def test_a_clear_match_in_another_domain_stays_first() -> None:
    ranked = Ranker(DOCUMENTS, DOMAINS).rank(
        "daily life activity for service users in recovery", top=3, group_text="staff wellbeing at work"
    )
    assert ranked[0].theme == "daily-life"

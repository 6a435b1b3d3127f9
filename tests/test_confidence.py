"""The confidence layer on fixture corpora: evidence signals, staleness, consistency rules, leave-one-out, the
disconfirming register and reviewer agreement (tests/fixtures/mini, copied and edited per test)."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.richtext import Text as RichText

from frozen import edit
from gitrepo import git
from synthsite.cli import main, validate_corpus
from synthsite.confidence import rules
from synthsite.load import Corpus
from synthsite.pipeline import index_corpus
from synthsite.render import render_index
from synthsite.tables import to_csv

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"
OLD_CACHE = shutil.ignore_patterns(".cache")
"""Leaves out the parse cache older versions wrote into the fixture (a committed cache is an error now)."""
THEMES = "synthesis/themes.yaml"
HOPE = "synthesis/studies/smith-2020-hope.yaml"
ROUTINES = "synthesis/studies/smith-2020-routines.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(MINI, target, ignore=OLD_CACHE)
    return target


def corpus_of(root: Path) -> Corpus:
    corpus, problems = validate_corpus(root)
    assert corpus is not None, [p.format() for p in problems]
    return corpus


def validate(root: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", "--root", str(root), *args])
    return result.exit_code, result.stderr.splitlines()


# ------------------------------------------------------------------------------------------ signals


def test_signals_of_a_finding_with_two_studies_and_a_contradiction() -> None:
    index = index_corpus(corpus_of(MINI))
    assert index.confidence is not None
    found = index.confidence.signals["hope"]
    figures = found.figures
    assert figures.studies == ("smith-2020-hope", "smith-2020-routines")
    assert figures.contradicting_studies == ("smith-2020-routines",)
    assert (figures.supports, figures.extends, figures.contradicts) == (2, 1, 1)
    # hope's study themes speak for service users (the hope study) and carers (the routines study): only those
    # sample groups count, not the hope study's staff
    assert figures.perspectives == ("service users", "carers")
    assert figures.by_perspective == (("service users", 5), ("carers", 4))
    assert figures.participants == 9
    assert figures.countries == ("DK", "GB")
    assert figures.quotes == 1
    assert [(c.study, c.item, c.answer) for c in found.casp_concerns] == [
        ("smith-2020-hope", "recruitment", "can't tell"),
        ("smith-2020-hope", "reflexivity", "no"),
        ("smith-2020-routines", "design", "can't tell"),
        ("smith-2020-routines", "reflexivity", "can't tell"),
        ("smith-2020-routines", "ethics", "no"),
    ]


def test_leave_one_study_out_figures() -> None:
    index = index_corpus(corpus_of(MINI))
    assert index.confidence is not None
    left = {item.study: item.remaining for item in index.confidence.signals["hope"].leave_one_out}
    assert set(left) == {"smith-2020-hope", "smith-2020-routines"}
    without_hope = left["smith-2020-hope"]
    assert without_hope.studies == ("smith-2020-routines",)
    assert (without_hope.participants, without_hope.perspectives) == (4, ("carers",))
    assert (without_hope.supports, without_hope.extends, without_hope.contradicts) == (1, 0, 1)
    without_routines = left["smith-2020-routines"]
    assert without_routines.studies == ("smith-2020-hope",)
    assert (without_routines.supports, without_routines.extends, without_routines.contradicts) == (1, 1, 0)
    single = index.confidence.signals["routines"].leave_one_out
    assert [(item.study, item.remaining.studies, item.remaining.participants) for item in single] == [
        ("smith-2020-hope", (), 0)
    ]


def test_single_study_and_single_perspective_are_marked_on_the_page_and_in_the_summary() -> None:
    site = render_index(index_corpus(corpus_of(MINI)))
    routines = site.pages["themes/routines/index.md"]
    assert '<span class="synthsite-flag">Rests on one study</span>' in routines
    assert '<span class="synthsite-flag">One perspective only (staff)</span>' in routines
    assert "Without its one study nothing remains" in routines
    assert "synthsite-flag" not in site.pages["themes/hope/index.md"]
    rows = {
        row["theme_label"]: row for row in csv.DictReader(io.StringIO(site.files["themes/summary-of-findings.csv"]))
    }
    assert rows["Keeping hope"]["evidence_note"] == ""
    assert rows["Peer support for staff"]["evidence_note"].startswith(
        "Rests on one study. One perspective only (carers)."
    )


def test_themes_csv_carries_the_signals() -> None:
    site = render_index(index_corpus(corpus_of(MINI)))
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(site.files["data/themes.csv"]))}
    hope = rows["hope"]
    assert hope["participants"] == "9"
    assert hope["participants_by_perspective"] == "service users: 5; carers: 4"
    assert hope["countries"] == "DK; GB"
    assert hope["contradicting_studies"] == "smith-2020-routines"
    assert hope["casp_concerns"].startswith(
        "smith-2020-hope: CASP 4 recruitment can't tell; smith-2020-hope: CASP 6 reflexivity no; "
        "smith-2020-routines: CASP 3 design can't tell"
    )
    assert hope["assessment_predates_evidence"] == "no"
    assert rows["routines"]["assessment_predates_evidence"].startswith("yes: added smith-2020-hope")
    assert rows["peer-support"]["assessed_version"] == "not recorded"


# ---------------------------------------------------------------------------------------- staleness


def _state(root: Path, theme: str) -> str:
    index = index_corpus(corpus_of(root))
    assert index.confidence is not None
    return index.confidence.staleness[theme].sentence()


def test_a_fresh_assessment_says_the_evidence_has_not_changed(root: Path) -> None:
    assert _state(root, "hope") == (
        "Assessed on version 0.1.0 with studies smith-2020-hope; smith-2020-routines (contradicting: "
        "smith-2020-routines); the evidence has not changed since."
    )


def test_adding_a_study_makes_the_assessment_predate_the_evidence(root: Path) -> None:
    copy = (root / ROUTINES).read_text(encoding="utf-8").replace("id: smith-2020-routines", "id: smith-2021", 1)
    (root / "synthesis/studies/smith-2021.yaml").write_text(copy, encoding="utf-8")
    code, lines = validate(root, "--strict")
    assert code == 0, lines  # a state of a living synthesis, never a validation problem
    assert _state(root, "hope") == (
        "Assessed on version 0.1.0 with studies smith-2020-hope; smith-2020-routines (contradicting: "
        "smith-2020-routines); since then: added smith-2021; newly contradicting smith-2021. "
        "The assessment predates the current evidence."
    )


def test_removing_a_study_makes_the_assessment_predate_the_evidence(root: Path) -> None:
    """The assessment judged a third study that has since been removed from the synthesis."""
    edit(
        root,
        THEMES,
        "studies: [smith-2020-hope, smith-2020-routines]",
        "studies: [smith-2019, smith-2020-hope, smith-2020-routines]",
    )
    code, lines = validate(root, "--strict")
    assert code == 0, lines
    index = index_corpus(corpus_of(root))
    assert index.confidence is not None
    state = index.confidence.staleness["hope"]
    assert state.stale and state.removed == ("smith-2019",) and not state.added
    assert state.sentence().endswith(
        "since then: no longer contributing smith-2019. The assessment predates the current evidence."
    )


def test_relinking_a_study_theme_moves_the_evidence_of_both_findings(root: Path) -> None:
    edit(
        root,
        ROUTINES,
        "      - theme: hope\n        relation: supports",
        "      - theme: routines\n        relation: supports",
    )
    _code, lines = validate(root, "--strict")
    # relinking makes the two single-study findings differ on adequacy: the rule for that is tested on its own
    assert [line for line in lines if ": warning: " in line] == _warnings(lines, "single-study-adequacy-differs"), lines
    index = index_corpus(corpus_of(root))
    assert index.confidence is not None
    hope = index.confidence.staleness["hope"]
    assert hope.removed == ("smith-2020-routines",)  # its only supporting theme now supports routines
    routines = index.confidence.staleness["routines"]
    assert routines.added == ("smith-2020-hope",) and not routines.removed  # routines now has both studies


def test_staleness_shows_on_the_theme_page_the_summary_and_the_home_page() -> None:
    site = render_index(index_corpus(corpus_of(MINI)))
    sentence = (
        "Assessed on version 0.1.0 with studies Smith &amp; Jones, 2020b; since then: added Smith &amp; Jones, "
        "2020a; no longer contributing Smith &amp; Jones, 2020b. The assessment predates the current evidence."
    )
    assert (
        f'<p class="synthsite-staleness synthsite-staleness--stale" id="assessment-state">{sentence}</p>'
        in (site.pages["themes/routines/index.md"])
    )
    note = "Assessment predates the current evidence (assessed on version 0.1.0; since: added smith-2020-hope;"
    assert note in site.pages["index.md"]
    assert note in site.pages["themes/index.md"]
    assert "does not record the evidence it judged" in site.pages["themes/peer-support/index.md"]


# -------------------------------------------------------------------------------------------- rules


RULE_CASES = {
    "adequacy-single-study": (
        THEMES,
        "adequacy: {concern: serious concerns, explanation: One study.}",
        "adequacy: {concern: no or very minor concerns, explanation: One study.}",
        "themes[1].cerqual.adequacy.concern: warning: rule adequacy-single-study: adequacy is "
        "'no or very minor concerns' but 1 study contributes",
    ),
    "coherence-contradicted": (
        THEMES,
        "coherence: {concern: moderate concerns, explanation: One study theme contradicts the finding.}",
        "coherence: {concern: no or very minor concerns, explanation: Clear.}",
        "themes[0].cerqual.coherence.concern: warning: rule coherence-contradicted: coherence is "
        "'no or very minor concerns' but the finding has 1 contradicting link(s) (smith-2020-routines)",
    ),
    "explanation-figures": (
        THEMES,
        "relevance: {concern: moderate concerns, explanation: One country.}",
        "relevance: {concern: moderate concerns, explanation: Three countries.}",
        "themes[2].cerqual.relevance.explanation: warning: rule explanation-figures: the relevance explanation "
        "states 3 countries, but the evidence comes from 1",
    ),
    "explanation-perspective": (
        THEMES,
        "relevance: {concern: no or very minor concerns, explanation: Both studies fit the question.}",
        "relevance: {concern: no or very minor concerns, explanation: Both studies fit the question and nurses too.}",
        "themes[0].cerqual.relevance.explanation: warning: rule explanation-perspective: the relevance explanation "
        "names nurses (smith-2020-hope), but no supporting or extending study theme of the finding speaks for them",
    ),
    "limitations-casp-no": (
        THEMES,
        "methodological_limitations: {concern: minor concerns, explanation: Minor.}\n      coherence: "
        "{concern: minor concerns",
        "methodological_limitations: {concern: no or very minor concerns, explanation: Minor.}\n      coherence: "
        "{concern: minor concerns",
        "themes[1].cerqual.methodological_limitations.concern: warning: rule limitations-casp-no: methodological "
        "limitations are 'no or very minor concerns' but smith-2020-hope answers no to CASP 6 (reflexivity)",
    ),
    "overall-above-components": (
        THEMES,
        "      confidence: very low\n",
        "      confidence: moderate\n",
        "themes[2].cerqual.confidence: warning: rule overall-above-components: overall confidence is "
        "'moderate' but the components allow at most 'very low' under this synthesis's ceiling",
    ),
    "explanation-unlinked-study": (
        THEMES,
        "relevance: {concern: moderate concerns, explanation: One country.}",
        "relevance: {concern: moderate concerns, explanation: One country as in Smith and Jones (2020a).}",
        "themes[2].cerqual.relevance.explanation: warning: rule explanation-unlinked-study: the relevance "
        "explanation names smith-2020-hope, which has no study theme linked to this finding",
    ),
}


@pytest.mark.parametrize("rule", sorted(RULE_CASES))
def test_each_rule_fires_at_the_judgement_and_a_justification_silences_it(root: Path, rule: str) -> None:
    relative, old, new, message = RULE_CASES[rule]
    code, lines = validate(root, "--strict")
    assert code == 0, lines
    edit(root, relative, old, new)
    code, lines = validate(root, "--strict")
    assert code == 1
    warned = [line for line in lines if f"rule {rule}:" in line]
    assert len(warned) == 1, lines
    assert re.match(r"^synthesis/themes\.yaml:\d+:\d+: ", warned[0])
    assert message in warned[0]
    code, _plain = validate(root)
    assert code == 0  # a warning, not an error
    # acknowledge it, on the theme the warning names
    theme_index = int(re.search(r"themes\[(\d+)\]", warned[0]).group(1))  # type: ignore[union-attr]
    theme_id = corpus_of(root).themes.themes[theme_index].id
    text = (root / THEMES).read_text(encoding="utf-8")
    block = re.search(rf"  - id: {theme_id}\n.*?(?=\n  - id: |\Z)", text, re.S)
    assert block is not None
    acknowledgement = f"        - rule: {rule}\n          justification: Kept on purpose, for a reason given here.\n"
    if "      acknowledged:\n" in block.group(0):
        patched = block.group(0).replace("      acknowledged:\n", "      acknowledged:\n" + acknowledgement, 1)
    else:
        patched = block.group(0).rstrip("\n") + "\n      acknowledged:\n" + acknowledgement
    (root / THEMES).write_text(text.replace(block.group(0), patched, 1), encoding="utf-8")
    code, lines = validate(root, "--strict")
    assert not _warnings(lines, rule), lines  # other rules the edit may also raise are tested on their own
    page = render_index(index_corpus(corpus_of(root))).pages[f"themes/{theme_id}/index.md"]
    assert f"(<code>{rule}</code>)" in page
    assert "Acknowledged by the reviewers: Kept on purpose, for a reason given here." in page


def test_an_open_rule_shows_on_the_theme_page(root: Path) -> None:
    edit(root, THEMES, "      confidence: very low\n", "      confidence: moderate\n")
    corpus, _problems = validate_corpus(root)
    assert corpus is not None
    page = render_index(index_corpus(corpus)).pages["themes/peer-support/index.md"]
    assert "(<code>overall-above-components</code>)" in page
    assert "Not yet revised or acknowledged." in page
    assert "above very low confidence an explanation is owed; judged moderate" in page


def test_the_downgrading_rule_ceiling() -> None:
    from synthsite.confidence.rules import ceiling
    from synthsite.model import Cerqual

    def judged(*concerns: str) -> Cerqual:
        parts = dict(zip(("methodological_limitations", "coherence", "adequacy", "relevance"), concerns, strict=True))
        return Cerqual.model_validate(
            {
                **{name: {"concern": c, "explanation": "x"} for name, c in parts.items()},
                "confidence": "low",
                "explanation": "x",
            }
        )

    minor, moderate, serious, none = (
        "minor concerns",
        "moderate concerns",
        "serious concerns",
        "no or very minor concerns",
    )
    assert ceiling(judged(minor, minor, minor, minor)) == "high"
    assert ceiling(judged(none, none, moderate, minor)) == "moderate"
    assert ceiling(judged(moderate, none, moderate, none)) == "low"
    assert ceiling(judged(none, none, serious, none)) == "low"
    assert ceiling(judged(none, none, serious, moderate)) == "very low"
    assert ceiling(judged(serious, serious, serious, serious)) == "very low"


def test_rules_are_documented_on_the_methods_page() -> None:
    from synthsite.model import RULE_IDS

    page = render_index(index_corpus(corpus_of(MINI))).pages["methods/index.md"]
    for rule in RULE_IDS:
        assert f'<dt id="rule-{rule}"><code>{rule}</code>' in page
    assert (
        '<p id="downgrading-rule-text">This synthesis&#39;s own convention, a check rather than part of CERQual' in page
    )
    overall = page.split('<p id="cerqual-overall">', 1)[1].split("</p>", 1)[0]
    assert "a judgement, not a sum" in overall and "need not lower it" in overall
    assert "one level off" not in page
    for rule in RULE_IDS:  # each rule says which part of the CERQual guidance it serves
        entry = page.split(f'<dt id="rule-{rule}">', 1)[1].split("</dd>", 1)[0]
        assert '<span class="synthsite-rule-serves">Serves ' in entry, rule


# ---------------------------------------------------------------------------------- register, agreement


def test_the_disconfirming_register_lists_disconfirming_links_only_and_counts_links_and_themes(root: Path) -> None:
    index = index_corpus(corpus_of(MINI))
    rows = list(csv.DictReader(io.StringIO(to_csv(index.tables["disconfirming"]))))
    assert [(r["theme"], r["relation"], r["study_theme"]) for r in rows] == [
        ("Keeping hope", "contradicts", "Hope is fragile"),
    ]  # the plain `extends` link (Small signs) is nuance, not disconfirming evidence
    assert rows[0]["rationale"] == "Belief from staff did not sustain hope when staff kept changing."
    site = render_index(index)
    page = site.pages["findings/disconfirming/index.md"]
    assert (
        '<p id="register-counts">1 link from 1 study theme: 1 contradicts a finding (from 1 study theme), 0 are '
        "contested, 0 complicate a finding.</p>"
    ) in page
    hope = site.pages["themes/hope/index.md"]
    register = hope.split('id="disconfirming-register" data-search-exclude>', 1)[1].split("<p>Across the synthesis", 1)[
        0
    ]
    assert "Belief from staff did not sustain hope when staff kept changing." in register
    assert "Small signs" not in register
    # a study theme with two disconfirming links is one study theme; a complicating extends link is listed
    edit(
        root,
        HOPE,
        "      - theme: hope\n        relation: extends\n",
        "      - theme: hope\n        relation: extends\n        complicates: true\n",
    )
    edit(
        root,
        ROUTINES,
        "        rationale: Belief from staff did not sustain hope when staff kept changing.\n",
        "        rationale: Belief from staff did not sustain hope when staff kept changing.\n"
        "      - theme: routines\n        relation: contradicts\n",
    )
    index = index_corpus(corpus_of(root))
    rows = list(csv.DictReader(io.StringIO(to_csv(index.tables["disconfirming"]))))
    assert [(r["theme"], r["relation"], r["listed_because"]) for r in rows] == [
        ("Keeping hope", "contradicts", "contradicts"),
        ("*emphasis* <b>x</b> [l](javascript:alert(1)) {{ 7*7 }}", "contradicts", "contradicts"),
        ("Keeping hope", "extends", "complicates"),
    ]
    page = render_index(index).pages["findings/disconfirming/index.md"]
    assert (
        "3 links from 2 study themes: 2 contradict a finding (from 1 study theme), 0 are contested, 1 complicates"
    ) in page


CONTESTED = """      - theme: peer-support
        relation: supports
        contested:
          - relation: no link
            rationale: The carers talk about their own routines, not about peer support.
            passage: We keep to the timetable (Carer 2, Results).
            source: independent re-reading, 2026-12
"""


def test_a_contested_link_shows_everywhere_and_weighs_on_coherence(root: Path) -> None:
    edit(root, ROUTINES, "      - theme: peer-support\n        relation: supports\n", CONTESTED)
    code, lines = validate(root, "--strict")
    assert code == 1
    (warned,) = [line for line in lines if "rule coherence-contradicted:" in line]
    assert "themes[2].cerqual.coherence.concern" in warned and "1 contested link(s) (smith-2020-routines)" in warned
    index = index_corpus(corpus_of(root))
    site = render_index(index)
    page = site.pages["themes/peer-support/index.md"]
    register = page.split('id="disconfirming-register"', 1)[1].split("<p>Across the synthesis", 1)[0]
    assert "Contested: <strong>no link</strong> (independent re-reading, 2026-12)" in register
    assert "The carers talk about their own routines, not about peer support." in register
    assert '<span class="synthsite-flag">contested</span>' in register
    assert "1 contested link" in page  # the evidence flag
    rows = list(csv.DictReader(io.StringIO(to_csv(index.tables["disconfirming"]))))
    assert ("supports", "contested", "yes") in {(r["relation"], r["listed_because"], r["contested"]) for r in rows}
    crosswalk = list(csv.DictReader(io.StringIO(site.files["data/crosswalk.csv"])))
    (link,) = [r for r in crosswalk if r["synthesized_theme"] == "peer-support"]
    assert link["contested"] == "yes"
    assert link["alternative_readings"].startswith("no link (independent re-reading, 2026-12): The carers")
    themes_csv = list(csv.DictReader(io.StringIO(site.files["data/themes.csv"])))
    (peer,) = [r for r in themes_csv if r["id"] == "peer-support"]
    assert peer["contested_links"] == "1"
    # the study's participants are no longer certain: a range
    assert (peer["participants_min"], peer["participants"]) == ("0", "4")
    assert "<dt>Participants</dt><dd>0 to 4 (at most carers 4)</dd>" in page


def test_changes_lists_a_newly_contested_link(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    edit(root, ROUTINES, "      - theme: peer-support\n        relation: supports\n", CONTESTED)
    result = CliRunner().invoke(main, ["changes", "main", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    section = result.stdout.split("### Contested links", 1)[1].split("###", 1)[0]
    assert (
        "| `smith-2020-routines` | `staff-lean-on-each-other` | `peer-support` | contested | no link "
        "\\(independent re\\-reading, 2026\\-12\\)\\: The carers talk about their own routines, not about peer support\\. |"
    ) in section
    assert "In the whole synthesis, 1 crosswalk link is contested." in section
    signals = result.stdout.split("### Evidence signals", 1)[1].split("###", 1)[0]
    assert "**1/0/0 → 1/0/0 (1 contested)**" in signals and "**4 → 0 to 4**" in signals


def test_a_mixed_theme_counts_participants_as_a_range(root: Path) -> None:
    edit(
        root,
        HOPE,
        "    group: Service users\n    perspective: service users\n",
        "    group: Everyone\n    perspective: mixed\n",
    )
    figures = index_corpus(corpus_of(root)).confidence.signals["hope"].figures  # type: ignore[union-attr]
    # smith-2020-hope: a mixed theme (3 to 8: at least its smallest group) beside a service-users theme (5);
    # smith-2020-routines: carers (4)
    assert (figures.participants_min, figures.participants) == (9, 12)


def test_a_theme_naming_its_group_counts_that_group_only(root: Path) -> None:
    edit(root, HOPE, "    group: Staff\n", "    group: Nurses (Table 2)\n")
    figures = index_corpus(corpus_of(root)).confidence.signals["routines"].figures  # type: ignore[union-attr]
    assert (figures.participants_min, figures.participants) == (3, 3)
    assert figures.by_perspective == (("staff", 3),)


def _warnings(lines: list[str], rule: str) -> list[str]:
    return [line for line in lines if f"rule {rule}:" in line]


def _acknowledge(root: Path, theme_id: str, rule: str) -> None:
    text = (root / THEMES).read_text(encoding="utf-8")
    block = re.search(rf"  - id: {theme_id}\n.*?(?=\n  - id: |\Z)", text, re.S)
    assert block is not None
    acknowledgement = (
        f"        - rule: {rule}\n          justification: Different on purpose, for a reason given here.\n"
    )
    if "      acknowledged:\n" in block.group(0):
        patched = block.group(0).replace("      acknowledged:\n", "      acknowledged:\n" + acknowledgement, 1)
    else:
        patched = block.group(0).rstrip("\n") + "\n      acknowledged:\n" + acknowledgement
    (root / THEMES).write_text(text.replace(block.group(0), patched, 1), encoding="utf-8")


def _fires_on_both_then_acknowledged(root: Path, rule: str, themes: tuple[str, str], message: str) -> None:
    code, lines = validate(root, "--strict")
    assert code == 1, lines
    warned = _warnings(lines, rule)
    assert len(warned) == 2, lines
    assert all(re.match(r"^synthesis/themes\.yaml:\d+:\d+: ", line) for line in warned)
    assert any(message in line for line in warned), warned
    for theme_id in themes:
        _acknowledge(root, theme_id, rule)
    code, lines = validate(root, "--strict")
    assert not _warnings(lines, rule), lines


def test_like_component_profiles_with_unlike_overall_confidence_warn_on_both(root: Path) -> None:
    edit(
        root,
        THEMES,
        "coherence: {concern: no or very minor concerns, explanation: Clear.}\n"
        "      adequacy: {concern: serious concerns, explanation: One study.}\n"
        "      relevance: {concern: moderate concerns, explanation: One country.}",
        "coherence: {concern: minor concerns, explanation: Minor.}\n"
        "      adequacy: {concern: serious concerns, explanation: One study.}\n"
        "      relevance: {concern: minor concerns, explanation: Minor.}",
    )
    _fires_on_both_then_acknowledged(
        root,
        "same-components-different-overall",
        ("routines", "peer-support"),
        "themes[2].cerqual.confidence: warning: rule same-components-different-overall: the same four component "
        "judgements, but overall confidence 'very low', unlike routines (low)",
    )


def test_like_evidence_with_unlike_methodological_limitations_warns_on_both(root: Path) -> None:
    # peer-support comes to rest on the same two studies as hope, with a different limitations judgement
    edit(
        root,
        HOPE,
        "      - theme: routines\n        relation: supports\n",
        "      - theme: routines\n        relation: supports\n      - theme: peer-support\n        relation: supports\n",
    )
    edit(
        root,
        THEMES,
        "      methodological_limitations: {concern: minor concerns, explanation: Minor.}\n"
        "      coherence: {concern: no or very minor concerns",
        "      methodological_limitations: {concern: moderate concerns, explanation: Minor.}\n"
        "      coherence: {concern: no or very minor concerns",
    )
    _fires_on_both_then_acknowledged(
        root,
        "same-evidence-different-limitations",
        ("hope", "peer-support"),
        "the same contributing studies and CASP concerns, but methodological limitations 'moderate concerns', "
        "unlike hope (minor concerns)",
    )


def test_single_study_findings_with_unlike_adequacy_warn_on_both(root: Path) -> None:
    edit(
        root,
        THEMES,
        "      adequacy: {concern: serious concerns, explanation: One study.}\n      relevance: {concern: minor",
        "      adequacy: {concern: moderate concerns, explanation: One study.}\n      relevance: {concern: minor",
    )
    _fires_on_both_then_acknowledged(
        root,
        "single-study-adequacy-differs",
        ("routines", "peer-support"),
        "a single contributing study, but adequacy 'moderate concerns', unlike peer-support (serious concerns)",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two studies (12 participants) converge.", []),
        ("One study does not consider reflexivity.", []),  # a subset, not the evidence
        ("Reflexivity is not considered in two studies and unclear in the third.", []),
        ("Three studies with both perspectives.", ["states 3 studies, but 2 contribute"]),
        ("Single contributing study.", ["states 1 study, but 2 contribute"]),
        ("Rich data, but from one study of 8 participants.", []),  # one study's size
        ("Three participants told the story.", ["states 3 participants, but the contributing studies have 9 to 12"]),
        ("Danish and English staff from two countries.", []),
        ("Staff in Norway.", ["names NO, which is not a country of the contributing studies"]),
    ],
)
def test_figures_an_explanation_states_are_checked_against_the_signals(text: str, expected: list[str]) -> None:
    from synthsite.confidence.signals import Figures

    figures = Figures(
        studies=("a", "b"),
        contradicting_studies=(),
        participants=12,
        participants_min=9,
        by_perspective=(),
        perspectives=(),
        countries=("DK", "GB"),
        supports=2,
        extends=0,
        contradicts=0,
        contested=0,
        complicating=0,
        quotes=0,
    )
    named = rules.countries_named(text) - set(figures.countries)
    assert rules.figure_mismatches(text, figures, {8, 4}, named) == expected


def test_links_not_agreed_by_two_reviewers_are_listed() -> None:
    site = render_index(index_corpus(corpus_of(MINI)))
    hope = site.pages["themes/hope/index.md"]
    unagreed = hope.split('id="unagreed-links" data-search-exclude>', 1)[1].split("</ul>", 1)[0]
    assert "Being believed in" not in unagreed  # proposed by reviewer-a, agreed by reviewer-b
    assert "Small signs" in unagreed and "no review recorded" in unagreed
    routines = site.pages["themes/routines/index.md"]
    assert "proposed by reviewer-a (2026-11-20)</li>" in routines


def test_the_same_reviewer_twice_is_not_agreement(root: Path) -> None:
    from synthsite.confidence.agreement import agreed_by_two

    edit(root, HOPE, '- {by: reviewer-b, date: "2026-11-21"}', '- {by: Reviewer-A, date: "2026-11-21"}')
    corpus = corpus_of(root)
    link = corpus.studies[0].themes[0].synthesis[0]
    assert link.review is not None and not agreed_by_two(link.review)


def test_a_review_record_needs_handles_and_dates(root: Path) -> None:
    edit(root, HOPE, '{by: reviewer-b, date: "2026-11-21"}', '{by: "@reviewer b", date: "21 Nov"}')
    code, lines = validate(root)
    assert code == 1
    assert any("review.agreed[0].by" in line for line in lines), lines
    assert any("review.agreed[0].date" in line for line in lines), lines


# ------------------------------------------------------------------------------------------ changes


def test_changes_lists_signals_stale_assessments_and_unagreed_links(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    result = CliRunner().invoke(main, ["changes", "main", "--root", str(root)])
    assert result.exit_code == 0
    assert "### Evidence signals" not in result.stdout  # no change, nothing to report
    # a new study whose theme supports hope (a new link, proposed but not agreed)
    copy = (root / ROUTINES).read_text(encoding="utf-8").replace("id: smith-2020-routines", "id: smith-2021", 1)
    copy = copy.replace(
        "      - theme: hope\n        relation: supports\n",
        '      - theme: hope\n        relation: supports\n        review:\n          proposed: {by: reviewer-c, date: "2026-11-25"}\n',
    )
    (root / "synthesis/studies/smith-2021.yaml").write_text(copy, encoding="utf-8")
    result = CliRunner().invoke(main, ["changes", "main", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    signals = out.split("### Evidence signals", 1)[1].split("###", 1)[0]
    assert "| `hope` | **2 → 3** | **9 → 13** | service users, carers | DK, GB | **2/1/1 → 3/1/2** |" in signals
    assert "`routines`" not in signals  # its evidence did not move
    stale = out.split("### Assessments that predate the evidence", 1)[1].split("###", 1)[0]
    assert (
        "- `hope`: assessed on version `0.1.0` with studies `smith-2020-hope`, `smith-2020-routines`; since then:"
        in stale
    )
    assert "added smith\\-2021" in stale
    assert "the assessment does not record the evidence it judged (`cerqual.assessed`): `peer-support`" in stale
    unagreed = out.split("### Reviewer agreement on crosswalk links", 1)[1]
    assert (
        "| `smith-2021` | `staff-lean-on-each-other` | `hope` | supports | proposed by reviewer\\-c \\(2026\\-11\\-25\\) |"
        in unagreed
    )
    assert "| `smith-2021` | `hope-is-fragile` | `hope` | contradicts | no review recorded |" in unagreed
    assert "In the whole synthesis, 1 of 9 crosswalk links are agreed by two reviewers." in unagreed


def test_a_new_contradicting_link_alone_makes_the_assessment_predate_the_evidence(root: Path) -> None:
    """No study is added or removed, but a contributing study now also contradicts the finding."""
    edit(
        root,
        HOPE,
        "      - theme: routines\n        relation: supports\n",
        "      - theme: routines\n        relation: supports\n      - theme: hope\n        relation: contradicts\n",
    )
    index = index_corpus(corpus_of(root))
    assert index.confidence is not None
    state = index.confidence.staleness["hope"]
    assert state.stale and not state.added and not state.removed
    assert state.contradicting_added == ("smith-2020-hope",)
    assert state.sentence().endswith(
        "since then: newly contradicting smith-2020-hope. The assessment predates the current evidence."
    )


def test_a_study_that_supports_and_contradicts_a_finding_keeps_unique_anchors(root: Path) -> None:
    """The routines study both supports and contradicts `hope`: its two evidence sections need distinct ids."""
    page = render_index(index_corpus(corpus_of(MINI))).pages["themes/hope/index.md"]
    assert page.count('id="study-smith-2020-routines"') == 1
    assert page.count('id="contradicting-study-smith-2020-routines"') == 1
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


@settings(max_examples=300, deadline=None)
@given(st.from_regex(rules.PLAIN_NAME, fullmatch=True))
def test_a_name_of_letters_is_its_own_plain_text(name: str) -> None:
    """The check matches surnames in explanations; a name of letters skips LaTeX decoding, which would give it back
    unchanged."""
    assert rules._plain.__wrapped__(name) == str(RichText.from_latex(name)) == name


def test_the_rules_found_for_one_corpus_are_kept_for_it_alone(root: Path) -> None:
    """The check and the index share one computation of the rules per corpus (`percorpus`): a caller changing
    its answer does not change the next caller's, and another corpus gets its own."""
    corpus = corpus_of(root)
    first = rules.all_findings(corpus)
    kept = {theme: list(found) for theme, found in first.items()}
    assert any(kept.values())  # the mini synthesis has a rule that fires: a shared list would show
    for found in first.values():
        found.clear()
    first.clear()
    assert rules.all_findings(corpus) == kept
    edit(root, THEMES, "      confidence: very low\n", "      confidence: moderate\n")
    changed = rules.all_findings(corpus_of(root))
    assert "overall-above-components" in [found.rule for found in changed["peer-support"]]
    assert "overall-above-components" not in [found.rule for found in rules.all_findings(corpus)["peer-support"]]

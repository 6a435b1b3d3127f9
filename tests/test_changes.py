"""`synthsite changes BASE_REF`: the reviewer's summary, on a throw-away git repository made from the corpus."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner

from frozen import edit
from gitrepo import git
from synthsite.cli import main
from synthsite.contrib.changes import compare
from synthsite.contrib.changes_report import text
from synthsite.load.corpus import load
from synthsite.load.safeyaml import parse

REPO = Path(__file__).resolve().parents[1]
MOEN = "synthesis/studies/moen-2023.yaml"
TOPOR = "synthesis/studies/topor-2021.yaml"
BIB = "bibliography/references.bib"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose `main` holds a copy of the shipped corpus."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(REPO / "synthesis", root / "synthesis")
    shutil.copytree(REPO / "bibliography", root / "bibliography")
    (root / "synthesis" / "releases.yaml").unlink(missing_ok=True)  # releases: tests/test_release_edition.py
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def changes(repo: Path, ref: str = "main") -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["changes", ref, "--root", str(repo)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def add_copy_of_topor(repo: Path, study_id: str = "topor-2022", key: str = "Topor2022") -> None:
    """A fifth study: Topor et al. under a new id and BibTeX key (same themes and crosswalk links)."""
    source = (repo / TOPOR).read_text(encoding="utf-8")
    source = source.replace("id: topor-2021\n", f"id: {study_id}\n", 1).replace(
        "citation: Topor2021\n", f"citation: {key}\n", 1
    )
    (repo / f"synthesis/studies/{study_id}.yaml").write_text(source, encoding="utf-8")
    bib = (repo / BIB).read_text(encoding="utf-8")
    entry = re.search(r"@article\{Topor2021,.*?\n\}\n", bib, re.S)
    assert entry is not None
    (repo / BIB).write_text(bib + entry.group(0).replace("Topor2021", key), encoding="utf-8")


def support(repo: Path, theme: str) -> tuple[int, int, int]:
    """Independent count from the YAML: (study themes supporting/extending, their studies, contradicting)."""
    backing: set[tuple[str, str]] = set()
    against: set[tuple[str, str]] = set()
    for path in sorted((repo / "synthesis/studies").glob("*.yaml")):
        data = parse(path.read_text(encoding="utf-8"))
        for study_theme in data["themes"]:
            for link in study_theme.get("synthesis", []):
                if link["theme"] == theme:
                    target = against if link["relation"] == "contradicts" else backing
                    target.add((data["id"], study_theme["id"]))
    return len(backing), len({s for s, _ in backing}), len(against)


def row(output: str, theme: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.startswith(f"| `{theme}` "))
    return [cell.strip() for cell in line.strip("|").split(" | ")]


def arrow(before: int, after: int) -> str:
    return str(after) if before == after else f"**{before} → {after}**"


# ---------------------------------------------------------------------------------------------- tests


def test_no_change(repo: Path) -> None:
    assert changes(repo) == (
        0,
        "## What this change does to the synthesis\n\n"
        "Compared with `main`; version `0.1.0` in `synthesis/synthesis.yaml`.\n\n"
        "No change to studies, themes, crosswalk links or references.\n",
        "",
    )


def test_added_study(repo: Path) -> None:
    themes = [t["id"] for t in parse((repo / TOPOR).read_text(encoding="utf-8"))["themes"]]
    before = {t: support(repo, t) for t in ("own-decision-with-help", "being-seen-and-listened-to")}
    add_copy_of_topor(repo)
    code, out, err = changes(repo)
    assert (code, err) == (0, "")
    assert "- added: `topor-2022`\n- references: added `Topor2022`\n" in out
    for theme_id in themes:
        assert re.search(rf"^\| `topor-2022` \| `{theme_id}` \| .* \| added \|$", out, re.M), theme_id
    for theme, (themes_before, studies_before, against) in before.items():
        themes_after, studies_after, _ = support(repo, theme)
        assert studies_after == studies_before + 1
        assert row(out, theme)[1:4] == [
            arrow(themes_before, themes_after),
            arrow(studies_before, studies_after),
            str(against),
        ]
    assert "Release impact: **MINOR** (a study is added)" in out
    assert "> **Check CERQual:** the evidence behind `own-decision-with-help`" in out


def test_removed_study(repo: Path) -> None:
    add_copy_of_topor(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "fifth study")
    (repo / "synthesis/studies/topor-2022.yaml").unlink()
    code, out, _ = changes(repo)
    assert code == 0
    assert "- removed: `topor-2022`\n" in out
    assert "- references: removed `Topor2022`" not in out  # the entry is still in references.bib
    assert re.search(r"^\| `topor-2022` \| `own-decision-with-help-of-others` \| .* \| removed \|$", out, re.M)
    assert re.search(
        r"^\| `topor-2022` \| `own-decision-with-help-of-others` \| `own-decision-with-help` \| supports \| removed \|$",
        out,
        re.M,
    )
    now = support(repo, "own-decision-with-help")
    assert row(out, "own-decision-with-help")[2] == f"**{now[1] + 1} → {now[1]}**"
    assert "Release impact: **MAJOR** (a study is removed)" in out


def test_modified_study_lists_the_changed_fields(repo: Path) -> None:
    edit(repo, MOEN, "period: January to December 2018", "period: 2018")
    edit(repo, MOEN, "  analysis: reflexive thematic analysis\n", "  analysis: thematic analysis\n")
    code, out, _ = changes(repo)
    assert code == 0
    assert "- modified: `moen-2023` (fields: `setting`, `method`)\n" in out
    assert "### Crosswalk links" not in out
    assert "**" not in "".join(line for line in out.splitlines() if line.startswith("| `"))
    assert "Release impact: **PATCH** (corrections only)" in out


def test_crosswalk_change_shows_in_the_per_theme_counts(repo: Path) -> None:
    """Moen's first theme stops supporting one synthesized theme and contradicts another."""
    old = ("talking-openly-across-services", "own-decision-with-help")
    before = {t: support(repo, t) for t in old}
    edit(
        repo,
        MOEN,
        "      - theme: talking-openly-across-services\n        relation: supports\n        rationale: >-\n"
        "          Multi-agency",
        "      - theme: own-decision-with-help\n        relation: contradicts\n        rationale: >-\n"
        "          Multi-agency",
    )
    code, out, _ = changes(repo)
    assert code == 0
    assert "- modified: `moen-2023` (fields: `themes`)" in out
    link = "| `moen-2023` | `opportunity-to-resolve-challenges` |"
    assert f"{link} `own-decision-with-help` | contradicts | added |" in out
    assert f"{link} `talking-openly-across-services` | supports | removed |" in out
    assert f"{link} An opportunity to resolve challenges that were not always met | modified |" in out
    talking, studies, _ = before["talking-openly-across-services"]
    assert row(out, "talking-openly-across-services")[1:4] == [f"**{talking} → {talking - 1}**", str(studies), "0"]
    own = before["own-decision-with-help"]
    assert row(out, "own-decision-with-help")[1:4] == [str(own[0]), str(own[1]), f"**{own[2]} → {own[2] + 1}**"]
    assert "Release impact: **MINOR** (crosswalk links change)" in out


def test_confidence_change(repo: Path) -> None:
    themes = (repo / "synthesis/themes.yaml").read_text(encoding="utf-8")
    first = themes.index("      confidence: moderate\n")
    (repo / "synthesis/themes.yaml").write_text(
        themes[:first] + "      confidence: low\n" + themes[first + len("      confidence: moderate\n") :],
        encoding="utf-8",
    )
    theme_id = re.findall(r"^  - id: (\S+)$", themes[:first], re.M)[-1]  # the finding whose confidence changed
    code, out, _ = changes(repo)
    assert code == 0
    assert row(out, theme_id)[4] == "**moderate → low**"
    assert f"Release impact: **MAJOR** (the confidence in `{theme_id}` changes)" in out


def test_unknown_ref_exits_2(repo: Path) -> None:
    assert changes(repo, "origin/nope") == (
        2,
        "",
        "error: unknown git ref 'origin/nope': name a branch, tag or commit, and fetch it first "
        "(e.g. `git fetch origin main` for origin/main)\n",
    )


def test_option_like_ref_is_refused(repo: Path) -> None:
    result = CliRunner().invoke(main, ["changes", "--root", str(repo), "--", "--output=/tmp/x"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: '--output=/tmp/x' is not a git ref; give a branch, tag or commit such as origin/main\n"
    )


def test_not_a_git_repository_exits_2(tmp_path: Path) -> None:
    shutil.copytree(REPO / "synthesis", tmp_path / "synthesis")
    shutil.copytree(REPO / "bibliography", tmp_path / "bibliography")
    code, out, err = changes(tmp_path)
    assert (code, out) == (2, "")
    assert err == f"error: {tmp_path} is not in a git repository\n"


def test_invalid_working_tree_prints_the_problems_into_the_summary_and_exits_1(repo: Path) -> None:
    """The summary (stdout, which CI posts on the pull request) names the problems, escaped like any data; the
    log (stderr) has them as `validate` prints them."""
    edit(repo, MOEN, "  total: 18\n", '  total: "18"\n')
    code, out, err = changes(repo)
    assert code == 1
    assert err.splitlines()[0].startswith(f"{MOEN}:")
    assert "sample.total: expected a whole number, got text ('18')" in err
    assert err.splitlines()[-1] == "1 error(s), 0 warning(s)"
    lines = out.splitlines()
    assert lines[0] == "## What this change does to the synthesis"
    assert "**the data do not validate**" in out and "reports 1 problem (1 error)" in out
    (problem,) = [line for line in lines if line.startswith("- ")]
    assert problem == "- " + text(err.splitlines()[0], 400)
    assert "moen\\-2023\\.yaml\\:33\\:10\\: sample\\.total\\: expected a whole number" in problem


@pytest.mark.corpus
def test_base_without_a_synthesis_shows_everything_as_new(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("empty\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    shutil.copytree(REPO / "synthesis", root / "synthesis")
    shutil.copytree(REPO / "bibliography", root / "bibliography")
    code, out, _ = changes(root)
    assert code == 0
    assert "> Note: main has no synthesis/ folder; everything is shown as new" in out
    count = len(list((REPO / "synthesis/studies").glob("*.yaml")))
    assert out.count("\n- added: `") == count


@pytest.mark.corpus
def test_compare_is_empty_for_the_same_corpus() -> None:
    corpus = load(REPO).corpus
    assert corpus is not None
    result = compare(corpus, corpus)
    assert result.empty
    assert all(not row.changed for row in result.themes)


def test_hostile_text_stays_inert(repo: Path) -> None:
    from hostile_corpus import write_hostile_corpus

    hostile = write_hostile_corpus(repo.parent / "hostile")
    for folder in ("synthesis", "bibliography"):
        shutil.rmtree(repo / folder)
        shutil.copytree(hostile / folder, repo / folder)
    code, out, err = changes(repo)
    assert code == 0, err
    html = markdown.markdown(out, extensions=["tables"])
    for danger in ("<script", "<img", "<svg", "<div", "<b>", "<a ", "<!--", "<textarea"):
        assert danger not in html, danger
    assert "{{" not in out, "template syntax is escaped in the Markdown itself"
    assert re.search(r"@(?!\u200b)", out) is None, "every @ is followed by a zero-width space"
    tables: list[list[str]] = [[]]
    for line in out.splitlines():  # each table's rows keep its header's columns: no payload adds a cell
        if line.startswith("| "):
            tables[-1].append(line)
        elif tables[-1]:
            tables.append([])
    for table in (t for t in tables if t):
        assert all(line.count(" | ") == table[0].count(" | ") for line in table), table


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<b>x</b>", r"\<b\>x\</b\>"),
        ("a | b", r"a \| b"),
        ("{{ 7*7 }}", r"\{\{ 7\*7 \}\}"),
        ("@team", "\\@\u200bteam"),
        ("[x](javascript:y)", r"\[x\]\(javascript\:y\)"),
        ("a/b", "a/b"),
        ("line\nbreak", "line break"),
        ("Plain, words' here", "Plain, words' here"),
    ],
)
def test_text_escapes_markdown_and_html(value: str, expected: str) -> None:
    assert text(value) == expected


def test_reworded_finding_is_flagged(repo: Path) -> None:
    themes = parse((repo / "synthesis/themes.yaml").read_text(encoding="utf-8"))
    first_words = " ".join(themes["themes"][0]["finding"].split()[:3])
    edit(repo, "synthesis/themes.yaml", first_words, "Some say " + first_words)
    code, out, _ = changes(repo)
    assert code == 0
    theme = themes["themes"][0]
    assert row(out, theme["id"])[0] == f"`{theme['id']}` {text(theme['label'])} (finding reworded)"
    assert f"Release impact: **MAJOR** (the finding of `{theme['id']}` is reworded)" in out


# ------------------------------------------------------------------ what a reviewer needs in one place


def test_validation_warnings_head_the_summary(repo: Path) -> None:
    """Warnings reach the pull-request comment, not only the CI log (where nobody reads them)."""
    edit(
        repo,
        MOEN,
        "\nthemes:\n",
        "\nthemes:\n  - id: not-yet-linked\n    label: Not yet linked\n    level: theme\n    group: Extra\n"
        "    perspective: staff\n    description: A theme nobody has linked yet.\n",
    )
    code, out, err = changes(repo)
    assert code == 0
    warning = next(line for line in err.splitlines() if "not-yet-linked" in line)
    assert warning.startswith(f"{MOEN}:") and "warning: study theme 'not-yet-linked' is not linked" in warning
    head = out.split("### Studies")[0]
    assert "### Validation warnings\n\n`synthsite validate --strict` (run by CI) fails on 1 warning:\n\n- " in head
    assert "not\\-yet\\-linked" in head  # escaped like all data text in the comment


def test_modified_values_are_shown_before_and_after(repo: Path) -> None:
    edit(repo, MOEN, "period: January to December 2018", "period: 2018")
    edit(repo, MOEN, "  analysis: reflexive thematic analysis\n", "  analysis: thematic analysis\n")
    code, out, _ = changes(repo)
    assert code == 0
    assert (
        "- modified: `moen-2023` (fields: `setting`, `method`)\n"
        "  - `setting.period`: January to December 2018 \\(inclusion and data production per… → "
        "2018 \\(inclusion and data production period\\)\n"
        "  - `method.analysis`: reflexive thematic analysis → thematic analysis\n"
    ) in out


def test_a_changed_count_reads_as_before_and_after(repo: Path) -> None:
    text = (repo / TOPOR).read_text(encoding="utf-8")
    total = re.search(r"^  total: (\d+)$", text, re.M)
    assert total is not None
    edit(repo, TOPOR, f"  total: {total.group(1)}\n", f"  total: {int(total.group(1)) - 1}\n")
    _, out, _ = changes(repo)
    assert f"  - `sample.total`: {total.group(1)} → {int(total.group(1)) - 1}\n" in out


def test_added_study_themes_are_listed_in_the_papers_order(repo: Path) -> None:
    order = [t["id"] for t in parse((repo / TOPOR).read_text(encoding="utf-8"))["themes"]]
    add_copy_of_topor(repo)
    _, out, _ = changes(repo)
    listed = re.findall(r"^\| `topor-2022` \| `([a-z0-9-]+)` \| [^|`]* \| added \|$", out, re.M)
    assert listed == order and listed != sorted(listed)


def test_several_stale_assessments_read_as_a_plural(repo: Path) -> None:
    add_copy_of_topor(repo)
    _, out, _ = changes(repo)
    line = next(line for line in out.splitlines() if line.startswith("> **Check CERQual:**"))
    assert re.fullmatch(
        r"> \*\*Check CERQual:\*\* the evidence behind (`[a-z0-9-]+`, )*`[a-z0-9-]+` and `[a-z0-9-]+` changed but "
        r"their assessments in `synthesis/themes.yaml` did not\.",
        line,
    ), line

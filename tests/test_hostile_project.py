"""Hostile input, round three, beyond the data: mkdocs.yml, the site folder, docs/, the parse cache and the
pull-request summary. Each test puts the attack in a copy of the project and asserts the exact outcome: the
message with file:line, nothing executed, no file outside the project touched, the previous site intact."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from frozen import FROZEN, copy_frozen, edit, validate
from gitrepo import git
from sitebuild import REPO, mkdocs_build
from synthsite.builders.staging import MARKER, MARKER_TEXT, PREFIX
from synthsite.cli import main
from synthsite.load.parsecache import cache_file

MOEN = "synthesis/studies/moen-2023.yaml"
pytestmark = pytest.mark.xdist_group("hostile-project")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The frozen corpus as a whole project: the repository's mkdocs.yml, docs/ and contributor guide."""
    root = copy_frozen(tmp_path / "project")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split(text, 1)[0].count("\n") + 1


# ------------------------------------------------------------------------------------------ mkdocs.yml


def test_hooks_and_python_tags_in_mkdocs_yml_are_refused_and_never_run(project: Path, tmp_path: Path) -> None:
    sentinel = tmp_path / "executed"
    (project / "docs" / "evil_hook.py").write_text(f"open({str(sentinel)!r}, 'w').write('hook')\n", encoding="utf-8")
    edit(project, "mkdocs.yml", "strict: true\n", "strict: true\nhooks:\n  - docs/evil_hook.py\n")
    code, lines = validate(project, "--strict")
    assert (code, lines) == (
        1,
        [
            "mkdocs.yml:8:1: hooks: `hooks` is not allowed in a synthesis's mkdocs.yml (hooks are Python files "
            "MkDocs imports and runs at build time; remove `hooks`)",
            "1 error(s), 0 warning(s)",
        ],
    )
    edit(project, "mkdocs.yml", "hooks:\n  - docs/evil_hook.py\n", "")
    edit(project, "mkdocs.yml", "extra:\n", f'extra:\n  x: !!python/object/apply:os.system ["touch {sentinel}"]\n')
    code, lines = validate(project, "--strict")
    line = line_of(project / "mkdocs.yml", "  x: !!python")
    assert (code, lines) == (
        1,
        [
            f"mkdocs.yml:{line}:6: (file): the YAML tag 'python/object/apply:os.system' is not allowed (mkdocs.yml "
            "may use no Python or other tags (only `!ENV` for `enabled` or `strict`); remove it)",
            "1 error(s), 0 warning(s)",
        ],
    )
    assert not sentinel.exists()


def test_make_site_checks_mkdocs_yml_before_mkdocs_reads_it() -> None:
    """MkDocs builds Python objects and imports hooks while it reads its configuration, before any plugin runs:
    only the validation `make site` runs first can stop them."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nsite:", 1)[1].split("\n\n", 1)[0]
    assert recipe.index("synthsite validate --strict") < recipe.index("mkdocs build --strict")


def test_env_values_may_not_reach_published_text(project: Path) -> None:
    edit(project, "mkdocs.yml", 'site_name: "Personal recovery and the staff who support it"', "site_name: !ENV [HOME]")
    edit(project, "mkdocs.yml", "  - search\n", "  - search:\n      enabled: !ENV [SEARCH, true]\n")
    code, lines = validate(project)
    assert (code, lines) == (
        1,
        [
            "mkdocs.yml:1:12: site_name: `!ENV` is allowed only for the on/off settings `enabled` and `strict` "
            "(write the value itself: a value from the environment could publish the build machine's settings or "
            "secrets)",
            "1 error(s), 0 warning(s)",
        ],
    )


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [
        ("docs_dir: docs", "docs_dir: ../outside", "docs_dir: '../outside' is outside the project folder"),
        ("docs_dir: docs", "docs_dir: /etc", "docs_dir: '/etc' is outside the project folder"),
        ("docs_dir: docs", "docs_dir: docs\nsite_dir: /tmp/victim", "site_dir: '/tmp/victim' is outside the project"),
        (
            "docs_dir: docs",
            "docs_dir: docs\nsite_dir: bibliography",
            "site_dir: 'bibliography' is the project folder or a folder of its data; a build replaces its site_dir",
        ),
        ("  name: material\n", "  name: material\n  custom_dir: ~/x\n", "theme.custom_dir: '~/x' is a path in a home"),
        (
            "  - attr_list\n",
            "  - attr_list\n  - pymdownx.snippets:\n      base_path: /\n",
            "markdown_extensions[2].pymdownx.snippets.base_path: '/' is outside the project folder",
        ),
        (
            "  - attr_list\n",
            "  - attr_list\n  - pymdownx.snippets:\n      url_download: true\n",
            "markdown_extensions[2].pymdownx.snippets.url_download: snippets may not be downloaded",
        ),
        ("  - synthsite\n", "  - synthsite\n  - macros\n", "plugins[2]: the plugin 'macros' is not on the allow-list"),
        (
            "  - attr_list\n",
            "  - attr_list\n  - evil.extension\n",
            "markdown_extensions[2]: the Markdown extension 'evil.extension' is not on the allow-list",
        ),
        ("strict: true\n", "strict: true\nINHERIT: ../base.yml\n", "INHERIT: `INHERIT` is not allowed"),
        (
            "extra:\n",
            "extra_javascript:\n  - https://cdn.example/x.js\nextra:\n",
            "extra_javascript[0]: 'https://cdn.example/x.js' is fetched from another site",
        ),
        (
            "extra:\n",
            "extra:\n  polyfills:\n    - https://unpkg.com/iframe-worker/shim\n",
            "extra.polyfills[0]: 'https://unpkg.com/iframe-worker/shim' is fetched from another site",
        ),
    ],
)
def test_mkdocs_yml_paths_plugins_and_extensions_are_checked(project: Path, old: str, new: str, found: str) -> None:
    edit(project, "mkdocs.yml", old, new)
    code, lines = validate(project)
    assert code == 1
    assert len(lines) == 2 and lines[1] == "1 error(s), 0 warning(s)", lines
    assert lines[0].startswith("mkdocs.yml:") and f": {found}" in lines[0], lines


def test_the_maintainers_allow_list_admits_a_plugin_and_an_extension(project: Path) -> None:
    edit(project, "mkdocs.yml", "  - synthsite\n", "  - synthsite\n  - macros\n")
    edit(project, "mkdocs.yml", "  - attr_list\n", "  - attr_list\n  - pymdownx.emoji\n")
    assert validate(project)[0] == 1
    (project / "mkdocs-allowlist.yml").write_text(
        "plugins: [macros]\nmarkdown_extensions: [pymdownx.emoji]\n", encoding="utf-8"
    )
    assert validate(project, "--strict") == (0, [])


def test_the_plugin_refuses_a_site_dir_of_data_even_when_mkdocs_runs_directly(project: Path) -> None:
    edit(project, "mkdocs.yml", "docs_dir: docs", "docs_dir: docs\nsite_dir: bibliography")
    before = snapshot(project / "bibliography")
    result = mkdocs_build(project / "mkdocs.yml", project / "bibliography")
    assert result.returncode == 1
    assert "mkdocs.yml:9:11: site_dir: 'bibliography' is the project folder or a folder of its data" in result.stderr
    assert snapshot(project / "bibliography") == before


# ----------------------------------------------------------------------------------------- the site folder


@pytest.mark.slow
def test_a_site_dir_holding_other_files_is_never_replaced(project: Path, tmp_path: Path) -> None:
    """`site_dir:` a folder elsewhere on the machine: the swap renamed it aside and removed it."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "thesis.tex").write_text("years of work", encoding="utf-8")
    result = mkdocs_build(project / "mkdocs.yml", victim)
    assert result.returncode == 1
    assert (
        f"synthsite: {victim} exists and was not written by a synthsite build (it has no {MARKER}); a build replaces "
        "only a site folder it made, so nothing was changed"
    ) in result.stderr
    assert snapshot(victim) == {"thesis.tex": b"years of work"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(PREFIX)] == []


@pytest.mark.slow
def test_a_build_replaces_its_own_site_and_removes_what_a_killed_build_left(project: Path) -> None:
    site = project / "site"
    stale = project / f"{PREFIX}site-k1ll3d"
    (stale / "assets").mkdir(parents=True)
    (stale / "assets" / "half.js").write_text("half", encoding="utf-8")
    old_aside = project / f"{PREFIX}site-old-x9"
    old_aside.mkdir()
    keep = project / f"{PREFIX}other-site-z"
    keep.mkdir()
    site.mkdir()
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (site / "old.html").write_text("old", encoding="utf-8")
    result = mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not stale.exists() and not old_aside.exists() and keep.exists()
    assert (site / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
    assert not (site / "old.html").exists() and (site / "index.html").is_file()


@pytest.mark.slow
def test_a_file_size_limit_during_the_build_is_a_message_and_the_previous_site_stays(project: Path) -> None:
    site = project / "site"
    site.mkdir()
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    before = snapshot(site)

    def small_files() -> None:  # a full disk fails the same way: a write that raises OSError
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=small_files,
        timeout=600,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "synthsite: the build could not write the site: File too large" in result.stderr
    assert f"{site} was left as it was" in result.stderr
    assert snapshot(site) == before
    assert [p.name for p in project.iterdir() if p.name.startswith(PREFIX)] == []


@pytest.mark.slow
def test_an_out_of_range_source_date_epoch_stops_the_build_with_a_message(project: Path) -> None:
    result = mkdocs_build(project / "mkdocs.yml", project / "site", epoch="99999999999999")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "ERROR   -  SOURCE_DATE_EPOCH=99999999999999 is not a time this build can use" in result.stderr
    assert not (project / "site").exists()


# ---------------------------------------------------------------------------------------- docs/*.md


@pytest.mark.slow
def test_script_in_a_hand_written_page_stops_the_build_at_its_lines(project: Path) -> None:
    page = (
        '# Notes\n\nText.\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n'
        "[click](javascript:alert(1)) and [also](JaVa&#x09;ScRiPt:alert(1))\n\nA paragraph\n"
        '{: onclick="alert(1)" }\n'
    )
    (project / "docs" / "notes.md").write_text(page, encoding="utf-8")
    site = project / "site"
    site.mkdir()
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    result = mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 1
    fix = "would run script in readers' browsers (write it as text in `code`, or link to a web page instead)"
    for line in (
        f"docs/notes.md:5: a <script> element {fix}",
        f"docs/notes.md:7: an event-handler attribute `onerror` on <img> {fix}",
        f"docs/notes.md:9: a `javascript:` address in `href` on <a> {fix}",
        f"docs/notes.md:12: an event-handler attribute `onclick` on <p> {fix}",
    ):
        assert f"ERROR   -  synthsite: {line}" in result.stderr, line
    assert result.stderr.count("`javascript:` address") == 2
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"


@pytest.mark.slow
def test_script_in_the_contributor_guide_stops_the_build_at_its_line(project: Path) -> None:
    guide = (project / "CONTRIBUTING.md").read_text(encoding="utf-8")
    (project / "CONTRIBUTING.md").write_text(guide + '\n<svg onload="alert(1)"></svg>\n', encoding="utf-8")
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 1
    line = guide.count("\n") + 2
    assert (
        f"ERROR   -  synthsite: CONTRIBUTING.md:{line}: an event-handler attribute `onload` on <svg> would run script"
    ) in result.stderr
    assert not (project / "site").exists()


# ----------------------------------------------------------------------------------------- parse cache


def test_a_committed_parse_cache_is_refused_and_never_read(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`git add -f .cache/synthsite/parsed.json` with a swapped sample size changed every export."""
    monkeypatch.setenv("SYNTHSITE_CACHE", "1")
    cache = project / ".cache" / "synthsite" / "parsed.json"
    cache.parent.mkdir(parents=True)
    cache.write_text(json.dumps({"format": "anything", "entries": {"x": {"sample": {"total": 9999}}}}), "utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "add", "-f", ".cache/synthsite/parsed.json")
    code, lines = validate(project)
    assert (code, lines) == (
        1,
        [
            ".cache/synthsite/parsed.json:1:1: (file): a cache file is committed to the repository: synthsite keeps "
            "its parse cache outside the project and never reads this one, and nothing a review cannot read may "
            "sit beside the data (remove it from the repository: git rm --cached .cache/synthsite/parsed.json)",
            "1 error(s), 0 warning(s)",
        ],
    )
    git(project, "rm", "-q", "--cached", ".cache/synthsite/parsed.json")
    assert validate(project, "--strict")[0] == 0


def test_the_cache_lives_outside_the_project_and_a_tampered_one_cannot_change_the_data(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYNTHSITE_CACHE", "1")
    assert validate(project, "--strict")[0] == 0
    cached = cache_file(project)
    assert cached is not None and cached.is_file() and not cached.resolve().is_relative_to(project.resolve())
    assert not (project / ".cache").exists()
    for corrupt in ("[" * 100_000 + "]" * 100_000, "{not json", '{"format": 1, "entries": []}', "\x00\xff"):
        cached.write_text(corrupt, encoding="utf-8", errors="surrogateescape")
        assert validate(project, "--strict")[0] == 0


def test_a_deeply_nested_cache_is_a_miss_not_a_traceback(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHSITE_CACHE", "1")
    cached = cache_file(project)
    assert cached is not None
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text('{"format": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "--root", str(project), "--format", "json"])
    assert result.exit_code == 0 and result.exception is None
    total = next(s for s in json.loads(result.stdout)["studies"] if s["id"] == "moen-2023")["sample"]["total"]
    assert total == 18 and "total: 18" in (FROZEN / MOEN).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------- the pull-request summary


@pytest.fixture
def fork(tmp_path: Path) -> Path:
    """A repository whose `main` holds the frozen project, and a branch `pr` that changes data and code."""
    root = copy_frozen(tmp_path / "repo")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "pr")
    edit(root, MOEN, "  total: 18\n", "  total: 19\n")
    edit(root, MOEN, "    n: 6\n", "    n: 7\n")
    (root / "mkdocs-allowlist.yml").write_text("plugins: [macros]\n", encoding="utf-8")
    (root / "scripts").mkdir()
    (root / "scripts" / "evil.py").write_text("raise SystemExit('fork code ran')\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "fork")
    git(root, "checkout", "-q", "main")
    return root


def test_changes_head_reads_the_pull_requests_data_from_git_and_lists_its_code(fork: Path) -> None:
    before = snapshot(fork)
    result = CliRunner().invoke(main, ["changes", "main", "--head", "pr", "--root", str(fork)])
    assert result.exit_code == 0, result.stderr
    assert (
        "### Files outside synthesis/ and bibliography/: review them as code\n\n"
        "These are not data: they decide what the build and CI run, and what the site shows. Read each change as "
        "you would read a change to a program.\n\n"
        "- `mkdocs-allowlist.yml` (the plugins and Markdown extensions mkdocs.yml may use)\n"
        "- `scripts/evil.py`\n"
    ) in result.stdout
    assert "- modified: `moen-2023` (fields: `sample`)" in result.stdout
    assert snapshot(fork) == before, "the working tree (the base branch) is untouched"


def test_changes_lists_code_changes_in_the_working_tree(fork: Path) -> None:
    edit(fork, "mkdocs.yml", "strict: true\n", "strict: false\n")
    (fork / "docs").mkdir()
    (fork / "docs" / "new.md").write_text("# New\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["changes", "main", "--root", str(fork)])
    assert result.exit_code == 0, result.stderr
    assert (
        "- `docs/new.md` (hand-written pages)\n"
        "- `mkdocs.yml` (site configuration: plugins, Markdown extensions and paths the build uses)\n"
    ) in result.stdout

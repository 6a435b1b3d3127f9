"""`synthsite init DIR`: a new synthesis that validates and builds strictly at once, with the package's own
assets and meta tags (nothing copied from this repository), and package data that a wheel really carries."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import synthsite
from sitebuild import EPOCH, REPO, mkdocs_settings
from synthsite.builders import packaged
from synthsite.cli import main
from synthsite.contrib import init as starter
from synthsite.load.safeyaml import parse

TITLE = 'Hope: "quoted" <b>bold</b> & more #1'
"""A title that YAML, Markdown and HTML would each misread if it were pasted in unquoted or unescaped."""
EXPECTED = {
    ".github/workflows/ci.yml",
    ".github/workflows/pages.yml",
    ".github/workflows/release.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".zenodo.json",
    "CITATION.cff",
    "CONTRIBUTING.md",
    "LICENSE",
    "docs/.gitkeep",
    "Makefile",
    "README.md",
    "bibliography/references.bib",
    "mkdocs.yml",
    "requirements.txt",
    "synthesis/schema/study.schema.json",
    "synthesis/schema/synthesis.schema.json",
    "synthesis/schema/themes.schema.json",
    "synthesis/studies/example-2024.yaml",
    "synthesis/synthesis.yaml",
    "synthesis/themes.yaml",
}


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "synthsite tests",
    "GIT_AUTHOR_EMAIL": "tests@example.org",
    "GIT_COMMITTER_NAME": "synthsite tests",
    "GIT_COMMITTER_EMAIL": "tests@example.org",
}


def init(target: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    variables = {"SOURCE_DATE_EPOCH": EPOCH, **GIT_IDENTITY, **(env or {})}
    result = CliRunner().invoke(main, ["init", str(target), *args], env=variables)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def tree(folder: Path) -> set[str]:
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    return {name for name in files if not name.startswith(".git/")}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "my-review"
    code, out, err = init(target, "--title", TITLE, "--site-url", "https://example.org/hope")
    assert (code, err) == (0, ""), out
    assert out.splitlines()[-2:] == [
        "git repository created with a first commit on branch main",
        f"next: cd {target} && make site",
    ]
    return target


def test_init_writes_the_whole_starter_project(project: Path) -> None:
    assert tree(project) == EXPECTED
    for workflow in ("ci.yml", "pages.yml"):
        jobs = yaml.safe_load((project / ".github/workflows" / workflow).read_text(encoding="utf-8"))["jobs"]
        steps = [step.get("run", "") for job in jobs.values() for step in job["steps"]]
        assert any(run.strip().startswith("make ") or "\nmake " in run for run in steps), workflow


def test_examples_are_marked_and_the_title_and_site_url_are_the_projects(project: Path) -> None:
    meta = parse((project / "synthesis/synthesis.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == TITLE and meta["site_url"] == "https://example.org/hope/"
    assert meta["date_released"] == "2026-01-01"
    study = (project / "synthesis/studies/example-2024.yaml").read_text(encoding="utf-8")
    assert study.count("EXAMPLE") > 10 and "describes no real paper" in study
    assert "EXAMPLE: replace this entry" in (project / "bibliography/references.bib").read_text(encoding="utf-8")
    assert mkdocs_settings(project / "mkdocs.yml")["site_name"] == "Hope: 'quoted' b bold /b & more #1"
    schema = json.loads((project / "synthesis/schema/study.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"] == "https://example.org/hope/data/study.schema.json"


def test_the_requirement_installs_the_synthsite_that_ran_init(project: Path) -> None:
    """Run from this checkout's development install, the new project installs synthsite from here; run against
    the installed wheel (`make wheeltest`), it names the released version, as `pip install synthsite` would."""
    requirement = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert requirement == starter.default_requirement()
    if Path(synthsite.__file__).is_relative_to(REPO):
        assert requirement == f"synthsite @ {REPO.as_uri()}"
    else:
        version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
        assert requirement == f"synthsite=={version}"


@pytest.mark.slow
def test_make_site_validates_and_builds_strictly_with_the_packaged_assets(project: Path) -> None:
    """The project's own Makefile recipe (`make site`, then `make test`'s schema check), with this environment's
    tools instead of a fresh .venv (installing one needs the network; the note shows that run)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    done = subprocess.run(
        ["make", "-o", ".venv/.installed-stamp", "test", f"BIN={Path(sys.executable).parent}"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok: 1 study, 1 synthesized theme" in done.stdout and "schema up to date" in done.stdout
    site = project / "site"
    study = (site / "studies/example-2024/index.html").read_text(encoding="utf-8")
    assert '<meta name="citation_title" content="EXAMPLE: replace this entry with your first included study">' in study
    for path, content in packaged.static_files().items():
        assert (site / path).read_bytes() == content, path
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<b>bold</b>" not in home and "&lt;b&gt;bold&lt;/b&gt;" in home
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert "studies/example-2024/" in {doc["location"] for doc in index["docs"]}


def test_init_never_writes_into_a_folder_that_has_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, out, err = init(tmp_path)
    assert (code, out) == (2, "")
    assert err == f"error: {tmp_path} already exists and is not empty; choose a new folder\n"
    assert tree(tmp_path) == {"notes.txt"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "two\nlines"], "--title: give one line of text"),
        (["--site-url", "ftp://example.org/"], "--site-url: give an http(s) address"),
        (["--repository-url", 'https://x.org/"y'], "--repository-url: give an http(s) address"),
        (["--requirement", ""], "--requirement: give one pip requirement line"),
    ],
)
def test_bad_options_write_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = init(tmp_path / "new", *args)
    assert code == 2 and err.startswith(f"error: {message}")
    assert list(tmp_path.iterdir()) == []


def test_package_data_globs_carry_every_packaged_file() -> None:
    """What the wheel holds: setuptools expands these globs (recursively) from the package folder."""
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["synthsite"]
    package = REPO / "scripts" / "synthsite"
    shipped = {match for pattern in patterns for match in glob.glob(pattern, root_dir=package, recursive=True)}
    for folder in ("builders/static", "builders/theme", "contrib/starter"):
        files = {p.relative_to(package).as_posix() for p in (package / folder).rglob("*") if p.is_file()}
        assert files and files <= shipped, sorted(files - shipped)
        assert not any(Path(f).name.startswith(".") for f in files), "globs skip dot files: name them dot-*"


def test_init_makes_a_first_commit_of_every_file(project: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout

    assert git("log", "--format=%s").splitlines() == ["Start the synthesis with synthsite init"]
    assert set(git("ls-files").split()) == EXPECTED
    assert git("status", "--porcelain") == ""
    assert git("branch", "--show-current").strip() == "main"


def test_without_a_git_identity_the_project_is_left_uncommitted_with_a_hint(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    blank = {name: "" for name in GIT_IDENTITY} | {"HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "EMAIL": ""}
    code, out, _ = init(tmp_path / "review", env=blank)
    assert code == 0
    assert "commit the files yourself (git has no user.name/user.email set)" in out
    assert (tmp_path / "review" / ".git").is_dir() and (tmp_path / "review" / "LICENSE").is_file()


def test_no_git_writes_the_files_only(tmp_path: Path) -> None:
    code, out, _ = init(tmp_path / "review", "--no-git")
    assert code == 0 and "git repository" not in out and "git init" not in out
    assert not (tmp_path / "review" / ".git").exists()


def test_the_licences_chosen_at_init_reach_licence_file_metadata_and_data_package(tmp_path: Path) -> None:
    code, _, err = init(tmp_path / "review", "--licence", "CC0-1.0", "--code-licence", "Apache-2.0", "--no-git")
    assert (code, err) == (0, "")
    review = tmp_path / "review"
    licence = (review / "LICENSE").read_text(encoding="utf-8")
    assert "Creative Commons Zero v1.0 Universal (CC0-1.0)" in licence
    assert "licensed under Apache-2.0" in licence and "Apache License\n" in licence
    assert parse((review / "synthesis/synthesis.yaml").read_text(encoding="utf-8"))["licence"] == "CC0-1.0"
    cff = yaml.safe_load((review / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["license"] == "CC0-1.0" and cff["cff-version"] == "1.2.0"
    zenodo = json.loads((review / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["license"] == "cc0-1.0" and zenodo["keywords"] == cff["keywords"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--licence", "GPL-3.0"], "--licence: choose one of CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, ODC-By-1.0"),
        (["--code-licence", "WTFPL"], "--code-licence: choose one of MIT, Apache-2.0"),
    ],
)
def test_an_unknown_licence_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = init(tmp_path / "new", *args)
    assert code == 2 and err.startswith(f"error: {message}")
    assert list(tmp_path.iterdir()) == []


def test_the_starter_has_copy_and_edit_buttons_and_serves_the_guide_without_a_copy(project: Path) -> None:
    config = mkdocs_settings(project / "mkdocs.yml")
    assert {"content.action.edit", "content.code.copy"} <= set(config["theme"]["features"])
    assert config["edit_uri"] == "https://github.com/EXAMPLE/my-review/edit/main/docs/"
    assert not (project / "docs" / "contribute").exists(), "the plugin serves CONTRIBUTING.md at /contribute/"


def test_the_starters_workflows_pass_the_github_schema_and_shellcheck(project: Path) -> None:
    """The project's CI, Pages and release workflows, as written: the vendored GitHub workflow schema and
    shellcheck of their run steps (what this repository's own workflows are checked with)."""
    from test_workflows import check_workflows

    workflows = sorted((project / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["ci.yml", "pages.yml", "release.yml"]
    done = check_workflows(*workflows)
    assert (done.returncode, done.stdout.strip()) == (0, "ok -- validation done"), done.stdout + done.stderr
    for workflow in workflows:
        shell = subprocess.run(
            [sys.executable, str(REPO / "dev" / "check_workflow_shell.py"), str(workflow)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert shell.returncode == 0, shell.stdout + shell.stderr
    release = yaml.safe_load((project / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    assert release["jobs"]["release"]["permissions"] == {"contents": "write"}
    script = "\n".join(step.get("run", "") for step in release["jobs"]["release"]["steps"])
    for command in ("make test", "synthsite release archive", "synthsite release changelog", "gh release create"):
        assert command in script, command


def test_the_starters_zenodo_file_is_what_release_zenodo_writes(project: Path) -> None:
    result = CliRunner().invoke(main, ["release", "zenodo", "--check", "--root", str(project)])
    assert result.exit_code == 0, result.output

"""GitHub Actions workflows, pre-commit config and PR template: they parse, validate and do what the guide says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitebuild import mkdocs_settings
from synthsite.load.safeyaml import parse

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def load(name: str) -> dict[str, Any]:
    data = parse((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def uses(workflow: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step]


def check_workflows(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_expected_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "pages.yml", "pr-comment.yml", "publish.yml", "release.yml"]


def test_the_package_is_published_with_trusted_publishing_from_a_checked_tag() -> None:
    """The wheel and sdist go to PyPI with no stored token; only the publishing job may mint an OIDC token."""
    publish = load("publish.yml")
    assert publish["on"] == {"push": {"tags": ["synthsite-v*"]}}
    assert publish["permissions"] == {"contents": "read"}
    script = runs(publish)
    for command in ('"synthsite-v${version}" != "${GITHUB_REF_NAME}"', "python -m build --outdir dist/"):
        assert command in script, command
    assert ".venv/bin/pytest tests/test_wheel_project.py" in script
    job = publish["jobs"]["publish"]
    assert job["permissions"] == {"id-token": "write"} and job["environment"]["name"] == "pypi"
    (step,) = [step for step in job["steps"] if "gh-action-pypi-publish" in step.get("uses", "")]
    assert "with" not in step or not {"password", "user"} & set(step["with"]), "trusted publishing takes no token"
    assert "id-token" not in publish["jobs"]["build"].get("permissions", {})


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_parses_with_on_and_jobs(path: Path) -> None:
    data = parse(path.read_text(encoding="utf-8"))
    assert {"name", "on", "jobs", "permissions"} <= data.keys()
    for job in data["jobs"].values():
        assert job["runs-on"] == "ubuntu-latest"
        assert "timeout-minutes" in job


def test_workflows_validate_against_the_vendored_github_schema() -> None:
    done = check_workflows(*WORKFLOWS)
    assert (done.returncode, done.stdout.strip()) == (0, "ok -- validation done"), done.stdout + done.stderr


def test_the_workflow_schema_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps:\n      - run: true\n", encoding="utf-8")
    done = check_workflows(broken)
    assert done.returncode == 1
    assert "runs-on" in done.stdout


def test_no_expression_is_interpolated_into_a_shell_script() -> None:
    """`${{ ... }}` inside `run:` is a script-injection hole (a branch name is attacker-chosen); use env."""
    for path in WORKFLOWS:
        for step in steps(parse(path.read_text(encoding="utf-8"))):
            assert "${{" not in step.get("run", ""), (path.name, step.get("name"))


def test_ci_runs_tests_validation_build_and_the_change_summary() -> None:
    ci = load("ci.yml")
    assert set(ci["on"]) == {"pull_request"}
    checkout = next(step for step in steps(ci) if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    script = runs(ci)
    for command in (
        ".venv/bin/python -m playwright install --with-deps chromium",
        "make test",
        ".venv/bin/synthsite validate --strict",
        ".venv/bin/mkdocs build --strict",
        '.venv/bin/synthsite changes "origin/${BASE_REF}"',
        '>> "$GITHUB_STEP_SUMMARY"',
    ):
        assert command in script, command
    summary = next(step for step in steps(ci) if step.get("id") == "changes")
    assert summary["env"]["BASE_REF"] == "${{ github.base_ref }}"
    artifacts = [
        step["with"]["name"] for step in steps(ci) if step.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert artifacts == ["changes", "site-preview"]
    preview = next(step for step in steps(ci) if step.get("with", {}).get("name") == "site-preview")
    assert preview["with"]["path"] == "site/"
    assert "actions/github-script" in uses(ci)
    keep = next(step for step in steps(ci) if step.get("with", {}).get("name") == "changes")
    comment = next(step for step in steps(ci) if "github-script" in step.get("uses", ""))
    for step in (keep, comment):  # invalid data fail the summary step, whose output then lists the problems
        assert "!cancelled() && steps.changes.outcome != 'skipped'" in step["if"], step["name"]
    assert ci["jobs"]["check"]["permissions"] == {"contents": "read", "pull-requests": "write"}


def test_fork_comments_are_computed_by_the_base_branch_code() -> None:
    """The comment on a fork's pull request comes from the base branch's synthsite run on the fork's data files,
    read from git: the only checkout is the base branch, nothing of the pull request is checked out or run, and
    the one thing taken from the fork's CI run is the pull-request number, checked against the commit."""
    comment = load("pr-comment.yml")
    assert comment["on"] == {"workflow_run": {"workflows": ["CI"], "types": ["completed"]}}
    checkouts = [step for step in steps(comment) if step.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 1
    assert checkouts[0]["with"]["ref"] == "${{ steps.pr.outputs.base }}"
    assert checkouts[0]["with"]["persist-credentials"] is False
    script = runs(comment)
    assert '.venv/bin/synthsite changes "origin/${BASE_REF}" --head refs/remotes/pull/head' in script
    assert '"+refs/pull/${PR_NUMBER}/head:refs/remotes/pull/head"' in script
    assert '[ "$(git rev-parse refs/remotes/pull/head)" != "$HEAD_SHA" ]' in script
    for forbidden in ("git checkout", "git switch", "git merge", "git archive", "pull/head --", "pip install"):
        assert forbidden not in script, forbidden
    find = next(step for step in steps(comment) if step.get("id") == "pr")["with"]["script"]
    assert "head.sha !== context.payload.workflow_run.head_sha" in find
    assert re.search(r"\^\[0-9\]\{1,10\}\$", find)
    everything = (REPO / ".github" / "workflows" / "pr-comment.yml").read_text(encoding="utf-8")
    assert "from-ci/changes.md" not in everything, "the fork's own summary is never posted"
    assert "Computed by the base branch's synthsite" in everything


def test_same_repository_comments_say_they_come_from_the_pull_requests_code() -> None:
    ci = (REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "Computed by this pull request's own code" in ci
    script = (REPO / ".github" / "scripts" / "post-changes-comment.js").read_text(encoding="utf-8")
    assert "note ? `${MARKER}\\n_${note}_" in script


@pytest.mark.parametrize("name", ["release.yml", "pages.yml"])
def test_builds_with_a_write_token_keep_it_out_of_git_config(name: str) -> None:
    """`make site` runs the repository's code: the checkout must not leave the token in .git/config for it."""
    workflow = load(name)
    checkout = next(step for step in steps(workflow) if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    script = runs(workflow)
    if "git push" in script:
        assert script.index("make site") < script.index("gh auth setup-git") < script.index("git push")


def test_pages_deploys_from_main() -> None:
    pages = load("pages.yml")
    assert pages["on"]["push"] == {"branches": ["main"]}
    assert "make site" in runs(pages)
    expected = ["actions/checkout", "actions/setup-python", "actions/upload-pages-artifact", "actions/deploy-pages"]
    assert uses(pages) == expected
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_release_archives_records_and_publishes_with_the_release_commands() -> None:
    release = load("release.yml")
    assert release["on"] == {"push": {"tags": ["v*"]}}
    script = runs(release)
    order = [
        "make site",
        'if [ "v${version}" != "${GITHUB_REF_NAME}" ]',
        '.venv/bin/synthsite release archive --ref "${GITHUB_REF_NAME}" --out dist',
        ".venv/bin/synthsite release notes > notes.md",
        ".venv/bin/synthsite release record --archives dist",
        ".venv/bin/synthsite release zenodo --check",
        'gh release create "${GITHUB_REF_NAME}" --verify-tag',
        'git push origin "HEAD:${DEFAULT_BRANCH}"',
        'gh workflow run pages.yml --ref "${DEFAULT_BRANCH}"',
    ]
    positions = [script.index(step) for step in order]
    assert positions == sorted(positions)
    assert release["jobs"]["release"]["permissions"] == {"contents": "write", "actions": "write"}


def test_release_version_check_reads_the_synthesis_version() -> None:
    """The one-liner the release workflow runs prints exactly the version field."""
    line = next(line for line in runs(load("release.yml")).splitlines() if "version=" in line)
    program = re.search(r"-c '(.*)'\)\"$", line.strip())
    assert program is not None
    done = subprocess.run([sys.executable, "-c", program.group(1)], cwd=REPO, capture_output=True, text=True)
    version = parse((REPO / "synthesis/synthesis.yaml").read_text(encoding="utf-8"))["version"]
    assert (done.returncode, done.stdout) == (0, f"{version}\n"), done.stderr


def test_pre_commit_config_is_local_only_and_points_at_real_commands() -> None:
    """Every hook runs a program from the project's .venv: pre-commit needs no network to fetch hook repositories."""
    config = parse((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert set(hooks) == {
        "check-yaml",
        "synthsite-validate",
        "synthsite-schema",
        "ruff-check",
        "ruff-format",
        "workflow-shellcheck",
    }
    for hook in hooks.values():
        assert hook["language"] == "system"
        program = hook["entry"].split()[0]
        assert program.startswith(".venv/bin/")
        assert (Path(sys.executable).parent / Path(program).name).exists(), program


def test_every_workflow_shell_step_passes_shellcheck() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "dev" / "check_workflow_shell.py")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_the_shellcheck_step_reports_a_bad_step(tmp_path: Path) -> None:
    """The check above can fail: an unquoted variable in a run step is reported with its workflow and step."""
    workflow = tmp_path / "bad.yml"
    workflow.write_text("jobs:\n  j:\n    steps:\n      - name: bad\n        run: rm $FILES\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(REPO / "dev" / "check_workflow_shell.py"), str(workflow)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "bad.yml: job j, step 1 (bad)" in done.stderr
    assert "SC2086" in done.stderr


def test_pull_request_template_has_the_review_checklist() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] \*\*(.+?)\*\*", template, re.M)
    assert boxes == [
        "Facts checked against the paper",
        "Quotes verbatim with location",
        "Themes as the paper names them",
        "Crosswalk mappings agreed by two reviewers",
        "CASP appraisal",
        "CERQual updated",
        "`synthsite changes` summary read",
    ]


# ------------------------------------------------------------------------------------ contributor guide


def _guides() -> dict[str, str]:
    """The guide as the repository shows it and as the site shows it (made from it by synthsite)."""
    from synthsite.builders.guide import site_guide

    source = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    site_url = mkdocs_settings()["site_url"]
    return {"CONTRIBUTING.md": source, "contribute/index.md": site_guide(source, site_url)}


GUIDES = ["CONTRIBUTING.md", "contribute/index.md"]


def test_there_is_one_guide_and_the_site_page_is_made_from_it() -> None:
    guides = _guides()
    assert not (REPO / "docs" / "contribute" / "index.md").exists(), "the site page is made from CONTRIBUTING.md"
    headings = [re.findall(r"^## (.+)$", text, re.M) for text in guides.values()]
    assert headings[0] == headings[1]
    assert {"Versions and releases", "When only part of the paper is available", "Tests and what CI runs"} <= set(
        headings[0]
    )
    site = guides["contribute/index.md"]
    assert "repository-only" not in site and "contribute page" not in site
    assert "](schema/index.md)" in site and "](../themes/index.md)" in site and "](../suggest/index.md)" in site
    assert "https://synthsite.github.io/synthsite/" not in site
    assert site.endswith("<!-- made from CONTRIBUTING.md by synthsite: edit that file, not this page -->\n")


@pytest.mark.parametrize("name", GUIDES)
def test_the_guide_covers_what_a_newcomer_needs(name: str) -> None:
    guide = _guides()[name]
    for needed in (
        "`origin` is your fork",  # upstream vs origin
        "`upstream` is the synthesis itself",
        "git restore bibliography/references.bib",  # undoing synthsite new
        "reason: text not available",  # partly available papers
        "make test",
        "synthsite validate --strict",
        'answer: "yes"',  # the quoting rule, as the scaffold writes it
        '- "NO"',
    ):
        assert needed in guide, needed


def test_the_quoting_rule_agrees_with_the_scaffold() -> None:
    """The guide says to quote yes/no words; the scaffold's comments write them quoted."""
    from synthsite.contrib.scaffold import study_template

    template, _ = study_template("smith-2025", "Smith2025")
    assert '# required; one of: "yes", can\'t tell, "no"' in template
    assert 'e.g. ["DK"]' in template


@pytest.mark.parametrize("name", GUIDES)
def test_guide_commands_exist(name: str) -> None:
    """Every `synthsite ...` and `make ...` the guide tells people to type is a real command or target."""
    from synthsite.cli import main

    guide = _guides()[name]
    commands = re.findall(r"^(?:\$ )?synthsite ([a-z-]+)", guide, re.M)
    commands += re.findall(r"`synthsite ([a-z-]+)", guide)
    assert {"new", "validate", "changes"} <= set(commands)
    assert set(commands) <= set(main.commands), set(commands) - set(main.commands)
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"\bmake ([a-z]+)\b", guide)):
        assert re.search(rf"^{target}:", makefile, re.M), target


@pytest.mark.parametrize("name", GUIDES)
def test_worked_example_matches_what_new_prints(name: str) -> None:
    from synthsite.contrib.scaffold import study_template

    _, to_fill = study_template("smith-2025", "Smith2025")
    guide = _guides()[name]
    assert f"created synthesis/studies/smith-2025.yaml ({to_fill} values to fill in)" in guide
    assert f"now lists the {to_fill} empty values" in guide


STARTER_WORKFLOWS = sorted((REPO / "scripts/synthsite/contrib/starter/dot-github/workflows").glob("*.yml"))


@pytest.mark.parametrize(
    "path", [*WORKFLOWS, *STARTER_WORKFLOWS], ids=lambda p: f"{p.parent.parent.parent.name}/{p.name}"
)
def test_every_action_is_pinned_by_commit_with_its_version_in_a_comment(path: Path) -> None:
    """A tag can be moved to other code; a commit cannot. Dependabot (.github/dependabot.yml) moves the pins."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines, path.name
    for line in lines:
        assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", line), line


def test_dependabot_updates_the_pinned_actions() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    (actions,) = [u for u in config["updates"] if u["package-ecosystem"] == "github-actions"]
    assert actions["directory"] == "/" and actions["schedule"]["interval"] == "weekly"


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml", "release.yml", "publish.yml"])
def test_workflows_cache_pip_and_silence_materials_mkdocs_2_notice(name: str) -> None:
    workflow = load(name)
    assert workflow["env"]["NO_MKDOCS_2_WARNING"] == "1"
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/setup-python@"):
            assert step["with"]["cache"] == "pip"
            assert "constraints.txt" in step["with"]["cache-dependency-path"]


def test_the_check_yaml_hook_passes_on_every_yaml_file_it_covers() -> None:
    """`pre-commit run --all-files` on a clean checkout: check-yaml with the hook's own exclude pattern, over the
    YAML files git tracks (the starter's templates hold @@PLACEHOLDERS@@ and are excluded)."""
    config = parse((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [hook for repo in config["repos"] for hook in repo["hooks"] if hook["id"] == "check-yaml"]
    tracked = subprocess.run(
        ["git", "ls-files", "*.yml", "*.yaml"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    covered = [name for name in tracked if not re.search(hook["exclude"], name)]
    assert ".github/workflows/ci.yml" in covered and "synthesis/themes.yaml" in covered
    done = subprocess.run(
        [str(Path(sys.executable).parent / "check-yaml"), *covered], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr

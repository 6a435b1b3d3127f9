"""`.venv/bin/python dev/suite_against_wheel.py [pytest args]`: this repository's suite against the installed wheel.

Builds the wheel from the working tree, installs it into a fresh environment that reuses this one's dependencies
(`synthsite_dev.wheelenv`), and runs pytest there from the repository root, with no PYTHONPATH: every test that
imports synthsite, runs `python -m synthsite`, `python -m mkdocs` or the `synthsite` command gets the installed
package, never scripts/. The test helpers (tests/, dev/) come from the checkout, as conftest.py puts them on the
path. Exits with pytest's code. `make wheeltest` runs it; it is not part of `make test` (it would double the
suite's time), and tests/test_wheel_project.py checks in every run that the suite's imports resolve to a wheel.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from synthsite_dev import wheelenv

REPO = Path(__file__).resolve().parent.parent


def main(pytest_args: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="synthsite-wheel-") as scratch:
        work = Path(scratch)
        wheel = wheelenv.build_wheel(REPO, work / "build")
        venv = wheelenv.fresh_venv(work, tools=True)
        where = wheelenv.install_wheel(venv, wheel, cwd=work)
        if not where.is_relative_to(venv):
            print(f"error: synthsite imports from {where}, not from the wheel in {venv}", file=sys.stderr)
            return 1
        print(f"suite against {wheel.name}, installed at {where.parent}", flush=True)
        command = [str(venv / "bin" / "python"), "-m", "pytest", *pytest_args]
        return subprocess.run(command, cwd=REPO, env=wheelenv.clean_env(venv), check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

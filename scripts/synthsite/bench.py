"""`python -m synthsite.bench`: the benchmark, under the name DESIGN.md and the contributor guide give it.

The benchmark and its synthetic corpus are development tools: they live in the repository's `dev/` folder (the
package `synthsite_dev`), which the wheel never ships and the package never imports. This launcher is the one
door: run from a checkout (the current folder or the one holding this source tree), it puts that `dev/` on the
path for this process only and runs the benchmark; anywhere else it says where the benchmark lives.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

DEV_PACKAGE = "synthsite_dev"


def dev_folder() -> Path | None:
    """The checkout's dev/ folder: beside the current folder's scripts/, or above this source file's package."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        if (base / "dev" / DEV_PACKAGE / "bench.py").is_file():
            return base / "dev"
    return None


def main() -> int:
    folder = dev_folder()
    if folder is None:
        print(
            "error: the benchmark is a development tool kept in the synthsite repository's dev/ folder;"
            " run `python -m synthsite.bench` (or `make bench`) in a checkout of the repository",
            file=sys.stderr,
        )
        return 2
    sys.path.insert(0, str(folder))
    bench = importlib.import_module(f"{DEV_PACKAGE}.bench")
    result: int = bench.main()
    return result


if __name__ == "__main__":
    raise SystemExit(main())

"""`.venv/bin/python dev/bench.py --studies N`: the benchmark (`synthsite_dev.bench`; see docs/performance.md).

Run as a script, Python puts this folder on the path, so the development package beside it imports without
installing anything; the installed synthsite never carries it.
"""

from synthsite_dev.bench import main

if __name__ == "__main__":
    raise SystemExit(main())

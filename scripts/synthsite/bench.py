"""`python -m synthsite.bench --studies N`: time the pipeline on a synthetic corpus against plain MkDocs.

One run generates N synthetic studies in a temporary folder and measures, in order:
load + check (cold: no parse cache; warm: with it), index, page generation, the full `mkdocs build` with the
synthsite plugin, and the baseline: a plain-MkDocs build (no plugin) of the very same pages written to disk
by `synthsite pages`, i.e. the same number of pages with Markdown of the same size. Each build runs in its
own process so its peak memory is its own. Prints a table and one JSON line for scripts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from synthsite.synthetic import write_corpus

REPO = Path(__file__).resolve().parents[2]

_BUILD_CHILD = """
import json, resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
started = time.perf_counter()
config = load_config(sys.argv[1], site_dir=sys.argv[2])
build(config)
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


@dataclass
class Result:
    studies: int
    pages: int
    load_check_cold_s: float
    load_check_warm_s: float
    index_s: float
    generate_s: float
    pipeline_warm_s: float
    """load + check (warm) + index + generation: the goal is under 1.5 s at N=1,000."""
    build_s: float
    baseline_s: float
    ratio: float
    build_peak_mb: float
    baseline_peak_mb: float
    site_mb: float
    search_index_mb: float
    largest_page_kb: float
    largest_page: str
    per_study_ms: float


def _timed(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = func(*args, **kwargs)
    return value, time.perf_counter() - started


def _project(root: Path) -> None:
    """Give the synthetic corpus the repository's site configuration (theme, assets, overrides)."""
    for name in ("docs", "overrides"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")


def _baseline_config(root: Path, docs: Path) -> Path:
    """mkdocs.yml without the synthsite plugin, reading the pages `synthsite pages` wrote."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config.get("plugins", []) if p != "synthsite"]
    config["docs_dir"] = str(docs)
    config.pop("watch", None)
    path = root / "mkdocs-baseline.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def _build(config: Path, site: Path) -> dict[str, float]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    done = subprocess.run(
        [sys.executable, "-c", _BUILD_CHILD, str(config), str(site)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _largest_page(site: Path) -> tuple[str, float]:
    pages = [(p.stat().st_size, p) for p in site.rglob("*.html")]
    size, path = max(pages)
    return path.relative_to(site).as_posix(), size / 1e3


def run_once(studies: int, workdir: Path) -> Result:
    """One full measurement in `workdir` (a fresh folder)."""
    from synthsite.builders import pagesout
    from synthsite.index import build_index
    from synthsite.pipeline import validate as validate_corpus
    from synthsite.render import render_index

    root = write_corpus(workdir / "project", studies)
    _project(root)

    os.environ["SYNTHSITE_CACHE"] = "0"
    (corpus, problems), cold = _timed(validate_corpus, root)
    os.environ["SYNTHSITE_CACHE"] = "1"
    _timed(validate_corpus, root)  # fills the parse cache
    (corpus, problems), warm = _timed(validate_corpus, root)
    if corpus is None:
        raise SystemExit("the synthetic corpus is invalid:\n" + "\n".join(p.format() for p in problems[:20]))
    index, index_s = _timed(build_index, corpus)
    site, generate_s = _timed(render_index, index)

    docs = workdir / "pages"
    pagesout.write(site, docs, root / "docs")
    full = _build(root / "mkdocs.yml", workdir / "site")
    baseline = _build(_baseline_config(root, docs), workdir / "site-baseline")

    built = workdir / "site"
    search = built / "search" / "search_index.json"
    largest, largest_kb = _largest_page(built)
    return Result(
        studies=studies,
        pages=len(site.pages),
        load_check_cold_s=cold,
        load_check_warm_s=warm,
        index_s=index_s,
        generate_s=generate_s,
        pipeline_warm_s=warm + index_s + generate_s,
        build_s=full["seconds"],
        baseline_s=baseline["seconds"],
        ratio=full["seconds"] / baseline["seconds"],
        build_peak_mb=full["peak_mb"],
        baseline_peak_mb=baseline["peak_mb"],
        site_mb=_size_mb(built),
        search_index_mb=search.stat().st_size / 1e6 if search.exists() else 0.0,
        largest_page_kb=largest_kb,
        largest_page=largest,
        per_study_ms=full["seconds"] / studies * 1000,
    )


def median_result(results: list[Result]) -> Result:
    """The median of each figure over repeats (the largest page is the same in each)."""
    first = asdict(results[0])
    merged = {
        key: statistics.median(getattr(r, key) for r in results) if isinstance(value, float) else value
        for key, value in first.items()
    }
    return Result(**merged)


ROWS = (
    ("load + check, cold (s)", "load_check_cold_s", "{:.2f}"),
    ("load + check, warm cache (s)", "load_check_warm_s", "{:.2f}"),
    ("index (s)", "index_s", "{:.2f}"),
    ("page generation (s)", "generate_s", "{:.2f}"),
    ("load + check + generation, warm (s)", "pipeline_warm_s", "{:.2f}"),
    ("full mkdocs build (s)", "build_s", "{:.2f}"),
    ("plain-MkDocs baseline (s)", "baseline_s", "{:.2f}"),
    ("ratio to baseline", "ratio", "{:.2f}x"),
    ("build time per study (ms)", "per_study_ms", "{:.1f}"),
    ("peak memory, full build (MB)", "build_peak_mb", "{:.0f}"),
    ("peak memory, baseline (MB)", "baseline_peak_mb", "{:.0f}"),
    ("site size (MB)", "site_mb", "{:.1f}"),
    ("search index (MB)", "search_index_mb", "{:.2f}"),
    ("largest page (kB)", "largest_page_kb", "{:.0f}"),
)


def table(result: Result) -> str:
    lines = [f"synthsite benchmark: {result.studies} studies, {result.pages} generated pages"]
    width = max(len(label) for label, _, _ in ROWS)
    for label, key, fmt in ROWS:
        lines.append(f"  {label:<{width}}  {fmt.format(getattr(result, key))}")
    lines.append(f"  {'largest page':<{width}}  {result.largest_page}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m synthsite.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=1000, help="number of synthetic studies (default 1000)")
    parser.add_argument("--repeat", type=int, default=1, help="repeat the run and report medians (default 1)")
    parser.add_argument("--keep", type=Path, help="keep the generated project and sites in this folder")
    args = parser.parse_args(argv)
    if args.studies < 1 or args.repeat < 1:
        parser.error("--studies and --repeat must be at least 1")
    results = []
    for attempt in range(args.repeat):
        if args.keep:
            workdir = args.keep / f"run-{attempt}"
            if workdir.exists():
                shutil.rmtree(workdir)
            workdir.mkdir(parents=True)
            results.append(run_once(args.studies, workdir))
        else:
            with tempfile.TemporaryDirectory(prefix="synthsite-bench-") as folder:
                results.append(run_once(args.studies, Path(folder)))
    result = median_result(results)
    print(table(result))
    print(json.dumps({"bench": "synthsite", "repeat": args.repeat, **asdict(result)}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

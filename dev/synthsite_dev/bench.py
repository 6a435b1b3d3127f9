"""`.venv/bin/python dev/bench.py --studies N`: time the pipeline on a synthetic corpus against two plain-MkDocs baselines.

One run generates N synthetic studies in a temporary folder and measures, in order:
load + check (cold: no parse cache; warm: with it), index, page generation, the full `mkdocs build` with the
synthsite plugin, and two baselines built without the plugin: plain MkDocs on the very pages `synthsite pages`
writes (the same Markdown), and plain MkDocs on N ordinary pages of about 1.5 kB (what a site of that many pages
costs the builder). Then the preview: `mkdocs serve` on the project, one study file saved twice, the time from
each save to the end of the rebuild. Then the pages in headless Chromium: the heaviest page and every index page,
the time until their tables are ready.

Pipeline steps and builds are timed in CPU seconds (the ratios too); builds also in wall-clock seconds, which on a
shared machine include waiting for the CPU. Each build runs in a child process that reports its own peak memory (VmHWM, which starts afresh at exec; the
parent's large `ru_maxrss` would otherwise be inherited). The machine may be busy: compare the ratios of one run.
Prints a table and one JSON line for scripts. This module lives in dev/ and is not part of the installed package.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from synthsite.load.siteconfig import config_settings
from synthsite_dev.pageready import index_pages, page_ready_times
from synthsite_dev.synthetic import WORDS, write_corpus

REPO = Path(__file__).resolve().parents[2]
EPOCH = "1767225600"
LIGHT_PAGE_KB = 400.0
"""The page weight goal at 1,000 studies."""

_BUILD_CHILD = """
import json, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
started = time.perf_counter()
cpu_started = time.process_time()
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
try:
    build(config)
finally:
    config.plugins.on_shutdown()
seconds = time.perf_counter() - started
cpu = time.process_time() - cpu_started
try:
    with open("/proc/self/status", encoding="ascii") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    import resource
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_kb / 1024}))
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
    """load + check (warm) + index + generation: the goal is at most 1.5 s at N=1,000."""
    build_s: float
    """Wall-clock seconds of the full build."""
    build_cpu_s: float
    """CPU seconds of the full build (less moved by other jobs on the machine than wall-clock time)."""
    markdown_baseline_cpu_s: float
    ordinary_baseline_cpu_s: float
    markdown_baseline_s: float
    """Plain MkDocs on the pages `synthsite pages` writes."""
    ordinary_baseline_s: float
    """Plain MkDocs on N ordinary pages of about 1.5 kB."""
    ratio_markdown: float
    ratio_ordinary: float
    build_peak_mb: float
    markdown_baseline_peak_mb: float
    ordinary_baseline_peak_mb: float
    site_mb: float
    html_mb: float
    search_index_mb: float
    largest_page_kb: float
    largest_page: str
    pages_over_limit: int
    """Pages heavier than LIGHT_PAGE_KB."""
    per_study_ms: float
    preview_first_build_s: float = 0.0
    preview_save_s: list[float] = field(default_factory=list)
    """Seconds from saving one study file to the end of the preview's rebuild, per save."""
    preview_save_cpu_s: list[float] = field(default_factory=list)
    """CPU seconds the preview's server used for each of those rebuilds."""
    largest_page_ready_ms: float = 0.0
    """Chromium: navigation start to every table on the heaviest page being ready."""
    slowest_index_page: str = ""
    slowest_index_ready_ms: float = 0.0
    page_ready_ms: dict[str, float] = field(default_factory=dict)
    page_kb: dict[str, float] = field(default_factory=dict)
    """The weight of every index and comparison page, and of the heaviest study page and theme page (kB of HTML)."""
    notes: list[str] = field(default_factory=list)
    """What could not be measured, and why (the other figures stand)."""


def _timed(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    """The value and the CPU seconds of the call (wall time moves with the other jobs on a shared machine)."""
    started = time.process_time()
    value = func(*args, **kwargs)
    return value, time.process_time() - started


def _project(root: Path) -> None:
    """Give the synthetic corpus the repository's site configuration (the theme layer and assets come with the package)."""
    for name in ("docs", "overrides"):  # overrides: the theme layer before the package shipped it
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):  # the contributor guide's pages are made from CONTRIBUTING.md
        shutil.copy(REPO / name, root / name)


def _plain_config(root: Path, name: str, docs: Path, **changes: Any) -> Path:
    """mkdocs.yml without the synthsite plugin, reading `docs`."""
    config = config_settings((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config.get("plugins", []) if p != "synthsite" and p != {"synthsite": None}]
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "synthsite" in p)]
    config["docs_dir"] = str(docs)
    config.pop("watch", None)
    config.update(changes)
    path = root / name
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def ordinary_pages(docs: Path, count: int, seed: int = 1) -> None:
    """`count` ordinary hand-written-looking pages of about 1.5 kB (headings, paragraphs, a list, a link)."""
    rng = random.Random(seed)

    def sentence() -> str:
        return " ".join(rng.choices(WORDS, k=rng.randint(8, 16))).capitalize() + "."

    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Ordinary pages\n\n" + sentence() + "\n", encoding="utf-8")
    pages = docs / "pages"
    pages.mkdir(parents=True)
    for number in range(count):
        parts = [f"# Page {number}\n", " ".join(sentence() for _ in range(4)) + "\n", "## Details\n"]
        parts += [f"- {sentence()}" for _ in range(3)]
        parts += ["", " ".join(sentence() for _ in range(4)), "", "## See also\n"]
        parts.append(f"[The next page](p{(number + 1) % count:05d}.md) and [the first one](p00000.md).\n")
        (pages / f"p{number:05d}.md").write_text("\n".join(parts), encoding="utf-8")


def _build(config: Path, site: Path, env_extra: dict[str, str] | None = None) -> dict[str, float]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env_extra or {})}
    done = subprocess.run(
        [sys.executable, "-c", _BUILD_CHILD, str(config), str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
    )
    if done.returncode != 0:
        raise SystemExit(f"building {config.name} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _size_mb(folder: Path, pattern: str = "*") -> float:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file()) / 1e6


def _page_sizes(site: Path) -> list[tuple[float, str]]:
    return sorted(
        ((p.stat().st_size / 1e3, p.relative_to(site).as_posix()) for p in site.rglob("*.html")), reverse=True
    )


def page_weights(sizes: list[tuple[float, str]]) -> dict[str, float]:
    """Per-page weights from `_page_sizes`: each page that is not a study or theme page, and the heaviest of each
    of those two families (named by the page)."""
    weights: dict[str, float] = {}
    families = {"studies": "heaviest study page", "themes": "heaviest theme page"}
    for kb, path in sizes:  # heaviest first
        parts = path.split("/")
        family = families.get(parts[0]) if len(parts) == 3 else None
        if family is None:
            weights[path] = kb
        elif not any(key.startswith(family) for key in weights):
            weights[f"{family} ({path})"] = kb
    return weights


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from /proc (0.0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


PREVIEW_COMMAND = ("serve", "--dirty")
"""What `make serve` runs: the incremental preview (`synthsite.builders.incremental`)."""


def preview_saves(root: Path, saves: int = 2, timeout: float = 900.0) -> tuple[float, list[float], list[float]]:
    """Start `mkdocs serve --dirty` (as `make serve` does), then save one study file `saves` times: seconds of the first build, wall-clock seconds
    from each save to the end of its rebuild, and the CPU seconds the server used for each rebuild (on a shared
    machine the wall clock also counts waiting for a core)."""
    study = sorted((root / "synthesis" / "studies").glob("*.yaml"))[0]
    original = study.read_text(encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", *PREVIEW_COMMAND, "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put((time.perf_counter(), line))

    threading.Thread(target=read, daemon=True).start()

    def wait_for(pattern: str, since: float) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                stamp, line = lines.get(timeout=1.0)
            except queue.Empty:
                if process.poll() is not None:
                    raise SystemExit("mkdocs serve stopped") from None
                continue
            if "ERROR" in line or "Aborted" in line:
                raise SystemExit(f"mkdocs serve: {line.strip()}")
            if stamp >= since and re.search(pattern, line):  # a line from an earlier rebuild does not count
                return stamp - since
        raise SystemExit(f"mkdocs serve: no {pattern!r} within {timeout:.0f} s")

    started = time.perf_counter()
    times: list[float] = []
    cpu: list[float] = []
    try:
        first = wait_for(r"Serving on", started)
        for attempt in range(saves):
            time.sleep(1.0)
            text = original.replace("aim: ", f"aim: Edited {attempt} ", 1) if attempt % 2 == 0 else original
            saved = time.perf_counter()
            cpu_before = _cpu_seconds(process.pid)
            study.write_text(text, encoding="utf-8")
            wait_for(r"Detected file changes", saved)  # the rebuild of this save, not one still running before it
            times.append(wait_for(r"Documentation built in", saved))
            cpu.append(_cpu_seconds(process.pid) - cpu_before)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        study.write_text(original, encoding="utf-8")
    return first, times, cpu


def _pipeline() -> tuple[Any, Any]:
    """The validate function and the pages writer (also where they were before the folder-per-stage layout, so
    the same benchmark can measure an older checkout)."""
    try:
        from synthsite.builders import pagesout
        from synthsite.pipeline import validate
    except ImportError:
        from synthsite import pagesout  # type: ignore[attr-defined, no-redef]
        from synthsite.cli import validate_corpus as validate
    return validate, pagesout


def _index_and_render() -> Any:
    """Index and render a corpus, timing each: (site, index CPU seconds, render CPU seconds). Before the index
    took its labels from the pipeline, `build_index(corpus)` formatted the bibliography itself."""
    from synthsite.render import render_index

    try:
        from synthsite.pipeline import index_corpus
    except ImportError:
        from synthsite.index import build_index

        def older(corpus: Any) -> tuple[Any, float, float]:
            index, index_s = _timed(build_index, corpus)
            site, generate_s = _timed(render_index, index)
            return site, index_s, generate_s

        return older

    from synthsite import cite

    def current(corpus: Any) -> tuple[Any, float, float]:
        references, references_s = _timed(cite.references, corpus.bibliography)
        index, index_s = _timed(index_corpus, corpus, references=references)
        site, generate_s = _timed(render_index, index, references)
        # as in pipeline.generate: the bibliography is formatted once, for the index and the pages
        return site, index_s + references_s, generate_s

    return current


def _markdown_tree(root: Path, docs: Path, site: Any, pagesout: Any) -> Path:
    """Write the pages `synthsite pages` writes and a plugin-free config for them (with the packaged theme layer
    and assets where the generator ships them; before that, the repository's own copies)."""
    try:
        from synthsite.builders import standalone  # noqa: F401 - only to tell the layouts apart
    except ImportError:
        pagesout.write(site, docs, root / "docs")
        return _plain_config(root, "mkdocs-markdown.yml", docs)
    config = root / "mkdocs-markdown.yml"
    command = "import sys; from synthsite.cli import main; sys.exit(main())"
    subprocess.run(
        [sys.executable, "-c", command, "pages", "--out", str(docs), "--config", str(config)],
        cwd=root,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        check=True,
        capture_output=True,
    )
    return config


def run_once(
    studies: int, workdir: Path, *, preview: bool = True, browser: bool = True, preview_timeout: float = 600.0
) -> Result:
    """One full measurement in `workdir` (a fresh folder)."""
    validate_corpus, pagesout = _pipeline()
    index_and_render = _index_and_render()

    root = write_corpus(workdir / "project", studies)
    _project(root)

    os.environ["SYNTHSITE_CACHE"] = "0"
    (corpus, problems), cold = _timed(validate_corpus, root)
    os.environ["SYNTHSITE_CACHE"] = "1"
    _timed(validate_corpus, root)  # fills the parse cache
    (corpus, problems), warm = _timed(validate_corpus, root)
    if corpus is None:
        raise SystemExit("the synthetic corpus is invalid:\n" + "\n".join(p.format() for p in problems[:20]))
    site, index_s, generate_s = index_and_render(corpus)
    pages = len(site.pages)
    docs = workdir / "pages"
    markdown_config = _markdown_tree(root, docs, site, pagesout)
    del corpus, site

    ordinary = workdir / "ordinary"
    ordinary_pages(ordinary, studies)
    full = _build(root / "mkdocs.yml", workdir / "site")
    markdown = _build(markdown_config, workdir / "site-markdown")
    plain = _build(
        _plain_config(
            root,
            "mkdocs-ordinary.yml",
            ordinary,
            nav=[{"Home": "index.md"}],
            not_in_nav="/pages/*.md\n",
            strict=False,
        ),
        workdir / "site-ordinary",
    )

    built = workdir / "site"
    search = built / "search" / "search_index.json"
    sizes = _page_sizes(built)
    largest_kb, largest = sizes[0]
    result = Result(
        studies=studies,
        pages=pages,
        load_check_cold_s=cold,
        load_check_warm_s=warm,
        index_s=index_s,
        generate_s=generate_s,
        pipeline_warm_s=warm + index_s + generate_s,
        build_s=full["seconds"],
        build_cpu_s=full["cpu"],
        markdown_baseline_cpu_s=markdown["cpu"],
        ordinary_baseline_cpu_s=plain["cpu"],
        markdown_baseline_s=markdown["seconds"],
        ordinary_baseline_s=plain["seconds"],
        ratio_markdown=full["cpu"] / markdown["cpu"],
        ratio_ordinary=full["cpu"] / plain["cpu"],
        build_peak_mb=full["peak_mb"],
        markdown_baseline_peak_mb=markdown["peak_mb"],
        ordinary_baseline_peak_mb=plain["peak_mb"],
        site_mb=_size_mb(built),
        html_mb=_size_mb(built, "*.html"),
        search_index_mb=search.stat().st_size / 1e6 if search.exists() else 0.0,
        largest_page_kb=largest_kb,
        largest_page=largest,
        pages_over_limit=sum(1 for kb, _ in sizes if kb > LIGHT_PAGE_KB),
        per_study_ms=full["cpu"] / studies * 1000,
        page_kb=page_weights(sizes),
    )
    if browser:
        try:
            _browser_figures(result, built, largest)
        except Exception as exc:  # a figure that could not be measured must not lose the others
            result.notes.append(f"browser: {exc}")
    if preview:
        try:
            result.preview_first_build_s, result.preview_save_s, result.preview_save_cpu_s = preview_saves(
                root, timeout=preview_timeout
            )
        except SystemExit as exc:
            result.notes.append(f"preview: {exc}")
    return result


def _browser_figures(result: Result, built: Path, largest: str) -> None:
    shown = index_pages(built)
    times = page_ready_times(built, [largest, *[p for p in shown if p != largest]])
    if times:
        result.page_ready_ms = times
        result.largest_page_ready_ms = times[largest]
        slowest = max(shown, key=lambda p: times.get(p, 0.0))
        result.slowest_index_page = slowest
        result.slowest_index_ready_ms = times.get(slowest, 0.0)


def _time_built_site(site: Path, repeat: int) -> int:
    """`--site`: the browser part alone, on a site already built (each page's ready time, per repeat)."""
    if not (site / "index.html").exists():
        raise SystemExit(f"{site}: no index.html; give the folder of a built site")
    paths = index_pages(site)
    runs = [page_ready_times(site, paths) for _ in range(repeat)]
    if not runs[0]:
        raise SystemExit("the pages could not be timed: Playwright or Chromium is missing")
    for path in paths:
        print(f"  {path:<40}" + "".join(f"{run[path]:>8.0f}" for run in runs) + " ms")
    print(json.dumps({"bench": "synthsite-pages", "site": str(site), "page_ready_ms": runs}, sort_keys=True))
    return 0


def median_result(results: list[Result]) -> Result:
    """The median of each figure over repeats (sizes and names are the same in each)."""
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
    ("full mkdocs build, CPU (s)", "build_cpu_s", "{:.2f}"),
    ("baseline: plain MkDocs, same Markdown, CPU (s)", "markdown_baseline_cpu_s", "{:.2f}"),
    ("baseline: plain MkDocs, N ordinary pages, CPU (s)", "ordinary_baseline_cpu_s", "{:.2f}"),
    ("ratio to the same-Markdown baseline (CPU)", "ratio_markdown", "{:.2f}x"),
    ("ratio to the ordinary-pages baseline (CPU)", "ratio_ordinary", "{:.2f}x"),
    ("full mkdocs build, wall clock (s)", "build_s", "{:.2f}"),
    ("same-Markdown baseline, wall clock (s)", "markdown_baseline_s", "{:.2f}"),
    ("ordinary-pages baseline, wall clock (s)", "ordinary_baseline_s", "{:.2f}"),
    ("build CPU time per study (ms)", "per_study_ms", "{:.1f}"),
    ("peak memory, full build (MB)", "build_peak_mb", "{:.0f}"),
    ("peak memory, same-Markdown baseline (MB)", "markdown_baseline_peak_mb", "{:.0f}"),
    ("peak memory, ordinary-pages baseline (MB)", "ordinary_baseline_peak_mb", "{:.0f}"),
    ("site size (MB)", "site_mb", "{:.1f}"),
    ("HTML pages (MB)", "html_mb", "{:.1f}"),
    ("search index (MB)", "search_index_mb", "{:.2f}"),
    ("largest page (kB)", "largest_page_kb", "{:.0f}"),
    (f"pages over {LIGHT_PAGE_KB:.0f} kB", "pages_over_limit", "{}"),
    ("largest page ready in Chromium (ms)", "largest_page_ready_ms", "{:.0f}"),
    ("slowest index page ready in Chromium (ms)", "slowest_index_ready_ms", "{:.0f}"),
    ("preview: first build (s)", "preview_first_build_s", "{:.2f}"),
)


def table(result: Result) -> str:
    lines = [f"synthsite benchmark: {result.studies} studies, {result.pages} generated pages"]
    width = max(len(label) for label, _, _ in ROWS) + 2
    for label, key, fmt in ROWS:
        lines.append(f"  {label:<{width}}  {fmt.format(getattr(result, key))}")
    saves = ", ".join(f"{s:.2f}" for s in result.preview_save_s) or "not measured"
    lines.append(f"  {'preview: save to rebuilt (s)':<{width}}  {saves}")
    cpu = ", ".join(f"{s:.2f}" for s in result.preview_save_cpu_s) or "not measured"
    lines.append(f"  {'preview: CPU per rebuild (s)':<{width}}  {cpu}")
    lines.append(f"  {'largest page':<{width}}  {result.largest_page}")
    lines.append("  page weights (kB of HTML):")
    lines += [f"    {path:<{width - 2}}  {kb:.0f}" for path, kb in result.page_kb.items()]
    lines.append(f"  {'slowest index page':<{width}}  {result.slowest_index_page or 'not measured'}")
    lines += [f"  note: {note}" for note in result.notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dev/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=1000, help="number of synthetic studies (default 1000)")
    parser.add_argument("--repeat", type=int, default=1, help="repeat the run and report medians (default 1)")
    parser.add_argument("--keep", type=Path, help="keep the generated project and sites in this folder")
    parser.add_argument("--no-preview", action="store_true", help="skip timing `mkdocs serve` after a save")
    parser.add_argument("--no-browser", action="store_true", help="skip timing pages in headless Chromium")
    parser.add_argument(
        "--site", type=Path, help="only time the index pages of this built site in Chromium (e.g. a kept run's site/)"
    )
    args = parser.parse_args(argv)
    if args.site:
        return _time_built_site(args.site, args.repeat)
    if args.studies < 2 or args.repeat < 1:
        parser.error("--studies must be at least 2 and --repeat at least 1")
    options = {"preview": not args.no_preview, "browser": not args.no_browser}
    results = []
    for attempt in range(args.repeat):
        if args.keep:
            workdir = args.keep / f"run-{attempt}"
            if workdir.exists():
                shutil.rmtree(workdir)
            workdir.mkdir(parents=True)
            results.append(run_once(args.studies, workdir, **options))
        else:
            with tempfile.TemporaryDirectory(prefix="synthsite-bench-") as folder:
                results.append(run_once(args.studies, Path(folder), **options))
    result = median_result(results)
    print(table(result))
    print(json.dumps({"bench": "synthsite", "repeat": args.repeat, **asdict(result)}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

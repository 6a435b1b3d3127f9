"""The thin MkDocs adapter: validate the corpus, then add every generated page and download in memory.

All content comes from `synthsite.pipeline.generate`, which knows nothing of MkDocs; this module only
translates it into `File.generated` objects (never writing into docs/, which would loop `mkdocs serve`).
An invalid corpus stops the build in `on_config`, before MkDocs touches the site directory.

The HTML blocks synthsite pre-rendered skip the Markdown converter (`synthsite.builders.prerendered`): MkDocs converts
each page with placeholders, the search plugin indexes it, and only then are the blocks put back
(`on_page_context`, after the search plugin's). What the converter and the search plugin no longer see is
handled here: the blocks' anchors, their links (checked against the built site; a broken one is a warning,
so `strict: true` fails) and their searchable text (added to the search index after it is written).
Under `mkdocs serve` each page's conversion is kept by the hash of its Markdown, so after an edit only the
pages whose Markdown changed are converted again.

`mkdocs build` writes into a staging folder beside `site_dir`, swapped in only when the whole build (strict-mode
warnings from hand-written pages included) has succeeded, so a failed build leaves the previous site as it was.
Every file MkDocs would copy from docs/ must resolve inside the project (a symlink could publish any file).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit, urlunsplit

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from synthsite.builders import pagesafety, prerendered, searchparse, verdict
from synthsite.builders.buildstate import BlockFacts, Build, Preview
from synthsite.builders.conversions import Conversions, GeneratedPage
from synthsite.builders.filelinks import file_links
from synthsite.builders.guide import GUIDE_FILE
from synthsite.builders.mkdocs_packaged import add_static_files, add_theme_layer, offline_enabled
from synthsite.builders.nav import merge_nav, named_paths
from synthsite.builders.publication import publication
from synthsite.builders.sharedblocks import SharedBlocks, materials_own
from synthsite.builders.staging import Staging, StagingRefused
from synthsite.epoch import EpochError
from synthsite.load.datafiles import ReadRefused
from synthsite.load.problems import sort_problems
from synthsite.load.siteconfig import config_problems
from synthsite.load.text import displayable
from synthsite.pipeline import build_date, generate, validate
from synthsite.provenance import provenance
from synthsite.render.tableview import ROWS_SUFFIX

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class SynthsiteConfig(Config):
    root = config_options.Optional(config_options.Type(str))
    """Project folder holding synthesis/ and bibliography/ (default: the folder of mkdocs.yml)."""
    strict = config_options.Type(bool, default=False)
    """Fail the build on data warnings too, as `synthsite validate --strict` does; MkDocs' own `strict: true`
    (or `mkdocs build --strict`) does the same, so one setting decides for the data and the pages."""


class SynthsitePlugin(BasePlugin[SynthsiteConfig]):
    """Adds the synthesis pages (`/`, `/studies/...`, `/compare/...`, `/themes/...`, ...) to the build."""

    def __init__(self) -> None:
        self._stage = False
        self._staged: Staging | None = None
        """The staging folder and the site folder it replaces, while a staged build runs."""
        self._serving = False
        self._incremental = False
        self._preview = Preview()
        self._build = Build()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Stage `mkdocs build` (not `serve`, which builds into its own temporary folder, nor a dirty build);
        `mkdocs serve --dirty` rebuilds incrementally (`builders.incremental`)."""
        self._serving = command == "serve"
        self._incremental = self._serving and dirty
        self._stage = command == "build" and not dirty

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """A rebuild that fails keeps the last good build in the preview instead of stalling the server."""
        verdict.keep_serving_last_good(server)
        return server

    @event_priority(100)  # before other plugins read site_dir
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._preview.collections.start()  # until the end of the build (`on_post_build`, or `on_build_error`)
        self._build = Build(conversions=self._preview.conversions if self._serving else Conversions())
        root = Path(self.config.root) if self.config.root else Path(config.config_file_path).parent
        if not root.is_absolute():
            root = Path(config.config_file_path).parent / root
        strict = self.config.strict or bool(config.strict)
        config_file = Path(config.config_file_path)
        settings = config_problems(config_file.parent, Path(config_file.name))
        corpus, problems = validate(
            root, strict=strict, config=False, memo=self._preview.loaded if self._serving else None
        )
        if settings:
            corpus, problems = None, sort_problems(settings + problems)
        verdict.report(problems)
        if corpus is None:
            raise verdict.failure(problems, strict)
        try:
            build_date()  # a bad SOURCE_DATE_EPOCH stops the build here, before the site folder is touched
        except EpochError as exc:
            raise PluginError(str(exc)) from None
        self._build.root = root
        self._build.corpus = corpus
        if self._serving:  # the configuration's Markdown extensions decide the HTML
            self._build.scope = hashlib.blake2b(Path(config.config_file_path).read_bytes()).hexdigest()
        if self._incremental:
            _DIRTY_LOG.addFilter(self._preview.dirty_filter)
        for plugin in config.plugins.values():  # Material's own dirty merge keeps one page's entries only
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None
        add_theme_layer(config)
        config.nav = merge_nav(config.nav)
        if self._stage and self._staged is None:
            try:
                self._staged = Staging(Path(config.site_dir))
            except StagingRefused as exc:
                raise PluginError(f"synthsite: {exc}") from None
            except OSError as exc:
                raise PluginError(_write_failure(exc, Path(config.site_dir))) from None
            config.site_dir = str(self._staged.folder)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Material's search index parses each distinct page text once (`searchparse`): the study pages share one
        skeleton. Its index is made in its `on_config`, which runs after this plugin's. It also takes the blocks'
        text into its entries before it writes them (the incremental preview edits the written file instead)."""
        blocks = None if self._incremental else self._build.search
        self._build.search_in_index = searchparse.adopt(config.plugins, blocks) and blocks is not None

    def on_build_error(self, *, error: Exception) -> None:
        """Strict mode's final "Aborted with N warnings" arrives here too (after on_post_build). A file system
        error (read-only, full disk, file-size limit) becomes a message instead of a traceback; the previous
        site stays (`on_shutdown` drops the staged one)."""
        self._build.failed = True
        self._preview.collections.stop()
        if self._incremental:
            self._preview.increment.forget()
            _DIRTY_LOG.removeFilter(self._preview.dirty_filter)
        if isinstance(error, OSError):
            final = self._staged.final if self._staged is not None else None
            raise PluginError(_write_failure(error, final)) from None

    def on_shutdown(self) -> None:
        """After the whole build: swap the staged site in if nothing failed, else drop it."""
        self._preview.collections.stop()
        if self._staged is None:
            return
        staged, self._staged = self._staged, None
        if self._build.failed:
            staged.discard()
            log.error("synthsite: the build failed; %s was left as it was", staged.final)
            return
        try:
            staged.swap_in()
        except (StagingRefused, OSError) as exc:
            staged.discard()
            reason = str(exc) if isinstance(exc, StagingRefused) else _write_failure(exc, staged.final)
            log.error("synthsite: %s", reason)
            raise SystemExit(1) from None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        assert self._build.corpus is not None and self._build.root is not None
        _refuse_files_outside(files, Path(config.docs_dir))
        made = provenance(self._build.root)  # SOURCE_DATE_EPOCH was checked in on_config
        site = generate(
            self._build.corpus,
            date=made.date,
            commit=made.commit,
            reuse=self._preview.kept_pages if self._serving else None,
        )
        if self._serving and self._preview.kept_pages.reused:
            log.info(
                "synthsite: %d study and theme pages unchanged since the last build were reused",
                len(self._preview.kept_pages.reused),
            )
        self._build.corpus = None  # the pages hold all the build needs; the models would stay alive to the end of it
        docs_dir = Path(config.docs_dir)
        project = docs_dir.parent  # the guide sits beside docs/ (the data may live elsewhere, as in tests)
        try:
            published = publication(site, project, config.site_url or "")
        except ReadRefused as exc:
            raise PluginError(f"{exc.message} ({exc.hint})") from None
        self._build.generated = set(site.pages)
        for src_uri in list(site.pages):  # each page's text is dropped once split: the build needs only the parts
            text = site.pages.pop(src_uri)
            self._replace(files, src_uri)
            inclusion = InclusionLevel.INCLUDED if src_uri in site.listed else InclusionLevel.NOT_IN_NAV
            page = self._split(src_uri, text)
            if page.blocks:
                self._build.blocks[src_uri] = page.blocks
            file = File.generated(config, src_uri, content=page.markdown, inclusion=inclusion)
            source = site.sources.get(src_uri)
            if source is not None:
                file.edit_uri = Path(os.path.relpath(self._build.root / source, docs_dir)).as_posix()
            files.append(file)
        downloads: list[tuple[str, str | bytes]] = [*site.files.items(), *site.binary.items()]
        for src_uri, content in downloads:
            self._replace(files, src_uri)
            files.append(File.generated(config, src_uri, content=content))
            # rows a long table's page fetches: their links count as the page's
            if isinstance(content, str) and src_uri.endswith(ROWS_SUFFIX):
                page_path = ("/" + posixpath.dirname(src_uri).strip("/") + "/").replace("//", "/")
                for href in sorted(set(prerendered.links(json.loads(content)))):
                    target = _site_path(page_path, href)
                    if target is not None:
                        self._build.links.append((src_uri, target))
        self._make_pages(files, config)
        self._build.guide = set(published.guide)
        for src_uri, text in published.guide.items():
            self._replace(files, src_uri)
            guide = File.generated(config, src_uri, content=text)
            guide.edit_uri = Path(os.path.relpath(project / GUIDE_FILE, docs_dir)).as_posix()
            files.append(guide)
        add_static_files(files, config, published.assets)
        if self._incremental:
            self._build.files = files
            self._preview.increment.plan(files, config, self._page_parts)
            if self._preview.increment.rendered < self._preview.increment.total:
                log.info(
                    "synthsite: rendering %d of %d pages (the others are unchanged since the last build)",
                    self._preview.increment.rendered,
                    self._preview.increment.total,
                )
        return files

    def _make_pages(self, files: Files, config: MkDocsConfig) -> None:
        """A `GeneratedPage` for each generated page the nav does not name, made as MkDocs would make it (no
        title: MkDocs makes a page the nav does not name with none). MkDocs makes the pages the nav names, with
        the nav's label; every path the nav names counts, looked up as MkDocs does (also without a leading /)."""
        named = {
            file.src_uri
            for path in named_paths(config.nav)
            for lookup in (path, path.lstrip("/"))
            if (file := files.get_file_from_path(lookup)) is not None
        }
        for src_uri in self._build.generated - named:
            file = files.get_file_from_path(src_uri)
            if file is not None:
                GeneratedPage(None, file, config)  # sets file.page, which MkDocs' navigation then takes

    def _refuse_live_script(self, html: str, page: Page, config: MkDocsConfig) -> None:
        """A hand-written page with script in it stops the build, each finding at its source file and line
        (`pagesafety`); the staged site is dropped, so the previous one stays."""
        findings = pagesafety.live_script(html)
        if not findings:
            return
        project = Path(config.config_file_path).parent
        if page.file.src_uri in self._build.guide:  # the guide sits beside docs/, as in on_files
            guide = Path(config.docs_dir).parent / GUIDE_FILE
            shown, source = GUIDE_FILE, guide.read_text(encoding="utf-8", errors="replace")
        else:
            path = Path(page.file.abs_src_path or page.file.src_uri)
            shown = Path(os.path.relpath(path, project)).as_posix() if page.file.abs_src_path else page.file.src_uri
            source = page.file.content_string
        lines = [
            displayable(
                f"{shown}:{pagesafety.source_line(source, finding.needle)}: {finding.message} would run script in "
                "readers' browsers (write it as text in `code`, or link to a web page instead)"
            )
            for finding in findings
        ]
        for line in lines:
            log.error("synthsite: %s", line)
        raise PluginError(f"synthsite: {len(lines)} piece(s) of script in {shown}, listed above; nothing was built")

    def _page_parts(self, file: File) -> tuple[str | bytes, ...]:
        """What a page's own output is made of: its Markdown and pre-rendered blocks, or its source file (a
        generated page's text is the very string its split kept, which `Increment.plan` compares cheaply)."""
        if file.generated_by:
            return (file.content_string, *self._build.blocks.get(file.src_uri, ()))
        return (file.content_bytes,)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """In the incremental preview, the pages it skips keep their title, anchors and links from their last
        rendering. In the preview, the theme's templates are compiled once (`templatecache`). The theme layer
        renders Material's navigation, header, footer, configuration and script tags once per folder where it can
        (`sharedblocks`), for this build."""
        parts = self._preview.own_parts.parts(env) if self._serving else materials_own(env)
        env.globals["synthsite_shared"] = SharedBlocks(parts=parts, autoescape=bool(env.autoescape))
        if self._serving:
            self._preview.templates.attach(env, self._build.scope)
        if self._incremental:
            for page, kept in self._preview.increment.restore(files):
                self._build.anchors["/" + page.url] = set(kept.anchors)
                self._build.links.extend((page.file.src_uri, target) for target in kept.block_links)
        return env

    def _split(self, src_uri: str, text: str) -> prerendered.SplitPage:
        """`prerendered.split`, kept across the rebuilds of `mkdocs serve` for a page whose text is unchanged."""
        if not self._serving:
            return prerendered.split(text)
        kept = self._preview.split.get(src_uri)
        if kept is None or kept[0] != text:
            kept = self._preview.split[src_uri] = (text, prerendered.split(text))
        return kept[1]

    def _facts(self, block: str) -> BlockFacts:
        """What the converter and the search plugin would have found in a block, each part worked out when first
        asked; kept by the block's text across the rebuilds of `mkdocs serve` (after a one-study edit nearly
        every block is the same)."""
        if not self._serving:
            return BlockFacts(block)
        facts = self._preview.facts.get(block)
        if facts is None:
            facts = self._preview.facts[block] = BlockFacts(block)
        self._build.blocks_seen.add(block)
        return facts

    @staticmethod
    def _replace(files: Files, src_uri: str) -> None:
        """A generated page wins over a hand-written file at the same path (e.g. an old docs/index.md)."""
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            log.info("synthsite: the generated %s replaces docs/%s", src_uri, src_uri)
            files.remove(existing)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Markdown converted before (by another page with the same skeleton, or by an earlier rebuild of the
        preview) is not converted again (`builders.conversions`)."""
        return "" if self._build.conversions.before(markdown, page, self._build.scope) else None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        src_uri = page.file.src_uri
        html = self._build.conversions.after(html, page)
        if src_uri not in self._build.generated:
            self._refuse_live_script(html, page, config)
        blocks = self._build.blocks.get(src_uri)
        if blocks:
            self._build.block_sections[src_uri] = prerendered.sections(html)
            page.present_anchor_ids = (page.present_anchor_ids or set()) | set().union(
                *(self._facts(block).ids for block in blocks)
            )
        return html

    @event_priority(-100)  # after the search plugin has indexed the page without its blocks
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Put the blocks back in the page, noting their links and searchable text. Edit links of generated
        pages point at their data file; tidy the `docs/../` in the URL."""
        if page.edit_url:
            page.edit_url = _normalise_url(page.edit_url)
        src_uri = page.file.src_uri
        path = "/" + page.url
        self._build.anchors[path] = set(page.present_anchor_ids or ())
        blocks = self._build.blocks.pop(src_uri, None)
        if not blocks or page.content is None:
            if self._incremental:
                self._preview.increment.remember(page, self._build.anchors[path], ())
            return context
        sections = self._build.block_sections.pop(src_uri, {})
        hrefs: set[str] = set()
        for number, block in enumerate(blocks):
            section = sections.get(number)
            facts = self._facts(block)
            hrefs.update(facts.links)
            if facts.search:
                location = page.url + (f"#{section}" if section else "")
                self._build.search.add(location, facts.search, str(page.meta.get("title", page.title or "")))
        targets = [target for href in sorted(hrefs) if (target := _site_path(path, href)) is not None]
        self._build.links.extend((src_uri, target) for target in targets)
        if self._incremental:
            self._preview.increment.remember(page, self._build.anchors[path], targets)
        page.content = prerendered.fill(page.content, blocks)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """In the offline build (the site archives), links to folders open their index.html from disk."""
        return file_links(output) if offline_enabled(config) else None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._incremental:
            gone = self._preview.increment.commit(Path(config.site_dir))
            if gone:
                log.info("synthsite: removed %d files of pages and downloads that are gone", len(gone))
            _DIRTY_LOG.removeFilter(self._preview.dirty_filter)
        self._check_links(config)
        self._add_search_text(config)
        if self._serving:  # forget the blocks an edit replaced, so a long preview session does not grow
            self._build.conversions.prune()
            for block in [block for block in self._preview.facts if block not in self._build.blocks_seen]:
                del self._preview.facts[block]
        self._preview.collections.stop()

    def _check_links(self, config: MkDocsConfig) -> None:
        """Every relative link in a pre-rendered block leads to a page or file of the site (and its anchor)."""
        site_dir = Path(config.site_dir)
        for src_uri, target in self._build.links:
            path, _, fragment = target.partition("#")
            anchors = self._build.anchors.get(path)
            exists = anchors is not None or (site_dir / path.lstrip("/")).is_file()
            if not exists and path.endswith("/"):
                exists = (site_dir / path.lstrip("/") / "index.html").is_file()
            if not exists:
                log.warning("synthsite: %s links to %s, which is not in the site", src_uri, target)
            elif fragment and anchors is not None and fragment not in anchors:
                log.warning("synthsite: %s links to %s, but that page has no anchor '%s'", src_uri, target, fragment)

    def _add_search_text(self, config: MkDocsConfig) -> None:
        """Add the blocks' searchable text to the entries the search plugin wrote for their sections, unless its
        index took them before writing (`searchparse`)."""
        index_path = Path(config.site_dir) / "search" / "search_index.json"
        if self._build.search_in_index or not index_path.is_file():
            return
        if not (self._build.search.texts or self._incremental):
            return
        index = json.loads(index_path.read_text(encoding="utf-8"))
        self._build.search.merge(index.setdefault("docs", []))
        if self._incremental and self._build.files is not None:
            pages = [file.page for file in self._build.files.documentation_pages() if file.page is not None]
            index["docs"] = self._preview.increment.search_index(index["docs"], pages)
        index_path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")


_DIRTY_LOG = logging.getLogger("mkdocs.commands.build")


@lru_cache(maxsize=1 << 18)
def _site_path(page_path: str, href: str) -> str | None:
    """The site path (with fragment) a relative link on the page at `page_path` leads to; None for a link
    elsewhere (with a scheme, or root-relative, which the theme's own links are). Cached: a large site
    checks ~120,000 links on every build of the preview, most of them the same."""
    path, _, fragment = href.partition("#")
    path = path.partition("?")[0]
    if path.startswith("/") or ":" in path.partition("/")[0]:
        return None
    if path:
        base, plain = _folders(page_path)
        target = _plain_join(plain, path)
        if target is None:
            target = posixpath.normpath(posixpath.join(base, unquote(path)))
            if (path.endswith("/") or path.rsplit("/", 1)[-1] in (".", "..")) and not target.endswith("/"):
                target += "/"
    else:
        target = page_path
    return target + (f"#{unquote(fragment)}" if fragment else "")


@lru_cache(maxsize=1 << 12)
def _folders(page_path: str) -> tuple[str, tuple[str, ...]]:
    """The folder the page's relative links start from (ending in /) and, if it is plain (no empty or dot
    segment), it and each folder above it: where no, one, two... leading `../` lead (none if it is not plain).
    The same for every link of a page (a study page has about a hundred)."""
    base = page_path if page_path.endswith("/") else posixpath.dirname(page_path).rstrip("/") + "/"
    if "//" in base or "/." in base:
        return base, ()
    return base, tuple(base.rsplit("/", ups + 1)[0] + "/" if ups else base for ups in range(base.count("/")))


def _plain_join(folders: tuple[str, ...], path: str) -> str | None:
    """The page's folder joined with `path` when both are plain (no `.` or empty segments, nothing %-encoded in
    the path), which the links synthsite writes are: of the plain folder and those above it (`_folders`), the one
    as many levels up as `path` has leading `../`, then the rest; else None, and `posixpath` normalises. A fresh
    build resolves ~110,000 links, each once."""
    rest = path
    while rest.startswith("../"):
        rest = rest[3:]
    ups = (len(path) - len(rest)) // 3
    if ups >= len(folders):  # a folder that is not plain, or above the first
        return None
    if (
        "%" in rest
        or "./" in rest
        or "//" in rest
        or rest.startswith("/")
        or rest.endswith(("/.", "/.."))
        or rest in (".", "..")
    ):
        return None
    return folders[ups] + rest


def _refuse_files_outside(files: Files, docs_dir: Path) -> None:
    """MkDocs copies docs/ following symlinks: refuse any file of docs/ that resolves outside the project (the
    folder holding docs/; a symlink to a file elsewhere in it, such as ../CONTRIBUTING.md, is fine)."""
    base = docs_dir.parent.resolve()
    outside = sorted(
        file.src_uri
        for file in files
        if file.abs_src_path
        and Path(file.abs_src_path).is_relative_to(docs_dir)
        and not Path(file.abs_src_path).resolve().is_relative_to(base)
    )
    if outside:
        raise PluginError(
            "these files in docs/ point outside the project (symlinks), so they are not published: "
            + ", ".join(outside)
            + " (replace each symlink with the file itself)"
        )


def _write_failure(error: OSError, final: Path | None) -> str:
    """One line for a file system error during the build, naming the file and what to do."""
    from synthsite.load.text import displayable

    where = f" ({displayable(str(error.filename))})" if error.filename else ""
    kept = f"; {final} was left as it was" if final is not None else ""
    reason = error.strerror or str(error)
    return (
        f"synthsite: the build could not write the site: {reason}{where}{kept} (free disk space, raise the file-size"
        " limit or make the folder writable, then build again)"
    )


def _normalise_url(url: str) -> str:
    parts = urlsplit(url)
    path = posixpath.normpath(parts.path) if parts.path else parts.path
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))

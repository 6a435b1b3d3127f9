"""What the MkDocs plugin keeps, in two objects: `Build`, made afresh for every build, and `Preview`, what the
preview (`mkdocs serve`) keeps from one rebuild to the next. Nothing of a build lives in a module or in loose
attributes of the plugin, so an aborted build cannot hand its blocks, links or failure to the next one."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from mkdocs.structure.files import Files

from synthsite import gcpause
from synthsite.builders import prerendered
from synthsite.builders.conversions import Conversions
from synthsite.builders.incremental import DirtyWarningFilter, Increment
from synthsite.builders.searchparse import BlockText
from synthsite.builders.sharedblocks import KeptOwnParts
from synthsite.builders.templatecache import KeptTemplates
from synthsite.load.corpus import Corpus
from synthsite.load.memo import LoadMemo
from synthsite.render.reuse import PageReuse


class BlockFacts:
    """A pre-rendered block's searchable text, anchors and links (see `prerendered`), each worked out once, when
    first asked: a build asks for the anchors when it converts the page and for the rest when it fills it in."""

    def __init__(self, block: str) -> None:
        self.block = block

    @cached_property
    def search(self) -> str:
        return prerendered.search_text(self.block)

    @cached_property
    def ids(self) -> frozenset[str]:
        return frozenset(prerendered.ids([self.block]))

    @cached_property
    def links(self) -> tuple[str, ...]:
        return tuple(prerendered.links([self.block]))


@dataclass
class Build:
    """One build, from `on_config` to `on_post_build` (each rebuild of the preview is a build): made by
    `on_config`, so nothing an earlier build left (an aborted one included) reaches this one."""

    conversions: Conversions = field(default_factory=Conversions)
    """Markdown conversions: the preview's kept ones (`Preview.conversions`), else this build's own."""
    root: Path | None = None
    """The project folder holding synthesis/ and bibliography/."""
    corpus: Corpus | None = None
    """The validated corpus, until `on_files` has generated the pages (then dropped to free its memory)."""
    scope: str = ""
    """The preview's hash of mkdocs.yml: the configuration's Markdown extensions decide a conversion's HTML."""
    failed: bool = False
    blocks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """src_uri -> the page's pre-rendered blocks, until they are back in the page."""
    block_sections: dict[str, dict[int, str | None]] = field(default_factory=dict)
    search: BlockText = field(default_factory=BlockText)
    """The blocks' searchable text by search-index location (with the page's title, for a page of blocks only)."""
    search_in_index: bool = False
    """Whether Material's search index merges `search` itself when it writes (`searchparse.adopt`); else
    `on_post_build` adds it to the written file."""
    links: list[tuple[str, str]] = field(default_factory=list)
    """(page src_uri, absolute site path with fragment) of every relative link in a block."""
    anchors: dict[str, set[str]] = field(default_factory=dict)
    """Site path of each page -> the anchors it defines."""
    blocks_seen: set[str] = field(default_factory=set)
    files: Files | None = None
    generated: set[str] = field(default_factory=set)
    """The pipeline's pages (built from escaped parts); every other page is hand-written and checked."""
    guide: set[str] = field(default_factory=set)
    """The pages made from CONTRIBUTING.md."""


@dataclass
class Preview:
    """What the preview keeps from one rebuild to the next, held by the plugin instance, not by a module. MkDocs
    keeps one instance of a plugin that has `on_startup` for every build of a process (each rebuild of
    `mkdocs serve`), so this lives exactly as long as the previous module-level values did; reuse stays
    preview-only (`_serving`), and every build checks what it takes from here (`render.reuse`, `incremental`)."""

    loaded: LoadMemo = field(default_factory=LoadMemo)
    """The last load's validated records and values derived from them, by content digest (`load.memo`)."""
    kept_pages: PageReuse = field(default_factory=PageReuse)
    """Study and theme pages of the last build, reused when their inputs are unchanged (`render.reuse`)."""
    increment: Increment = field(default_factory=Increment)
    """What the incremental preview (`mkdocs serve --dirty`) keeps from one rebuild to the next."""
    dirty_filter: DirtyWarningFilter = field(default_factory=DirtyWarningFilter)
    split: dict[str, tuple[str, prerendered.SplitPage]] = field(default_factory=dict)
    """src_uri -> (page text, its split) from the last build."""
    facts: dict[str, BlockFacts] = field(default_factory=dict)
    """Block text -> its facts, for the blocks of the last build (pruned after each build)."""
    conversions: Conversions = field(default_factory=Conversions)
    """Conversions kept across the rebuilds."""
    templates: KeptTemplates = field(default_factory=KeptTemplates)
    """The theme's compiled templates (`templatecache`)."""
    own_parts: KeptOwnParts = field(default_factory=KeptOwnParts)
    """Which shared parts the theme's templates leave to Material's own files (`sharedblocks.KeptOwnParts`)."""
    collections: gcpause.Held = field(default_factory=gcpause.Held)
    """The older garbage-collector generations, paused for the length of each build or rebuild (`gcpause.Held`)."""

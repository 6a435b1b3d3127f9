"""One render of an index (`Rendering`) and what a page function returns (`PageOutput`).

The index is an immutable value; what pages and downloads of one render share (the formatted bibliography, each
table's CSV, fingerprint and citation) lives here instead, in an object `render_index` makes for that render and
hands to every page function. A page function returns its Markdown together with the files it owns (the rows
files of its long tables and lists), so the site is assembled from returned values in any order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from markupsafe import Markup

from synthsite import cite, urls
from synthsite.index import StudyView, SynthesisIndex
from synthsite.jsontext import RecordTexts
from synthsite.render.kepthtml import KeptRows
from synthsite.render.pagekit import link
from synthsite.tables import CsvLines, Table, Target, csv_fingerprint, to_csv

NO_FILES: Mapping[str, str] = MappingProxyType({})
"""A page that owns no files (read-only: one value shared by every such page)."""


@dataclass(frozen=True)
class PageOutput:
    """A page's Markdown and the files it owns (docs-relative path -> text)."""

    markdown: str
    files: Mapping[str, str] = field(default_factory=lambda: NO_FILES)


@dataclass(frozen=True)
class Rendering:
    """The index being rendered and the values its pages and downloads share, each made once per render.

    The caches are keyed by `id(table)` and keep the table beside the value, so an id is never reused for another
    table while the rendering lives; they are this render's and die with it."""

    index: SynthesisIndex
    references: Mapping[str, cite.Reference]
    """Every bibliography entry formatted by `cite` (APA and Vancouver, Highwire tags), by citation key, in the
    bibliography's order: the index knows only citation labels (`index.CitedAs`), the full reference is render's."""
    csv_lines: CsvLines | None = field(default=None, compare=False, repr=False)
    """The preview's kept CSV lines of table rows (`tables.CsvLines`); None in every other build."""
    json_records: RecordTexts | None = field(default=None, compare=False, repr=False)
    """The preview's kept JSON texts of table rows (`jsontext.RecordTexts`); None in every other build."""
    table_rows: KeptRows | None = field(default=None, compare=False, repr=False)
    """The preview's kept <tr> of table rows (`tableview.KeptRows`); None in every other build."""
    _csv: dict[int, tuple[Table, str]] = field(default_factory=dict, compare=False, repr=False)
    _fingerprints: dict[int, tuple[Table, str]] = field(default_factory=dict, compare=False, repr=False)
    _citations: dict[tuple[str, int], tuple[Table, cite.Citation]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _links: dict[tuple[str, str, str], Markup] = field(default_factory=dict, compare=False, repr=False)
    _study_names: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _study_links: dict[str, dict[str, Markup]] = field(default_factory=dict, compare=False, repr=False)
    _table_links: dict[str, dict[tuple[Target, str], tuple[str, str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(
        cls,
        index: SynthesisIndex,
        references: Mapping[str, cite.Reference] | None = None,
        csv_lines: CsvLines | None = None,
        json_records: RecordTexts | None = None,
        table_rows: KeptRows | None = None,
    ) -> Rendering:
        """A rendering of `index`; `references`, its bibliography already formatted (`cite.references`), spares
        formatting it again; `csv_lines`, `json_records` and `table_rows`, the preview's kept CSV, JSON and HTML
        texts of table rows."""
        if references is None:
            references = cite.references(index.corpus.bibliography)
        return cls(index, references, csv_lines, json_records, table_rows)

    def reference(self, view: StudyView) -> cite.Reference:
        """A study's formatted reference."""
        return self.references[view.study.citation]

    def link(self, target: str, here: str, text: str) -> Markup:
        """`pagekit.link(target, here, text)`, made once per render for all the pages beside `here` (the pages of
        a family sit side by side, as themes/<id>/ do, and a target outside a page's own folder is reached from
        each of them by the same relative URL): every theme page names hundreds of studies, mostly the same ones.
        The key is the target, the text and the folder the pages share; a target inside `here` is made as is."""
        if target.startswith(here):
            return link(target, here, text)
        key = (target, here.rstrip("/").rpartition("/")[0], text)
        made = self._links.get(key)
        if made is None:
            made = self._links[key] = link(target, here, text)
        return made

    def study_links(self, here: str) -> dict[str, Markup]:
        """Study id -> its link (named by its in-text citation) from `here`, to fill as the links are made: one
        dict for all the pages beside `here` (see `link`), such as the theme pages, which name the same studies
        by the hundred. Not for a page inside studies/ (a study's link to itself reads differently)."""
        assert not here.startswith(urls.STUDIES), here
        return self._study_links.setdefault(here.rstrip("/").rpartition("/")[0], {})

    def table_links(self, here: str) -> dict[tuple[Target, str], tuple[str, str]]:
        """A linked table cell's content (`<a>` and text) and its target's site-relative URL, by target and text, to
        fill as the cells are made (`tableview._rows`): one dict for all the pages beside `here` (see `link`), such
        as the theme pages, whose evidence tables link the same studies and study themes by the thousand. A cell
        reads the same from each of those pages but the one whose folder holds its target (the URL tells which;
        every URL lies inside the home page's, so the home page, alone at its depth, neither reads nor adds one)."""
        return self._table_links.setdefault(here.rstrip("/").rpartition("/")[0], {})

    def study_names(self) -> dict[str, str]:
        """Study id -> its in-text citation, made once per render (each theme page's staleness sentence needs
        it). Read-only by convention: the dict is shared."""
        if not self._study_names:
            self._study_names.update((view.id, view.ref.in_text) for view in self.index.studies)
        return self._study_names

    def table_csv(self, table: Table) -> str:
        """`tables.to_csv`, made once per table: the download, the fingerprint and the JSON all need it."""
        made = self._csv.get(id(table))
        if made is None:
            made = self._csv[id(table)] = (table, to_csv(table, self.csv_lines))
        return made[1]

    def table_fingerprint(self, table: Table) -> str:
        """`tables.fingerprint`, computed once per table (the page, its JSON and its citation all show it)."""
        made = self._fingerprints.get(id(table))
        if made is None:
            made = self._fingerprints[id(table)] = (table, csv_fingerprint(self.table_csv(table)))
        return made[1]

    def table_url(self, page: str, table: Table) -> str:
        """The table's permalink: the page URL on the published site plus the table's anchor."""
        return urls.permalink(self.index.meta.site_url, page, table.id)

    def table_citation(self, page: str, table: Table) -> cite.Citation:
        """How to cite exactly this table: synthesis version and date, fingerprint, permalink (computed once)."""
        key = (page, id(table))
        made = self._citations.get(key)
        if made is None:
            citation = cite.cite_synthesis(
                self.index.meta,
                self.table_url(page, table),
                item_title=f"Table: {table.caption}",
                fingerprint=self.table_fingerprint(table),
                edition=self.index.edition,
            )
            made = self._citations[key] = (table, citation)
        return made[1]

"""Study and theme pages kept between the rebuilds of one preview (`mkdocs serve`), by a digest of their inputs.

After a one-study edit nearly every study page and most theme pages come out the same, and these two families are
most of the generation (about a thousand pages at 1,000 studies). The digests cover exactly what the pages are
made from:

- every page: the synthesis metadata, themes.yaml (labels, findings, CERQual judgements), the releases, whether
  the synthesis counts as large, the build date and the edition without its data fingerprint (tables' citations
  give their own content fingerprint instead, so an edit elsewhere leaves them alone);
- a study page: the study's own file (the whole record: themes, quotes, crosswalk links), its formatted reference
  (whose year label, e.g. "2004b", depends on the other entries, hence the formatted text rather than the entry),
  the entry's citation meta tags and the file's path (the edit link);
- a theme page: for every study linked to the theme, its record without the fields no theme page shows or derives
  anything from (`load.themefacing`: a save of a study's aim leaves the theme pages it links to alone) and its
  formatted reference; the number of studies, and every study's in-text label (the staleness sentence may name a
  study that no longer links).

The downloads made from the bibliography alone (`bibliography_files`) are kept too, by references.bib's text and
which study cites which entry. The other downloads are not: their citations carry the edition, whose data
fingerprint every save of an unreleased synthesis changes; but each table row's CSV line is kept by the row's
values (`tables.CsvLines`) and its JSON text likewise (`jsontext.RecordTexts`), so a table's CSV and JSON are
joined from kept texts but for the rows a save changed; each table row's <tr> is kept by what it is drawn from
(`kepthtml.KeptRows`), and the findings Word file by everything but the texts that carry the data fingerprint,
which a save writes into it (`docx.KeptDocx`).

`tests/test_preview_reuse.py` checks that after each kind of edit the preview's pages and downloads equal a fresh
build's. Builds other than the preview never reuse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from synthsite import cite
from synthsite.index import StudyView
from synthsite.jsontext import RecordTexts
from synthsite.load.corpus import BIB_FILE, Corpus
from synthsite.load.themefacing import theme_facing
from synthsite.render.docx import KeptDocx
from synthsite.render.kepthtml import KeptRows
from synthsite.render.rendering import PageOutput, Rendering
from synthsite.scale import is_large
from synthsite.tables import CsvLines

STUDY_DIGEST = "study-page-digest"
"""The kind (`LoadMemo.kept`/`missed`) of a study page's input digest kept in the preview's memo."""


@dataclass(frozen=True)
class _Kept:
    digest: str
    output: PageOutput
    """The page's Markdown and the files it owns (its long tables' rows files), handed back as one value."""


def _sha(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


@dataclass
class PageReuse:
    """Page URL -> the page made last time and the digest of its inputs (one per preview process)."""

    kept: dict[str, _Kept] = field(default_factory=dict)
    reused: set[str] = field(default_factory=set)
    """URLs of the pages the last render reused (for the preview's log and the tests)."""
    _shared: str = ""
    _studies: dict[str, str | None] = field(default_factory=dict)
    _theme_facing: dict[str, str | None] = field(default_factory=dict)
    """Study id -> digest of what theme pages read of it, worked out when a theme page first asks."""
    _labels: str = ""
    _references: tuple[str, Mapping[str, cite.Reference]] | None = None
    _bibliography_files: tuple[str, Mapping[str, str]] | None = None
    reused_files: set[str] = field(default_factory=set)
    """Paths of the downloads the last render reused."""
    csv_lines: CsvLines = field(default_factory=CsvLines)
    """Each table row's CSV line by its values (`tables.CsvLines`), for every table's CSV download."""
    json_records: RecordTexts = field(default_factory=RecordTexts)
    """Each table row's JSON text by its keys and values (`jsontext.RecordTexts`), for every table's JSON."""
    table_rows: KeptRows = field(default_factory=KeptRows)
    """Each table row's <tr> by what it is drawn from (`kepthtml.KeptRows`), for every table on a page."""
    docx: KeptDocx = field(default_factory=KeptDocx)
    """The findings document with marks for the texts that carry the data fingerprint (`docx.KeptDocx`)."""

    def start(self, r: Rendering) -> None:
        """Begin a render (`render_pages` calls it): digest what pages share and each study's own inputs. Until it
        is called no study has a digest, so every page is made."""
        self.reused = set()
        index = r.index
        corpus = index.corpus
        study_paths = {path for paths in corpus.study_files.values() for path in paths}
        own = sorted(
            (path, source.text)
            for path, source in corpus.sources.items()
            if path not in study_paths and not path.endswith(".bib")  # the entries count through the references
        )
        self._shared = _sha(
            index.meta.model_dump(mode="json"),
            own,
            corpus.releases,
            is_large(len(index.studies)),
            index.build_date,
            index.edition.without_data(),
        )
        bib = corpus.source_of(BIB_FILE)
        bib_digest = None if bib is None else _sha(bib.text)
        self._studies = {view.id: self._kept_study_digest(r, view, bib_digest) for view in index.studies}
        self._theme_facing = {}
        self._labels = _sha(sorted((view.id, view.ref.in_text) for view in index.studies))

    @classmethod
    def _kept_study_digest(cls, r: Rendering, view: StudyView, bib_digest: str | None) -> str | None:
        """`_study_digest`, kept in the preview's `load.memo` (a save works it out for the saved study only). Its
        inputs: the study file's text (its digest) and path(s), the study id, and the formatted reference and the
        entry's meta tags, both made from references.bib alone (`references`), hence its digest; `view.ref` (the
        in-text labels) is in the key as well, as cheap insurance."""
        corpus = r.index.corpus
        paths = corpus.study_files.get(view.id, ())
        record = corpus.study_digest(view.id)
        if corpus.memo is None or record is None or bib_digest is None:
            return cls._study_digest(r, view)
        key = (STUDY_DIGEST, paths, record, view.id, view.ref, bib_digest)
        return corpus.memo.get(key, lambda: cls._study_digest(r, view))

    @staticmethod
    def _study_digest(r: Rendering, view: StudyView) -> str | None:
        """A digest of one study's inputs, or None when it was not read from a file (nothing to compare)."""
        corpus = r.index.corpus
        paths = corpus.study_files.get(view.id, ())
        source = corpus.sources.get(paths[0]) if paths else None
        if source is None:
            return None
        entry = corpus.bibliography.entries[view.study.citation]
        ref = r.reference(view)
        return _sha(source.text, view.id, paths, ref, cite.highwire_tags(ref, entry))  # ref: view.ref's labels too

    def study_page(self, r: Rendering, view: StudyView, url: str, make: Callable[[], PageOutput]) -> PageOutput:
        own = self._studies.get(view.id)
        return self._page(url, None if own is None else _sha(self._shared, own), make)

    def theme_page(self, r: Rendering, theme_id: str, url: str, make: Callable[[], PageOutput]) -> PageOutput:
        index = r.index
        assert index.confidence is not None
        linked = sorted({item.study.id for item in index.confidence.signals[theme_id].links})
        studies = [self._theme_digest(r, study_id) for study_id in linked]
        if any(digest is None for digest in studies):
            return make()
        return self._page(url, _sha(self._shared, self._labels, len(index.studies), linked, studies), make)

    def _theme_digest(self, r: Rendering, study_id: str) -> str | None:
        """A digest of what theme pages read of one study (`load.themefacing`) and of its formatted reference;
        None when it was not read from a file."""
        if study_id in self._theme_facing:
            return self._theme_facing[study_id]
        view = r.index.by_id[study_id]
        digest = None
        if self._studies.get(study_id) is not None:
            digest = _sha(theme_facing(r.index.corpus, view.study), view.id, view.ref, r.reference(view))
        self._theme_facing[study_id] = digest
        return digest

    def _page(self, url: str, digest: str | None, make: Callable[[], PageOutput]) -> PageOutput:
        """The kept page (its Markdown and files) if its digest is unchanged, else `make()` (kept for next time)."""
        if digest is None:
            return make()
        kept = self.kept.get(url)
        if kept is not None and kept.digest == digest:
            self.reused.add(url)
            return kept.output
        output = make()
        self.kept[url] = _Kept(digest, output)
        return output

    def references(self, corpus: Corpus) -> Mapping[str, cite.Reference]:
        """The bibliography formatted (`cite.references`), kept while references.bib's text is unchanged: a save of a
        study file leaves it as it was, and formatting a thousand entries is a few tenths of a second of each save.
        The formatting reads the entries alone (year labels compare them with each other), so the file's text is
        its whole input."""
        bib = corpus.source_of(BIB_FILE)
        if bib is None:
            return cite.references(corpus.bibliography)
        digest = _sha(bib.text)
        if self._references is None or self._references[0] != digest:
            self._references = (digest, cite.references(corpus.bibliography))
        return self._references[1]

    def bibliography_files(self, r: Rendering, make: Callable[[Rendering], Mapping[str, str]]) -> Mapping[str, str]:
        """The downloads made from the bibliography alone (`downloads.bibliography_files`: the whole of it in BibTeX
        and RIS, each study's entry beside its page), kept while references.bib's text and which study cites which
        entry are unchanged. A study's save leaves them as they were, and they are two thousand files at 1,000
        studies. They carry no edition, so the data fingerprint a save changes is not among their inputs."""
        corpus = r.index.corpus
        bib = corpus.source_of(BIB_FILE)
        self.reused_files = set()
        if bib is None:
            return make(r)
        digest = _sha(bib.text, [(view.id, view.study.citation) for view in r.index.studies])
        if self._bibliography_files is not None and self._bibliography_files[0] == digest:
            self.reused_files = set(self._bibliography_files[1])
            return self._bibliography_files[1]
        self._bibliography_files = (digest, make(r))
        return self._bibliography_files[1]

    def forget_except(self, urls: set[str]) -> None:
        """Drop the pages that are gone (a study or theme removed), so a long preview session does not grow."""
        for url in [url for url in self.kept if url not in urls]:
            del self.kept[url]

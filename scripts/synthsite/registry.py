"""The site's pages, declared once: URL, title, place in the navigation, page function and the tables each holds.

Everything that lists pages reads this tuple: rendering (`render.pages.render_pages`), the tables placed on
each page with their anchors and downloads (`placed_tables`), the /data/ page, the navigation the MkDocs
plugin gives a project whose mkdocs.yml names none of these pages (`builders.nav`), the edit links and the
tests. URLs are a contract (citations point at them): add pages freely, never change or remove one.

A new comparison table is two edits: its builder and its `TableSpec` line in `index/comparisons.py`, and a
`Page` here whose `page` is "compare" (a table page with no extra cells) and whose `tables` names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from synthsite import urls
from synthsite.index import Evidence, StudyView, SynthesisIndex
from synthsite.load.corpus import BIB_FILE, SYNTHESIS_FILE, THEMES_FILE
from synthsite.tables import Table


@dataclass(frozen=True)
class Page:
    """One generated page, or (with `each`) a family of pages, one per study or synthesized theme."""

    url: str
    """Site-relative directory URL ("compare/samples/"); for a family, with `{id}` for the item's id."""
    title: str
    """The page's title (a family's pages take theirs from the item)."""
    page: str
    """The page function, a key of `render.pages.PAGE_FUNCTIONS` (or `FAMILY_FUNCTIONS` for a family)."""
    nav: tuple[str, ...] = ()
    """Place in the navigation: section titles, then the entry's label; () keeps the page out of it."""
    tables: tuple[str, ...] = ()
    """Keys of the tables shown, in page order: `index.tables` keys, or for a family the view's attributes."""
    description: str = ""
    """The meta description of a page whose function does not compose its own."""
    source: str | None = None
    """The repository file a reader edits to change the page (the edit link), when there is one."""
    each: Literal["study", "theme"] | None = None
    """A family: one page per study (`studies/{id}/`) or per synthesized theme (`themes/{id}/`)."""

    def url_for(self, item_id: str) -> str:
        """The URL of a family member."""
        return self.url.replace("{id}", item_id)


PAGES: tuple[Page, ...] = (
    Page(urls.HOME, "Overview", "home", nav=("Overview",), source=SYNTHESIS_FILE.as_posix()),
    Page(
        urls.FINDINGS,
        "Findings",
        "findings",
        nav=("Findings",),
        tables=("summary_of_qualitative_findings", "evidence_profile"),
        description="The review findings with GRADE-CERQual confidence: Summary of Qualitative Findings and "
        "evidence profile.",
        source=THEMES_FILE.as_posix(),
    ),
    Page(
        urls.STUDIES,
        "Studies",
        "studies",
        nav=("Studies",),
        tables=("studies",),
        description="Every included study: where it took place, who took part and how it was analysed.",
    ),
    Page(
        "compare/samples/",
        "Sample comparison",
        "compare",
        nav=("Compare", "Samples"),
        tables=("samples",),
        description="Participants per study and perspective, with gender, age and recruitment.",
    ),
    Page(
        "compare/methods/",
        "Method comparison",
        "compare",
        nav=("Compare", "Methods"),
        tables=("methods",),
        description="Design, data collection, analysis and ethics of each study.",
    ),
    Page(
        "compare/limitations/",
        "Limitations",
        "compare_limitations",
        nav=("Compare", "Limitations"),
        tables=("limitations",),
        description="Limitations of each study, grouped by category.",
    ),
    Page(
        "compare/appraisal/",
        "Quality appraisal",
        "compare_appraisal",
        nav=("Compare", "Appraisal"),
        tables=("appraisal",),
        description="CASP qualitative checklist answers for every study.",
    ),
    Page(
        urls.THEMES,
        "Synthesized themes",
        "themes",
        nav=("Themes",),
        tables=("crosswalk", "findings"),
        description="The crosswalk of study themes to synthesized themes and the Summary of Qualitative Findings.",
        source=THEMES_FILE.as_posix(),
    ),
    Page(
        urls.FINDINGS_DISCONFIRMING,
        "Disconfirming evidence",
        "disconfirming",
        nav=("Disconfirming evidence",),
        tables=("disconfirming",),
        description="Every study theme that contradicts or extends a synthesized theme, with the reviewers' rationale.",
    ),
    Page(
        urls.METHODS,
        "Methods",
        "methods",
        nav=("Methods",),
        description="How the synthesis judges confidence in its findings and checks the judgements against the "
        "evidence: GRADE-CERQual, the downgrading rule, consistency rules, evidence signals and reviewer agreement.",
        source=THEMES_FILE.as_posix(),
    ),
    Page(
        urls.REFERENCES,
        "References",
        "references",
        nav=("References",),
        description="The included studies, formatted in APA 7, with BibTeX and RIS downloads.",
        source=BIB_FILE.as_posix(),
    ),
    Page(
        urls.DATA,
        "Data",
        "data",
        nav=("Data",),
        description="Every dataset behind the synthesis: JSON, CSV, BibTeX, RIS and JSON Schema.",
    ),
    Page(
        urls.VERSIONS,
        "Versions",
        "versions",
        nav=("Versions",),
        description="Every release of the synthesis, with its changes and archives of its data and site.",
    ),
    Page(
        urls.CHANGES,
        "What changed",
        "changes",
        nav=("What changed",),
        description="Each release of the living synthesis and the changes not yet released, with links to the "
        "pages they touch; the same entries as an Atom feed.",
    ),
    Page(
        urls.REPORTING_ENTREQ,
        "Reporting: ENTREQ",
        "entreq",
        nav=("Reporting", "ENTREQ"),
        description="Where the site reports each of ENTREQ's 21 items, and the PRISMA 2020 flow of study "
        "selection if recorded.",
    ),
    # A study page is cited as one record: its two tables (participants, CASP) have no citation or downloads of
    # their own, so they are not listed here; the page shows them, and its one citation block keeps their anchors.
    Page(urls.study("{id}"), "Study", "study", each="study"),
    Page(
        urls.theme("{id}"),
        "Synthesized theme",
        "theme",
        tables=("cerqual", "table"),
        each="theme",
        source=THEMES_FILE.as_posix(),
    ),
    Page("contribute/schema/", "Schema reference", "schema_reference", nav=("Contribute", "Schema reference")),
)
"""In the order pages are generated (which is the order a builder reads them)."""


def page_at(url: str) -> Page:
    """The page (not a family) with this URL; KeyError names the URL."""
    for spec in PAGES:
        if spec.each is None and spec.url == url:
            return spec
    raise KeyError(url)


def members(spec: Page, index: SynthesisIndex) -> tuple[str, ...]:
    """Ids of a family's members (studies in id order, themes in themes.yaml order); () for a single page."""
    if spec.each == "study":
        return tuple(view.id for view in index.studies)
    if spec.each == "theme":
        return tuple(index.evidence)
    return ()


def _member(spec: Page, index: SynthesisIndex, item_id: str) -> StudyView | Evidence:
    return index.by_id[item_id] if spec.each == "study" else index.evidence[item_id]


def placed_tables(index: SynthesisIndex) -> list[tuple[str, Table]]:
    """Every table shown on a page, with that page: its anchor, permalink and downloads live there."""
    placed: list[tuple[str, Table]] = []
    for spec in PAGES:
        if spec.each is None:
            placed += [(spec.url, index.tables[key]) for key in spec.tables]
    for spec in PAGES:  # family tables after the index pages' (the order downloads are listed and written in)
        for item_id in members(spec, index):
            item = _member(spec, index, item_id)
            for key in spec.tables:
                table = getattr(item, key)
                if table is not None:
                    placed.append((spec.url_for(item_id), table))
    return placed


def page_urls(index: SynthesisIndex) -> list[str]:
    """The URL of every generated page, in registry order (a family's members in their order)."""
    return [
        url
        for spec in PAGES
        for url in ([spec.url_for(item_id) for item_id in members(spec, index)] if spec.each else [spec.url])
    ]


def listed_urls() -> tuple[str, ...]:
    """URLs of the pages in the navigation, in registry order."""
    return tuple(spec.url for spec in PAGES if spec.nav)

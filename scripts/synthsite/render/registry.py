"""The site's pages, declared once: URL, title, the function that makes the page, its place in the navigation and
the tables it holds.

Everything that lists pages reads this tuple: rendering (`render.render_index`), the tables placed on each page
with their anchors and downloads (`placed_tables`), the /data/ page, the navigation (`builders.nav`: mkdocs.yml
lists only hand-written pages; every page here with a `nav` place joins it), the edit links and the tests. URLs
are a contract (citations point at them): add pages freely, never change or remove one.

A new comparison table is two edits here and beside it: its builder and its `TableSpec` line in
`index/comparisons.py`, and a `Page` here whose function is `pages.compare` (a table page with no extra cells)
and whose `tables` names it (docs/architecture.md, "Where to add things").
"""

from __future__ import annotations

from synthsite import urls
from synthsite.index import SynthesisIndex
from synthsite.load.corpus import BIB_FILE, SYNTHESIS_FILE, THEMES_FILE
from synthsite.render import confidence_pages, entreq, pages, pagespec, schema_reference, versions, whatchanged
from synthsite.render.pagespec import Page
from synthsite.render.rendering import PageOutput, Rendering
from synthsite.tables import Table


def _data(r: Rendering, spec: Page) -> PageOutput:
    """/data/ lists the tables of every page, so its function is given the registry."""
    return pages.data(r, spec, PAGES)


PAGES: tuple[Page, ...] = (
    Page(urls.HOME, "Overview", pages.home, nav=("Overview",), source=SYNTHESIS_FILE.as_posix()),
    Page(
        urls.FINDINGS,
        "Findings",
        pages.findings,
        nav=("Findings",),
        tables=("summary_of_qualitative_findings", "evidence_profile"),
        description="The review findings with GRADE-CERQual confidence: Summary of Qualitative Findings and "
        "evidence profile.",
        source=THEMES_FILE.as_posix(),
    ),
    Page(
        urls.STUDIES,
        "Studies",
        pages.studies,
        nav=("Studies",),
        tables=("studies",),
        description="Every included study: where it took place, who took part and how it was analysed.",
    ),
    Page(
        "compare/samples/",
        "Sample comparison",
        pages.compare,
        nav=("Compare", "Samples"),
        tables=("samples",),
        description="Participants per study and perspective, with gender, age and recruitment.",
    ),
    Page(
        "compare/methods/",
        "Method comparison",
        pages.compare,
        nav=("Compare", "Methods"),
        tables=("methods",),
        description="Design, data collection, analysis and ethics of each study.",
    ),
    Page(
        "compare/limitations/",
        "Limitations",
        pages.compare_limitations,
        nav=("Compare", "Limitations"),
        tables=("limitations",),
        description="Limitations of each study, grouped by category.",
    ),
    Page(
        "compare/appraisal/",
        "Quality appraisal",
        pages.compare_appraisal,
        nav=("Compare", "Appraisal"),
        tables=("appraisal",),
        description="CASP qualitative checklist answers for every study.",
    ),
    Page(
        urls.THEMES,
        "Synthesized themes",
        pages.themes,
        nav=("Themes",),
        tables=("crosswalk", "findings"),
        description="The crosswalk of study themes to synthesized themes and the Summary of Qualitative Findings.",
        source=THEMES_FILE.as_posix(),
    ),
    Page(
        urls.FINDINGS_DISCONFIRMING,
        "Disconfirming evidence",
        confidence_pages.disconfirming,
        nav=("Disconfirming evidence",),
        tables=("disconfirming",),
        description="Every study theme that contradicts or extends a synthesized theme, with the reviewers' rationale.",
    ),
    Page(
        urls.METHODS,
        "Methods",
        confidence_pages.methods,
        nav=("Methods",),
        description="How the synthesis judges confidence in its findings and checks the judgements against the "
        "evidence: GRADE-CERQual, the downgrading rule, consistency rules, evidence signals and reviewer agreement.",
        source=THEMES_FILE.as_posix(),
    ),
    Page(
        urls.REFERENCES,
        "References",
        pages.references,
        nav=("References",),
        description="The included studies, formatted in APA 7, with BibTeX and RIS downloads.",
        source=BIB_FILE.as_posix(),
    ),
    Page(
        urls.DATA,
        "Data",
        _data,
        nav=("Data",),
        description="Every dataset behind the synthesis: JSON, CSV, BibTeX, RIS and JSON Schema.",
    ),
    Page(
        urls.VERSIONS,
        "Versions",
        versions.versions_page,
        nav=("Versions",),
        description="Every release of the synthesis, with its changes and archives of its data and site.",
    ),
    Page(
        urls.CHANGES,
        "What changed",
        whatchanged.changes_page,
        nav=("What changed",),
        description="Each release of the living synthesis and the changes not yet released, with links to the "
        "pages they touch; the same entries as an Atom feed.",
    ),
    Page(
        urls.REPORTING_ENTREQ,
        "Reporting: ENTREQ",
        entreq.entreq_page,
        nav=("Reporting", "ENTREQ"),
        description="Where the site reports each of ENTREQ's 21 items, and the PRISMA 2020 flow of study "
        "selection if recorded.",
    ),
    # A study page is cited as one record: its two tables (participants, CASP) have no citation or downloads of
    # their own, so they are not listed here; the page shows them, and its one citation block keeps their anchors.
    Page(urls.study("{id}"), "Study", pages.study_page, each="study"),
    Page(
        urls.theme("{id}"),
        "Synthesized theme",
        pages.theme,
        tables=("cerqual", "table"),
        each="theme",
        source=THEMES_FILE.as_posix(),
    ),
    Page(
        "contribute/schema/",
        "Schema reference",
        schema_reference.schema_reference_page,
        nav=("Contribute", "Schema reference"),
    ),
)
"""In the order pages are generated (which is the order a builder reads them)."""


def page_at(url: str) -> Page:
    """The page (not a family) with this URL; KeyError names the URL."""
    for spec in PAGES:
        if spec.each is None and spec.url == url:
            return spec
    raise KeyError(url)


def placed_tables(index: SynthesisIndex) -> list[tuple[str, Table]]:
    """Every table shown on a page of the registry, with that page (`pagespec.placed_tables`)."""
    return pagespec.placed_tables(index, PAGES)


def page_urls(index: SynthesisIndex) -> list[str]:
    """The URL of every generated page, in registry order (a family's members in their order)."""
    return pagespec.page_urls(index, PAGES)

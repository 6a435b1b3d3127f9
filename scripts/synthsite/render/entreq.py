"""/reporting/entreq/: where the site reports each of ENTREQ's 21 items, and the PRISMA 2020 flow if recorded.

ENTREQ: Tong A, Flemming K, McInnes E, Oliver S, Craig J. Enhancing transparency in reporting the synthesis of
qualitative research: ENTREQ. BMC Medical Research Methodology 2012;12:181 (CC BY 2.0). The item names are the
statement's own; for the full guidance of each item the page links to the statement.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from synthsite import urls
from synthsite.index import SynthesisIndex
from synthsite.model import SearchAndScreening
from synthsite.render.prisma import flow_svg, text_alternative

ENTREQ_ITEMS: tuple[str, ...] = (
    "Aim",
    "Synthesis methodology",
    "Approach to searching",
    "Inclusion criteria",
    "Data sources",
    "Electronic Search strategy",
    "Study screening methods",
    "Study characteristics",
    "Study selection results",
    "Rationale for appraisal",
    "Appraisal items",
    "Appraisal process",
    "Appraisal results",
    "Data extraction",
    "Software",
    "Number of reviewers",
    "Coding",
    "Study comparison",
    "Derivation of themes",
    "Quotations",
    "Synthesis output",
)
"""The 21 items of the ENTREQ statement (Tong et al. 2012, Table 1), in order."""
ENTREQ_URL = "https://doi.org/10.1186/1471-2288-12-181"

REPORTED, PARTLY, NOT_REPORTED, NOT_APPLICABLE = "reported", "partly reported", "not reported", "not applicable"


@dataclass(frozen=True)
class Where:
    """One ENTREQ item: its status, a note in plain words, and the places on the site (label, site path)."""

    status: str
    note: str
    places: tuple[tuple[str, str], ...] = ()


SEARCH = f"{urls.REPORTING_ENTREQ}#how-the-studies-were-found"
FLOW = f"{urls.REPORTING_ENTREQ}#prisma-flow"


def _search_items(search: SearchAndScreening | None) -> dict[int, Where]:
    """Items 3, 5, 6, 7 and 9 come from synthesis.yaml's optional `search` block: only what it records."""
    missing = "synthesis.yaml records no search or screening (`search` block)."
    if search is None:
        return {n: Where(NOT_REPORTED, missing) for n in (3, 5, 6, 7, 9)}
    found = (("How the studies were found", SEARCH),)
    no_search = not search.systematic_search
    out: dict[int, Where] = {}
    if search.approach != "not applicable":
        out[3] = Where(REPORTED, f"The search was {search.approach}.", found)
    elif no_search:
        out[3] = Where(
            NOT_APPLICABLE, "The studies were not found by a search; the page says how they were identified.", found
        )
    else:
        out[3] = Where(NOT_REPORTED, "Whether the search was pre-planned or iterative is not recorded.", found)
    out[5] = (
        Where(REPORTED, "The sources searched, with dates where recorded.", found)
        if search.sources
        else Where(NOT_APPLICABLE if no_search else NOT_REPORTED, "No sources searched are recorded.", found)
    )
    out[6] = (
        Where(REPORTED, "The search strategy as recorded.", found)
        if search.strategy
        else Where(NOT_APPLICABLE if no_search else NOT_REPORTED, "No search strategy is recorded.", found)
    )
    out[7] = (
        Where(REPORTED, "How records were screened, as recorded.", found)
        if search.screening
        else Where(NOT_APPLICABLE if no_search else NOT_REPORTED, "No screening process is recorded.", found)
    )
    has_flow = search.flow is not None and flow_svg(search.flow) is not None
    out[9] = (
        Where(REPORTED, "The PRISMA 2020 flow diagram shows the recorded counts.", (("PRISMA 2020 flow", FLOW),))
        if has_flow
        else Where(
            NOT_APPLICABLE if no_search else NOT_REPORTED,
            "No screening counts are recorded, so there is no flow diagram.",
            found,
        )
    )
    return out


def entreq_items(index: SynthesisIndex) -> list[tuple[int, str, Where]]:
    """Every item with where the site reports it; statements about the site's structure, not judgements of quality."""
    approach = (("Overview: Approach", f"{urls.HOME}#approach"),)
    where: dict[int, Where] = {
        1: Where(REPORTED, "The review question.", (("Overview: Review question", f"{urls.HOME}#review-question"),)),
        2: Where(
            REPORTED,
            f"Method: {index.meta.approach.synthesis_method} ({index.meta.approach.synthesis_reference}); any rationale for "
            "the choice is in the approach description.",
            approach,
        ),
        4: Where(
            REPORTED,
            "Inclusion and exclusion criteria.",
            (("Overview: Inclusion criteria", f"{urls.HOME}#inclusion-criteria"),),
        ),
        8: Where(
            REPORTED,
            "Year, country, setting, participants, design and analysis of every included study.",
            (("Studies", urls.STUDIES), ("Samples", "compare/samples/"), ("Methods", "compare/methods/")),
        ),
        10: Where(
            PARTLY,
            f"The appraisal tool ({index.meta.approach.appraisal_tool}) is named; a rationale is given only if the "
            "approach description gives one.",
            approach,
        ),
        11: Where(REPORTED, "The CASP qualitative checklist's ten questions.", (("Appraisal", "compare/appraisal/"),)),
        12: Where(
            PARTLY,
            "Each study page names who appraised the study; whether appraisal was independent and by consensus is not recorded.",
            (("Studies", urls.STUDIES),),
        ),
        13: Where(
            PARTLY,
            "Every answer with its reason; each finding's GRADE-CERQual methodological-limitations judgement is "
            "explained on its theme page. Whether appraisal led to excluding or weighting any study is not recorded.",
            (
                ("Appraisal", "compare/appraisal/"),
                ("Summary of Qualitative Findings", f"{urls.THEMES}#summary-of-findings"),
            ),
        ),
        14: Where(
            REPORTED,
            "Study themes are extracted as the authors name them, with verbatim quotes and their location.",
            (*approach, ("Studies", urls.STUDIES)),
        ),
        15: Where(NOT_REPORTED, "No analysis software is recorded (the records are YAML files built into this site)."),
        16: Where(
            PARTLY,
            "The review team is named in every citation; who coded and linked each study theme is not recorded.",
            (("Overview: How to cite", f"{urls.HOME}#how-to-cite"),),
        ),
        17: Where(REPORTED, "How study themes are translated into synthesized themes.", approach),
        18: Where(
            REPORTED,
            "The crosswalk compares every study's themes with each synthesized theme (supports, extends, contradicts).",
            (("Themes: crosswalk", f"{urls.THEMES}#crosswalk-of-study-themes"),),
        ),
        19: Where(
            PARTLY,
            "Each synthesized theme lists the study themes it was derived from; whether derivation was inductive or "
            "deductive is stated only if the approach description says so.",
            (*approach, ("Themes", urls.THEMES)),
        ),
        20: Where(
            REPORTED,
            "Participant quotations with their location, under each study theme.",
            (("Studies", urls.STUDIES),),
        ),
        21: Where(
            REPORTED,
            "Synthesized themes with review findings and GRADE-CERQual confidence.",
            (("Themes", urls.THEMES), ("Summary of Qualitative Findings", f"{urls.THEMES}#summary-of-findings")),
        ),
    }
    where.update(_search_items(index.meta.search))
    return [(number, name, where[number]) for number, name in enumerate(ENTREQ_ITEMS, start=1)]


def links_html(places: tuple[tuple[str, str], ...], page_url: str) -> Markup:
    return Markup("; ").join(
        Markup('<a href="{}">{}</a>').format(urls.relative(target, page_url), label) for label, target in places
    )


def search_context(search: SearchAndScreening | None) -> dict[str, object]:
    """The 'how the studies were found' section and the PRISMA figure (or the reason there is none)."""
    if search is None:
        return {"search": None, "svg": None, "flow_text": []}
    svg = flow_svg(search.flow) if search.flow is not None else None
    return {
        "search": search,
        "svg": Markup(svg) if svg else None,  # built by prisma.py from escaped text only
        "flow_text": text_alternative(search.flow) if search.flow is not None and svg else [],
    }

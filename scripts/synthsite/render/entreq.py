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
from synthsite.model import SearchAndScreening, StepConduct
from synthsite.render.env import render
from synthsite.render.pagekit import WIDE, front_matter
from synthsite.render.pagespec import Page
from synthsite.render.prisma import flow_svg, text_alternative
from synthsite.render.rendering import PageOutput, Rendering

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

REPORTED, PARTLY, NOT_REPORTED, NOT_DONE = "reported", "partly reported", "not reported", "not done"
"""`not done` says a step of the method did not happen (no search); it is not `not applicable`: ENTREQ expects
every synthesis to say how its studies were found."""


@dataclass(frozen=True)
class Where:
    """One ENTREQ item: its status, a note in plain words, and the places on the site (label, site path)."""

    status: str
    note: str
    places: tuple[tuple[str, str], ...] = ()


SEARCH = f"{urls.REPORTING_ENTREQ}#how-the-studies-were-found"
FLOW = f"{urls.REPORTING_ENTREQ}#prisma-flow"


def _search_items(search: SearchAndScreening | None) -> dict[int, Where]:
    """Items 3, 5, 6, 7 and 9 come from synthsite.yaml's `search` block: what was done, and what was not."""
    missing = "synthesis.yaml records no search or screening (`search` block)."
    if search is None:
        return {n: Where(NOT_REPORTED, missing) for n in (3, 5, 6, 7, 9)}
    found = (("How the studies were found", SEARCH),)
    has_flow = search.flow is not None and flow_svg(search.flow) is not None
    flow_place = (("PRISMA 2020 flow", FLOW),)
    if not search.systematic_search:
        supplied = "; ".join(f"{m.name} ({m.n})" for m in search.flow.identified_other) if search.flow else ""
        how = f"The studies were identified by other methods ({supplied})." if supplied else ""
        return {
            3: Where(
                NOT_DONE, f"No search was done. {how} The page says how they were identified.".replace("  ", " "), found
            ),
            5: Where(NOT_DONE, "No databases, registers or other sources were searched.", found),
            6: Where(NOT_DONE, "There is no search strategy, because no search was done.", found),
            7: Where(
                NOT_DONE,
                "No records were screened: the included studies were not selected from search results.",
                found,
            ),
            9: Where(
                REPORTED,
                "No search or screening results exist; the PRISMA 2020 flow diagram shows the studies identified by "
                "other methods and included.",
                flow_place,
            )
            if has_flow
            else Where(NOT_DONE, "No search or screening was done, so there are no selection results.", found),
        }
    out: dict[int, Where] = {}
    out[3] = (
        Where(REPORTED, f"The search was {search.approach}.", found)
        if search.approach != "not applicable"
        else Where(NOT_REPORTED, "Whether the search was pre-planned or iterative is not recorded.", found)
    )
    out[5] = (
        Where(REPORTED, "The sources searched, with dates where recorded.", found)
        if search.sources
        else Where(NOT_REPORTED, "No sources searched are recorded.", found)
    )
    out[6] = (
        Where(REPORTED, "The search strategy as recorded.", found)
        if search.strategy
        else Where(NOT_REPORTED, "No search strategy is recorded.", found)
    )
    out[7] = (
        Where(REPORTED, "How records were screened, as recorded.", found)
        if search.screening
        else Where(NOT_REPORTED, "No screening process is recorded.", found)
    )
    out[9] = (
        Where(REPORTED, "The PRISMA 2020 flow diagram shows the recorded counts.", flow_place)
        if has_flow
        else Where(NOT_REPORTED, "No screening counts are recorded, so there is no flow diagram.", found)
    )
    return out


def _reviewers(step: StepConduct) -> str:
    who = f"{step.reviewers} reviewer{'' if step.reviewers == 1 else 's'}"
    return who + (", independently" if step.independent else "")


def _conduct_items(index: SynthesisIndex, approach: tuple[tuple[str, str], ...]) -> dict[int, Where]:
    """Items 12 and 16 from synthesis.yaml's `conduct` block: how many reviewers did each step."""
    conduct = index.meta.conduct
    if conduct is None:
        return {
            12: Where(
                PARTLY,
                "Each study page names who appraised the study; how many reviewers, and whether independently, is "
                "not recorded (`conduct` block).",
                (("Studies", urls.STUDIES),),
            ),
            16: Where(NOT_REPORTED, "How many reviewers did each step is not recorded (`conduct` block).", approach),
        }
    steps = {
        "extraction": conduct.extraction,
        "appraisal": conduct.appraisal,
        "linking of study themes": conduct.linking,
        "GRADE-CERQual assessment": conduct.cerqual,
    }
    single = [name for name, step in steps.items() if not step.independent]
    caveat = (
        f" No second reviewer checked {', '.join(single)} independently."
        if single
        else " Every step was done independently by at least two reviewers."
    )
    return {
        12: Where(
            REPORTED,
            f"Appraisal: {_reviewers(conduct.appraisal)}."
            + ("" if conduct.appraisal.independent else " Not done independently."),
            approach,
        ),
        16: Where(
            REPORTED,
            "; ".join(f"{name}: {_reviewers(step)}" for name, step in steps.items()).capitalize() + "." + caveat,
            approach,
        ),
    }


def _quotes_item(index: SynthesisIndex, approach: tuple[tuple[str, str], ...]) -> Where:
    """Item 14: what was extracted, naming the studies that give no quotes, instead of claiming quotes for all."""
    without = [view.ref.narrative for view in index.studies if not any(t.quotes for t in view.study.themes)]
    note = (
        "Study themes are extracted as the authors name them, with up to two quotes each as printed in the paper "
        "and their location; where a paper's quotes are not verbatim (reports in the participants' words, or "
        "edited extracts), the study's record says so."
    )
    if without:
        note += f" No quotes are available from {', '.join(without)}."
    return Where(REPORTED, note, (*approach, ("Studies", urls.STUDIES)))


def entreq_items(index: SynthesisIndex) -> list[tuple[int, str, Where]]:
    """Every item with where the site reports it; statements about the site's structure, not judgements of quality."""
    approach = (("Overview: Approach", f"{urls.HOME}#approach"),)
    method = index.meta.approach
    where: dict[int, Where] = {
        1: Where(REPORTED, "The review question.", (("Overview: Review question", f"{urls.HOME}#review-question"),)),
        2: Where(
            REPORTED if method.rationale else PARTLY,
            f"Method: {method.synthesis_method} ({method.synthesis_reference})."
            + (" The rationale is given." if method.rationale else " No rationale for the choice is recorded."),
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
            REPORTED if method.appraisal_rationale else PARTLY,
            f"The appraisal tool ({method.appraisal_tool}) is named"
            + ("; the rationale is given." if method.appraisal_rationale else "; no rationale is recorded."),
            approach,
        ),
        11: Where(REPORTED, "The CASP qualitative checklist's ten questions.", (("Appraisal", "compare/appraisal/"),)),
        13: Where(
            PARTLY,
            "Every answer with its reason; each finding's GRADE-CERQual methodological-limitations judgement is "
            "explained on its theme page. Whether appraisal led to excluding or weighting any study is not recorded.",
            (
                ("Appraisal", "compare/appraisal/"),
                ("Summary of Qualitative Findings", f"{urls.THEMES}#summary-of-findings"),
            ),
        ),
        14: _quotes_item(index, approach),
        15: Where(REPORTED, method.software, approach)
        if method.software
        else Where(NOT_REPORTED, "No analysis software is recorded."),
        17: Where(REPORTED, method.coding, approach)
        if method.coding
        else Where(
            PARTLY,
            "How study themes are translated into synthesized themes; how the primary findings were "
            "coded is not recorded.",
            approach,
        ),
        18: Where(
            REPORTED,
            "The crosswalk compares every study's themes with each synthesized theme (supports, extends, contradicts).",
            (("Themes: crosswalk", f"{urls.THEMES}#crosswalk-of-study-themes"),),
        ),
        19: Where(
            REPORTED if method.derivation else PARTLY,
            "Each synthesized theme lists the study themes it was derived from; "
            + (
                f"the themes were derived {method.derivation}ly."
                if method.derivation and " " not in method.derivation
                else "the themes were derived both inductively and deductively."
                if method.derivation
                else "whether derivation was inductive or deductive is not recorded."
            ),
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
    where.update(_conduct_items(index, approach))
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


def entreq_page(r: Rendering, spec: Page) -> PageOutput:
    index = r.index
    here = spec.url
    markdown = front_matter(spec.title, spec.description, **WIDE) + render(
        "entreq.md.j2",
        items=entreq_items(index),
        links=lambda places: links_html(places, here),
        entreq_url=ENTREQ_URL,
        **search_context(index.meta.search),
    )
    return PageOutput(markdown)

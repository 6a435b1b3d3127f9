"""Page functions: one render of the index (`Rendering`) -> one page's Markdown and the files it owns.

Each page is Markdown whose data-bearing parts are block-level HTML built from escaped values, so
Python-Markdown passes them through untouched: a value like `*x* <b>y</b> {{ 7*7 }}` reads literally.
Front matter is JSON-encoded (valid YAML) and its title/description are HTML-escaped, because Material
prints them into <title> and <meta> unescaped. Nothing here depends on MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cache, lru_cache, partial
from typing import cast

from markupsafe import Markup

from synthsite import cite, urls
from synthsite.index import (
    CASP_SHORT,
    LIMITATION_CATEGORIES,
    MULTI,
    Evidence,
    Link,
    StudyView,
    SynthesisIndex,
)
from synthsite.model import CASP_ITEMS, CASP_QUESTIONS
from synthsite.render.datanames import BIBTEX_FILE, RIS_FILE
from synthsite.render.downloads import (
    DATA_FILES,
    data_path,
    study_citation,
    study_citation_paths,
    study_record,
    table_paths,
)
from synthsite.render.env import esc_str, macro
from synthsite.render.findings_page import findings_context
from synthsite.render.heatmap import heatmap
from synthsite.render.heatmap_rows import heatmap_rows
from synthsite.render.pagekit import WIDE, front_matter, link, page
from synthsite.render.pagekit import common as _common
from synthsite.render.pagespec import FamilyFunction, Page, PageFunction, members, placed_tables
from synthsite.render.rendering import PageOutput, Rendering
from synthsite.render.reuse import PageReuse
from synthsite.render.study_page import Contribution, RecordCitation, StudyPage, relation_counts, study_body
from synthsite.render.study_themes import RELATION_BADGES, ThemeTree, theme_anchors
from synthsite.render.tableview import ROWS_SUFFIX, TableView, owned_files, rows_file, table_view
from synthsite.scale import PAGE_ROWS, is_large

CASP_SYMBOLS: dict[str, tuple[str, str]] = {
    "yes": ("✓", "casp-yes"),
    "can't tell": ("?", "casp-unclear"),
    "no": ("✗", "casp-no"),
}


# ---------------------------------------------------------------------------------------------- home


def _confidence_notes(index: SynthesisIndex) -> dict[str, str]:
    from synthsite.confidence import evidence_note

    assert index.confidence is not None
    return {theme_id: evidence_note(index.confidence, theme_id) for theme_id in index.evidence}


def home(r: Rendering, spec: Page) -> PageOutput:
    index = r.index
    here = spec.url
    citation = cite.cite_synthesis(index.meta, urls.permalink(index.meta.site_url, here), edition=index.edition)
    glance = [
        (
            domain,
            [
                (theme, index.crosswalk.support[theme.id], link(urls.theme(theme.id), here, theme.label))
                for theme in themes
            ],
        )
        for domain, themes in index.crosswalk.rows
    ]
    themes_by_id = {theme.id: theme for theme in index.corpus.themes.themes}
    messages = [
        (
            message.text,
            [
                (
                    link(urls.theme(theme_id), here, themes_by_id[theme_id].label),
                    themes_by_id[theme_id].cerqual.confidence,
                )
                for theme_id in message.themes
                if theme_id in themes_by_id
            ],
        )
        for message in index.meta.key_messages
    ]
    highwire = cite.synthesis_highwire_tags(
        index.meta, urls.permalink(index.meta.site_url, here), edition=index.edition
    )
    markdown = page(
        index.meta.title,
        "home.md.j2",
        description=index.meta.review_question,
        front={"highwire": [list(pair) for pair in highwire]},
        headline=index.headline,
        glance=glance,
        summary=index.meta.plain_language_summary,
        messages=messages,
        findings_url=urls.relative(urls.FINDINGS, here),
        cite_html=Markup(citation.apa_html),
        cite_bibtex=citation.bibtex,
        build_date=index.build_date,
        cff_url=f"{index.meta.repository_url.rstrip('/')}/blob/{index.meta.default_branch}/CITATION.cff",
        confidence_notes=_confidence_notes(index),
        **_common(index, here),
    )
    return PageOutput(markdown)


# ------------------------------------------------------------------------------------------- studies


def studies(r: Rendering, spec: Page) -> PageOutput:
    here = spec.url
    table = table_view(r, here, r.index.tables[spec.tables[0]])
    markdown = page(
        spec.title,
        "studies.md.j2",
        front=WIDE,
        description=spec.description,
        table=table,
        headline=r.index.headline,
        **_common(r.index, here),
    )
    return PageOutput(markdown, owned_files(table))


def study_page(r: Rendering, study_id: str) -> PageOutput:
    """A study's page, by the study's id (the registry's study family)."""
    return study(r, r.index.by_id[study_id])


def study(r: Rendering, view: StudyView) -> PageOutput:
    index = r.index
    here = urls.study(view.id)
    entry = index.corpus.bibliography.entries[view.study.citation]
    bib_path, ris_path = study_citation_paths(view.id)
    paths = index.corpus.study_files.get(view.id)
    source_path = paths[0] if paths else f"synthesis/studies/{view.id}.yaml"
    contributions: dict[str, list[str]] = {}
    for theme in view.study.themes:
        for item in view.links[theme.id]:
            contributions.setdefault(item.synthesized, []).append(item.relation)
    labels = index.theme_labels
    anchors = theme_anchors(view, labels)
    position = {theme_id: number for number, theme_id in enumerate(labels)}
    contribution_items = [
        Contribution(link=anchors[theme_id], counts=relation_counts(tuple(relations)))
        for theme_id, relations in sorted(contributions.items(), key=lambda kv: position.get(kv[0], len(position)))
    ]
    casp_rows = {
        (row, "answer"): _casp_symbol(str(cells.get("answer") or ""))
        for row, cells in enumerate(view.casp.rows)
        if cells.get("answer")
    }
    casp = table_view(r, here, view.casp, html=casp_rows, citable=False)
    participants = table_view(r, here, view.participants, citable=False)
    limitations = sorted(view.study.limitations, key=lambda lim: LIMITATION_CATEGORIES.index(lim.category))
    ref = r.reference(view)
    large = is_large(len(index.studies))

    body = study_body(
        StudyPage(
            view=view,
            ref_html=Markup(ref.apa_html),
            bib=urls.relative(bib_path, here),
            ris=urls.relative(ris_path, here),
            edit_url=f"{index.meta.repository_url.rstrip('/')}/edit/{index.meta.default_branch}/{source_path}",
            source_path=source_path,
            countries=MULTI.join(_country_names(view.study.setting.countries)),
            participants=participants,
            casp=casp,
            contributions=contribution_items,
            limitations=limitations,
            relations=(RELATION_BADGES["supports"], RELATION_BADGES["extends"], RELATION_BADGES["contradicts"]),
            tree=ThemeTree(view.links, anchors, RELATION_BADGES, large),
            # A large synthesis keeps the search index small: labels, aim, setting, method and limitations stay
            # searchable; descriptions, quotes, link lists and the two tables stay on the page but out of the index.
            large=large,
            citation=_record_citation(index, view, (participants.id, casp.id)),
        )
    )
    front = {"highwire": [list(pair) for pair in cite.highwire_tags(ref, entry)]}
    return PageOutput(
        front_matter(view.ref.narrative, f"{ref.apa_text}", **front) + body, owned_files(participants, casp)
    )


def _record_citation(index: SynthesisIndex, view: StudyView, table_ids: tuple[str, ...]) -> RecordCitation:
    record_path, fingerprint = study_record(index, view.id)
    citation = study_citation(index, view, fingerprint)
    here = urls.study(view.id)
    return RecordCitation(
        apa_html=Markup(citation.apa_html),
        bibtex=citation.bibtex,
        permalink=urls.permalink(index.meta.site_url, here),
        edition=index.edition.table_statement,
        fingerprint=fingerprint,
        record_path=record_path,
        data_url=urls.relative(urls.DATA, here),
        anchors=tuple(f"cite-{table_id}" for table_id in table_ids),
    )


def _country_names(codes: Iterable[str]) -> list[str]:
    from synthsite.countries import country_name

    return [f"{country_name(code)} ({code})" if country_name(code) != code else code for code in codes]


@lru_cache(maxsize=1 << 10)
def _casp_symbol(answer: str, reason: str | None = None) -> Markup:
    """A CASP answer as symbol plus its word (the text alternative); the reason, if given, as a tooltip. Made once
    per answer and reason: without reasons (study pages, the comparison at scale) a few answers fill ~10,000 cells."""
    symbol, css = CASP_SYMBOLS.get(answer, ("", "casp-other"))  # our own constants: no escaping needed
    title = f' title="{esc_str(reason)}"' if reason else ""
    return Markup(
        f'<span class="synthsite-casp {css}"{title}><span aria-hidden="true">{symbol}</span> {esc_str(answer)}</span>'
    )


# ------------------------------------------------------------------------------------------- compare


def compare(r: Rendering, spec: Page) -> PageOutput:
    """A comparison page that is one table, with no legend or extra cells."""
    here = spec.url
    table = table_view(r, here, r.index.tables[spec.tables[0]])
    markdown = page(
        spec.title,
        "compare.md.j2",
        front=WIDE,
        description=spec.description,
        intro=None,
        table=table,
        legend=None,
        **_common(r.index, here),
    )
    return PageOutput(markdown, owned_files(table))


def compare_limitations(r: Rendering, spec: Page) -> PageOutput:
    index = r.index
    here = spec.url
    table = index.tables[spec.tables[0]]
    html: dict[tuple[int, str], Markup] = {}
    for row, view in enumerate(index.studies):
        items: dict[str, list[str]] = {}  # category -> its limitations' items, in file order
        for lim in view.study.limitations:
            source = esc_str(lim.source)
            items.setdefault(lim.category, []).append(
                f'<li>{esc_str(lim.text)} <span class="synthsite-source synthsite-source--{source}">({source})</span></li>'
            )
        for category in LIMITATION_CATEGORIES:
            if category in items:
                html[(row, category.replace(" ", "_"))] = Markup(
                    f'<ul class="synthsite-limitations">{"".join(items[category])}</ul>'
                )
    shown = table_view(r, here, table, html=html)
    markdown = page(
        spec.title,
        "compare.md.j2",
        front=WIDE,
        description=spec.description,
        intro=None,
        table=shown,
        legend=None,
        **_common(index, here),
    )
    return PageOutput(markdown, owned_files(shown))


def compare_appraisal(r: Rendering, spec: Page) -> PageOutput:
    index = r.index
    here = spec.url
    table = index.tables[spec.tables[0]]
    html: dict[tuple[int, str], Markup] = {}
    reasons = not is_large(len(index.studies))  # at scale the reasons stay on the study pages (page weight)
    symbol = _casp_symbol if reasons else cache(_casp_symbol)  # without reasons, a few symbols: each made once
    for row, view in enumerate(index.studies):
        for name in CASP_ITEMS:
            item = getattr(view.study.appraisal.casp, name)
            html[(row, name)] = symbol(item.answer, item.reason if reasons else None)
    titles = {name: CASP_QUESTIONS[name] for name in CASP_QUESTIONS}
    legend = [
        (CASP_SHORT[name], CASP_QUESTIONS[name].partition(". ")[2] or CASP_QUESTIONS[name]) for name in CASP_QUESTIONS
    ]
    shown = table_view(r, here, table, html=html, titles=titles)
    markdown = page(
        spec.title,
        "compare.md.j2",
        front=WIDE,
        description=spec.description,
        intro=(
            "Each study appraised with the CASP qualitative checklist: ✓ yes, ? can't tell, ✗ no. "
            "The reasons for each answer are on the study pages."
        ),
        table=shown,
        legend=legend,
        **_common(index, here),
    )
    return PageOutput(markdown, owned_files(shown))


# -------------------------------------------------------------------------------------------- themes


def _crosswalk_cell(links: tuple[Link, ...], here: str) -> Markup:
    return Markup('<ul class="synthsite-cell-links">{}</ul>').format(
        Markup("").join(
            Markup('<li>{} <span class="synthsite-relation synthsite-relation--{}">{}</span></li>').format(
                link(urls.study_theme(item.study.id, item.theme.id), here, item.theme.label),
                item.relation,
                item.relation,
            )
            for item in links
        )
    )


def themes(r: Rendering, spec: Page) -> PageOutput:
    index = r.index
    here = spec.url
    crosswalk_key, findings_key = spec.tables
    crosswalk = index.crosswalk
    large = is_large(len(crosswalk.studies))
    html: dict[tuple[int, str], Markup] = {}
    if large:  # transposed: plain marks in the cells, theme columns link to the theme pages
        header_links = {theme_id: urls.theme(theme_id) for theme_id in index.evidence}
    else:
        row = 0
        for _domain, domain_themes in crosswalk.rows:
            for theme in domain_themes:
                for view in crosswalk.studies:
                    cell = crosswalk.cells.get((theme.id, view.id))
                    if cell:
                        html[(row, view.id)] = _crosswalk_cell(cell, here)
                row += 1
        header_links = {view.id: urls.study(view.id) for view in crosswalk.studies}
    crosswalk_view = table_view(r, here, index.tables[crosswalk_key], html=html)
    crosswalk_view = _link_headers(crosswalk_view, {k: urls.relative(v, here) for k, v in header_links.items()})
    findings_html = {}
    for row, found in enumerate(_finding_order(index)):
        if is_large(len(found.support.studies)):  # hundreds of links per cell: the theme page lists them
            findings_html[(row, "studies")] = Markup("{} studies, listed on {}").format(
                len(found.support.studies), link(urls.theme(found.theme.id), here, "the theme page")
            )
        else:
            findings_html[(row, "studies")] = Markup("; ").join(
                link(urls.study(study_id), here, index.by_id[study_id].ref.in_text)
                for study_id in found.support.studies
            )
        findings_html[(row, "confidence")] = _confidence(found.theme.cerqual.confidence)
    domains = [
        (domain, [link(urls.theme(theme.id), here, theme.label) for theme in domain_themes])
        for domain, domain_themes in crosswalk.rows
    ]
    findings_view = table_view(r, here, index.tables[findings_key], html=findings_html)
    heat = heatmap(crosswalk)
    heat_rows = heatmap_rows(heat, here)  # a large map keeps its page light: synthsite-rows.js fetches the others
    markdown = page(
        spec.title,
        "themes.md.j2",
        front=WIDE,
        description=spec.description,
        domains=domains,
        heat=heat,
        heat_rows=heat_rows,
        crosswalk=crosswalk_view,
        findings=findings_view,
        **_common(index, here),
    )
    return PageOutput(markdown, {**owned_files(crosswalk_view, findings_view), **heat_rows.files})


def _finding_order(index: SynthesisIndex) -> list[Evidence]:
    return [index.evidence[theme.id] for _domain, themes in index.crosswalk.rows for theme in themes]


def _link_headers(view: TableView, hrefs: Mapping[str, str]) -> TableView:
    """Study (or, transposed, theme) columns of the crosswalk link their headers to their pages."""
    columns = tuple(replace(c, href=hrefs[c.key]) if c.key in hrefs else c for c in view.columns)
    return replace(view, columns=columns)


def _confidence(level: str) -> Markup:
    return Markup('<span class="synthsite-confidence synthsite-confidence--{}">{}</span>').format(
        level.replace(" ", "-"), level
    )


def theme(r: Rendering, theme_id: str) -> PageOutput:
    from synthsite.render.confidence_view import confidence_context

    index = r.index
    here = urls.theme(theme_id)
    evidence = index.evidence[theme_id]

    def grouped(groups: tuple[tuple[StudyView, tuple[Link, ...]], ...]) -> list[dict[str, object]]:
        return [
            {
                "view": view,
                "study_link": link(urls.study(view.id), here, view.ref.narrative),
                "entries": [
                    {
                        "item": item,
                        "theme_link": link(urls.study_theme(view.id, item.theme.id), here, item.theme.label),
                    }
                    for item in items
                ],
            }
            for view, items in groups
        ]

    cerqual = table_view(r, here, evidence.cerqual)
    evidence_table = table_view(r, here, evidence.table) if evidence.table is not None else None
    confidence, confidence_files = confidence_context(r, theme_id, here)
    markdown = page(
        evidence.theme.label,
        "theme.md.j2",
        description=evidence.theme.finding,
        t=evidence.theme,
        domain=evidence.domain,
        support=evidence.support,
        confidence=_confidence(evidence.theme.cerqual.confidence),
        cerqual=cerqual,
        evidence_table=evidence_table,
        supporting=grouped(evidence.supporting) if evidence.table is None else [],
        contradicting=grouped(evidence.contradicting) if evidence.table is None else [],
        themes_link=link(urls.THEMES, here, "Synthesized themes"),
        c=confidence,
        **_common(index, here),
    )
    return PageOutput(markdown, {**owned_files(cerqual, evidence_table), **confidence_files})


# ----------------------------------------------------------------------------------- references, data


def references(r: Rendering, spec: Page) -> PageOutput:
    index = r.index
    here = spec.url
    cited_by: dict[str, list[StudyView]] = {}
    for view in index.studies:
        cited_by.setdefault(view.study.citation, []).append(view)
    entries = [
        {
            "ref": ref,
            "html": Markup(ref.apa_html),
            "studies": [
                link(urls.study(v.id), here, f"Study record: {v.ref.narrative}") for v in cited_by.get(ref.key, [])
            ],
        }
        for ref in cite.apa_sorted(r.references.values())
    ]
    shown, rows_src, deferred = entries, None, None
    if len(entries) > PAGE_ROWS:  # a long list keeps its page light: synthsite-rows.js fetches the rest
        shown = entries[:PAGE_ROWS]
        path = f"{here}references{ROWS_SUFFIX}"
        item = macro("_macros.md.j2", "reference_item")
        deferred = rows_file(path, [str(item(entry)) for entry in entries[PAGE_ROWS:]])
        rows_src = urls.relative(path, here)
    markdown = page(
        spec.title,
        "references.md.j2",
        description=spec.description,
        entries=shown,
        total=len(entries),
        rows_src=rows_src,
        large=is_large(len(entries)),  # each study page starts with its reference: one searchable copy is enough
        bib=urls.relative(data_path(BIBTEX_FILE), here),
        ris=urls.relative(data_path(RIS_FILE), here),
        **_common(index, here),
    )
    return PageOutput(markdown, dict([deferred] if deferred else []))


def data(r: Rendering, spec: Page, site_pages: Sequence[Page]) -> PageOutput:
    """/data/: every corpus-wide download and every page table's CSV and JSON (`site_pages`: the registry)."""
    index = r.index
    here = spec.url
    titles = {entry.url: entry.title for entry in site_pages if entry.each is None}
    files = [
        {"name": item.name, "href": urls.relative(data_path(item.name), here), "description": item.description}
        for item in DATA_FILES
    ]
    per_table = []
    for placed, table in placed_tables(index, site_pages):
        if placed not in titles:  # per-study and per-theme tables are listed on their pages
            continue
        csv_path, json_path = table_paths(placed, table)
        per_table.append(
            {
                "caption": table.caption,
                "page": link(f"{placed}#{table.id}", here, titles[placed]),
                "csv": urls.relative(csv_path, here),
                "json": urls.relative(json_path, here),
            }
        )
    markdown = page(
        spec.title,
        "data.md.j2",
        front=WIDE,
        description=spec.description,
        files=files,
        per_table=per_table,
        **_common(index, here),
    )
    return PageOutput(markdown)


# ---------------------------------------------------------------------------------------------- all


def findings(r: Rendering, spec: Page) -> PageOutput:
    """/findings/: the numbered findings and their evidence profile (cells from `render.findings_page`)."""
    context, files = findings_context(r, spec.url)
    markdown = page(
        spec.title,
        "findings.md.j2",
        front={"hide": ["toc"]},
        description=spec.description,
        **context,
        **_common(r.index, spec.url),
    )
    return PageOutput(markdown, files)


def render_pages(r: Rendering, site_pages: Sequence[Page], reuse: PageReuse | None = None) -> dict[str, PageOutput]:
    """Every generated page of `site_pages` (the registry): site-relative URL -> its Markdown and files, in its
    order. `reuse` (the preview's) hands back study and theme pages whose inputs did not change since its last
    render."""
    index = r.index
    pages: dict[str, PageOutput] = {}
    if reuse is not None:
        reuse.start(r)
    for spec in site_pages:
        if spec.each is None:
            pages[spec.url] = cast(PageFunction, spec.page)(r, spec)
            continue
        render_member = cast(FamilyFunction, spec.page)
        for item_id in members(spec, index):
            url = spec.url_for(item_id)
            make = partial(render_member, r, item_id)
            if reuse is None:
                pages[url] = make()
            elif spec.each == "study":
                pages[url] = reuse.study_page(r, index.by_id[item_id], url, make)
            else:
                pages[url] = reuse.theme_page(r, item_id, url, make)
    if reuse is not None:
        reuse.forget_except(set(pages))
    return pages

"""Citations: APA 7 and Vancouver references, in-text citations, BibTeX / RIS / Highwire, and citing the synthesis.

Built on pybtex, one module per job: `latex` (field text to plain Unicode and back, URLs and DOIs), `works`
(names and works, author-date year labels), `styles` (APA and Vancouver as rich text, rendered safely),
`writers` (BibTeX, RIS, Highwire meta tags) and `synthesis` (how to cite the synthesis, a table or a theme).
Every field is hostile input: see each module. This package exports the public names of all five.
"""

from __future__ import annotations

from synthsite.cite.latex import (
    doi_url,
    latex_to_text,
    normalise_doi,
    one_line,
    safe_http_url,
    text_to_latex,
)
from synthsite.cite.styles import (
    VANCOUVER_MAX_AUTHORS,
    Reference,
    SafeHtmlBackend,
    apa_rich,
    apa_sorted,
    nlm_pages,
    references,
    render_html,
    render_text,
    vancouver_rich,
    with_period,
)
from synthsite.cite.synthesis import (
    ITEM_KINDS,
    MONTHS,
    Citation,
    citation_key,
    cite_synthesis,
    slug,
)
from synthsite.cite.works import (
    APA_MAX_AUTHORS,
    Name,
    Work,
    apa_name_list,
    cited_names,
    editor_list,
    entry_field,
    fold_case,
    in_text_names,
    title_sort_key,
    work_from_entry,
    year_labels,
)
from synthsite.cite.writers import (
    AND_RE,
    RIS_EOL,
    bib_key,
    bib_value,
    bibtex_record,
    bibtex_text,
    entry_bibtex,
    highwire_tags,
    ris_record,
    ris_text,
)

__all__ = [
    "AND_RE",
    "APA_MAX_AUTHORS",
    "ITEM_KINDS",
    "MONTHS",
    "RIS_EOL",
    "VANCOUVER_MAX_AUTHORS",
    "Citation",
    "Name",
    "Reference",
    "SafeHtmlBackend",
    "Work",
    "apa_name_list",
    "apa_rich",
    "apa_sorted",
    "bib_key",
    "bib_value",
    "bibtex_record",
    "bibtex_text",
    "citation_key",
    "cite_synthesis",
    "cited_names",
    "doi_url",
    "editor_list",
    "entry_bibtex",
    "entry_field",
    "fold_case",
    "highwire_tags",
    "in_text_names",
    "latex_to_text",
    "nlm_pages",
    "normalise_doi",
    "one_line",
    "references",
    "render_html",
    "render_text",
    "ris_record",
    "ris_text",
    "safe_http_url",
    "slug",
    "text_to_latex",
    "title_sort_key",
    "vancouver_rich",
    "with_period",
    "work_from_entry",
    "year_labels",
]

"""Stage 2, the synthesis index: everything the site shows, computed once from a validated corpus.

`views` holds the values (`SynthesisIndex` and the views it is made of) and `build` computes them. The tables:
`comparisons` (across studies, each study's own, and `TABLES`, the list of every whole-synthesis table),
`crosswalk_tables` (the crosswalk, a theme's evidence, the theme and link downloads) and `findings` (GRADE-CERQual:
a theme's profile, the Summary of Qualitative Findings, the evidence profile), on helpers in `tablekit`.
Pure functions, no I/O and no knowledge of HTML.
"""

from __future__ import annotations

from synthsite.index.build import (
    build_index,
    perspectives_of,
    study_links,
    support_of,
    theme_groups,
)
from synthsite.index.comparisons import (
    TABLES,
    TableSpec,
    appraisal_table,
    casp_table,
    limitation_text,
    limitations_table,
    methods_table,
    participants_table,
    samples_table,
    studies_table,
)
from synthsite.index.crosswalk_tables import (
    crosswalk_by_study_table,
    crosswalk_mark,
    crosswalk_table,
    evidence_table,
    links_table,
    relation_text,
    themes_table,
)
from synthsite.index.findings import cerqual_table, findings_table
from synthsite.index.views import (
    CASP_SHORT,
    CERQUAL_COMPONENTS,
    LIMITATION_CATEGORIES,
    MULTI,
    CitedAs,
    Crosswalk,
    Evidence,
    Headline,
    Link,
    StudyView,
    Support,
    SynthesisIndex,
    ThemeGroup,
    ThemeNode,
)

__all__ = [
    "CASP_SHORT",
    "CERQUAL_COMPONENTS",
    "LIMITATION_CATEGORIES",
    "MULTI",
    "TABLES",
    "CitedAs",
    "Crosswalk",
    "Evidence",
    "Headline",
    "Link",
    "StudyView",
    "Support",
    "SynthesisIndex",
    "TableSpec",
    "ThemeGroup",
    "ThemeNode",
    "appraisal_table",
    "build_index",
    "casp_table",
    "cerqual_table",
    "crosswalk_by_study_table",
    "crosswalk_mark",
    "crosswalk_table",
    "evidence_table",
    "findings_table",
    "limitation_text",
    "limitations_table",
    "links_table",
    "methods_table",
    "participants_table",
    "perspectives_of",
    "relation_text",
    "samples_table",
    "studies_table",
    "study_links",
    "support_of",
    "theme_groups",
    "themes_table",
]

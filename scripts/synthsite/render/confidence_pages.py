"""The methods page (how confidence is judged and checked) and the disconfirming evidence page."""

from __future__ import annotations

from synthsite import urls
from synthsite.confidence.agreement import REQUIRED
from synthsite.confidence.register import register_counts
from synthsite.confidence.rules import CERQUAL_OVERALL, DOWNGRADE, DOWNGRADING_RULE, RULES
from synthsite.confidence.signals import LEAVE_ONE_OUT_MAX
from synthsite.model import CONCERNS, CONFIDENCES
from synthsite.render.pagekit import WIDE, common, link, page
from synthsite.render.pagespec import Page
from synthsite.render.rendering import PageOutput, Rendering


def methods(r: Rendering, spec: Page) -> PageOutput:
    here = spec.url
    markdown = page(
        spec.title,
        "methods.md.j2",
        front=WIDE,
        description=spec.description,
        rules=list(RULES.values()),
        downgrading_rule=DOWNGRADING_RULE,
        cerqual_overall=CERQUAL_OVERALL,
        downgrade=[(concern, DOWNGRADE[concern]) for concern in CONCERNS],
        confidences=CONFIDENCES,
        required=REQUIRED,
        loo_max=LEAVE_ONE_OUT_MAX,
        themes_link=link(urls.THEMES, here, "Synthesized themes"),
        register_link=link(urls.FINDINGS_DISCONFIRMING, here, "disconfirming evidence register"),
        **common(r.index, here),
    )
    return PageOutput(markdown)


def disconfirming(r: Rendering, spec: Page) -> PageOutput:
    from synthsite.render.tableview import owned_files, table_view

    here = spec.url
    table = r.index.tables[spec.tables[0]]
    view = table_view(r, here, table)
    markdown = page(
        spec.title,
        "disconfirming.md.j2",
        front=WIDE,
        description=spec.description,
        table=view,
        counts=register_counts(table),
        methods_link=link(urls.METHODS, here, "Methods"),
        themes_link=link(urls.THEMES, here, "Synthesized themes"),
        **common(r.index, here),
    )
    return PageOutput(markdown, owned_files(view))

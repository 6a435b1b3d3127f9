"""The methods page (how confidence is judged and checked) and the disconfirming evidence page."""

from __future__ import annotations

from synthsite import urls
from synthsite.confidence.agreement import REQUIRED
from synthsite.confidence.rules import DOWNGRADE, DOWNGRADING_RULE, RULES
from synthsite.confidence.signals import LEAVE_ONE_OUT_MAX
from synthsite.index import SynthesisIndex
from synthsite.model import CONCERNS, CONFIDENCES


def methods(index: SynthesisIndex) -> str:
    from synthsite.render.pages import WIDE, _common, link, page

    here = urls.METHODS
    return page(
        "Methods",
        "methods.md.j2",
        front=WIDE,
        description="How the synthesis judges confidence in its findings and checks the judgements against the "
        "evidence: GRADE-CERQual, the downgrading rule, consistency rules, evidence signals and reviewer agreement.",
        rules=list(RULES.values()),
        downgrading_rule=DOWNGRADING_RULE,
        downgrade=[(concern, DOWNGRADE[concern]) for concern in CONCERNS],
        confidences=CONFIDENCES,
        required=REQUIRED,
        loo_max=LEAVE_ONE_OUT_MAX,
        themes_link=link(urls.THEMES, here, "Synthesized themes"),
        register_link=link(urls.FINDINGS_DISCONFIRMING, here, "disconfirming evidence register"),
        **_common(index, here),
    )


def disconfirming(index: SynthesisIndex) -> str:
    from synthsite.render.pages import WIDE, _common, link, page
    from synthsite.render.tableview import table_view

    here = urls.FINDINGS_DISCONFIRMING
    table = index.disconfirming_table
    assert table is not None
    contradicting = sum(1 for row in table.rows if row["relation"] == "contradicts")
    return page(
        "Disconfirming evidence",
        "disconfirming.md.j2",
        front=WIDE,
        description="Every study theme that contradicts or extends a synthesized theme, with the reviewers' rationale.",
        table=table_view(index, here, table),
        contradicting=contradicting,
        extending=len(table.rows) - contradicting,
        methods_link=link(urls.METHODS, here, "Methods"),
        themes_link=link(urls.THEMES, here, "Synthesized themes"),
        **_common(index, here),
    )

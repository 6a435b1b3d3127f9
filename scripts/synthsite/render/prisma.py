"""The PRISMA 2020 flow diagram (databases and registers, and other methods) as static SVG, with a text alternative.

Only recorded counts are drawn: a stage the review did not record has no box, and no diagram is drawn when
nothing is recorded, so the figure can never suggest a search or screening that did not happen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from synthsite.model import PrismaFlow

WIDTH = 640
MAIN_X, MAIN_W = 8, 300
SIDE_X, SIDE_W = 340, 292
LINE = 18
PAD = 10
NBSP = "\u00a0"
COUNT_RE = re.compile(r"\(n = (\d+)\)")
"""A count is never split across lines."""


@dataclass(frozen=True)
class Box:
    lines: tuple[str, ...]
    side: tuple[str, ...] = ()
    """Text of the box to the right (records or reports leaving the flow at this step), if recorded."""
    stage: str = ""


def _n(label: str, value: int | None) -> str | None:
    return None if value is None else f"{label} (n = {value})"


def boxes(flow: PrismaFlow) -> list[Box]:
    """The recorded steps, top to bottom, each with what left the flow there."""
    steps: list[Box] = []

    def add(stage: str, main: str | None, side: list[str | None]) -> None:
        side_lines = tuple(s for s in side if s)
        if main is None and not side_lines:
            return
        steps.append(Box((main,) if main else (), side_lines, stage))

    add(
        "Identification",
        _n("Records identified from databases and registers", flow.records_identified),
        [
            "Records removed before screening:" if _removed(flow) else None,
            _n("Duplicate records removed", flow.duplicates_removed),
            _n("Records marked as ineligible by automation tools", flow.records_removed_automation),
            _n("Records removed for other reasons", flow.records_removed_other),
        ],
    )
    if flow.identified_other:
        add(
            "Identification",
            "Identified by other methods: " + "; ".join(f"{m.name} (n = {m.n})" for m in flow.identified_other),
            [],
        )
    add("Screening", _n("Records screened", flow.records_screened), [_n("Records excluded", flow.records_excluded)])
    add(
        "Screening",
        _n("Reports sought for retrieval", flow.reports_sought),
        [_n("Reports not retrieved", flow.reports_not_retrieved)],
    )
    excluded = [f"{reason.reason} (n = {reason.n})" for reason in flow.reports_excluded]
    add(
        "Screening",
        _n("Reports assessed for eligibility", flow.reports_assessed),
        ["Reports excluded:", *excluded] if excluded else [],
    )
    included = [
        _n("Studies included in review", flow.studies_included),
        _n("Reports of included studies", flow.reports_included),
    ]
    if any(included):
        steps.append(Box(tuple(i for i in included if i), (), "Included"))
    return steps


def _removed(flow: PrismaFlow) -> bool:
    return any(
        v is not None for v in (flow.duplicates_removed, flow.records_removed_automation, flow.records_removed_other)
    )


def _wrap(text: str, width: int) -> list[str]:
    """Greedy wrap at about 7 px per character of 13 px text."""
    limit = max(10, width // 7)
    lines: list[str] = []
    current = ""
    for word in COUNT_RE.sub("(n\u00a0=\u00a0\\1)", text).split(" "):
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def _text_block(lines: list[str], x: int, y: int) -> str:
    spans = "".join(
        f'<tspan x="{x + PAD}" y="{y + PAD + LINE * (i + 1) - 4}">{escape(line.replace(NBSP, " "))}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text class="synthsite-prisma-text" fill="currentColor" font-size="13">{spans}</text>'


def flow_svg(flow: PrismaFlow, title_id: str = "prisma-title", desc_id: str = "prisma-desc") -> str | None:
    """The diagram, or None when no step is recorded."""
    steps = boxes(flow)
    if not steps:
        return None
    parts: list[str] = []
    y = 8
    previous_bottom: int | None = None
    for step in steps:
        main = [line for text in step.lines for line in _wrap(text, MAIN_W - 2 * PAD)]
        side = [line for text in step.side for line in _wrap(text, SIDE_W - 2 * PAD)]
        height = max(len(main), len(side), 1) * LINE + 2 * PAD
        if main:
            parts.append(
                f'<rect x="{MAIN_X}" y="{y}" width="{MAIN_W}" height="{height}" rx="4" class="synthsite-prisma-box" fill="none" stroke="currentColor"/>'
            )
            parts.append(_text_block(main, MAIN_X, y))
            if previous_bottom is not None:
                cx = MAIN_X + MAIN_W // 2
                parts.append(
                    f'<line x1="{cx}" y1="{previous_bottom}" x2="{cx}" y2="{y - 2}" class="synthsite-prisma-arrow" stroke="currentColor" marker-end="url(#prisma-arrowhead)"/>'
                )
            previous_bottom = y + height
        if side:
            parts.append(
                f'<rect x="{SIDE_X}" y="{y}" width="{SIDE_W}" height="{height}" rx="4" class="synthsite-prisma-box" fill="none" stroke="currentColor"/>'
            )
            parts.append(_text_block(side, SIDE_X, y))
            if main:
                mid = y + height // 2
                parts.append(
                    f'<line x1="{MAIN_X + MAIN_W}" y1="{mid}" x2="{SIDE_X - 2}" y2="{mid}" class="synthsite-prisma-arrow" stroke="currentColor" marker-end="url(#prisma-arrowhead)"/>'
                )
        y += height + 28
    total = y - 20
    defs = (
        '<defs><marker id="prisma-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="synthsite-prisma-head" fill="currentColor"/></marker></defs>'
    )
    return (
        f'<svg class="synthsite-prisma" viewBox="0 0 {WIDTH} {total}" width="{WIDTH}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">PRISMA 2020 flow diagram of study identification and selection</title>'
        f'<desc id="{desc_id}">{escape(" ".join(text_alternative(flow)))}</desc>'
        f"{defs}{''.join(parts)}</svg>"
    )


def text_alternative(flow: PrismaFlow) -> list[str]:
    """Each recorded step as a sentence, top to bottom (shown under the figure and in its description)."""
    out = []
    for step in boxes(flow):
        main = "; ".join(step.lines)
        side = ""
        for item in step.side:
            side += ("" if not side else " " if side.endswith(":") else "; ") + item
        sentence = f"{step.stage}: {main}" if main else f"{step.stage}:"
        if side:
            sentence += f"{'; ' if main else ' '}{side}"
        out.append(sentence.rstrip(".") + ".")
    return out

"""The confidence part of `synthsite changes`: how a pull request moves the evidence behind each finding.

Evidence signals before -> after, assessments that now predate their evidence, consistency rules left open,
and crosswalk links not yet agreed by two reviewers. Pure (two corpora in, Markdown out); every value from the
data goes through `changes.text`/`changes.ident`, so nothing in a study file becomes live Markdown.
"""

from __future__ import annotations

from synthsite.confidence import ConfidenceIndex, build_confidence
from synthsite.confidence.agreement import agreed_by_two, describe
from synthsite.confidence.signals import Figures, participants_text
from synthsite.contrib.changes import Changes
from synthsite.contrib.changes_report import ident, text
from synthsite.load import Corpus


def _figures_cells(figures: Figures, concerns: int) -> tuple[str, ...]:
    return (
        str(len(figures.studies)),
        participants_text(figures),
        ", ".join(figures.perspectives) or "none",
        ", ".join(figures.countries) or "none",
        f"{figures.supports}/{figures.extends}/{figures.contradicts}"
        + (f" ({figures.contested} contested)" if figures.contested else ""),
        str(figures.quotes),
        str(concerns),
    )


def _cells(conf: ConfidenceIndex | None, theme_id: str) -> tuple[str, ...] | None:
    if conf is None or theme_id not in conf.signals:
        return None
    found = conf.signals[theme_id]
    return _figures_cells(found.figures, len(found.casp_concerns))


def _merge(before: tuple[str, ...] | None, after: tuple[str, ...]) -> tuple[str, ...]:
    if before is None:
        return tuple(f"new: {a}" for a in after)
    return tuple(a if b == a else f"**{b} → {a}**" for b, a in zip(before, after, strict=True))


def confidence_markdown(before: Corpus | None, after: Corpus, changes: Changes) -> str:
    """Markdown sections appended to the changes summary (nothing when the change touches no data)."""
    if changes.empty:
        return ""
    old = build_confidence(before) if before is not None else None
    new = build_confidence(after)
    lines: list[str] = []

    rows = []
    for theme in after.themes.themes:
        now = _cells(new, theme.id)
        then = _cells(old, theme.id)
        assert now is not None
        if then != now:
            rows.append((ident(theme.id), *_merge(then, now)))
    lines += ["### Evidence signals", ""]
    if rows:
        lines += [
            "Findings whose evidence moves (studies = contributing studies; relations = supports/extends/"
            "contradicts; CASP = answers no or can't tell among contributing studies).",
            "",
            "| Theme | Studies | Participants | Perspectives | Countries | Relations | Quotes | CASP |",
            "|---|---|---|---|---|---|---|---|",
            *("| " + " | ".join(row) + " |" for row in rows),
            "",
        ]
    else:
        lines += ["No finding's evidence signals change.", ""]

    stale = [(theme.id, new.staleness[theme.id]) for theme in after.themes.themes if new.staleness[theme.id].stale]
    unrecorded = [theme.id for theme in after.themes.themes if not new.staleness[theme.id].recorded]
    if stale or unrecorded:
        lines += ["### Assessments that predate the evidence", ""]
        for theme_id, state in stale:
            lines.append(
                f"- {ident(theme_id)}: assessed on version {ident(state.version or '')} with studies "
                f"{', '.join(ident(s) for s in state.studies) or 'none'}; since then: {text(state.since(), 400)}"
            )
        if unrecorded:
            lines.append(
                "- the assessment does not record the evidence it judged (`cerqual.assessed`): "
                + ", ".join(ident(t) for t in unrecorded)
            )
        lines.append("")

    open_rules = [(f.theme, f.rule) for findings in new.findings.values() for f in findings if not f.acknowledged]
    if open_rules:
        lines += ["### Consistency rules not yet revised or acknowledged", ""]
        lines += [f"- {ident(theme)}: rule {ident(rule)}" for theme, rule in open_rules]
        lines += ["", "See `synthsite validate` for the line of each and the methods page for the rules.", ""]

    lines += _contested_section(old, new)

    added = {(link.study.id, link.theme.id, link.synthesized) for link in changes.links_added}
    unagreed = []
    total = agreed = 0
    for theme_id, found in new.signals.items():
        for item in found.links:
            total += 1
            ok = agreed_by_two(item.review)
            agreed += ok
            if not ok and (item.study.id, item.theme.id, theme_id) in added:
                unagreed.append((item.study.id, item.theme.id, theme_id, item.relation, describe(item.review)))
    lines += ["### Reviewer agreement on crosswalk links", ""]
    if unagreed:
        lines += [
            "| Study | Study theme | Synthesized theme | Relation | Review |",
            "|---|---|---|---|---|",
            *(
                f"| {ident(s)} | {ident(st)} | {ident(t)} | {text(rel)} | {text(review)} |"
                for s, st, t, rel, review in unagreed
            ),
            "",
        ]
    else:
        lines += ["Every link this change adds is agreed by two reviewers (or it adds none).", ""]
    lines += [f"In the whole synthesis, {agreed} of {total} crosswalk links are agreed by two reviewers.", ""]
    return "\n".join(lines)


def _contested(conf: ConfidenceIndex | None) -> dict[tuple[str, str, str], tuple[tuple[str, str, str], ...]]:
    """(study, study theme, finding) -> (relation, source, rationale) of each alternative reading."""
    if conf is None:
        return {}
    return {
        (item.study.id, item.theme.id, theme_id): tuple((r.relation, r.source, r.rationale) for r in item.contested)
        for theme_id, found in conf.signals.items()
        for item in found.links
        if item.contested
    }


def _contested_section(old: ConfidenceIndex | None, new: ConfidenceIndex) -> list[str]:
    """Contested links this change records, changes or settles, so a reviewer sees disputed readings move."""
    before, after = _contested(old), _contested(new)
    moved = [key for key in after if before.get(key) != after[key]]
    settled = [key for key in before if key not in after]
    lines = ["### Contested links", ""]
    if moved or settled:
        lines += [
            "| Study | Study theme | Synthesized theme | Change | Alternative readings |",
            "|---|---|---|---|---|",
        ]
        for key in moved:
            readings = "; ".join(f"{rel} ({source}): {why}" for rel, source, why in after[key])
            lines.append(
                f"| {ident(key[0])} | {ident(key[1])} | {ident(key[2])} | "
                f"{'contested' if key not in before else 'readings changed'} | {text(readings, 600)} |"
            )
        for key in settled:
            lines.append(f"| {ident(key[0])} | {ident(key[1])} | {ident(key[2])} | no longer contested |  |")
        lines.append("")
    else:
        lines += ["This change records no new, changed or settled contested reading.", ""]
    count = len(after)
    lines += [f"In the whole synthesis, {count} crosswalk {'link is' if count == 1 else 'links are'} contested.", ""]
    return lines

"""The Markdown summary of a change, posted as a pull-request comment.

Every string from the data is escaped before it reaches Markdown: raw HTML, links or @mentions written
into a study file must stay inert.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from synthsite.contrib.changes import Changes, suggested_bump
from synthsite.contrib.changes_values import ValueChange
from synthsite.load.text import displayable

LABEL_MAX = 90
_ACTIVE = frozenset("\\`*_{}[]()<>#+-.!|~&:=@$^")
"""ASCII punctuation that can start Markdown or HTML syntax (commas, quotes and the like cannot)."""
# ----------------------------------------------------------------------------------------- Markdown


def text(value: str, limit: int = LABEL_MAX) -> str:
    """Data as inert Markdown text: one line, shortened, syntax characters backslash-escaped (so no HTML,
    link, emphasis, table pipe or template syntax survives), @mentions broken."""
    flat = displayable(" ".join(value.split()))
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    out = []
    for char in flat:
        if char in _ACTIVE:
            out.append("\\" + char)
        else:
            out.append(char)
        if char == "@":
            out.append("\u200b")  # zero-width space: GitHub does not turn `@\u200bname` into a mention
    return "".join(out)


def ident(value: str) -> str:
    """An id (a validated slug or BibTeX key) as inline code; anything else falls back to escaped text."""
    safe = all(c.isascii() and (c.isalnum() or c in "-_.:/") for c in value) and value
    return f"`{value}`" if safe else text(value)


def _arrow(before: object, after: object) -> str:
    if before is None:
        return f"new: {after}"
    if after is None:
        return f"removed (was {before})"
    return str(after) if before == after else f"**{before} → {after}**"


VALUES_SHOWN = 20
"""Changed values listed per modified study; the rest are counted."""


def _value(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dict):
        return f"({len(value)} fields)"
    if isinstance(value, list):
        return f"(list of {len(value)})"
    return text(str(value), 60)


def _value_lines(found: Sequence[ValueChange]) -> list[str]:
    lines = [f"  - {ident(c.path)}: {_value(c.before)} → {_value(c.after)}" for c in found[:VALUES_SHOWN]]
    if len(found) > VALUES_SHOWN:
        lines.append(f"  - and {len(found) - VALUES_SHOWN} more changed values")
    return lines


def names(items: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]


PROBLEMS_SHOWN = 50
"""Problems listed in the summary of a change whose data do not validate; the rest are counted."""


def invalid_markdown(base_ref: str, problems: Sequence[str], errors: int) -> str:
    """The summary of a change whose data do not validate: the problems themselves (escaped like any data), so
    the pull-request comment tells the contributor what to fix instead of staying silent."""
    lines = ["## What this change does to the synthesis", ""]
    lines += [
        f"Compared with {ident(base_ref)}: **the data do not validate**, so nothing could be compared. "
        f"`synthsite validate` reports {len(problems)} problem{'' if len(problems) == 1 else 's'} "
        f"({errors} error{'' if errors == 1 else 's'}); fix them and push again:",
        "",
    ]
    lines += [f"- {text(problem, 400)}" for problem in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"- and {len(problems) - PROBLEMS_SHOWN} more (run `synthsite validate` to see every one)")
    return "\n".join([*lines, ""])


CODE_NOTES = {
    "mkdocs.yml": "site configuration: plugins, Markdown extensions and paths the build uses",
    "mkdocs-allowlist.yml": "the plugins and Markdown extensions mkdocs.yml may use",
    ".github": "workflows: what CI and releases run, with which token",
    "docs": "hand-written pages",
    "Makefile": "what `make site` and `make test` run",
    "pyproject.toml": "what is installed",
}
"""Why a changed file matters, by its path or its top folder."""


def code_section(files: Sequence[str]) -> list[str]:
    """The files a change touches outside the data, for review as code: they decide what the build runs."""
    if not files:
        return []
    lines = [
        "### Files outside synthesis/ and bibliography/: review them as code",
        "",
        "These are not data: they decide what the build and CI run, and what the site shows. Read each change "
        "as you would read a change to a program.",
        "",
    ]
    for name in files:
        why = CODE_NOTES.get(name) or CODE_NOTES.get(name.split("/", 1)[0])
        lines.append(f"- {ident(name)}" + (f" ({why})" if why else ""))
    return [*lines, ""]


def changes_markdown(
    changes: Changes,
    base_ref: str,
    notes: Iterable[str] = (),
    warnings: Sequence[str] = (),
    code_files: Sequence[str] = (),
) -> str:
    """The summary reviewers read first: files to review as code, validation warnings, studies (with changed
    values), study themes, crosswalk links, per-theme support."""
    lines = ["## What this change does to the synthesis", ""]
    version = (
        f"version {ident(changes.version_after)}"
        if changes.version_before == changes.version_after
        else f"version {ident(changes.version_before or 'none')} → {ident(changes.version_after)}"
    )
    lines += [f"Compared with {ident(base_ref)}; {version} in `synthesis/synthesis.yaml`.", ""]
    lines += [f"> Note: {text(note, 400)}" for note in notes]
    if notes:
        lines.append("")
    lines += code_section(code_files)
    if warnings:
        count = f"{len(warnings)} warning" + ("s" if len(warnings) > 1 else "")
        lines += ["### Validation warnings", "", f"`synthsite validate --strict` (run by CI) fails on {count}:", ""]
        lines += [f"- {text(warning, 400)}" for warning in warnings]
        lines.append("")
    if changes.empty:
        return "\n".join([*lines, "No change to studies, themes, crosswalk links or references.", ""])

    lines += ["### Studies", ""]
    lines += [f"- added: {ident(sid)}" for sid in changes.studies_added]
    lines += [f"- removed: {ident(sid)}" for sid in changes.studies_removed]
    for sid, changed in changes.studies_modified:
        lines.append(f"- modified: {ident(sid)} (fields: {', '.join(ident(f) for f in changed)})")
        lines += _value_lines(changes.values_modified.get(sid, ()))
    if not (changes.studies_added or changes.studies_removed or changes.studies_modified):
        lines.append("- no study added, removed or modified")
    if changes.references_added or changes.references_removed:
        lines.append(
            "- references: "
            + "; ".join(
                [f"added {ident(k)}" for k in changes.references_added]
                + [f"removed {ident(k)}" for k in changes.references_removed]
            )
        )
    if changes.synthesis_fields_changed:
        fields = ", ".join(ident(f) for f in changes.synthesis_fields_changed)
        lines.append(f"- `synthesis.yaml` fields changed: {fields}")
    lines.append("")

    themes = [
        *((r, "added") for r in changes.study_themes_added),
        *((r, "removed") for r in changes.study_themes_removed),
        *((r, "modified") for r in changes.study_themes_modified),
    ]
    if themes:
        lines += ["### Study themes", ""]
        lines += _table(
            ("Study", "Theme", "Label", "Change"),
            [(ident(r.study), ident(r.theme), text(r.label), change) for r, change in themes],
        )

    links = [(link, "added") for link in changes.links_added] + [(link, "removed") for link in changes.links_removed]
    if links:
        lines += ["### Crosswalk links", ""]
        lines += _table(
            ("Study", "Study theme", "Synthesized theme", "Relation", "Change"),
            [
                (ident(link.study.id), ident(link.theme.id), ident(link.synthesized), text(link.relation), change)
                for link, change in links
            ],
        )

    lines += ["### Synthesized themes", ""]
    lines += [
        "Support = study themes linked with `supports` or `extends`; studies = how many studies they come from.",
        "",
    ]
    rows = []
    for row in changes.themes:
        get = lambda side, name: getattr(side, name) if side else None  # noqa: E731
        confidence = _arrow(get(row.before, "confidence"), get(row.after, "confidence"))
        if (
            row.before
            and row.after
            and row.before.confidence == row.after.confidence
            and row.before.assessment != row.after.assessment
        ):
            confidence += " (assessment edited)"
        edited = " (finding reworded)" if row.before and row.after and row.before.finding != row.after.finding else ""
        rows.append(
            (
                f"{ident(row.id)} {text(row.label)}{edited}",
                _arrow(get(row.before, "study_themes"), get(row.after, "study_themes")),
                _arrow(get(row.before, "studies"), get(row.after, "studies")),
                _arrow(get(row.before, "contradicting"), get(row.after, "contradicting")),
                confidence,
            )
        )
    lines += _table(("Theme", "Support", "Studies", "Contradicting", "CERQual confidence"), rows)

    stale = [
        row.id
        for row in changes.themes
        if row.before and row.after and row.support_changed and row.before.assessment == row.after.assessment
    ]
    if stale:
        whose = "its assessment" if len(stale) == 1 else "their assessments"
        lines += [
            f"> **Check CERQual:** the evidence behind {names([ident(t) for t in stale])} changed but {whose} "
            "in `synthesis/themes.yaml` did not.",
            "",
        ]
    bump = suggested_bump(changes)
    if bump:
        lines += [f"Release impact: **{bump[0]}** ({bump[1]}); see CONTRIBUTING.md, *Versions and releases*.", ""]
    return "\n".join(lines)

"""The links in a long table's rows file count as its page's (the link check reads them); the preview keeps each
rows file's targets by its path and text (`SynthsitePlugin._rows_targets`), so a save that leaves a theme page's
rows alone does not parse them again, and a save that changes them is read afresh."""

from __future__ import annotations

import json

from synthsite.builders.mkdocs_plugin import SynthsitePlugin, rows_targets

ROWS = "themes/hope/evidence.rows.json"


def _rows(*hrefs: str) -> str:
    return json.dumps([f'<tr><td><a href="{href}">x</a></td></tr>\n' for href in hrefs])


def _plugin(command: str) -> SynthsitePlugin:
    plugin = SynthsitePlugin()
    plugin.on_startup(command=command, dirty=True)  # type: ignore[arg-type]
    return plugin


def test_a_rows_file_s_targets_are_kept_while_its_text_is_the_same() -> None:
    plugin = _plugin("serve")
    text = _rows("../../studies/a/", "../../studies/b/#t1", "../routines/")
    first = plugin._rows_targets(ROWS, text)
    assert first == rows_targets(ROWS, text) == ("/studies/a/", "/studies/b/#t1", "/themes/routines/")
    assert plugin._rows_targets(ROWS, "".join(text)) is first  # an equal text (another string): kept
    # the text changes (a link to another study): its targets are read again
    changed = _rows("../../studies/a/", "../../studies/c/#t1", "../routines/")
    assert plugin._rows_targets(ROWS, changed) == rows_targets(ROWS, changed) != first
    # the same text in another folder reads from there
    other = "findings/disconfirming/register.rows.json"
    assert plugin._rows_targets(other, changed) == rows_targets(other, changed) != rows_targets(ROWS, changed)


def test_only_the_preview_keeps_them() -> None:
    plugin = _plugin("build")
    text = _rows("../../studies/a/")
    assert plugin._rows_targets(ROWS, text) == ("/studies/a/",)
    assert not plugin._preview.rows_links

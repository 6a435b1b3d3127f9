"""The preview reuses study pages whose inputs did not change (`render.reuse`), and a reused page is always the page
a fresh build makes: after each kind of edit the preview's whole site equals a build from scratch.

The edits are the ones that change a study page without touching its study file: a neighbour's year in the
bibliography (the year label "2020a" becomes "2020"), a synthesized theme's label (link texts), the synthesis
metadata (the citation and edit links), the build date. An edit of the study file itself must be re-rendered.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import frozen
from sitebuild import MINI
from synthsite.pipeline import generate, validate
from synthsite.render import Site
from synthsite.render.reuse import PageReuse


def _site(root: Path, reuse: PageReuse | None = None, date: str | None = "2026-01-01") -> Site:
    corpus, problems = validate(root)
    assert corpus is not None, [p.format() for p in problems]
    return generate(corpus, date=date, reuse=reuse)


def _study_aim(root: Path) -> None:
    frozen.edit(root, "synthesis/studies/smith-2020-hope.yaml", "\naim: ", "\naim: Edited aim. ")


def _neighbour_year(root: Path) -> None:
    bib = next((root / "bibliography").glob("*.bib"))
    frozen.edit(
        root,
        f"bibliography/{bib.name}",
        "year    = {2020}, volume = {3}, number = {2}",
        "year    = {2021}, volume = {3}, number = {2}",
    )


def _theme_label(root: Path) -> None:
    frozen.edit(root, "synthesis/themes.yaml", "label: Keeping hope", "label: Keeping hope (renamed)")


def _version(root: Path) -> None:
    meta = root / "synthesis/synthesis.yaml"
    text = meta.read_text(encoding="utf-8")
    version = next(line for line in text.splitlines() if line.startswith("version:"))
    frozen.edit(root, "synthesis/synthesis.yaml", version, 'version: "9.9.9"')


def _relation(root: Path) -> None:
    frozen.edit(root, "synthesis/studies/smith-2020-hope.yaml", "relation: extends", "relation: supports")


def _cited_entries_swapped(root: Path) -> None:
    """Each study cites the other's entry: references.bib is unchanged, but each study's own BibTeX and RIS are not."""
    frozen.edit(root, "synthesis/studies/smith-2020-hope.yaml", "citation: Smith2020a", "citation: Smith2020b")
    frozen.edit(root, "synthesis/studies/smith-2020-routines.yaml", "citation: Smith2020b", "citation: Smith2020a")


EDITS: dict[str, Callable[[Path], None]] = {
    "cited entries swapped": _cited_entries_swapped,
    "link relation": _relation,
    "study aim": _study_aim,
    "neighbour's year": _neighbour_year,
    "theme label": _theme_label,
    "version": _version,
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_after_an_edit_the_preview_equals_a_fresh_build(edit: str, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    reuse = PageReuse()
    first = _site(root, reuse)
    assert not reuse.reused

    EDITS[edit](root)
    previewed = _site(root, reuse)
    fresh = _site(root)
    assert previewed.pages == fresh.pages
    assert previewed.files == fresh.files
    assert previewed.pages != first.pages  # the edit did change something the reader sees


def test_unchanged_pages_are_reused_and_the_pages_an_edit_touches_are_made_again(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    reuse = PageReuse()
    _site(root, reuse)
    _site(root, reuse)
    studies = {f"studies/{path.stem}/" for path in (root / "synthesis/studies").glob("*.yaml")}
    themes = {"themes/hope/", "themes/routines/"}
    assert studies | themes <= reuse.reused  # nothing changed: every study and theme page reused

    # The edited study's page is made again, and so are the pages of the themes it links to (their evidence
    # quotes it); the other study's page is reused.
    frozen.edit(root, "synthesis/studies/smith-2020-hope.yaml", "\naim: ", "\naim: Edited aim. ")
    site = _site(root, reuse)
    assert "studies/smith-2020-hope/" not in reuse.reused
    assert "studies/smith-2020-routines/" in reuse.reused
    assert not themes & reuse.reused
    assert "Edited aim." in site.pages["studies/smith-2020-hope/index.md"]


def test_a_new_build_date_makes_every_page_again(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    reuse = PageReuse()
    _site(root, reuse, date="2026-01-01")
    previewed = _site(root, reuse, date="2026-02-02")
    assert not reuse.reused
    assert previewed.pages == _site(root, date="2026-02-02").pages


def test_after_a_sequence_of_saves_the_preview_equals_a_fresh_build_byte_for_byte(tmp_path: Path) -> None:
    """One preview session, every kind of edit one after another (each on top of the last, the study's aim saved
    twice): after each save the preview's pages, downloads and binary downloads (the findings as .docx) are those of
    a build from scratch, byte for byte, and the pages a save cannot reach were reused."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    reuse = PageReuse()
    _site(root, reuse)
    bibliography = {"data/references.bib", "data/references.ris", "studies/smith-2020-routines/smith-2020-routines.bib"}
    saves = ("study aim", "link relation", "neighbour's year", "theme label", "version", "aim", "cited entries swapped")
    for number, edit in enumerate(saves):
        if edit == "aim":
            frozen.edit(root, "synthesis/studies/smith-2020-hope.yaml", "\naim: ", f"\naim: Saved again ({number}). ")
        else:
            EDITS[edit](root)
        previewed = _site(root, reuse)
        fresh = _site(root)
        assert previewed.pages == fresh.pages, edit
        assert previewed.files == fresh.files, edit
        assert previewed.binary == fresh.binary, edit
        if edit in {"study aim", "aim"}:
            assert "studies/smith-2020-routines/" in reuse.reused, "the other study's page is not made again"
        # The bibliography's downloads are kept unless references.bib or a study's cited entry changed.
        kept = edit not in {"neighbour's year", "cited entries swapped"}
        assert (bibliography <= reuse.reused_files) is kept, edit

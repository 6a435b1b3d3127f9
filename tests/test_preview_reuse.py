"""The preview reuses study pages whose inputs did not change (`render.reuse`) and the validated records and their
derived values (`load.memo`), and what it reuses is always what a fresh build makes: after each kind of edit the
preview's problems and whole site equal a build from scratch.

The edits are the ones that change a study page without touching its study file: a neighbour's year in the
bibliography (the year label "2020a" becomes "2020"), a synthesized theme's label (link texts), the synthesis
metadata (the citation and edit links), the build date. An edit of the study file itself must be re-rendered, and
so must what it reaches: a link moved to another theme (with the consistency rules it sets off), a study added or
removed.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import frozen
from sitebuild import MINI
from synthsite.confidence.signals import SIGNALS_KIND
from synthsite.index.keptrows import KIND as INDEX_SHARE
from synthsite.index.keptrows import SHELF_KIND
from synthsite.load.memo import LoadMemo
from synthsite.load.themefacing import THEME_BLIND
from synthsite.pipeline import generate, validate
from synthsite.render import Site
from synthsite.render.export import REFERENCES_JSON, STUDY_JSON
from synthsite.render.reuse import STUDY_DIGEST, PageReuse
from synthsite.scale import is_large
from synthsite_dev.synthetic import write_corpus

STUDY = "synthesis/studies/smith-2020-hope.yaml"


def _site(
    root: Path, reuse: PageReuse | None = None, date: str | None = "2026-01-01", memo: LoadMemo | None = None
) -> Site:
    return _validated_site(root, reuse, date, memo)[0]


def _validated_site(
    root: Path, reuse: PageReuse | None = None, date: str | None = "2026-01-01", memo: LoadMemo | None = None
) -> tuple[Site, list[str]]:
    """The site and every problem reported on the way, as a build (the preview's when given its memo) makes them."""
    corpus, problems = validate(root, memo=memo)
    assert corpus is not None, [p.format() for p in problems]
    return generate(corpus, date=date, reuse=reuse), [p.format() for p in problems]


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


def _neighbour_journal(root: Path) -> None:
    """The other study's entry names another journal: its page's reference and citation meta tags change, its
    in-text labels (`CitedAs`) and its study file do not."""
    frozen.edit(
        root,
        "bibliography/references.bib",
        "title   = {Routines and hope in supported housing},\n  journal = {Journal of Mini Studies}",
        "title   = {Routines and hope in supported housing},\n  journal = {Journal of Edited Studies}",
    )


EDITED_JOURNAL = "Journal of Edited Studies"


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


def _link_to_another_theme(root: Path) -> None:
    """A study theme's link moves from one synthesized theme to another (the study still backs the first): the
    evidence of both themes changes, and peer-support's judgements no longer match its figures (rule warnings)."""
    frozen.edit(
        root,
        STUDY,
        "      - theme: hope\n        relation: extends",
        "      - theme: peer-support\n        relation: extends",
    )


def _link_back(root: Path) -> None:
    frozen.edit(
        root,
        STUDY,
        "      - theme: peer-support\n        relation: extends",
        "      - theme: hope\n        relation: extends",
    )


def _second_country(root: Path) -> None:
    """The only study behind peer-support gains a country: its relevance explanation ("One country.") no longer
    matches the evidence, a rule warning, though the studies linked to the theme are the same."""
    frozen.edit(root, "synthesis/studies/smith-2020-routines.yaml", 'countries: ["GB"]', 'countries: ["GB", "IE"]')


def _study_design(root: Path) -> None:
    """A field the corpus-wide tables show (/studies/, /compare/methods/ and their downloads)."""
    frozen.edit(root, STUDY, "  design: qualitative interview study", f"  design: {EDITED_DESIGN}")


EDITED_DESIGN = "qualitative interview study, edited"


def _limitation_category(root: Path) -> None:
    """A limitation moves to a category no study uses: /compare/limitations/ gains and loses a column, so the
    other study's row (its record unchanged) changes too."""
    frozen.edit(root, STUDY, "  - category: sampling", "  - category: ethics")


def _study_added(root: Path) -> None:
    original = root / "synthesis/studies/smith-2020-routines.yaml"
    original.with_name("smith-2020-routines-copy.yaml").write_text(
        original.read_text(encoding="utf-8").replace("id: smith-2020-routines", "id: smith-2020-routines-copy", 1),
        encoding="utf-8",
    )


def _study_removed(root: Path) -> None:
    (root / "synthesis/studies/smith-2020-routines-copy.yaml").unlink()


EDITS: dict[str, Callable[[Path], None]] = {
    "cited entries swapped": _cited_entries_swapped,
    "link relation": _relation,
    "link to another theme": _link_to_another_theme,
    "second country": _second_country,
    "study added": _study_added,
    "study aim": _study_aim,
    "study design": _study_design,
    "limitation category": _limitation_category,
    "neighbour's year": _neighbour_year,
    "neighbour's journal": _neighbour_journal,
    "theme label": _theme_label,
    "version": _version,
}


UNDOING: dict[str, Callable[[Path], None]] = {"link back": _link_back, "study removed": _study_removed}
"""Edits that undo one of EDITS (only in a sequence of saves)."""


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
    # shows its study themes); the other study's page is reused.
    frozen.edit(root, STUDY, "Small gestures showed belief.", "Small gestures showed belief (edited).")
    site = _site(root, reuse)
    assert "studies/smith-2020-hope/" not in reuse.reused
    assert "studies/smith-2020-routines/" in reuse.reused
    assert not themes & reuse.reused
    assert "showed belief (edited)." in site.pages["themes/hope/index.md"]

    # The study's aim is on its own page only: the theme pages are reused.
    frozen.edit(root, STUDY, "\naim: ", "\naim: Edited aim. ")
    site = _site(root, reuse)
    assert "studies/smith-2020-hope/" not in reuse.reused
    assert themes <= reuse.reused
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
    twice): after each save the preview's problems, pages, downloads and binary downloads (the findings as .docx)
    are those of a build from scratch, byte for byte, and what a save cannot reach was reused: the pages of the
    other study, the validated records of the files it did not change, the bibliography's downloads, the CSV lines,
    JSON texts and <tr> of the table rows it did not change, the findings document but its stamp (the saves of a design, a limitation's category, a study
    added and removed change rows of the corpus-wide tables)."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    reuse, memo = PageReuse(), LoadMemo()
    _site(root, reuse, memo=memo)
    bibliography = {"data/references.bib", "data/references.ris", "studies/smith-2020-routines/smith-2020-routines.bib"}
    saves = (
        "study aim",
        "link to another theme",
        "link back",
        "second country",
        "link relation",
        "study added",
        "neighbour's year",
        "neighbour's journal",
        "study removed",
        "theme label",
        "version",
        "aim",
        "study design",
        "limitation category",
        "cited entries swapped",
    )
    rules_seen: set[str] = set()
    before: list[str] = []
    for number, edit in enumerate(saves):
        documents_made = reuse.docx.made
        if edit == "aim":
            frozen.edit(root, STUDY, "\naim: ", f"\naim: Saved again ({number}). ")
        else:
            {**EDITS, **UNDOING}[edit](root)
        previewed, problems = _validated_site(root, reuse, memo=memo)
        fresh, fresh_problems = _validated_site(root)
        assert problems == fresh_problems, edit
        assert previewed.pages == fresh.pages, edit
        assert previewed.files == fresh.files, edit
        assert previewed.binary == fresh.binary, edit
        rules_seen.update(problem for problem in problems if "warning: rule " in problem)
        if edit == "second country":  # a rule fires for a theme whose linked studies did not change
            assert any("rule explanation-figures" in problem for problem in set(problems) - set(before)), problems
        before = problems
        if edit in {"study aim", "aim"}:
            assert "studies/smith-2020-routines/" in reuse.reused, "the other study's page is not made again"
            # one record validated again; the other study, synthesis.yaml, themes.yaml and references.bib are not
            assert memo.misses >= 1 and memo.hits >= 4, (memo.misses, memo.hits)
            # the index: the saved study's shares (its view, its rows of each corpus-wide table) are made again,
            # the other study's are kept
            assert memo.missed[INDEX_SHARE] == memo.kept[INDEX_SHARE] > 0, (memo.missed, memo.kept)
            # the page reuse's digest of each study's inputs: worked out again for the saved study only
            assert memo.missed[STUDY_DIGEST] == memo.kept[STUDY_DIGEST] == 1, (memo.missed, memo.kept)
            # studies.json: the saved study's line encoded again, the other's and the references' kept
            assert memo.missed[STUDY_JSON] == memo.kept[STUDY_JSON] == 1, (memo.missed, memo.kept)
            assert memo.kept[REFERENCES_JSON] == 1 and not memo.missed[REFERENCES_JSON], (memo.missed, memo.kept)
            # the signals of the two themes the saved study links to are made again, the third theme's kept
            assert memo.missed[SIGNALS_KIND] == 2 and memo.kept[SIGNALS_KIND] >= 1, (memo.missed, memo.kept)
            # every table's CSV: the lines of the rows the save did not change are kept, not written again
            assert reuse.csv_lines.made < reuse.csv_lines.used, (reuse.csv_lines.made, reuse.csv_lines.used)
            # and every table's JSON: the texts of the rows it did not change are kept, not encoded again
            assert reuse.json_records.made < reuse.json_records.used, reuse.json_records.made
            # and every table on a page: the <tr> of the rows it did not change are kept, not drawn again
            assert reuse.table_rows.made < reuse.table_rows.used, (reuse.table_rows.made, reuse.table_rows.used)
            # the findings document: its tables did not change, only its stamp (the data fingerprint)
            assert reuse.docx.made == documents_made, "the findings document was made again"
        if edit == "neighbour's journal":  # references.bib reaches the other study's page, its record unchanged
            page = previewed.pages["studies/smith-2020-routines/index.md"]
            assert page.count(EDITED_JOURNAL) >= 2, page  # the reference and the citation_journal_title tag
            assert EDITED_JOURNAL in previewed.files["data/studies.json"]
        if edit == "theme label":  # no study changed: every theme's signals are kept
            assert memo.kept[SIGNALS_KIND] >= 3 and not memo.missed[SIGNALS_KIND], (memo.missed, memo.kept)
        if edit == "study design":  # the save reaches the corpus-wide tables
            assert EDITED_DESIGN in previewed.files["studies/studies.csv"]
            assert EDITED_DESIGN in previewed.files["compare/methods/methods.csv"]
            assert EDITED_DESIGN in previewed.files["data/studies.json"]
        if edit == "limitation category":
            assert "ethics" in previewed.files["compare/limitations/limitations.csv"].splitlines()[0]
        # The bibliography's downloads are kept unless references.bib or a study's cited entry changed.
        kept = edit not in {
            "neighbour's year",
            "neighbour's journal",
            "cited entries swapped",
            "study added",
            "study removed",
        }
        assert (bibliography <= reuse.reused_files) is kept, edit
    assert any("rule explanation-figures" in problem for problem in rules_seen), rules_seen  # the rules were reached


BLIND_EDITS: dict[str, tuple[str, str]] = {
    "aim": ("\naim: ", "\naim: Edited aim. "),
    "research_questions": ("  - What gives staff hope?", "  - What gives staff hope, and when?"),
    "limitations": ("    text: Reflexivity not discussed.", "    text: Reflexivity not discussed at all."),
    "notes": ('\nnotes:\n  - "Gender', '\nnotes:\n  - "Edited. Gender'),
    "review_log": ("\nnotes:\n", "\nreview_log:\n  - The text copy lost its header.\nnotes:\n"),
}
"""An edit of each field in `reuse.THEME_BLIND`, in a study that links to two synthesized themes."""


def test_the_fields_no_theme_page_shows_leave_theme_pages_reused_and_the_preview_equal_to_a_fresh_build(
    tmp_path: Path,
) -> None:
    """A save of a field no theme page reads reuses the theme pages the study links to: for each such field the
    preview equals a fresh build, so a theme page that starts showing one of them (or anything derived from it)
    turns this red rather than going stale in the preview."""
    assert set(BLIND_EDITS) == THEME_BLIND
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    reuse, memo = PageReuse(), LoadMemo()
    _site(root, reuse, memo=memo)
    for field_name, (old, new) in sorted(BLIND_EDITS.items()):
        frozen.edit(root, STUDY, old, new)
        previewed = _site(root, reuse, memo=memo)
        fresh = _site(root)
        assert previewed.pages == fresh.pages, field_name
        assert previewed.files == fresh.files, field_name
        assert {"themes/hope/", "themes/routines/"} <= reuse.reused, field_name
        assert "studies/smith-2020-hope/" not in reuse.reused, field_name  # the study's own page shows it


def _edit_field(path: Path, field_name: str) -> None:
    """Change one THEME_BLIND field of a study file (read and written as YAML)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if field_name == "aim":
        data["aim"] += " Edited."
    elif field_name == "limitations":
        data["limitations"][0]["text"] += " Edited."
    else:
        data.setdefault(field_name, []).append(f"An edited {field_name.replace('_', ' ')} entry.")
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.mark.slow
def test_in_a_large_synthesis_too_the_fields_no_theme_page_shows_leave_theme_pages_reused(tmp_path: Path) -> None:
    """Above `scale` thresholds a theme page shows its evidence as a table of study cells and its confidence
    sections differently: the same edits, on a synthetic synthesis past those thresholds."""
    assert is_large(40)
    root = write_corpus(tmp_path / "project", 40, themes=3)  # over 12 contributing studies per theme
    study = sorted((root / "synthesis/studies").glob("*.yaml"))[0]
    reuse, memo = PageReuse(), LoadMemo()
    _site(root, reuse, memo=memo)
    for field_name in sorted(THEME_BLIND):
        _edit_field(study, field_name)
        previewed = _site(root, reuse, memo=memo)
        fresh = _site(root)
        assert previewed.pages == fresh.pages, field_name
        assert previewed.files == fresh.files, field_name
        themes = {url for url in reuse.kept if url.startswith("themes/")}
        assert themes and themes <= reuse.reused, field_name
        assert f"studies/{study.stem}/" not in reuse.reused, field_name


def _theme_added(root: Path) -> None:
    """themes.yaml gains a synthesized theme and one study a link to it: the large crosswalk gains a column, so
    every study's row changes though only one study file did."""
    linking = sorted((root / "synthesis/studies").glob("*.yaml"))[-1]
    text = linking.read_text(encoding="utf-8")
    linking.write_text(
        text.replace("  synthesis:\n", "  synthesis:\n  - theme: synth-theme-added\n    relation: supports\n", 1),
        encoding="utf-8",
    )
    path = root / "synthesis/themes.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    added = {**copy.deepcopy(data["themes"][-1]), "id": "synth-theme-added", "label": "An added theme"}
    data["themes"].append(added)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_in_a_large_synthesis_a_save_remakes_one_study_share_of_the_index_and_reaches_its_tables(
    tmp_path: Path,
) -> None:
    """Past `scale.LARGE` the crosswalk has a row per study and a theme page an evidence table with a study's rows:
    a save of one study remakes that study's shares of the index only (its view and rows: `index.keptrows`),
    and the preview still equals a fresh build after edits that reach the kept rows from outside the record
    (a new synthesized theme: a crosswalk column) and from inside it (a link's relation: crosswalk mark and
    evidence rows)."""
    studies = 16
    assert is_large(studies)
    root = write_corpus(tmp_path / "project", studies, themes=2)
    study = sorted((root / "synthesis/studies").glob("*.yaml"))[0]
    reuse, memo = PageReuse(), LoadMemo()
    _site(root, reuse, memo=memo)
    every = memo.missed[INDEX_SHARE]
    assert every > 0 and not memo.kept[INDEX_SHARE]

    _edit_field(study, "aim")
    _site(root, reuse, memo=memo)
    remade, kept = memo.missed[INDEX_SHARE], memo.kept[INDEX_SHARE]
    assert remade + kept == every, (remade, kept, every)
    assert 0 < remade <= 2 * every // studies, (remade, kept, every)  # one study's shares, not everyone's
    # a study's rows of every large theme's evidence sit on one shelf, looked up once per save: the saved study's
    # shelf is new, the others' are kept
    assert memo.missed[SHELF_KIND] == 1 and memo.kept[SHELF_KIND] > 0, (memo.missed, memo.kept)
    assert memo.missed[SHELF_KIND] + memo.kept[SHELF_KIND] <= studies

    edits: dict[str, Callable[[Path], None]] = {
        "theme added": _theme_added,
        "relation": lambda root: frozen.edit(
            root, f"synthesis/studies/{study.name}", "relation: supports", "relation: extends"
        ),
        # references.bib only: the study's in-text label (`CitedAs`, a key of its kept rows) changes, its record not
        "author": lambda root: frozen.edit(
            root, "bibliography/references.bib", "author = {Andersen, Alex", "author = {Andersson, Alex"
        ),
    }
    for name, edit in edits.items():
        edit(root)
        previewed = _site(root, reuse, memo=memo)
        fresh = _site(root)
        assert previewed.pages == fresh.pages, name
        assert previewed.files == fresh.files, name
        if name == "relation":  # the edited link's row of the evidence table, kept on the study's shelf, changed
            assert memo.missed[SHELF_KIND] == 1, (memo.missed, memo.kept)
    assert "synth-theme-added" in previewed.files["themes/crosswalk.csv"].splitlines()[0]

"""Small correctness: country names for every accepted code, transliterating slugs, APA chapter and
corporate-author rules, and typographic quotes and dashes in titles wherever they are shown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pybtex.database import parse_string

from synthsite.cite import highwire_tags, references, ris_text, slug, work_from_entry
from synthsite.countries import ISO_3166_ALPHA2, SOURCE, country_name

REPO = Path(__file__).resolve().parents[1]


def test_every_accepted_country_code_has_a_name() -> None:
    assert all(country_name(code) != code for code in ISO_3166_ALPHA2)
    assert country_name("KR") == "South Korea"
    assert country_name("GB") == "United Kingdom"
    assert country_name("CI") == "Côte d'Ivoire"


def test_country_table_matches_its_pinned_source() -> None:
    """The checked-in table is what dev/regen_country_names.py makes from the pinned pycountry."""
    from importlib.metadata import version

    import pycountry

    assert SOURCE.startswith(f"pycountry {version('pycountry')} ")
    assert {c.alpha_2 for c in pycountry.countries} == ISO_3166_ALPHA2
    result = subprocess.run(
        [sys.executable, str(REPO / "dev" / "regen_country_names.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_slugs_transliterate_letters_without_a_decomposition() -> None:
    assert slug("Øresund Ærø") == "oresund-aero"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Кириллица 2023", "kirillitsa-2023"),
        ("Ελληνικά", "ellenika"),
        ("Café naïve, Straße", "cafe-naive-strasse"),
        ("Included studies", "included-studies"),
        ("Summary of Qualitative Findings", "summary-of-qualitative-findings"),
        ("1.2.3".replace(".", "-"), "1-2-3"),
    ],
)
def test_slugs_transliterate_other_scripts_and_keep_the_latin_keys(text: str, expected: str) -> None:
    assert slug(text) == expected
    assert slug("Straße Łódź Þór") == "strasse-lodz-thor"
    assert slug("Café") == "cafe"


CHAPTERS = r"""
@incollection{Chapter2019,
  author = {Smith, Jane},
  title = {Recovery in practice},
  booktitle = {Handbook of Recovery},
  editor = {Doe, John},
  edition = {2},
  pages = {10--20},
  year = {2019},
  publisher = {Oxford University Press}
}
@book{Who2021,
  author = {{World Health Organization}},
  title = {Guidance on community mental health services},
  year = {2021},
  publisher = {World Health Organization}
}
@incollection{Nice2020,
  author = {{National Institute for Health and Care Excellence}},
  title = {Service user experience},
  booktitle = {Guideline compendium},
  year = {2020},
  publisher = {National Institute for Health and Care Excellence.}
}
@article{Quoted2022,
  author = {Roe, Ann},
  title = {``Being seen'' -- recovery and the `ordinary' life --- a study of it's meaning},
  journal = {Journal of Things},
  year = {2022}
}
"""


def test_apa_chapter_shows_its_edition_beside_the_pages() -> None:
    apa = references(parse_string(CHAPTERS, "bibtex"))["Chapter2019"].apa_text
    assert "In J. Doe (Ed.), Handbook of Recovery (2nd ed., pp. 10–20). Oxford University Press." in apa


def test_apa_omits_a_publisher_that_is_the_corporate_author() -> None:
    refs = references(parse_string(CHAPTERS, "bibtex"))
    assert refs["Who2021"].apa_text == (
        "World Health Organization. (2021). Guidance on community mental health services."
    )
    assert refs["Nice2020"].apa_text.endswith("In Guideline compendium.")
    # a different publisher is kept
    assert refs["Chapter2019"].apa_text.endswith("Oxford University Press.")


def test_latex_quotes_and_dashes_become_typographic_in_every_title_form() -> None:
    bib = parse_string(CHAPTERS, "bibtex")
    expected = "“Being seen” – recovery and the ‘ordinary’ life — a study of it's meaning"
    ref = references(bib)["Quoted2022"]
    entry = bib.entries["Quoted2022"]
    assert work_from_entry(entry).title == expected
    assert ref.title == expected
    assert expected in ref.apa_text
    assert expected in ref.vancouver_text
    assert ("citation_title", expected) in highwire_tags(ref, entry)
    assert f"TI  - {expected}" in ris_text(bib, ["Quoted2022"])

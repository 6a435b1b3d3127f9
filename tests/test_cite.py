"""Citations: exact APA/Vancouver output for the real references, year suffixes, exports, hostile input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import BibliographyData, Entry, Person, parse_file, parse_string

from synthsite.cite import (
    Reference,
    apa_name_list,
    apa_sorted,
    bib_value,
    bibtex_text,
    cite_synthesis,
    highwire_tags,
    latex_to_text,
    one_line,
    references,
    render_text,
    ris_text,
    text_to_latex,
)
from synthsite.cite.writers import RIS_TYPES
from synthsite.model import Author, SynthesisMeta

REPO = Path(__file__).resolve().parents[1]
BIB = REPO / "bibliography" / "references.bib"

APA = {
    "KirkegaardThomsen2024": (
        "Kirkegaard Thomsen, D., Østergaard Christensen, T., Tranberg Hansen, M., & Slade, M. (2024). "
        "Mental Health Staff Perspectives on Personal Recovery: A Narrative Study on Positive Professional "
        "Impact of Recovery-Oriented Care. Journal of Recovery in Mental Health, 7(1), 12–30. "
        "https://doi.org/10.33137/jrmh.v7i1.40671"
    ),
    "Topor2021": (
        "Topor, A., von Greiff, N., & Skogens, L. (2021). Micro-affirmations and Recovery for Persons with "
        "Mental Health and Alcohol and Drug Problems: User and Professional Experience-Based Practice and "
        "Knowledge. International Journal of Mental Health and Addiction, 19(2), 374–385. "
        "https://doi.org/10.1007/s11469-019-00063-8"
    ),
    "Moen2023": (
        "Moen, E. Å., Larsen, I. B., & Walseth, L. T. (2023). Employment and mental health recovery: "
        "Revealing unused potential in multi-agency meetings. Nordic Journal of Wellbeing and Sustainable "
        "Welfare Development, 2(1), 5–19. https://doi.org/10.18261/njwel.2.1.2"
    ),
    "Vivolo2024": (
        "Vivolo, M., Owen, J., & Fisher, P. (2024). Building resilience in the Improving Access to "
        "Psychological Therapy (IAPT) Psychological Wellbeing Practitioner (PWP) role: a qualitative grounded "
        "theory study. Behavioural and Cognitive Psychotherapy, 52(2), 135–148. "
        "https://doi.org/10.1017/S1352465823000334"
    ),
}

HOSTILE_TITLE = "<script>alert(1)</script> {{ 7*7 }} 100% \\input{/etc/passwd} {unbalanced \\"


@pytest.fixture(scope="module")
def bib() -> BibliographyData:
    return parse_file(str(BIB), "bibtex")


@pytest.fixture(scope="module")
def refs(bib: BibliographyData) -> dict[str, Reference]:
    return references(bib)


def _meta(**changes: object) -> SynthesisMeta:
    from synthsite.load.corpus import load

    corpus = load(REPO).corpus
    assert corpus is not None
    return corpus.meta.model_copy(update=changes)


def _bib(source: str) -> BibliographyData:
    return parse_string(source, "bibtex")


# ------------------------------------------------------------------------------------ real references


@pytest.mark.corpus
@pytest.mark.parametrize("key", sorted(APA))
def test_real_entries_are_formatted_exactly_in_apa(refs: dict[str, Reference], key: str) -> None:
    assert refs[key].apa_text == APA[key]


@pytest.mark.corpus
def test_apa_html_marks_journal_and_volume_and_links_the_doi(refs: dict[str, Reference]) -> None:
    assert refs["Moen2023"].apa_html == (
        "Moen, E. Å., Larsen, I. B., &amp; Walseth, L. T. (2023). Employment and mental health recovery: "
        "Revealing unused potential in multi-agency meetings. <em>Nordic Journal of Wellbeing and Sustainable "
        "Welfare Development</em>, <em>2</em>(1), 5–19. "
        '<a href="https://doi.org/10.18261/njwel.2.1.2">https://doi.org/10.18261/njwel.2.1.2</a>'
    )


@pytest.mark.corpus
def test_real_entries_in_vancouver(refs: dict[str, Reference]) -> None:
    assert refs["Vivolo2024"].vancouver_text == (
        "Vivolo M, Owen J, Fisher P. Building resilience in the Improving Access to Psychological Therapy "
        "(IAPT) Psychological Wellbeing Practitioner (PWP) role: a qualitative grounded theory study. "
        "Behavioural and Cognitive Psychotherapy. 2024;52(2):135-48. doi:10.1017/S1352465823000334"
    )
    assert refs["Moen2023"].vancouver_text.startswith("Moen EÅ, Larsen IB, Walseth LT. Employment")
    assert refs["Moen2023"].vancouver_text.endswith("Development. 2023;2(1):5-19. doi:10.18261/njwel.2.1.2")
    assert refs["Topor2021"].vancouver_text.startswith("Topor A, von Greiff N, Skogens L. ")


@pytest.mark.corpus
def test_real_entries_fields(refs: dict[str, Reference]) -> None:
    kt = refs["KirkegaardThomsen2024"]
    assert kt.in_text == "Kirkegaard Thomsen et al., 2024"
    assert kt.narrative == "Kirkegaard Thomsen et al. (2024)"
    assert kt.year_label == kt.year == "2024"
    assert kt.authors == (
        "Kirkegaard Thomsen, Dorthe",
        "Østergaard Christensen, Torben",
        "Tranberg Hansen, Marie",
        "Slade, Mike",
    )
    assert kt.journal == "Journal of Recovery in Mental Health"
    assert kt.doi == "10.33137/jrmh.v7i1.40671"
    assert kt.url == "https://doi.org/10.33137/jrmh.v7i1.40671"  # the DOI wins over the entry's url
    assert refs["Moen2023"].in_text == "Moen et al., 2023"
    assert refs["Moen2023"].authors[0] == "Moen, Ellen Ånestad"
    assert refs["Topor2021"].authors[1] == "von Greiff, Ninive"
    assert refs["Vivolo2024"].title.startswith("Building resilience in the Improving Access to Psychological")
    assert "(IAPT) Psychological Wellbeing Practitioner (PWP) role" in refs["Vivolo2024"].title


SHIPPED_KEYS_IN_APA_ORDER = ["KirkegaardThomsen2024", "Moen2023", "Topor2021", "Vivolo2024"]
"""Named shipped entries in the order APA puts them; the bibliography may hold more (it grows by pull request)."""


@pytest.mark.corpus
def test_apa_sorted_orders_by_first_author(refs: dict[str, Reference]) -> None:
    named = [refs[key] for key in reversed(SHIPPED_KEYS_IN_APA_ORDER)]
    assert [r.key for r in apa_sorted(named)] == SHIPPED_KEYS_IN_APA_ORDER
    order = [r.key for r in apa_sorted(refs.values())]
    assert [r.key for r in apa_sorted(reversed(list(refs.values())))] == order
    assert [key for key in order if key in SHIPPED_KEYS_IN_APA_ORDER] == SHIPPED_KEYS_IN_APA_ORDER


@pytest.mark.corpus
def test_highwire_tags_for_a_real_entry(bib: BibliographyData, refs: dict[str, Reference]) -> None:
    tags = highwire_tags(refs["KirkegaardThomsen2024"], bib.entries["KirkegaardThomsen2024"])
    assert tags == [
        ("citation_title", refs["KirkegaardThomsen2024"].title),
        ("citation_author", "Kirkegaard Thomsen, Dorthe"),
        ("citation_author", "Østergaard Christensen, Torben"),
        ("citation_author", "Tranberg Hansen, Marie"),
        ("citation_author", "Slade, Mike"),
        ("citation_publication_date", "2024"),
        ("citation_journal_title", "Journal of Recovery in Mental Health"),
        ("citation_volume", "7"),
        ("citation_issue", "1"),
        ("citation_firstpage", "12"),
        ("citation_lastpage", "30"),
        ("citation_doi", "10.33137/jrmh.v7i1.40671"),
        ("citation_issn", "2371-2376"),
        ("citation_publisher", "Ontario Shores Centre for Mental Health Sciences"),
    ]


@pytest.mark.corpus
def test_the_reference_list_in_apa_order_and_vancouver_with_doi_links(refs: dict[str, Reference]) -> None:
    ordered = apa_sorted(refs[key] for key in reversed(SHIPPED_KEYS_IN_APA_ORDER))
    assert [ref.key for ref in ordered] == SHIPPED_KEYS_IN_APA_ORDER
    assert len(apa_sorted(refs.values())) == len(refs)
    assert [ref.apa_text for ref in ordered] == [APA[ref.key] for ref in ordered]
    assert ordered[0].in_text == "Kirkegaard Thomsen et al., 2024"
    assert refs["Vivolo2024"].vancouver_html.endswith(
        'doi:<a href="https://doi.org/10.1017/S1352465823000334">10.1017/S1352465823000334</a>'
    )


# ------------------------------------------------------------------------------ year suffixes, names

SAME_YEAR = r"""
@article{SmithZeta, author = {Smith, John and Jones, Mary}, title = {Zeta: later by title}, journal = {J},
  year = {2020}}
@article{SmithSolo, author = {Smith, John}, title = {A solo work}, journal = {J}, year = {2020}}
@article{SmithAlpha, author = {Smith, John and Jones, Mary}, title = {Alpha: first by title}, journal = {J},
  year = {2020}}
@article{SmithOther, author = {Smith, John and Jones, Mary}, title = {Another year}, journal = {J}, year = {2021}}
"""


def test_same_authors_same_year_get_suffixes_ordered_by_title() -> None:
    refs = references(_bib(SAME_YEAR))
    assert refs["SmithAlpha"].year_label == "2020a"
    assert refs["SmithZeta"].year_label == "2020b"
    assert refs["SmithAlpha"].in_text == "Smith & Jones, 2020a"
    assert refs["SmithZeta"].in_text == "Smith & Jones, 2020b"
    assert refs["SmithAlpha"].narrative == "Smith and Jones (2020a)"
    assert "(2020b). Zeta: later by title." in refs["SmithZeta"].apa_text
    assert refs["SmithAlpha"].year == "2020"
    # a different author list (one author) and another year are not disambiguated
    assert refs["SmithSolo"].year_label == "2020"
    assert refs["SmithSolo"].in_text == "Smith, 2020"
    assert refs["SmithOther"].year_label == "2021"
    assert [r.key for r in apa_sorted(refs.values())] == ["SmithSolo", "SmithAlpha", "SmithZeta", "SmithOther"]


def test_stock_pybtex_style_has_no_year_suffixes() -> None:
    """Why this module exists: pybtex's own styles label by number/alpha and cannot give 2020a/2020b."""
    from pybtex.style.formatting.plain import Style

    text = render_text(next(iter(Style().format_bibliography(_bib(SAME_YEAR)))).text)
    assert "2020a" not in text and "2020b" not in text


def test_et_al_forms_that_collide_are_expanded() -> None:
    refs = references(
        _bib(r"""
@article{Lee, author = {Smith, A and Jones, B and Lee, C}, title = {x}, year = {2021}}
@article{Kim, author = {Smith, A and Jones, B and Kim, D}, title = {y}, year = {2021}}
@article{Park, author = {Smith, A and Park, E and Kim, D and Roe, F}, title = {z}, year = {2021}}
@article{Alone, author = {Smith, A and Jones, B and Lee, C}, title = {w}, year = {2022}}
""")
    )
    assert refs["Lee"].in_text == "Smith, Jones, & Lee, 2021"
    assert refs["Kim"].narrative == "Smith, Jones, and Kim (2021)"
    assert refs["Park"].in_text == "Smith, Park, et al., 2021"
    assert refs["Alone"].in_text == "Smith et al., 2022"


def test_name_forms() -> None:
    refs = references(
        _bib(r"""
@article{Names, author = {Dupont, Jean-Paul and M{\"u}ller, H.-J. and de la Fontaine, Jean Marie and
  Doe, Jr., John and {World Health Organization}}, title = {Names}, journal = {J}, year = {2019}}
@book{Group, author = {{World Health Organization}}, title = {Guidance}, publisher = {WHO}, year = {2019},
  edition = {2}}
""")
    )
    assert refs["Names"].apa_text.startswith(
        "Dupont, J.-P., Müller, H.-J., de la Fontaine, J. M., Doe, J., Jr., & World Health Organization. (2019). "
    )
    assert refs["Names"].vancouver_text.startswith(
        "Dupont JP, Müller HJ, de la Fontaine JM, Doe J Jr, World Health Organization. Names."
    )
    assert refs["Group"].apa_text == "World Health Organization. (2019). Guidance (2nd ed.). WHO."
    assert refs["Group"].apa_html == "World Health Organization. (2019). <em>Guidance</em> (2nd ed.). WHO."
    assert refs["Group"].in_text == "World Health Organization, 2019"
    assert refs["Group"].journal is None


def test_author_list_rules() -> None:
    names = [f"A{i}, X." for i in range(1, 25)]
    assert apa_name_list(names[:1]) == "A1, X."
    assert apa_name_list(names[:2]) == "A1, X., & A2, X."
    assert apa_name_list(names[:20]).endswith("A19, X., & A20, X.")
    over = apa_name_list(names[:23])
    assert over.endswith("A18, X., A19, X., . . . A23, X.")
    assert "A20" not in over and "&" not in over


def test_seven_authors_are_six_and_et_al_in_vancouver() -> None:
    authors = " and ".join(f"Author{i}, Q" for i in range(1, 8))
    ref = references(_bib(f"@article{{K, author = {{{authors}}}, title = {{T}}, journal = {{J}}, year = {{2000}}}}"))
    assert ref["K"].vancouver_text.startswith(
        "Author1 Q, Author2 Q, Author3 Q, Author4 Q, Author5 Q, Author6 Q, et al. T."
    )


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{\AA}nestad", "Ånestad"),
        (r"{\O}stergaard", "Østergaard"),
        (r"Therapy ({IAPT})", "Therapy (IAPT)"),
        (r"M{\"u}ller and Caf\'e", "Müller and Café"),
        ("100% sure, 50\\% sure", "100% sure, 50% sure"),
        (r"\emph{Italic} text", "Italic text"),
        (r"pages 1--2", "pages 1–2"),
        ("line\n  break", "line break"),
        (r"\textbraceleft{}x\textbraceright{} \textbackslash{} \$ \& \#", "{x} \\ $ & #"),
        ("trailing \\", "trailing"),
        ("a}b{c", "abc"),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


# ------------------------------------------------------------------------------------------ exports


@pytest.mark.corpus
def test_bibtex_round_trip_of_the_real_bibliography(bib: BibliographyData) -> None:
    text = bibtex_text(bib)
    assert text == bibtex_text(bib)
    back = parse_string(text, "bibtex")
    assert list(back.entries) == sorted(bib.entries)
    for key, entry in bib.entries.items():
        again = back.entries[key]
        assert again.type == entry.type
        assert dict(again.fields) == dict(entry.fields)
        assert [str(p) for p in again.persons["author"]] == [str(p) for p in entry.persons["author"]]


@pytest.mark.corpus
def test_bibtex_is_independent_of_entry_order_and_selects_keys(bib: BibliographyData) -> None:
    reordered = BibliographyData(entries={k: bib.entries[k] for k in reversed(list(bib.entries))})
    assert bibtex_text(reordered) == bibtex_text(bib)
    some = bibtex_text(bib, ["Vivolo2024", "Moen2023", "Vivolo2024"])
    assert re.findall(r"^@article\{(\w+),$", some, re.MULTILINE) == ["Vivolo2024", "Moen2023"]
    with pytest.raises(KeyError):
        bibtex_text(bib, ["NoSuchKey"])


@pytest.mark.corpus
def test_ris_has_one_record_per_entry_of_its_type_with_its_doi_if_any(bib: BibliographyData) -> None:
    """Holds for a reference of any type, with or without a DOI (a report from the grey literature has none)."""
    text = ris_text(bib)
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert sum(line.startswith("TY  - ") for line in lines) == len(bib.entries)
    assert sum(line == "ER  - " for line in lines) == len(bib.entries)
    records = [r for r in text.split("ER  - \r\n") if r.strip()]
    for record, key in zip(records, sorted(bib.entries), strict=True):
        entry = bib.entries[key]
        assert record.lstrip("\r\n").startswith(f"TY  - {RIS_TYPES.get(entry.type.lower(), 'GEN')}\r\n")
        assert f"ID  - {key}\r\n" in record
        doi = entry.fields.get("doi")
        assert re.findall(r"^DO  - (.*)\r$", record, re.MULTILINE) == ([doi] if doi else [])
    moen = ris_text(bib, ["Moen2023"]).split("\r\n")
    assert moen[:4] == [
        "TY  - JOUR",
        "AU  - Moen, Ellen Ånestad",
        "AU  - Larsen, Inger Beate",
        "AU  - Walseth, Liv Tveit",
    ]
    assert "SP  - 5" in moen and "EP  - 19" in moen and "DO  - 10.18261/njwel.2.1.2" in moen
    assert "T2  - Nordic Journal of Wellbeing and Sustainable Welfare Development" in moen
    kt = ris_text(bib, ["KirkegaardThomsen2024"]).split("\r\n")
    assert "UR  - https://id.erudit.org/iderudit/1109255ar" in kt and "SN  - 2371-2376" in kt


# ------------------------------------------------------------------------------------- hostile input


def _hostile_bib() -> BibliographyData:
    entry = Entry(
        "article",
        fields={
            "title": HOSTILE_TITLE,
            "journal": '"><img src=x onerror=alert(1)>',
            "year": "2020",
            "doi": "javascript:alert(1)",
            "url": "javascript:alert(document.cookie)",
            "note": "line one\nER  - \nTY  - JOUR }}{{",
        },
        persons={"author": [Person("<b>Evil</b>, Eve"), Person(first="a {b", last="c } d\\")]},
    )
    return BibliographyData(entries={"hostile": entry})


def test_hostile_strings_are_escaped_in_apa_html() -> None:
    ref = references(_hostile_bib())["hostile"]
    assert "<script" not in ref.apa_html and "<img" not in ref.apa_html and "<b>" not in ref.apa_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in ref.apa_html
    assert "&lt;b&gt;Evil&lt;/b&gt;" in ref.apa_html
    assert "&quot;&gt;&lt;img" in ref.apa_html
    assert "href" not in ref.apa_html and "javascript" not in ref.apa_html
    assert ref.doi is None and ref.url is None
    assert set(re.findall(r"</?(\w+)", ref.apa_html)) == {"em"}


def test_hostile_fields_cannot_break_bibtex() -> None:
    bib = _hostile_bib()
    text = bibtex_text(bib)
    back = parse_string(text, "bibtex").entries["hostile"]
    original = bib.entries["hostile"]
    assert dict(back.fields) == {name: bib_value(value) for name, value in original.fields.items()}
    assert back.fields["title"] == "<script>alert(1)</script> {{ 7*7 }} 100% \\input{/etc/passwd} unbalanced"
    assert back.fields["note"] == "line one ER - TY - JOUR"
    assert [str(p) for p in back.persons["author"]] == ["<b>Evil</b>, Eve", "c d, a b"]


def test_hostile_ris_values_stay_on_one_line() -> None:
    text = ris_text(_hostile_bib())
    lines = text.split("\r\n")
    assert sum(line.startswith("TY  - ") for line in lines) == 1
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines if line)
    assert not any(line.startswith(("DO", "UR")) for line in lines)


def test_bibtex_keys_and_and_in_names_are_made_safe() -> None:
    entry = Entry("misc", fields={"title": "x"}, persons={"author": [Person("Jones, Orla and more")]})
    bib = BibliographyData(entries={"bad key,{x}": entry, "bad key_ x_": Entry("misc", fields={"title": "y"})})
    back = parse_string(bibtex_text(bib), "bibtex")
    assert sorted(back.entries) == ["bad_key__x_", "bad_key__x_-2"]
    assert [str(p) for p in back.entries["bad_key__x_"].persons["author"]] == ["Jones, Orla {and} more"]


@settings(max_examples=200, deadline=None)
@given(title=st.text(max_size=60), family=st.text(max_size=20), url=st.text(max_size=30))
def test_any_text_gives_parseable_bibtex_and_inert_html(title: str, family: str, url: str) -> None:
    entry = Entry("article", fields={"title": title, "journal": title, "year": "2020", "url": url})
    entry.persons["author"] = [Person(last=family or "X", first=title[:10])]
    bib = BibliographyData(entries={"k": entry})
    back = parse_string(bibtex_text(bib), "bibtex").entries["k"]
    assert back.fields.get("title", "") == bib_value(title)
    ref = references(bib)["k"]
    assert set(re.findall(r"<(/?[^>]*)>", ref.apa_html)) <= {"em", "/em", "/a"} | {
        f'a href="{m}"' for m in re.findall(r'<a href="([^"]*)">', ref.apa_html)
    }
    assert all(h.startswith(("http://", "https://")) for h in re.findall(r'href="([^"]*)"', ref.apa_html))
    assert "\n" not in ris_text(bib).replace("\r\n", "")


@settings(deadline=None)  # checks correctness, not speed: a busy machine must not fail it
@given(st.text(max_size=60))
def test_one_line_keeps_the_words_with_single_spaces_between(text: str) -> None:
    line = one_line(text)
    assert line == line.strip() and "  " not in line
    assert not any(char.isspace() and char != " " for char in line)
    assert line.split(" ") == (re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ue000-\uf8ff]", " ", text).split() or [""])


@settings(deadline=None)  # checks correctness, not speed: a busy machine must not fail it
@given(st.text(max_size=80))
def test_text_to_latex_round_trips(text: str) -> None:
    encoded = text_to_latex(text)
    back = parse_string(f"@misc{{k, title = {{{encoded}}}}}", "bibtex").entries["k"]
    assert latex_to_text(back.fields.get("title", "")) == one_line(text)


# --------------------------------------------------------------------------------- citing the site

URL = "https://synthsite.github.io/synthsite/compare/samples/#samples"


def _dashed(version: str) -> str:
    """The version as citation keys spell it (0.2.0 -> 0-2-0); tests never name the shipped version."""
    return version.replace(".", "-")


def test_cite_a_table_with_version_date_fingerprint_and_url() -> None:
    meta = _meta()
    cite = cite_synthesis(meta, URL, item_title="Table: Sample comparison", fingerprint="3fa2c1d9e0ab")
    assert cite.apa_text == (
        "synthsite review team. (2026). Sample comparison [Table]. In Personal recovery and the staff who "
        f"support it: a living qualitative evidence synthesis (Version {meta.version}, released {meta.date_released}, "
        f"fingerprint 3fa2c1d9e0ab). {URL}"
    )
    assert f'<a href="{URL}">{URL}</a>' in cite.apa_html
    assert "In <em>Personal recovery and the staff who support it" in cite.apa_html
    entry = parse_string(cite.bibtex, "bibtex").entries[f"synthsite-table-sample-comparison-{_dashed(meta.version)}"]
    assert entry.type == "misc"
    assert entry.fields["url"] == URL
    assert entry.fields["version"] == meta.version
    assert entry.fields["date"] == meta.date_released
    assert "fingerprint 3fa2c1d9e0ab" in entry.fields["note"]
    assert [str(p) for p in entry.persons["author"]] == ["{synthsite review team}"]
    assert latex_to_text(entry.fields["title"]) == "Sample comparison [Table]"


def test_cite_the_whole_synthesis_with_retrieval_date() -> None:
    meta = _meta()
    cite = cite_synthesis(meta, meta.site_url, accessed="2026-12-01")
    assert cite.apa_text.startswith("synthsite review team. (2026). Personal recovery and the staff")
    assert f"(Version {meta.version}, released {meta.date_released})." in cite.apa_text
    assert cite.apa_text.endswith(f"Retrieved December 1, 2026, from {meta.site_url}")
    assert cite.key == f"synthsite-synthesis-{_dashed(meta.version)}"
    entry = parse_string(cite.bibtex, "bibtex").entries[cite.key]
    assert entry.fields["urldate"] == "2026-12-01"
    assert cite_synthesis(meta, meta.site_url, accessed="2026-12-01") == cite


def test_cite_synthesis_with_hostile_data() -> None:
    meta = _meta(
        title="Evil <script>alert(1)</script> {title \\ 100% #1",
        authors=[Author(name="Doe, Jane Q."), Author(name="Cats {and} dogs }"), Author(name="R&D Team")],
    )
    item = "Theme: Hope {{ 7*7 }} \\end{document} %"
    cite = cite_synthesis(meta, "javascript:alert(1)", item_title=item, fingerprint="<b>fp</b>")
    assert "<script" not in cite.apa_html and "<b>" not in cite.apa_html and "href" not in cite.apa_html
    assert "&lt;script&gt;" in cite.apa_html and "&lt;b&gt;fp&lt;/b&gt;" in cite.apa_html
    assert cite.apa_text.startswith("Doe, J. Q., Cats {and} dogs }, & R&D Team. (2026). Hope {{ 7*7 }}")
    entry = parse_string(cite.bibtex, "bibtex").entries[cite.key]
    assert cite.key == f"synthsite-theme-hope-7-7-end-document-{_dashed(meta.version)}"
    assert latex_to_text(entry.fields["title"]) == "Hope {{ 7*7 }} \\end{document} % [Theme]"
    assert "url" not in entry.fields
    assert [latex_to_text(str(p)) for p in entry.persons["author"]] == [
        "Doe, Jane Q.",
        "Cats {and} dogs }",
        "R&D Team",
    ]

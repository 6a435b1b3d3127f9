"""References are rendered from flat parts (`cite.styles.apa_parts`, `vancouver_parts`, `render_flat`), without
building pybtex's rich text: each form reads exactly as before, for the shapes where the parts' order matters
(a work without authors, whose date follows its title block; a stand-alone title with its edition and kind; a
chapter with editors; escaping in text and link targets)."""

from __future__ import annotations

import pytest

from synthsite import cite
from synthsite.cite.styles import (
    apa_parts,
    apa_rich,
    render_flat,
    render_html,
    render_text,
    vancouver_parts,
    vancouver_rich,
)
from synthsite.cite.works import work_from_entry, year_labels
from synthsite.load.bibparse import parse_bibtex

BIB = r"""
@book{Untitled2019, title = {Recovery colleges}, edition = {2}, publisher = {Mind}, year = {2019},
  url = {https://example.org/a?b=1&c=2}}
@phdthesis{Thesis2020, title = {Why recover?}, institution = {University of Oslo}, year = {2020}}
@incollection{Chapter2021, title = {Peer work}, booktitle = {Handbook of <Recovery>},
  editor = {Roe, Richard and Poe, Edgar}, edition = {3}, pages = {5--19}, publisher = {Springer}, year = {2021}}
@article{Article2022, author = {Smith, John and {World Health Organization}}, title = {Care & "trust"},
  journal = {Nurse <Ed>}, volume = {7}, number = {2}, pages = {135--148}, doi = {10.1000/x<1>}, year = {2022}}
"""
LINK = '<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>'
DOI = "https://doi.org/10.1000/x%3C1%3E"
EXPECTED = {
    "Untitled2019": (
        "Recovery colleges (2nd ed.). (2019). Mind. https://example.org/a?b=1&c=2",
        f"<em>Recovery colleges</em> (2nd ed.). (2019). Mind. {LINK}",
        "Recovery colleges. 2nd ed. Mind; 2019. Available from: https://example.org/a?b=1&c=2",
        f"Recovery colleges. 2nd ed. Mind; 2019. Available from: {LINK}",
    ),
    "Thesis2020": (
        "Why recover? [Doctoral dissertation, University of Oslo]. (2020).",
        "<em>Why recover?</em> [Doctoral dissertation, University of Oslo]. (2020).",
        "Why recover? University of Oslo; 2020.",
        "Why recover? University of Oslo; 2020.",
    ),
    "Chapter2021": (
        "Peer work. (2021). In R. Roe & E. Poe (Eds.), Handbook of <Recovery> (3rd ed., pp. 5–19). Springer.",
        "Peer work. (2021). In R. Roe &amp; E. Poe (Eds.), <em>Handbook of &lt;Recovery&gt;</em> (3rd ed., pp. 5–19). "
        "Springer.",
        "Peer work. In: Roe R, Poe E, editors. Handbook of <Recovery>. 3rd ed. Springer; 2021. p. 5-19.",
        "Peer work. In: Roe R, Poe E, editors. Handbook of &lt;Recovery&gt;. 3rd ed. Springer; 2021. p. 5-19.",
    ),
    "Article2022": (
        f'Smith, J., & World Health Organization. (2022). Care & "trust". Nurse <Ed>, 7(2), 135–148. {DOI}',
        "Smith, J., &amp; World Health Organization. (2022). Care &amp; &quot;trust&quot;. <em>Nurse &lt;Ed&gt;</em>, "
        f'<em>7</em>(2), 135–148. <a href="{DOI}">{DOI}</a>',
        'Smith J, World Health Organization. Care & "trust". Nurse <Ed>. 2022;7(2):135-48. doi:10.1000/x<1>',
        "Smith J, World Health Organization. Care &amp; &quot;trust&quot;. Nurse &lt;Ed&gt;. 2022;7(2):135-48. "
        f'doi:<a href="{DOI}">10.1000/x&lt;1&gt;</a>',
    ),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_reference_reads_as_before_in_text_and_html(key: str) -> None:
    ref = cite.references(parse_bibtex(BIB))[key]
    assert (ref.apa_text, ref.apa_html, ref.vancouver_text, ref.vancouver_html) == EXPECTED[key]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_the_flat_parts_render_as_pybtex_renders_their_rich_text(key: str) -> None:
    works = [work_from_entry(entry) for entry in parse_bibtex(BIB).entries.values()]
    work = next(work for work in works if work.key == key)
    label = year_labels(works)[key]
    apa, vancouver = apa_rich(work, label), vancouver_rich(work)
    assert render_flat(apa_parts(work, label)) == (render_text(apa), render_html(apa))
    assert render_flat(vancouver_parts(work)) == (render_text(vancouver), render_html(vancouver))

"""`synthsite check-site`: the check a new project's `make test` runs on its built site (issue 23, item 3).
Each rule is shown a page that breaks it and a page that keeps it: a rule that never fires, or fires on good
HTML, goes red here. The shipped site passes it (tests/test_links.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from synthsite.cli import main
from synthsite.sitecheck import check_site
from synthsite.sitecheck.accessibility import page_findings
from synthsite.sitecheck.htmltree import parse

SITE_URL = "https://example.org/review/"


def page(body: str, *, lang: str = "en", title: str = "A page") -> str:
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head><title>{title}</title></head>\n'
        f"<body>\n<main>\n<h1>Heading</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )


def rules(html: str) -> list[str]:
    return [finding.rule for finding in page_findings(parse(html))]


GOOD = page(
    '<p><a href="#x">words</a> <a href="/" aria-label="Home"><svg></svg></a>'
    ' <a href="a/" title="Edit this page"></a> <a href="b/"><img src="i.png" alt="logo"></a></p>\n'
    '<img src="d.png" alt=""><button type="button">Copy</button>\n'
    '<label for="q">Search</label><input id="q" type="search"> <label>Year <select></select></label>\n'
    '<input type="hidden" name="token"><input class="md-toggle" type="checkbox" id="__toc">\n'
    '<h2 id="x">Part</h2><table><thead><tr><th>No.</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>\n'
    '<div aria-hidden="true"><a href="z/"></a></div><span id="n">name</span><div aria-labelledby="n"></div>'
)


def test_good_html_passes_every_rule() -> None:
    assert rules(GOOD) == []


@pytest.mark.parametrize(
    ("html", "rule"),
    [
        (page("<p>x</p>", lang=""), "html-has-lang"),
        (page("<p>x</p>", title=" "), "document-title"),
        (page('<img src="map.png">'), "image-alt"),
        (page('<a href="x/"><span class="twemoji"></span></a>'), "link-name"),
        (page('<button type="button"><svg></svg></button>'), "button-name"),
        (page('<input type="checkbox" id="c">'), "label"),
        (page("<select></select>"), "label"),
        (page("<h2></h2>"), "empty-heading"),
        (page("<table><tr><td>1</td></tr></table>"), "table-header"),
        (page('<h2 id="a">A</h2><h2 id="a">A</h2>'), "duplicate-id"),
        (page('<div aria-describedby="gone"></div>'), "aria-valid-attr-value"),
        (page("<main></main>"), "landmark-no-duplicate-main"),
        (
            '<html lang="en"><head><title>t</title></head><body><main><p>x</p></main></body></html>',
            "page-has-heading-one",
        ),
        ('<html lang="en"><head><title>t</title></head><body><h1>t</h1></body></html>', "landmark-one-main"),
    ],
)
def test_each_rule_fires_on_html_that_breaks_it(html: str, rule: str) -> None:
    assert rules(html) == [rule]


def write_site(root: Path, pages: dict[str, str]) -> Path:
    site = root / "site"
    for name, html in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(html, encoding="utf-8")
    return site


def test_problems_name_the_file_line_rule_and_fix(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": page('<a href="studies/">Studies</a>\n<a href="studies/#gone">a section</a>'),
            "studies/index.html": page('<img src="x.png">\n<a href="../nowhere/">gone</a>'),
            "studies/x.png": "",
            "other/index.html": page('<a href="/elsewhere/">x</a>'),
        },
    )
    problems = [p.format() for p in check_site(site, SITE_URL)]
    assert problems == [
        "site/index.html:8:1: <a href>: link 'studies/#gone' leads nowhere: no id 'gone' on studies/index.html"
        " (fix the link in the page's Markdown (or the data it is made from))",
        "site/other/index.html:7:1: <a href>: link '/elsewhere/' leads nowhere: root-relative URL outside the site"
        " (fix the link in the page's Markdown (or the data it is made from))",
        "site/studies/index.html:7:1: image-alt: image 'x.png' has no alt text"
        ' (describe it: ![what it shows](file.png), or alt="" if it is decoration)',
        "site/studies/index.html:8:1: <a href>: link '../nowhere/' leads nowhere: no such file"
        " (fix the link in the page's Markdown (or the data it is made from))",
    ]


def project(tmp_path: Path, pages: dict[str, str]) -> Path:
    (tmp_path / "synthesis").mkdir(parents=True)
    (tmp_path / "synthesis" / "synthesis.yaml").write_text(f"site_url: {SITE_URL}\n", encoding="utf-8")
    write_site(tmp_path, pages)
    return tmp_path


def test_cli_exits_1_with_the_problems_and_0_when_clean(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = project(tmp_path / "bad", {"index.html": page('<a href="x/"></a>')})
    result = runner.invoke(main, ["check-site", "--root", str(bad)])
    assert result.exit_code == 1
    assert "site/index.html:7:1: <a href>: link 'x/' leads nowhere: no such file" in result.output
    assert "site/index.html:7:1: link-name: link to 'x/' has no text" in result.output
    good = project(tmp_path / "good", {"index.html": page('<a href="./">Home</a>')})
    result = runner.invoke(main, ["check-site", "--root", str(good)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 1 pages")


def test_cli_without_a_built_site_says_how_to_build_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check-site", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "run `make site`" in result.output

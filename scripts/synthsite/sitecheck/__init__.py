"""`synthsite check-site`: what a synthesis repository's `make test` checks in the built site, fast and offline:
no internal link or anchor that leads nowhere, and an accessibility smoke check of every page."""

from __future__ import annotations

from pathlib import Path

from synthsite.load.problems import Problem
from synthsite.sitecheck.accessibility import page_findings
from synthsite.sitecheck.htmltree import parse_file
from synthsite.sitecheck.links import Crawler, internal_urls

__all__ = ["check_site"]


def check_site(site: Path, site_url: str, shown_as: str = "site") -> list[Problem]:
    """Every broken internal link and accessibility smoke problem of the built site's pages, at `file:line:col`
    (paths shown under `shown_as`, the folder name the reader typed)."""
    crawler = Crawler(site, site_url)
    problems: list[Problem] = []
    for page in sorted(site.rglob("*.html")):
        source = page.relative_to(site).as_posix()
        shown = f"{shown_as}/{source}"
        tree = parse_file(page)
        found: list[Problem] = []
        for node, attribute, url in internal_urls(tree):
            why = crawler.problem(source, url)
            if why:
                found.append(
                    Problem(
                        shown,
                        node.line,
                        node.col,
                        f"<{node.tag} {attribute}>",
                        f"link {url!r} leads nowhere: {why}",
                        "fix the link in the page's Markdown (or the data it is made from)",
                    )
                )
        for finding in page_findings(tree):
            found.append(
                Problem(shown, finding.node.line, finding.node.col, finding.rule, finding.message, finding.fix)
            )
        problems += sorted(found, key=lambda problem: (problem.line, problem.col))
    return problems

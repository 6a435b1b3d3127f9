"""Following the synthesis: the /changes/ page and its Atom feed, from the releases and the unreleased data.

The shipped corpus (as released) and a copy of it grown by the synthetic fifth study (unreleased changes: a study
added, findings whose evidence moved). The feed is read back by feedparser, a maintained Atom parser; the page and
the feed are the same entries, link to the pages they name, and come out the same on every build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest

from growing import FIFTH_ID, add_fifth_study
from synthsite import urls
from synthsite.index import SynthesisIndex
from synthsite.pipeline import index_corpus
from synthsite.pipeline import validate as validate_corpus
from synthsite.render import render_index
from synthsite.render.registry import page_at
from synthsite.render.rendering import Rendering
from synthsite.render.whatchanged import FEED, changes, changes_page, feed_xml

REPO = Path(__file__).resolve().parents[1]


def index_of(root: Path) -> SynthesisIndex:
    corpus, problems = validate_corpus(root, strict=False)
    assert corpus is not None, [p.format() for p in problems]
    return index_corpus(corpus)


@pytest.fixture(scope="module")
def shipped() -> SynthesisIndex:
    return index_of(REPO)


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> SynthesisIndex:
    """The shipped data with the fifth study added, as a pull request would: content no release holds."""
    root = tmp_path_factory.mktemp("grown")
    for folder in ("synthesis", "bibliography"):
        shutil.copytree(REPO / folder, root / folder)
    add_fifth_study(root)
    return index_of(root)


def parsed(index: SynthesisIndex) -> feedparser.FeedParserDict:
    feed = feedparser.parse(feed_xml(index))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_feed_is_atom_with_an_entry_per_release(shipped: SynthesisIndex) -> None:
    feed = parsed(shipped)
    site = shipped.meta.site_url
    assert feed.feed.title.startswith(shipped.meta.title) and feed.feed.id == urls.permalink(site, urls.CHANGES)
    assert {link.rel: link.href for link in feed.feed.links} == {
        "self": urls.permalink(site, FEED),
        "alternate": urls.permalink(site, urls.CHANGES),
    }
    assert [author.name for author in feed.feed.authors] == [a.name for a in shipped.meta.authors]
    releases = {record.version: record for record in shipped.corpus.releases}
    titles = [entry.title for entry in feed.entries]
    if shipped.edition.unreleased:
        assert titles[0].startswith("Unreleased")
        titles = titles[1:]
    assert titles == [
        f"Version {v}" for v in sorted(releases, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    ]
    assert len({entry.id for entry in feed.entries}) == len(feed.entries), "entry ids repeat"
    for entry in feed.entries:
        assert entry.link.startswith(site) and entry.updated_parsed is not None
        if entry.title.startswith("Version "):
            version = entry.title.removeprefix("Version ")
            assert entry.link == urls.permalink(site, urls.VERSIONS, f"v{version}")
            assert entry.updated.startswith(releases[version].date)
            for line in releases[version].changes:
                assert line.split(" ")[0] in entry.summary, "a release line is missing from its entry"


def test_a_release_entry_links_the_findings_assessed_for_it(shipped: SynthesisIndex) -> None:
    page = changes_page(Rendering.of(shipped), page_at(urls.CHANGES)).markdown
    feed = feed_xml(shipped)
    assessed = {
        theme_id: evidence.theme.cerqual.assessed.version
        for theme_id, evidence in shipped.evidence.items()
        if evidence.theme.cerqual.assessed is not None
    }
    assert assessed, "no finding records its assessment: the test proves nothing"
    released = {record.version for record in shipped.corpus.releases}
    for theme_id, version in assessed.items():
        if version not in released:
            continue
        section = page.split(f'id="v{version}"', 1)[1].split("</section>", 1)[0]
        assert f'href="../themes/{theme_id}/"' in section, f"{theme_id} is not linked under version {version}"
        assert f"{urls.permalink(shipped.meta.site_url, urls.theme(theme_id))}" in feed


def test_a_grown_corpus_has_an_unreleased_entry_naming_the_study_and_the_findings_it_moves(
    grown: SynthesisIndex,
) -> None:
    assert grown.edition.unreleased
    entries = changes(grown)
    assert entries[0].key == "unreleased" and entries[0].identity == f"unreleased-{grown.edition.short}"
    feed = parsed(grown)
    first = feed.entries[0]
    assert first.title == f"Unreleased changes since {grown.edition.version}"
    assert grown.edition.short in first.summary
    study_link = urls.permalink(grown.meta.site_url, urls.study(FIFTH_ID))
    assert study_link in first.summary, "the added study is not linked"
    assert grown.confidence is not None
    moved = [t for t in grown.evidence if FIFTH_ID in grown.confidence.staleness[t].added]
    assert moved, "the fifth study moves no finding's evidence: the test proves nothing"
    for theme_id in moved:
        assert urls.permalink(grown.meta.site_url, urls.theme(theme_id)) in first.summary
    page = changes_page(Rendering.of(grown), page_at(urls.CHANGES)).markdown
    assert 'id="unreleased"' in page and f'href="../studies/{FIFTH_ID}/"' in page


def test_the_page_and_the_feed_are_the_same_on_every_build(grown: SynthesisIndex, shipped: SynthesisIndex) -> None:
    for index in (shipped, grown):
        assert feed_xml(index) == feed_xml(index)
        assert (
            changes_page(Rendering.of(index), page_at(urls.CHANGES)).markdown
            == changes_page(Rendering.of(index), page_at(urls.CHANGES)).markdown
        )
    dates = {entry.date for entry in changes(grown)}
    assert dates <= {record.date for record in grown.corpus.releases} | {grown.edition.date}, dates


def test_the_site_carries_the_page_and_its_feed(shipped: SynthesisIndex) -> None:
    site = render_index(shipped)
    assert FEED in site.files and "changes/index.md" in site.pages
    assert 'href="feed.xml" type="application/atom+xml"' in site.pages["changes/index.md"]

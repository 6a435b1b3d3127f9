"""The pipeline in two calls, shared by the command line and the MkDocs plugin so they cannot drift apart.

`validate`: load (stage 1) and check -> a `Corpus` or the problems. `generate`: index (stage 2) and render
(stage 3) -> a `Site`, every page and download, which a builder (stage 4) hands on. Between them the
bibliography is formatted once (`cite.references`): the index gets each study's citation labels (`cited_as`),
render the full references. `index_corpus` is stage 2 alone, `export_text` the `synthsite export` formats.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from synthsite import cite, gcpause
from synthsite.confidence.problems import rule_problems
from synthsite.index import CitedAs, SynthesisIndex, build_index
from synthsite.load.check import check
from synthsite.load.corpus import Corpus, load
from synthsite.load.memo import LoadMemo
from synthsite.load.problems import Problem, sort_problems
from synthsite.load.siteconfig import config_problems
from synthsite.provenance import epoch_date
from synthsite.render import Site, downloads, render_index
from synthsite.render.reuse import PageReuse


@gcpause.paused()
def validate(
    root: Path, strict: bool = False, *, config: bool = True, memo: LoadMemo | None = None
) -> tuple[Corpus | None, list[Problem]]:
    """Check the project's mkdocs.yml (`config`: the plugin checks the file it was given itself), load and
    check; returns the corpus only when there are no errors (and no warnings if strict). `memo`: the preview's
    memory of its last load (`load.memo`); no other build has one."""
    result = load(root, memo=memo)
    problems = config_problems(root) + list(result.problems) if config else list(result.problems)
    if result.corpus is not None:
        problems += check(result.corpus) + rule_problems(result.corpus)
    problems = sort_problems(problems)
    failing = [p for p in problems if p.severity == "error" or strict]
    return (result.corpus if not failing else None), problems


def build_date(environ: dict[str, str] | None = None) -> str | None:
    """The build date from SOURCE_DATE_EPOCH (reproducible builds), or None (`provenance` falls back on the
    commit's date); a value that is not a usable time raises `EpochError` (see `synthsite.epoch`)."""
    return epoch_date(environ)


def cited_as(references: Mapping[str, cite.Reference]) -> dict[str, CitedAs]:
    """How the index names each study, by citation key: the labels `cite` formatted (the index formats none)."""
    return {key: CitedAs(ref.in_text, ref.narrative, ref.year) for key, ref in references.items()}


@gcpause.paused()
def index_corpus(
    corpus: Corpus,
    *,
    date: str | None = None,
    commit: str | None = None,
    references: Mapping[str, cite.Reference] | None = None,
) -> SynthesisIndex:
    """Stage 2 for a valid corpus; `references` is its bibliography already formatted, if at hand; `date` and
    `commit` say where the build comes from (`provenance`)."""
    if references is None:
        references = cite.references(corpus.bibliography)
    return build_index(corpus, cited_as(references), build_date=date, commit=commit)


@gcpause.paused()
def generate(
    corpus: Corpus, *, date: str | None = None, commit: str | None = None, reuse: PageReuse | None = None
) -> Site:
    """The whole generated site for a valid corpus (`reuse`: the preview's kept study and theme pages)."""
    references = cite.references(corpus.bibliography) if reuse is None else reuse.references(corpus)
    return render_index(index_corpus(corpus, date=date, commit=commit, references=references), references, reuse)


def export_text(corpus: Corpus, fmt: str) -> str:
    """`synthsite export`: the site's download of that format (`render.downloads.EXPORT_FORMATS`), byte for
    byte."""
    return downloads.export_text(index_corpus(corpus), fmt)

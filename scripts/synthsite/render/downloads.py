"""Every data file the site offers, as {site-relative path: text}.

The same values feed the pages, so a download is exactly what the page shows: each table's CSV and
JSON sit beside its page (`compare/samples/samples.csv`), each study's BibTeX and RIS beside the study
page, and the whole-corpus files under `data/`. CSV goes through `tables.to_csv`, which neutralises
spreadsheet formulas.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from synthsite import cite, urls
from synthsite.index import StudyView, SynthesisIndex
from synthsite.index.findings import findings_tables
from synthsite.jsontext import dumps_indented
from synthsite.model.edition import Edition
from synthsite.render import datapackage
from synthsite.render.datanames import (
    BIBTEX_FILE,
    CROSSWALK_CSV,
    DATAPACKAGE_FILE,
    RIS_FILE,
    STUDIES_CSV,
    STUDIES_JSON,
    THEMES_CSV,
)
from synthsite.render.docx import DOCX_PATH, Group, KeptDocx, findings_docx
from synthsite.render.export import corpus_json
from synthsite.render.jsonschema import all_schemas
from synthsite.render.pagespec import Page, placed_tables
from synthsite.render.rendering import Rendering
from synthsite.render.reuse import PageReuse
from synthsite.tables import Table, to_json


@dataclass(frozen=True)
class DataFile:
    """A corpus-wide download listed on /data/, named once: its file under data/, and for the whole-corpus formats
    how it is made (`text`) and its `synthsite export --format` name."""

    name: str
    description: str
    export: str | None = None
    """`synthsite export --format` choice that prints the same text; None for files made elsewhere."""
    summary: str = ""
    """What the export format holds, in a few words (the command's help)."""
    table: str | None = None
    """The `index.tables` key of a CSV (datapackage.json describes its columns)."""


def _table_csv_text(key: str) -> Callable[[Rendering], str]:
    return lambda r: r.table_csv(r.index.tables[key])


DATA_FILES: tuple[DataFile, ...] = (
    DataFile(
        STUDIES_JSON,
        "The whole synthesis as normalized JSON: metadata, domains, synthesized themes, "
        "every study record and the bibliography.",
        export="json",
        summary="the whole corpus",
    ),
    DataFile(
        STUDIES_CSV,
        "One row per study: year, countries, setting, sample size, perspectives, design "
        "and analysis (the table on the Studies page).",
        export="csv",
        summary="the studies table",
        table="studies",
    ),
    DataFile(
        THEMES_CSV,
        "One row per synthesized theme: domain, review finding, GRADE-CERQual judgements, "
        "how many studies and study themes support, extend or contradict it, and its evidence signals "
        "(participants by perspective, countries, quotes, CASP concerns, flags, whether the assessment "
        "predates the evidence, consistency rules not acknowledged).",
        table="themes",
    ),
    DataFile(
        CROSSWALK_CSV,
        "The crosswalk in long form: one row per link from a study theme to a "
        "synthesized theme, with the relation, its rationale and its review (who proposed and "
        "agreed, and whether two reviewers agree).",
        table="links",
    ),
    DataFile(
        BIBTEX_FILE,
        "The bibliography of the included studies, in BibTeX.",
        export="bibtex",
        summary="the bibliography",
    ),
    DataFile(
        RIS_FILE,
        "The same bibliography in RIS, for reference managers.",
        export="ris",
        summary="the bibliography",
    ),
    DataFile(
        "study.schema.json",
        "JSON Schema of a study file (synthesis/studies/<id>.yaml); editors use it to complete and check fields.",
    ),
    DataFile("themes.schema.json", "JSON Schema of synthesis/themes.yaml."),
    DataFile("synthesis.schema.json", "JSON Schema of synthesis/synthesis.yaml."),
    DataFile(
        DATAPACKAGE_FILE,
        "Frictionless Data Package: title, description, licence, column types and checksums of every CSV file "
        "(the per-table CSVs are copied under data/tables/) and of studies.json.",
    ),
)


def corpus_texts() -> dict[str, Callable[[Rendering], str]]:
    """File name -> how each whole-corpus file is made (the schemas and datapackage.json are made elsewhere)."""
    return {
        STUDIES_JSON: lambda r: corpus_json(r.index.corpus),
        **{item.name: _table_csv_text(item.table) for item in DATA_FILES if item.table is not None},
        BIBTEX_FILE: lambda r: cite.bibtex_text(r.index.corpus.bibliography),
        RIS_FILE: lambda r: cite.ris_text(r.index.corpus.bibliography),
    }


EXPORT_FORMATS: dict[str, DataFile] = {item.export: item for item in DATA_FILES if item.export is not None}
"""`synthsite export --format` name -> the download it prints (the command's choices come from here)."""


def export_text(index: SynthesisIndex, fmt: str) -> str:
    """The text `synthsite export --format fmt` prints: byte for byte the site's download of that format."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})")
    return corpus_texts()[EXPORT_FORMATS[fmt].name](Rendering.of(index))


def citation_data(r: Rendering, page: str, table: Table) -> dict[str, Any]:
    """The citation as it travels inside the table's JSON download."""
    index = r.index
    citation = r.table_citation(page, table)
    return {
        "apa": citation.apa_text,
        "bibtex": citation.bibtex,
        "url": r.table_url(page, table),
        "version": index.edition.version_field,
        "date_released": None if index.edition.unreleased else index.edition.released,
        "edition": edition_data(index.edition),
        "fingerprint": r.table_fingerprint(table),
    }


def edition_data(edition: Edition) -> dict[str, Any]:
    """Which version a download belongs to, as its JSON carries it."""
    return {
        "statement": edition.statement,
        "released": not edition.unreleased,
        "version": edition.version,
        "date_released": edition.released,
        "data_fingerprint": edition.fingerprint,
        "build_date": edition.date,
        "commit": edition.commit,
    }


def table_paths(page: str, table: Table) -> tuple[str, str]:
    """Site-relative paths of a table's CSV and JSON downloads."""
    return f"{page}{table.id}.csv", f"{page}{table.id}.json"


def study_citation_paths(study_id: str) -> tuple[str, str]:
    """Site-relative paths of one study's BibTeX and RIS downloads."""
    page = urls.study(study_id)
    return f"{page}{study_id}.bib", f"{page}{study_id}.ris"


def study_record(index: SynthesisIndex, study_id: str) -> tuple[str, str]:
    """The study's file and its fingerprint (the first 12 hex digits of the SHA-256 of its text, as for a table's
    CSV): what a study page's citation points at. A study not read from a file (a corpus made in memory) is
    fingerprinted by its record as JSON."""
    corpus = index.corpus
    paths = corpus.study_files.get(study_id)
    source = corpus.sources.get(paths[0]) if paths else None
    if source is not None:
        return source.path, hashlib.sha256(source.text.encode("utf-8")).hexdigest()[:12]
    record = dumps_indented(index.by_id[study_id].study.model_dump(mode="json"))
    return f"synthesis/studies/{study_id}.yaml", hashlib.sha256(record.encode("utf-8")).hexdigest()[:12]


def study_citation(index: SynthesisIndex, view: StudyView, fingerprint: str) -> cite.Citation:
    """How to cite a study page: the record as an item of the synthesis, with its own fingerprint."""
    return cite.cite_synthesis(
        index.meta,
        urls.permalink(index.meta.site_url, urls.study(view.id)),
        item_title=f"Study: {view.ref.narrative}",
        fingerprint=fingerprint,
        edition=index.edition,
    )


def data_path(name: str) -> str:
    return f"{urls.DATA}{name}"


BIBLIOGRAPHY_FILES = (BIBTEX_FILE, RIS_FILE)
"""The whole-corpus downloads made from references.bib alone (`bibliography_files`)."""


def bibliography_files(r: Rendering) -> dict[str, str]:
    """The downloads made from the bibliography alone: the whole of it in BibTeX and RIS under data/, and each
    study's entry beside its page. None carries the edition, so the preview keeps them while references.bib and
    which study cites which entry are unchanged (`PageReuse.bibliography_files`)."""
    texts = cite.EntryTexts(r.index.corpus.bibliography)
    files = {data_path(BIBTEX_FILE): texts.bibtex(), data_path(RIS_FILE): texts.ris()}
    for view in r.index.studies:
        bib_path, ris_path = study_citation_paths(view.id)
        files[bib_path] = texts.bibtex([view.study.citation])
        files[ris_path] = texts.ris([view.study.citation])
    return files


def data_files(r: Rendering, site_pages: Sequence[Page], reuse: PageReuse | None = None) -> dict[str, str]:
    """Every download, keyed by site-relative path, in a stable order (`site_pages`: the registry, whose pages
    place the tables; `reuse`: the preview's, which keeps the bibliography's downloads)."""
    index = r.index
    from_bib = bibliography_files(r) if reuse is None else reuse.bibliography_files(r, bibliography_files)
    texts = corpus_texts()
    files: dict[str, str] = {
        path: from_bib[path] if item.name in BIBLIOGRAPHY_FILES else texts[item.name](r)
        for item in DATA_FILES
        if item.name in texts
        for path in [data_path(item.name)]
    }
    for name, text in sorted(all_schemas(index.meta.site_url).items()):
        files[data_path(name)] = text
    for page, table in placed_tables(index, site_pages):
        csv_path, json_path = table_paths(page, table)
        files[csv_path] = r.table_csv(table)
        citation = citation_data(r, page, table)
        files[json_path] = to_json(table, citation, known_fingerprint=r.table_fingerprint(table), kept=r.json_records)
    files.update(package_files(r, files, site_pages))
    files.update((path, text) for path, text in from_bib.items() if path not in files)  # each study's, in order
    return files


def binary_files(r: Rendering, kept: KeptDocx | None = None) -> dict[str, bytes]:
    """Binary downloads: the findings tables as a Word document; `kept`, the preview's document of the last render
    (`docx.KeptDocx`)."""
    index = r.index
    tables = findings_tables(index)
    url = urls.permalink(index.meta.site_url, urls.FINDINGS)
    citation = cite.cite_synthesis(index.meta, url, item_title="Findings", edition=index.edition)
    groups = tuple(Group(domain.label, len(themes)) for domain, themes in index.crosswalk.rows)
    contributing = {study_id for found in index.evidence.values() for study_id in found.support.studies}
    references = sorted((r.reference(index.by_id[study_id]).apa_text for study_id in contributing), key=str.casefold)
    return {
        DOCX_PATH: findings_docx(
            index.meta,
            tables,
            citation.apa_text,
            url,
            index.edition,
            groups=groups,
            references=tuple(references),
            kept=kept,
        )
    }


def package_files(r: Rendering, files: dict[str, str], site_pages: Sequence[Page]) -> dict[str, str]:
    """data/datapackage.json and the package's copies of the page tables' CSVs (see `datapackage`)."""
    index = r.index
    meta = index.meta
    corpus_tables = {data_path(item.name): index.tables[item.table] for item in DATA_FILES if item.table is not None}
    json_file = next(f for f in DATA_FILES if f.name == STUDIES_JSON)
    resources = [
        datapackage.json_resource(
            data_path(STUDIES_JSON),
            "The whole synthesis",
            json_file.description,
            files[data_path(STUDIES_JSON)],
            meta,
        )
    ]
    resources += [datapackage.csv_resource(path, table, files[path], meta) for path, table in corpus_tables.items()]
    out: dict[str, str] = {}
    for page, table in placed_tables(index, site_pages):
        path = datapackage.mirror_path(page, table)
        out[path] = r.table_csv(table)
        resources.append(datapackage.csv_resource(path, table, out[path], meta, shown_at=page))
    out[data_path(DATAPACKAGE_FILE)] = datapackage.to_text(datapackage.package(meta, resources, edition=index.edition))
    return out

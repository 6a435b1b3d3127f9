"""data/datapackage.json: a Frictionless Data Package describing every CSV download and the corpus JSON.

Everything comes from what the downloads are made of: each table's caption and description, its columns' labels,
descriptions and numeric flags (`tables.Column`), the synthesis licence and metadata, and the bytes and SHA-256
of every file as published. A package's paths must stay inside its folder, so the CSV of every table shown on a
page is also published under data/tables/<page>/<table>.csv (the same bytes); the data archive of a release then
holds every table, so a cited fingerprint can be checked from it alone.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from synthsite import urls
from synthsite.jsontext import dumps_indented
from synthsite.model import NOT_REPORTED, SynthesisMeta
from synthsite.model.edition import Edition
from synthsite.render.datanames import STUDIES_CSV, THEMES_CSV
from synthsite.slugs import slug
from synthsite.tables import Table

MISSING_VALUES = ("", NOT_REPORTED)
"""Cells that mean "no value": an empty cell, or what a paper did not report."""

LICENCE_URLS = {
    "CC-BY-4.0": ("https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0 International"),
    "CC-BY-SA-4.0": (
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "Creative Commons Attribution-ShareAlike 4.0 International",
    ),
    "CC0-1.0": ("https://creativecommons.org/publicdomain/zero/1.0/", "Creative Commons Zero v1.0 Universal"),
    "ODC-By-1.0": ("https://opendatacommons.org/licenses/by/1-0/", "Open Data Commons Attribution License v1.0"),
}


STUDIES_RESOURCE = STUDIES_CSV
THEMES_RESOURCE = THEMES_CSV
"""The package names of data/studies.csv and data/themes.csv (`_resource_name` of their paths), which other
tables' keys point at."""
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    **{table_id: ("study_id",) for table_id in ("studies", "samples", "methods", "limitations", "appraisal")},
    "themes": ("id",),
}
"""Table id -> the columns that identify a row: the one-row-per-study tables by study, the themes by id."""
FOREIGN_KEYS: dict[str, dict[str, tuple[str, str]]] = {
    "*": {"study_id": (STUDIES_RESOURCE, "study_id")},
    "crosswalk-links": {"study": (STUDIES_RESOURCE, "study_id"), "synthesized_theme": (THEMES_RESOURCE, "id")},
}
"""Table id ("*": every table) -> column -> (resource, field) it refers to: the joins the data page documents,
declared so frictionless checks them. An empty cell (an unlinked study theme) refers to nothing."""


def keys(table: Table, resource_name: str) -> dict[str, Any]:
    """The primaryKey and foreignKeys of a table's schema (a table never refers to itself)."""
    columns = set(table.column_keys())
    found: dict[str, Any] = {}
    primary = PRIMARY_KEYS.get(table.id)
    if primary and set(primary) <= columns:
        found["primaryKey"] = list(primary)
    references = {**FOREIGN_KEYS["*"], **FOREIGN_KEYS.get(table.id, {})}
    foreign = [
        {"fields": [column], "reference": {"resource": resource, "fields": [field]}}
        for column, (resource, field) in references.items()
        if column in columns and resource != resource_name
    ]
    if foreign:
        found["foreignKeys"] = foreign
    return found


def mirror_path(page: str, table: Table) -> str:
    """Site-relative path of the package's copy of a page's table: data/tables/compare/samples/samples.csv."""
    return f"{urls.DATA}tables/{page.strip('/')}/{table.id}.csv".replace("//", "/")


def field_type(table: Table, key: str, numeric: bool) -> str:
    """integer / number for numeric columns whose values all are numbers (missing values aside), else string."""
    if not numeric:
        return "string"
    values = [row.get(key) for row in table.rows if row.get(key) not in (None, *MISSING_VALUES)]
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "number"
    return "string"


def table_schema(table: Table, resource_name: str = "") -> dict[str, Any]:
    """The Table Schema of a table's CSV: one field per column, named by its key as in the CSV header, and the
    table's keys."""
    fields = []
    for column in table.columns:
        field: dict[str, Any] = {"name": column.key, "title": column.label}
        if column.description:
            field["description"] = column.description
        field["type"] = field_type(table, column.key, column.numeric)
        fields.append(field)
    return {"fields": fields, "missingValues": list(MISSING_VALUES), **keys(table, resource_name)}


def licences(meta: SynthesisMeta) -> list[dict[str, str]]:
    licence: dict[str, str] = {"name": meta.licence}
    if meta.licence in LICENCE_URLS:
        licence["path"], licence["title"] = LICENCE_URLS[meta.licence]
    return [licence]


def _integrity(text: str) -> dict[str, Any]:
    data = text.encode("utf-8")
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def _resource_name(path: str) -> str:
    """A unique, lower-case package name: the path inside data/ (tables/studies/x/casp.csv -> tables-studies-x-casp.csv)."""
    return re.sub(r"[^a-z0-9._-]+", "-", path.removeprefix(urls.DATA).lower()).strip("-") or "resource"


def csv_resource(
    path: str, table: Table, text: str, meta: SynthesisMeta, *, shown_at: str | None = None
) -> dict[str, Any]:
    description = table.description or table.caption
    if shown_at is not None:
        description += f" Shown on {urls.permalink(meta.site_url, shown_at, table.id)}."
    name = _resource_name(path)
    return {
        "name": name,
        "path": path.removeprefix(urls.DATA),
        "title": table.caption,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **_integrity(text),
        "schema": table_schema(table, name),
        "licenses": licences(meta),
    }


def json_resource(path: str, title: str, description: str, text: str, meta: SynthesisMeta) -> dict[str, Any]:
    return {
        "name": _resource_name(path),
        "path": path.removeprefix(urls.DATA),
        "title": title,
        "description": description,
        "format": "json",
        "mediatype": "application/json",
        "encoding": "utf-8",
        **_integrity(text),
        "licenses": licences(meta),
    }


def package(
    meta: SynthesisMeta, resources: list[dict[str, Any]], doi: str | None = None, edition: Edition | None = None
) -> dict[str, Any]:
    """The descriptor; `edition` gives the version ("0.1.0", or "0.1.0+unreleased.<data fingerprint>" for
    content with unreleased changes) and the date."""
    descriptor: dict[str, Any] = {
        "profile": "data-package",
        "name": slug(meta.title, limit=100) or "synthesis",
        "title": meta.title,
        "description": meta.review_question,
        "version": edition.package_version if edition else meta.version,
        "created": f"{(edition.cited_date if edition else '') or meta.date_released}T00:00:00Z",
        "homepage": meta.site_url,
        "licenses": licences(meta),
        "contributors": [{"title": author.name, "role": "author"} for author in meta.authors],
        "resources": resources,
    }
    if doi:
        descriptor["id"] = f"https://doi.org/{doi}"
    return descriptor


def to_text(descriptor: dict[str, Any]) -> str:
    return dumps_indented(descriptor) + "\n"

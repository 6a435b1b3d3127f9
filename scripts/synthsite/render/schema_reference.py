"""The schema reference for contributors: every field of every data file, generated from the models.

It reads the JSON Schema that pydantic derives from `model.py` (the same schema editors use), so the field
descriptions, examples and allowed values shown to contributors are the models' own and cannot drift.
`field_docs` is also what `synthsite new` builds its commented template from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from synthsite.model import (
    CITATION_KEY_PATTERN,
    COUNTRY_PATTERN,
    DATE_PATTERN,
    SLUG_PATTERN,
    VERSION_PATTERN,
    Study,
    SynthesisMeta,
    ThemesFile,
)
from synthsite.render.pagespec import Page
from synthsite.render.rendering import PageOutput, Rendering
from synthsite.weburl import WEB_URL_PATTERN

Schema = dict[str, Any]

FILES: tuple[tuple[str, str, type[BaseModel]], ...] = (
    ("synthesis/studies/<id>.yaml", "study.schema.json", Study),
    ("synthesis/themes.yaml", "themes.schema.json", ThemesFile),
    ("synthesis/synthesis.yaml", "synthesis.schema.json", SynthesisMeta),
)

_PATTERNS = {
    SLUG_PATTERN: "id (lowercase letters, digits, single hyphens)",
    COUNTRY_PATTERN: "country code (ISO 3166-1 alpha-2, capitals)",
    DATE_PATTERN: 'date, quoted ("YYYY-MM-DD")',
    VERSION_PATTERN: 'version, quoted ("MAJOR.MINOR.PATCH")',
    CITATION_KEY_PATTERN: "BibTeX key (letters, digits, _ : . -)",
    WEB_URL_PATTERN: "web address (https://, with a host)",
}


@dataclass(frozen=True)
class FieldDoc:
    """One field of a model as a contributor needs to know it."""

    name: str
    kind: str
    """Plain-language type, e.g. `text`, `whole number (0 or more)`, `list of Quote`."""
    required: bool
    allowed: tuple[str, ...]
    """Fixed values the field accepts (all of them when `choice_only`, else besides numbers or groups)."""
    choice_only: bool
    """The field accepts nothing but the `allowed` values."""
    description: str
    example: Any
    """The first example from the model, or None."""
    model: str | None
    """Name of the group of fields this field holds (alone or as list items), if any."""
    is_list: bool
    nullable: bool
    """Optional and may be left empty."""
    min_items: int
    max_items: int | None
    default: Any


def model_schema(model: type[BaseModel]) -> Schema:
    """The model's validation JSON Schema (the same one `synthsite schema` writes)."""
    return model.model_json_schema(mode="validation")


def _ref_name(node: Schema) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _scalar_kind(node: Schema) -> str:
    """Plain-language name of a non-list, non-model schema node."""
    if "const" in node:
        return "fixed text"
    kind = node.get("type")
    if kind == "integer":
        low = node.get("minimum")
        return "whole number (0 or more)" if low == 0 else "whole number"
    if kind == "number":
        return "number"
    if kind == "boolean":
        return "true or false"
    if kind == "string":
        if "enum" in node:
            return "choice"
        pattern = node.get("pattern")
        if pattern:
            return _PATTERNS.get(pattern, f"text matching `{pattern}`")
        return "short text" if node.get("maxLength", 0) <= 500 else "text"
    return "value"


def _allowed(branches: list[Schema]) -> tuple[str, ...]:
    values: list[str] = []
    for branch in branches:
        if "const" in branch:
            values.append(str(branch["const"]))
        values.extend(str(v) for v in branch.get("enum", ()))
    return tuple(values)


def field_doc(name: str, node: Schema, required: bool) -> FieldDoc:
    """Describe one property of a JSON Schema object."""
    branches: list[Schema] = node.get("anyOf", [node])
    nullable = any(b.get("type") == "null" for b in branches)
    branches = [b for b in branches if b.get("type") != "null"]
    is_list = len(branches) == 1 and branches[0].get("type") == "array"
    min_items, max_items = 0, None
    if is_list:
        array = branches[0]
        min_items, max_items = int(array.get("minItems", 0)), array.get("maxItems")
        branches = [array.get("items", {})]
    model = next((_ref_name(b) for b in branches if _ref_name(b)), None)
    allowed = _allowed(branches)
    parts = []
    for branch in branches:
        if _ref_name(branch):
            parts.append(f"{_ref_name(branch)} (group of fields)" if not is_list else str(_ref_name(branch)))
        elif "const" in branch:
            parts.append(f"`{branch['const']}`")
        else:
            parts.append(_scalar_kind(branch))
    kind = " or ".join(dict.fromkeys(parts))
    if is_list:
        kind = f"list of {kind}"
        if min_items:
            kind += f", at least {min_items}"
        if max_items is not None:
            kind += f", at most {max_items}"
    examples = node.get("examples") or []
    description = " ".join(str(node.get("description", "")).split())
    return FieldDoc(
        name=name,
        kind=kind,
        required=required,
        allowed=allowed,
        choice_only=bool(allowed) and all("const" in b or "enum" in b for b in branches),
        description=description,
        example=examples[0] if examples else None,
        model=model,
        is_list=is_list,
        nullable=nullable,
        min_items=min_items,
        max_items=max_items,
        default=node.get("default"),
    )


def field_docs(schema: Schema, object_node: Schema | None = None) -> list[FieldDoc]:
    """Every field of an object node (the schema's root by default), in the model's order."""
    node = schema if object_node is None else object_node
    required = set(node.get("required", ()))
    return [field_doc(name, prop, name in required) for name, prop in node.get("properties", {}).items()]


def definition(schema: Schema, name: str) -> Schema:
    """The object node of a nested model by name (`$defs`), or the root if it is the root's title."""
    if schema.get("title") == name:
        return schema
    found: Schema = schema["$defs"][name]
    return found


def models_in_order(schema: Schema) -> list[str]:
    """Model names reachable from the root, depth-first in field order (the order a reader meets them)."""
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        order.append(name)
        for doc in field_docs(schema, definition(schema, name)):
            if doc.model:
                visit(doc.model)

    visit(str(schema.get("title")))
    return order


# ------------------------------------------------------------------------------------------ Markdown


_LITERAL = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'|*_[]\\{}`#~!$"})


def cell(text: str) -> str:
    """Text safe in a Markdown table cell: HTML escaped, Markdown and template syntax made literal."""
    return text.translate(_LITERAL)


def code(text: str) -> str:
    """Inline code as HTML, so `|` and Markdown characters inside stay literal."""
    return f"<code>{cell(text)}</code>"


def prose(text: str) -> str:
    """A description for a cell: `backticked` parts become code, everything else is escaped text."""
    parts = re.split(r"`([^`]*)`", text)
    return "".join(code(part) if index % 2 else cell(part) for index, part in enumerate(parts))


def example_text(value: Any) -> str:
    """An example as it is written in YAML (flow style for lists and groups)."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def anchor(prefix: str, model: str) -> str:
    """The anchor of a model's table on the reference page, e.g. `study-samplegroup`."""
    return re.sub(r"[^a-z0-9]+", "-", f"{prefix}-{model}".lower()).strip("-")


def _kind_cell(doc: FieldDoc, prefix: str) -> str:
    if not doc.model:
        return prose(doc.kind)
    link = f'<a href="#{anchor(prefix, doc.model)}">{cell(doc.model)}</a>'
    return prose(doc.kind).replace(cell(doc.model), link, 1)


def _row(doc: FieldDoc, prefix: str) -> str:
    cells = [
        code(doc.name),
        _kind_cell(doc, prefix),
        "yes" if doc.required else "no",
        ", ".join(code(v) for v in doc.allowed),
        prose(doc.description),
        code(example_text(doc.example)) if doc.example is not None else "",
    ]
    return "| " + " | ".join(cells) + " |"


def _model_section(schema: Schema, name: str, prefix: str) -> list[str]:
    node = definition(schema, name)
    lines = [f'<a id="{anchor(prefix, name)}"></a>', "", f"### {cell(name)}", ""]
    if node.get("description") and name != schema.get("title"):
        lines += [prose(" ".join(str(node["description"]).split())), ""]
    return [
        *lines,
        "| Field | Type | Required | Allowed values | Description | Example |",
        "|---|---|---|---|---|---|",
        *(_row(doc, prefix) for doc in field_docs(schema, node)),
        "",
    ]


@cache
def schema_reference_markdown() -> str:
    """The whole reference: one section per data file, one table per group of fields (made once per process: it
    reads the models alone, which are code; the preview asks on every save)."""
    lines = [
        "# Schema reference",
        "",
        "Every field of every data file, generated from the data model (the same definitions give the JSON",
        "Schema your editor uses and the messages `synthsite validate` prints). Write `not reported` where a",
        "field allows it and the paper does not say; never guess.",
        "",
    ]
    for path, schema_file, model in FILES:
        schema = model_schema(model)
        lines += [
            f"## {cell(path)}",
            "",
            f"JSON Schema: {code('synthesis/schema/' + schema_file)}. Groups of fields, in the order they appear:",
            "",
        ]
        prefix = schema_file.split(".", 1)[0]
        for name in models_in_order(schema):
            lines += _model_section(schema, name, prefix)
    return "\n".join(lines).rstrip("\n") + "\n"


def schema_reference_page(r: Rendering, spec: Page) -> PageOutput:
    """/contribute/schema/: the same reference for every project (it documents the models, not the data)."""
    return PageOutput(schema_reference_markdown())

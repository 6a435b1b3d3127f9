"""Build a corpus in which every free-text field holds an attack string.

Which fields are free text is read from the models' JSON Schema (a string with no enum, pattern or const),
so a field added to the model later is attacked too without touching this file.
"""

from __future__ import annotations

import json
import shutil
from itertools import count
from pathlib import Path
from typing import Any

import yaml

from synthsite.load.corpus import load
from synthsite.model import Study, SynthesisMeta, ThemesFile
from synthsite.render.export import corpus_data

REPO = Path(__file__).resolve().parents[1]

MARKER = "ZQX"
"""Every payload carries the marker and a serial number, so tests can find each one in the output."""

PAYLOADS = (
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "{{ 7*7 }} {% raw %} {# c #}",
    "<div>\n\n*raw html block* <b>bold</b>\n\n</div>",
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\ttab-led",
    "\rcarriage-led",
    "right-to-left \u202eevil\u202c and zero\u200bwidth\u200d joiners",
    "emoji 🧠💬🏳️‍🌈",
    "back\\slash {brace} }unbalanced{ %percent",
    "<!-- comment --> </textarea></table><svg onload=alert(1)>",
    '" onmouseover="alert(1)',
    "&lt;already escaped&gt; &amp; &#x3C;",
    "| pipe | table | ```code``` `tick`",
)

LONG = "long " * 800


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        schema = {**root["$defs"][name], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _is_free_text(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "string" and not {"enum", "pattern", "const"} & schema.keys()


def poison(data: Any, schema: dict[str, Any], root: dict[str, Any], serial: count) -> Any:
    """Replace every free-text string in `data` with a payload (keeping ids, codes and vocabularies)."""
    schema = _resolve(schema, root)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        for option in options:
            option = _resolve(option, root)
            if isinstance(data, dict) and option.get("type") == "object":
                return poison(data, option, root, serial)
            if isinstance(data, list) and option.get("type") == "array":
                return poison(data, option, root, serial)
            if isinstance(data, str) and _is_free_text(option) and data != "not reported":
                return _payload(serial, max_length=option.get("maxLength"))
        return data
    if isinstance(data, dict):
        properties = schema.get("properties", {})
        return {k: poison(v, properties.get(k, {}), root, serial) if k in properties else v for k, v in data.items()}
    if isinstance(data, list):
        return [poison(item, schema.get("items", {}), root, serial) for item in data]
    if isinstance(data, str) and _is_free_text(schema):
        return _payload(serial, max_length=schema.get("maxLength"))
    return data


def _payload(serial: count, max_length: int | None = None) -> str:
    """Every other round through PAYLOADS leads with the payload, so values really start with `=`, tab, `<`..."""
    number = next(serial)
    payload = PAYLOADS[number % len(PAYLOADS)]
    marker = f"{MARKER}{number:04d}"
    text = f"{payload} {marker}" if leads(number) else f"{marker} {payload}"
    if number % 23 == 0:
        text += " " + LONG
    if max_length:
        text = text[:max_length]
    return text


def leads(number: int) -> bool:
    """Whether the value with this serial starts with its payload (otherwise with its marker)."""
    return (number // len(PAYLOADS)) % 2 == 1


def _drop_nulls(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _drop_nulls(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_drop_nulls(v) for v in data]
    return data


HOSTILE_BIB_TITLE = (
    r"Braces {x} \textbf{bold} 50\% <script>alert(1)</script> =cmd @{evil} \url{javascript:alert(1)}"
    r' "><img src=x onerror=alert(1)>'
)
"""Balanced (BibTeX cannot hold unbalanced braces at all) but full of braces, backslashes and markup, and a
quote that would close an HTML attribute (the Highwire meta tags carry the title)."""


def write_hostile_corpus(target: Path, source: Path = REPO) -> Path:
    """Copy the shipped corpus to `target` with every free-text field replaced by an attack string."""
    corpus = load(source).corpus
    assert corpus is not None
    data = corpus_data(corpus)
    serial = count()
    if target.exists():
        shutil.rmtree(target)
    (target / "synthesis" / "studies").mkdir(parents=True)
    (target / "bibliography").mkdir()
    meta_schema = SynthesisMeta.model_json_schema()
    meta = poison(data["synthesis"], meta_schema, meta_schema, serial)
    meta["site_url"] = data["synthesis"]["site_url"]
    meta["repository_url"] = data["synthesis"]["repository_url"]
    _dump(target / "synthesis" / "synthesis.yaml", meta)
    themes_schema = ThemesFile.model_json_schema()
    themes = poison({"domains": data["domains"], "themes": data["themes"]}, themes_schema, themes_schema, serial)
    _dump(target / "synthesis" / "themes.yaml", themes)
    study_schema = Study.model_json_schema()
    for study in data["studies"]:
        _dump(
            target / "synthesis" / "studies" / f"{study['id']}.yaml", poison(study, study_schema, study_schema, serial)
        )
    bib = (source / "bibliography" / "references.bib").read_text(encoding="utf-8")
    bib = bib.replace(
        "title     = {Employment and mental health recovery: Revealing unused potential in multi-agency meetings}",
        "title     = {" + HOSTILE_BIB_TITLE + "}",
    )
    (target / "bibliography" / "references.bib").write_text(bib, encoding="utf-8")
    for name in ("mkdocs.yml",):
        if (source / name).exists():
            shutil.copy(source / name, target / name)
    for folder in ("docs",):  # the theme layer and assets come with the installed package
        if (source / folder).exists():
            shutil.copytree(source / folder, target / folder)
    (target / "payloads.json").write_text(json.dumps(PAYLOADS, ensure_ascii=False), encoding="utf-8")
    return target


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(_drop_nulls(data), allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")

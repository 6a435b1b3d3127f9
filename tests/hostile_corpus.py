"""Build a corpus in which every free-text field holds an attack string.

Which fields are free text is read from the models' JSON Schema (a string with no enum, pattern or const),
so a field added to the model later is attacked too without touching this file.
"""

from __future__ import annotations

import json
import re
import shutil
from itertools import count
from pathlib import Path
from typing import Any

import yaml

from synthsite.load import RELEASES_FILE
from synthsite.load.corpus import load
from synthsite.load.fingerprint import corpus_fingerprint, tree_fingerprint
from synthsite.model import ReleaseLog, Study, SynthesisMeta, ThemesFile
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
    "\u2028line-separator-led\u2029",
    "right-to-left עברית and العربية, a non-joiner inside a word: می\u200cخواهم",
    "emoji 🧠💬🏳️‍🌈",
    "back\\slash {brace} }unbalanced{ %percent",
    "<!-- comment --> </textarea></table><svg onload=alert(1)>",
    '" onmouseover="alert(1)',
    "&lt;already escaped&gt; &amp; &#x3C;",
    "| pipe | table | ```code``` `tick`",
)

LONG = "long " * 800

URL_ATTACKS = (
    "javascript:alert(document.domain)//x",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/x",
    "//evil.example/x",
    "https:evil.example",
    "https://",
    "https://good.example@evil.example/",
    'https://example.org/" onmouseover="alert(1)',
    "https://example.org/<script>",
    "https://exa mple.org/",
    "/relative/path",
    "",
)
"""Addresses no URL field may hold: script and data schemes (however cased or spaced), other schemes, no host,
a user name before the host, markup, spaces, and relative paths where only absolute addresses are allowed."""

URL_FIELDS = ("site_url", "repository_url", "bib-url", "bib-doi")
"""Every field holding an address: the two in synthesis.yaml and BibTeX's url and doi."""

ACCEPTED_URLS = {
    "site_url": "https://example.org/o'neil/site/",
    "repository_url": "https://example.org/o'neil/repo?tab=1&x=%22%3E",
    "bib-url": "https://example.org/paper?id=1&lang=en#it's",
}
"""Addresses that are valid yet full of characters HTML attributes and downloads must escape: the hostile
corpus uses them, so every edit link, permalink and reference link is checked with them."""

HOSTILE_BIB_KEY = "HostileAddress"


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        schema = {**root["$defs"][name], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _is_free_text(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "string" and not {"enum", "pattern", "const"} & schema.keys()


def poison(data: Any, schema: dict[str, Any], root: dict[str, Any], serial: Payloads) -> Any:
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
                return serial.payload(data, max_length=option.get("maxLength"))
        return data
    if isinstance(data, dict):
        properties = schema.get("properties", {})
        return {k: poison(v, properties.get(k, {}), root, serial) if k in properties else v for k, v in data.items()}
    if isinstance(data, list):
        return [poison(item, schema.get("items", {}), root, serial) for item in data]
    if isinstance(data, str) and _is_free_text(schema):
        return serial.payload(data, max_length=schema.get("maxLength"))
    return data


class Payloads:
    """The payload for each free-text value. The same value gets the same payload wherever it stands, so the hostile
    corpus keeps the real one's repetitions (two studies with one design give one filter option in both sites)."""

    def __init__(self) -> None:
        self._serial = count()
        self._given: dict[tuple[str, int | None], str] = {}

    def payload(self, original: str, max_length: int | None = None) -> str:
        key = (original, max_length)
        if key not in self._given:
            self._given[key] = _payload(next(self._serial), max_length)
        return self._given[key]


def _payload(number: int, max_length: int | None = None) -> str:
    """Every other round through PAYLOADS leads with the payload, so values really start with `=`, tab, `<`..."""
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
    serial = Payloads()
    if target.exists():
        shutil.rmtree(target)
    (target / "synthesis" / "studies").mkdir(parents=True)
    (target / "bibliography").mkdir()
    meta_schema = SynthesisMeta.model_json_schema()
    meta = poison(data["synthesis"], meta_schema, meta_schema, serial)
    meta["site_url"] = ACCEPTED_URLS["site_url"]
    meta["repository_url"] = ACCEPTED_URLS["repository_url"]
    _dump(target / "synthesis" / "synthesis.yaml", meta)
    themes_schema = ThemesFile.model_json_schema()
    themes = poison({"domains": data["domains"], "themes": data["themes"]}, themes_schema, themes_schema, serial)
    _keep_explained_facts(themes["themes"], data["themes"])
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
    bib = re.sub(
        r"(?m)^(\s*)url(\s*)=(\s*)\{[^}]*\}", lambda m: f"{m[1]}url{m[2]}={m[3]}{{{ACCEPTED_URLS['bib-url']}}}", bib
    )
    (target / "bibliography" / "references.bib").write_text(bib, encoding="utf-8")
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):  # the site's /contribute/ page is made from CONTRIBUTING.md
        if (source / name).exists():
            shutil.copy(source / name, target / name)
    for folder in ("docs",):  # the theme layer and assets come with the installed package
        if (source / folder).exists():
            shutil.copytree(source / folder, target / folder)
    if corpus.releases:  # the release log too, its record of the shipped data moved onto the hostile data
        log_schema = ReleaseLog.model_json_schema()
        log = poison(
            {
                "releases": [r.model_dump(mode="json") for r in corpus.releases],
                "retired": [group.model_dump(mode="json") for group in corpus.retired],
            },
            log_schema,
            log_schema,
            serial,
        )
        shipped, hostile = corpus_fingerprint(corpus), tree_fingerprint(target)
        for record in log["releases"]:
            record["fingerprint"] = hostile if record["fingerprint"] == shipped else record["fingerprint"]
        _dump(target / RELEASES_FILE, log)
    (target / "payloads.json").write_text(json.dumps(PAYLOADS, ensure_ascii=False), encoding="utf-8")
    return target


CERQUAL_PARTS = ("methodological_limitations", "coherence", "adequacy", "relevance")


def _keep_explained_facts(hostile: list[dict[str, Any]], real: list[dict[str, Any]]) -> None:
    """Each CERQual explanation keeps its real text after the payload: the consistency rules read the figures
    and groups an explanation names, so the hostile site raises (and shows) the same rules as the real one."""
    for mine, theirs in zip(hostile, real, strict=True):
        cq, original = mine["cerqual"], theirs["cerqual"]
        for part in CERQUAL_PARTS:
            cq[part]["explanation"] += " " + original[part]["explanation"]
        cq["explanation"] += " " + original["explanation"]


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(_drop_nulls(data), allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def plant_url(root: Path, field: str, value: str) -> tuple[str, int]:
    """Put `value` into one URL field (`URL_FIELDS`) of the project at `root`; returns the file and line."""
    if field in {"site_url", "repository_url"}:
        path = root / "synthesis" / "synthesis.yaml"
        lines = path.read_text(encoding="utf-8").splitlines()
        number = next(n for n, line in enumerate(lines) if line.startswith(f"{field}:"))
        lines[number] = f"{field}: {json.dumps(value)}"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return "synthesis/synthesis.yaml", number + 1
    path = root / "bibliography" / "references.bib"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    name = field.removeprefix("bib-")
    entry = f"@misc{{{HOSTILE_BIB_KEY},\n  title = {{An entry with a hostile address}},\n  {name} = {{{value}}}\n}}\n"
    path.write_text(text + entry, encoding="utf-8")
    return "bibliography/references.bib", text.count("\n") + 3

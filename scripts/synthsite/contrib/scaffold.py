"""`synthsite new`: a commented study template and its BibTeX entry, checked before anything is written.

The template is generated from the Study model's JSON Schema, so every description, example and allowed
value is the model's own. Required values are left empty: an unfilled scaffold fails `synthsite validate`
with one message per field still to fill in, each at its own line.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData

from synthsite.fsutil import default_mode, write_atomic
from synthsite.load.bibcommas import comma_problems
from synthsite.load.bibparse import parse_bibtex
from synthsite.load.corpus import BIB_FILE, STUDIES_DIR, bib_error_line
from synthsite.load.problems import Problem
from synthsite.load.safeyaml import YamlProblem, parse
from synthsite.model import (
    CITATION_KEY_MAX_LENGTH,
    CITATION_KEY_PATTERN,
    ID_MAX_LENGTH,
    MAX_BIB_BYTES,
    SLUG_PATTERN,
    WINDOWS_RESERVED,
    Study,
    not_windows_reserved,
)
from synthsite.render.schema_reference import FieldDoc, Schema, definition, example_text, field_docs, model_schema

ID_RE = re.compile(SLUG_PATTERN)
"""The model's id pattern; always used with `fullmatch`, so a trailing newline cannot slip through."""
ID_MAX = ID_MAX_LENGTH
KEY_RE = re.compile(CITATION_KEY_PATTERN)
MAX_ENTRY_BYTES = 100_000
WIDTH = 110
INDENT = "  "


class BadId(ValueError):
    """The id cannot name a study file; the message says why and suggests one that can."""


class ScaffoldError(Exception):
    """Nothing was written; `problems` say why and how to fix it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Scaffold:
    """What `new` writes: the study file and the bibliography with the entry appended."""

    study_path: Path
    study_text: str
    bib_path: Path
    bib_text: str
    key: str
    to_fill: int
    """How many required values the contributor still has to fill in."""


# ------------------------------------------------------------------------------------------ checks


def id_problem(study_id: str) -> str | None:
    """Why `study_id` cannot name a study file, or None when it can."""
    if not study_id:
        return "the id is empty"
    if len(study_id) > ID_MAX:
        return f"the id is longer than {ID_MAX} characters"
    if ID_RE.fullmatch(study_id):
        try:
            not_windows_reserved(study_id)
        except ValueError as exc:
            return str(exc)
        return None
    if any(c in study_id for c in "/\\") or study_id.startswith("."):
        return f"{study_id!r} looks like a path; give only the id (the file name without .yaml)"
    if study_id.endswith((".yaml", ".yml")):
        return f"{study_id!r} includes the file extension; give the id without .yaml"
    return f"{study_id!r} is not a valid id: use lowercase letters, digits and single hyphens"


def suggest_id(study_id: str) -> str:
    """A valid id close to what was typed (`Moen 2023` -> `moen-2023`), for the message."""
    base = study_id.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].removesuffix(".yaml").removesuffix(".yml")
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:ID_MAX].strip("-")
    if slug in WINDOWS_RESERVED:
        slug += "-2024"
    return slug or "firstauthor-2024"


def parse_entry(bibtex: str, shown: str) -> tuple[str, BibliographyData]:
    """The key and data of the single BibTeX entry in `bibtex`; ScaffoldError otherwise."""
    for comma in comma_problems(bibtex):
        return _fail(shown, comma.line, "", comma.message, comma.hint)
    try:
        data = parse_bibtex(bibtex)
    except Exception as exc:  # pybtex raises PybtexError subclasses and a few plain exceptions
        return _fail(
            shown,
            bib_error_line(exc),
            "",
            f"the BibTeX does not parse: {exc}",
            "copy the entry again from the publisher or your reference manager; it starts like @article{Key,",
        )
    keys = list(data.entries.keys())
    if len(keys) != 1:
        found = "no entry" if not keys else f"{len(keys)} entries ({', '.join(keys)})"
        return _fail(
            shown,
            1,
            "",
            f"expected exactly one BibTeX entry, found {found}",
            "put only the new study's entry in the file",
        )
    key = keys[0]
    if not KEY_RE.fullmatch(key) or len(key) > CITATION_KEY_MAX_LENGTH:
        return _fail(
            shown,
            _entry_line(bibtex, key),
            "",
            f"the BibTeX key {key!r} cannot be used as a citation key",
            "use letters, digits and _ : . - only, e.g. @article{Moen2023, ...}",
        )
    return key, data


def _fail(path: str, line: int, field: str, message: str, hint: str | None) -> Any:
    raise ScaffoldError([Problem(path, line, 1, field, message, hint)])


def _entry_line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("@") and re.search(r"[{(]\s*" + re.escape(key) + r"\s*,", line):
            return number
    return 1


def appended_bibliography(existing: str, entry: str, key: str, bib_shown: str) -> str:
    """`existing` with `entry` appended, after checking the key is new (BibTeX keys ignore case)."""
    try:
        before = parse_bibtex(existing)
    except Exception as exc:
        return _fail(
            bib_shown,
            bib_error_line(exc),
            "",
            f"the bibliography does not parse: {exc}",
            "fix it first (`synthsite validate` shows where), then run `synthsite new` again",
        )
    clash = next((k for k in before.entries if k.lower() == key.lower()), None)
    if clash is not None:
        return _fail(
            bib_shown,
            _entry_line(existing, clash),
            clash,
            f"the BibTeX key {key!r} is already used"
            + (f" as {clash!r} (BibTeX keys ignore case)" if clash != key else ""),
            f"give the new entry another key, e.g. {_next_key(key, set(before.entries.keys()))}",
        )
    separator = "" if not existing or existing.endswith("\n") else "\n"
    combined = existing + separator + entry.strip() + "\n"
    try:
        after = parse_bibtex(combined)
    except Exception as exc:
        return _fail(bib_shown, 1, "", f"the entry does not fit the bibliography: {exc}", None)
    if list(after.entries.keys()) != [*before.entries.keys(), key]:
        return _fail(bib_shown, 1, "", "appending the entry would change other entries", None)
    return combined


def _next_key(key: str, used: set[str]) -> str:
    lowered = {k.lower() for k in used}
    for suffix in "bcdefghijklmnopqrstuvwxyz":
        candidate = f"{key}{suffix}"
        if candidate.lower() not in lowered:
            return candidate
    return f"{key}-2"


# ---------------------------------------------------------------------------------------- template


def yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar that reads back as the same string (quoted only when needed)."""
    try:
        plain = parse(f"v: {text}\n")
        if isinstance(plain, dict) and plain.get("v") == text and "#" not in text:
            return text
    except YamlProblem:
        pass
    return json.dumps(text, ensure_ascii=False)


BOOLEAN_LIKE = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false"})
"""Words YAML 1.1 tools read as true/false (synthsite does not): the guide says to quote them, and so does
the scaffold when it lists them (`answer: "yes"`, `- "NO"`)."""


def as_written(value: str) -> str:
    """A choice as the guide says to write it: quoted when some YAML tools would read it as true/false."""
    return f'"{value}"' if value.lower() in BOOLEAN_LIKE else value


def _comment(doc: FieldDoc, indent: str) -> list[str]:
    """Description, then what is allowed and an example, wrapped to the line length."""
    facts = ["required" if doc.required else "optional"]
    if doc.choice_only:
        facts.append("one of: " + ", ".join(as_written(v) for v in doc.allowed))
    else:
        facts.append(doc.kind.replace("`", ""))
        if doc.example is not None:
            facts.append("e.g. " + example_text(doc.example))
    lines: list[str] = []
    for text in (doc.description, "; ".join(facts)):
        if text:
            lines += textwrap.wrap(
                text, WIDTH, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}# ", break_on_hyphens=False
            )
    return lines


def _commented(line: str) -> str:
    """A template line commented out at its own indentation (comment lines stay as they are)."""
    body = line.lstrip(" ")
    if body.startswith("#"):
        return line
    return f"{line[: len(line) - len(body)]}# {body}"


class _Writer:
    """Builds the template line by line and counts the values left empty.

    A group of fields that repeats (the nine CASP items) is explained in comments only the first time.
    """

    def __init__(self, schema: Schema, prefilled: dict[str, str]) -> None:
        self.schema = schema
        self.prefilled = prefilled
        self.lines: list[str] = []
        self.to_fill = 0
        self.explained: set[str] = set()

    def fields(self, name: str, indent: str, item_indent: str | None = None) -> None:
        """Write every field of a group; as a list item, the first field sits on the `- ` line."""
        explain = name not in self.explained
        self.explained.add(name)
        for index, doc in enumerate(field_docs(self.schema, definition(self.schema, name))):
            first_of_item = item_indent is not None and index == 0
            if explain:
                self.lines += _comment(doc, item_indent if first_of_item and item_indent else indent)
            lead = f"{item_indent}- " if first_of_item else indent
            value = self.prefilled.get(doc.name) if name == self.schema.get("title") else None
            self.field(doc, lead, indent, value)

    def field(self, doc: FieldDoc, lead: str, indent: str, value: str | None) -> None:
        key = f"{lead}{doc.name}:"
        if value is not None:
            self.lines.append(f"{key} {yaml_scalar(value)}")
        elif doc.required and doc.choice_only and len(doc.allowed) == 1 and not doc.is_list:
            self.lines.append(f"{key} {yaml_scalar(doc.allowed[0])}")  # a fixed value: nothing to choose
        elif doc.model and not doc.required and ((doc.nullable and not doc.is_list) or doc.name in REVIEWERS_LISTS):
            # an optional group (a link's review record, its contested readings) is filled in later, by
            # reviewers: documented but commented out, so an unfilled template does not report it as missing
            start, to_fill = len(self.lines), self.to_fill
            self.lines.append(key)
            inner = indent + INDENT
            if doc.is_list:
                self.fields(doc.model, inner + INDENT, inner)
            else:
                self.fields(doc.model, inner)
            self.lines[start:] = [_commented(line) for line in self.lines[start:]]
            self.to_fill = to_fill
        elif doc.model:
            self.lines.append(key)
            inner = indent + INDENT
            if doc.is_list:
                self.fields(doc.model, inner + INDENT, inner)
            else:
                self.fields(doc.model, inner)
        elif doc.is_list and doc.required:
            self.lines += [key, f"{indent}{INDENT}-"]
            self.to_fill += 1
        elif doc.is_list:
            self.lines.append(f"{key} []")
        elif doc.required:
            self.lines.append(key)
            self.to_fill += 1
        elif doc.nullable:
            self.lines.append(key)
        else:
            self.lines.append(f"{indent}# {doc.name}: {example_text(doc.default)}")


REVIEWERS_LISTS = ("contested",)
"""Optional lists that reviewers fill in later (a link's contested readings): commented out like the optional
groups, unlike the lists a contributor fills (quotes, links)."""

HEADER = """\
# yaml-language-server: $schema=../schema/study.schema.json
# Study record, scaffolded by `synthsite new`. Fill in every empty field from the paper, then run
# `synthsite validate`: it lists each value still missing with its line number. Write `not reported` where
# the paper does not say; never guess. For long text write `field: >-` and continue on indented lines.
# Add list items (`- ...`) as needed: one per theme, subtheme, sample group, limitation and quote. Fields
# marked optional may stay empty or be removed. Comment lines (#) can be deleted.
"""


def study_template(study_id: str, key: str) -> tuple[str, int]:
    """The commented template for a new study and the number of values left to fill in."""
    schema = model_schema(Study)
    writer = _Writer(schema, {"id": study_id, "citation": key})
    writer.fields(str(schema["title"]), "")
    body = "\n".join(writer.lines)
    return HEADER + "\n" + body + "\n", writer.to_fill


# --------------------------------------------------------------------------------------------- I/O


def plan(root: Path, study_id: str, bibtex_file: Path) -> Scaffold:
    """Check everything and build both texts; raises BadId or ScaffoldError, and writes nothing."""
    problem = id_problem(study_id)
    if problem is not None:
        raise BadId(f"{problem} (e.g. {suggest_id(study_id)})")
    studies = root / STUDIES_DIR
    if not studies.is_dir():
        _fail(
            STUDIES_DIR.as_posix(),
            1,
            "",
            "no synthesis/studies folder here",
            "run the command in the project folder, or pass --root",
        )
    for suffix in (".yaml", ".yml"):
        existing = studies / f"{study_id}{suffix}"
        if existing.exists() or existing.is_symlink():
            _fail(
                (STUDIES_DIR / existing.name).as_posix(),
                1,
                "id",
                f"a study file for {study_id!r} already exists; `synthsite new` never overwrites",
                f"edit that file, or choose another id, e.g. {study_id}-b",
            )
    shown = str(bibtex_file)
    entry = _read_text(bibtex_file, shown, MAX_ENTRY_BYTES)
    key, _ = parse_entry(entry, shown)
    bib_path = root / BIB_FILE
    existing_bib = _read_text(bib_path, BIB_FILE.as_posix(), MAX_BIB_BYTES) if bib_path.exists() else ""
    bib_text = appended_bibliography(existing_bib, entry, key, BIB_FILE.as_posix())
    study_text, to_fill = study_template(study_id, key)
    return Scaffold(studies / f"{study_id}.yaml", study_text, bib_path, bib_text, key, to_fill)


def _read_text(path: Path, shown: str, limit: int) -> str:
    """A regular file's text; a pipe, device or socket is refused before it is opened for reading (a FIFO would
    block until something writes to it)."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError
        if not stat.S_ISREG(mode):
            return _fail(shown, 1, "", "not a regular file (a named pipe, device or socket)", "give a .bib file")
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # swapped between stat and open
                return _fail(shown, 1, "", "not a regular file (a named pipe, device or socket)", "give a .bib file")
            raw = stream.read(limit + 1)
    except FileNotFoundError:
        return _fail(shown, 1, "", "file not found", "give the path of a .bib file holding the study's entry")
    except IsADirectoryError:
        return _fail(shown, 1, "", "this is a folder, not a file", "give the path of a .bib file")
    except OSError as exc:
        return _fail(shown, 1, "", f"cannot read the file: {exc.strerror}", "give a readable .bib file")
    if len(raw) > limit:
        return _fail(shown, 1, "", f"the file is larger than {limit:,} bytes", "give a file with the one entry")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _fail(shown, 1, "", "the file is not valid UTF-8", "save it as UTF-8 in your editor")


def create_new(path: Path, text: str) -> None:
    """Write a complete file at `path` only if nothing is there (FileExistsError otherwise), atomically."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(handle, default_mode())
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
        os.link(temporary, path)  # unlike rename, link refuses to replace an existing file
    finally:
        Path(temporary).unlink(missing_ok=True)


def write(scaffold: Scaffold) -> None:
    """Create the study file, then rewrite the bibliography; if that fails, remove the study file again."""
    create_new(scaffold.study_path, scaffold.study_text)
    try:
        write_atomic(scaffold.bib_path, scaffold.bib_text)
    except BaseException:
        scaffold.study_path.unlink(missing_ok=True)
        raise

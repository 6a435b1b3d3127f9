"""Safe, strict YAML reading for files that arrive in strangers' pull requests.

Fast path: PyYAML's C parser with a constructor that builds only plain data (str, int, float, bool, null,
lists, mappings), rejects every explicit tag that would build anything else, rejects aliases (so alias
bombs cannot expand), and rejects duplicate keys. The resolver follows YAML 1.2's core schema for booleans
(`yes`/`no` stay strings, as CASP answers need) and does not turn dates into objects.

Slow path, only when something must be reported: `positions()` re-composes the document to map each field
path to the line and column of its value, so messages can point at the offending line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.reader
from yaml._yaml import CParser as _Parser  # libyaml's parser: PyYAML wheels ship it on every platform we use
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from synthsite.load.text import HINT, TextRefused, normalise
from synthsite.model import MAX_FILE_BYTES

MAX_DEPTH = 64
MAX_INT = 2**63 - 1
"""Far above any count the models accept (they say their own bounds), far below what breaks a conversion."""
MAX_INT_CHARS = 24
"""Longer integer literals (digits and base prefix) are refused before Python converts them."""

TAG_PREFIX = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null", "map", "seq"))

Path = tuple[str | int, ...]


class YamlProblem(Exception):
    """A YAML-level problem with its 1-based position."""

    def __init__(self, message: str, line: int, col: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.hint = hint


class _AliasUsed(Exception):
    """A node was reached twice: the document uses an alias."""


def _first_alias(text: str) -> tuple[int, int]:
    """Where the first `*alias` is written (events are cheap and never expand aliases)."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                return event.start_mark.line + 1, event.start_mark.column + 1
    except yaml.YAMLError:
        pass
    return 1, 1


class _Resolver(BaseResolver):
    """YAML 1.2 core schema scalars: only true/false are booleans, no timestamps, no sexagesimal numbers."""


BOOL_FORM = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
INT_FORM = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
FLOAT_FORM = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
NULL_FORM = re.compile(r"^(?:~|null|Null|NULL|)$")

_Resolver.yaml_implicit_resolvers = {}
_Resolver.add_implicit_resolver(TAG_PREFIX + "bool", BOOL_FORM, list("tTfF"))
_Resolver.add_implicit_resolver(TAG_PREFIX + "int", INT_FORM, list("-+0123456789"))
_Resolver.add_implicit_resolver(TAG_PREFIX + "float", FLOAT_FORM, list("-+0123456789."))
_Resolver.add_implicit_resolver(TAG_PREFIX + "null", NULL_FORM, ["~", "n", "N", ""])


_SCALAR_FORMS = {
    TAG_PREFIX + "bool": BOOL_FORM,
    TAG_PREFIX + "int": INT_FORM,
    TAG_PREFIX + "float": FLOAT_FORM,
    TAG_PREFIX + "null": NULL_FORM,
}
"""The form a scalar must have to carry an explicit `!!bool`, `!!int`, `!!float` or `!!null` tag: the same
form that resolves to that type without a tag."""
_KINDS = {TAG_PREFIX + "map": (MappingNode, "a group of fields"), TAG_PREFIX + "seq": (SequenceNode, "a list")}
_NAMES = {"bool": "true or false", "int": "a whole number", "float": "a number", "null": "empty (null)"}


class _StrictConstructor(SafeConstructor):
    """Builds plain data only; aliases, foreign tags, duplicate keys and values that do not fit their explicit
    tag (`!!int abc`, `!!bool maybe`, `!!map abc`) are errors with a position."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _AliasUsed
        if node.tag not in ALLOWED_TAGS:
            raise YamlProblem(
                f"the YAML tag {node.tag.removeprefix(TAG_PREFIX)!r} is not allowed",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "remove the tag: study files hold plain text, numbers, lists and fields only",
            )
        _check_tagged_form(node)
        return super().construct_object(node, deep=deep)

    def construct_yaml_int(self, node: ScalarNode) -> int:
        """Whole numbers up to 2**63 - 1 in size; a longer one is a problem at its line, never a traceback
        (Python refuses to convert more than 4,300 decimal digits, and JSON or messages would then fail)."""
        value = str(node.value)
        body = value.lstrip("+-")
        number: int | None = None
        if len(body) <= MAX_INT_CHARS:
            base = 8 if body.startswith("0o") else 16 if body.startswith("0x") else 10
            number = int(body[2:] if base != 10 else body, base) * (-1 if value.startswith("-") else 1)
        if number is None or not -MAX_INT <= number <= MAX_INT:
            raise YamlProblem(
                f"the number is too large ({len(body):,} characters long)",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "numbers in these files are counts, far smaller; check for a typo, or quote it if it is text",
            )
        return number

    def construct_yaml_str(self, node: ScalarNode) -> str:
        """Every string, values and field names alike, goes through the one text normalisation."""
        try:
            return normalise(str(self.construct_scalar(node)))
        except TextRefused as exc:
            raise YamlProblem(exc.message, node.start_mark.line + 1, node.start_mark.column + 1, exc.hint) from None

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag != TAG_PREFIX + "str":
                shown = key_node.value if isinstance(key_node, ScalarNode) else "a list or mapping"
                raise YamlProblem(
                    f"field names must be text, not {shown!r}",
                    line,
                    col,
                    "field names are words like `label`",
                )
            key = str(key_node.value)
            if key in seen:
                raise YamlProblem(
                    f"duplicate field {key!r} (first set on line {seen[key]})",
                    line,
                    col,
                    "keep one of the two; YAML would silently use the last",
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _check_tagged_form(node: Node) -> None:
    """A value must have the form its tag says; an implicitly resolved value always has it."""
    tag = node.tag
    short = tag.removeprefix(TAG_PREFIX)
    wrong: str | None = None
    if tag in _KINDS:
        kind, name = _KINDS[tag]
        if not isinstance(node, kind):
            wrong = name
    elif not isinstance(node, ScalarNode):
        wrong = "text" if short == "str" else _NAMES.get(short, short)
    elif tag in _SCALAR_FORMS and _SCALAR_FORMS[tag].match(str(node.value)) is None:
        wrong = _NAMES[short]
    if wrong is not None:
        shown = repr(node.value) if isinstance(node, ScalarNode) else "a list or group of fields"
        if isinstance(node, ScalarNode) and len(shown) > 40:
            shown = shown[:37] + "..."
        raise YamlProblem(
            f"the value {shown} is tagged `!!{short}` but is not {wrong}",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            "remove the `!!` tag and write the value plainly",
        )


# The stubs accept only PyYAML's own loader classes here; registering on a constructor is what PyYAML does too.
_StrictConstructor.add_constructor(TAG_PREFIX + "int", _StrictConstructor.construct_yaml_int)  # type: ignore[type-var]
_StrictConstructor.add_constructor(TAG_PREFIX + "str", _StrictConstructor.construct_yaml_str)  # type: ignore[type-var]


class StrictLoader(_Parser, _StrictConstructor, _Resolver):
    """Loader combining the C parser with the strict constructor and the 1.2-style resolver."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _StrictConstructor.__init__(self)
        _Resolver.__init__(self)


def decode(
    raw: bytes, limit: int = MAX_FILE_BYTES, hint: str = "a study record is a few hundred lines; split or shorten it"
) -> str:
    """Strict UTF-8 (a BOM is tolerated); the message names the first bad byte's line and column."""
    if len(raw) > limit:
        raise YamlProblem(f"file is too large ({len(raw):,} bytes; the limit is {limit:,})", 1, 1, hint)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)",
            line,
            col,
            "save the file as UTF-8 in your editor",
        ) from None


def parse(text: str, loader_class: type[StrictLoader] = StrictLoader) -> Any:
    """Parse one YAML document into plain data, or raise YamlProblem with a position."""
    _check_depth_before_composing(text)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem("the file is empty", 1, 1, "start from `synthsite new` or copy an existing file")
        _check_depth(node)
        return loader.construct_document(node)
    except _AliasUsed:
        line, col = _first_alias(text)
        raise YamlProblem(
            "aliases (*name) are not allowed", line, col, "write the value out in full instead of `*name`"
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise _from_marked(exc, text) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        raise YamlProblem(TextRefused(char, 0).message, line, col, HINT) from None
    except yaml.YAMLError as exc:  # any other parser complaint, still as a clean problem
        raise YamlProblem(f"YAML error: {exc}", 1, 1) from None
    except RecursionError:
        raise YamlProblem(f"the data is nested too deeply (more than {MAX_DEPTH} levels)", 1, 1) from None
    finally:
        loader.dispose()


_BLOCK_PREFIX = re.compile(r"^[ \-?]*", re.MULTILINE)
_FLOW_BRACKET = re.compile(r"[\[\]{}]")


def depth_bound(text: str) -> int:
    """An upper bound of the document's nesting, from its text alone. A nested block collection starts further
    right than its parent (a list under a field may start at the field's column), so block nesting is at most
    twice the widest run of indentation and `- ` or `? ` indicators at a line's start, plus one; every flow
    collection opens with a bracket. Quoted brackets only make the bound looser."""
    block = max(map(len, _BLOCK_PREFIX.findall(text)), default=0)
    flow = deepest = 0
    for bracket in _FLOW_BRACKET.finditer(text):
        flow = flow + 1 if bracket.group() in "[{" else max(flow - 1, 0)
        deepest = max(deepest, flow)
    return 2 * block + 2 + deepest


def _check_depth_before_composing(text: str) -> None:
    """Refuse absurd nesting before libyaml composes the document: PyYAML's C composer recurses once per level
    on the C stack, so ~60 KB of `[` kill the process (a segfault, no message). Documents whose text bounds
    their depth (`depth_bound`) skip the exact count; the others are counted on libyaml's event stream, which
    its parser produces with its own stack, never recursing."""
    if depth_bound(text) <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise YamlProblem(
                        f"the data is nested too deeply (more than {MAX_DEPTH} levels)",
                        mark.line + 1 if mark else 1,
                        mark.column + 1 if mark else 1,
                        "study files need a few levels of fields and lists; remove the extra brackets",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # the parse proper reports the syntax error, with its position


def _check_depth(root: Node) -> None:
    """Reject absurd nesting before construction (the constructor recurses)."""
    stack: list[tuple[Node, int]] = [(root, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise YamlProblem(
                f"the data is nested too deeply (more than {MAX_DEPTH} levels)",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))


def _from_marked(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """Turn PyYAML's error into one line with a position and a plain-language hint."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    problem = (exc.problem or "").strip()
    if isinstance(exc, ConstructorError) and "could not determine a constructor" in problem:
        tag = problem.split("tag", 1)[-1].strip().strip("'")
        return YamlProblem(
            f"the YAML tag {tag!r} is not allowed",
            line,
            col,
            "remove the tag: study files hold plain text, numbers, lists and fields only",
        )
    if "'\\t'" in problem or "\t" in _line(text, line)[: max(col - 1, 0) + 1]:
        return YamlProblem(
            "a tab character is used for indentation", line, col, "YAML indents with spaces; use two spaces"
        )
    message = f"YAML syntax error: {problem}"
    if exc.context:
        message += f" ({exc.context.strip()})"
    hint = "check the indentation and quoting on this line and the one above"
    if "mapping values are not allowed" in problem:
        hint = 'text containing ": " must be quoted, e.g. label: "Theme: a subtitle"'
    return YamlProblem(message, line, col, hint)


def _line(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


# ------------------------------------------------------------------------------------- slow path


@dataclass
class Positions:
    """1-based (line, col) of every value and key in a document, by field path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, path: Path) -> tuple[int, int]:
        """Where the value at `path` starts, or its nearest located ancestor."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found:
                return found
        return (1, 1)

    def of_key(self, path: Path) -> tuple[int, int]:
        """Where the field name at `path` is written; falls back to the value."""
        return self.keys.get(path) or self.of_value(path)


def positions(text: str) -> Positions:
    """Compose the document (no construction) and record where each field path is."""
    out = Positions()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return out
    if root is None:
        return out
    stack: list[tuple[Node, Path]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:  # aliases share nodes: visit once, never expand
            continue
        seen.add(id(node))
        out.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    child = (*path, str(key_node.value))
                    out.keys.setdefault(child, (key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                    stack.append((value_node, child))
        elif isinstance(node, SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
    return out

"""Turn pydantic validation errors into messages a contributor who does not know Python can act on."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from synthsite.load.problems import Problem, field_path
from synthsite.load.safeyaml import Path, Positions
from synthsite.model import COUNTRY_PATTERN, SLUG_PATTERN
from synthsite.weburl import WEB_URL_HINT, WEB_URL_PATTERN

"""The pattern of `CountryCode` in model.py."""


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        shown = _number(value)
        return shown if shown.startswith("a number") else f"a number ({shown})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text ({shown!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return type(value).__name__


def _number(value: int | float) -> str:
    """A number as written, or its size when it is too long to show (or for Python to convert)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a number about {int(value.bit_length() * 0.30103) + 1:,} digits long"
    return str(value)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation may hold (through list, Optional, Union, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is None:
        return []
    found: list[type[BaseModel]] = []
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        args = args[:1]
    for arg in args:
        found.extend(_models_in(arg))
    return found


def _walk(model: type[BaseModel], path: Path) -> tuple[FieldInfo | None, list[type[BaseModel]]] | None:
    """Follow a data path through the models: the last field's info and the models its value may hold."""
    current: list[type[BaseModel]] = [model]
    info: FieldInfo | None = None
    for part in path:
        if isinstance(part, int):
            continue
        info = next((m.model_fields[part] for m in current if part in m.model_fields), None)
        if info is None:
            return None
        current = _models_in(info.annotation)
    return info, current


def field_info(model: type[BaseModel], path: Path) -> FieldInfo | None:
    """The FieldInfo for a data path, to borrow its examples and allowed fields for hints."""
    found = _walk(model, path)
    return found[0] if found else None


def _owner(model: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The model that holds the mapping at `path` (for the list of allowed field names)."""
    found = _walk(model, path)
    return found[1][0] if found and found[1] else None


def _example(model: type[BaseModel], path: Path) -> str | None:
    info = field_info(model, path)
    if info is None or not info.examples:
        return None
    name = next((p for p in reversed(path) if isinstance(p, str)), "value")
    example = info.examples[0]
    if isinstance(example, str):
        return f'e.g. {name}: "{example}"' if _needs_quotes(example) else f"e.g. {name}: {example}"
    if isinstance(example, list) and example and path and isinstance(path[-1], int):
        return f"e.g. - {example[0]}"  # an item of a list: show an item
    if isinstance(example, list | dict):
        return None
    return f"e.g. {name}: {example}"


def _needs_quotes(text: str) -> bool:
    return not text or any(c in text for c in ":#'\"[]{}") or text.strip() != text or text[0].isdigit()


def _clean_path(loc: tuple[Any, ...], data: Any, missing: bool) -> tuple[Path, bool]:
    """Keep the parts of pydantic's `loc` that index the data; drop union member tags.

    Returns the path and whether a union tag was dropped (the error comes from one branch of a union).
    """
    path: list[str | int] = []
    current = data
    dropped = False
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(current, dict) and isinstance(part, str) and part in current:  # noqa: SIM114 (typed apart)
            current = current[part]
            path.append(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            path.append(part)
        elif last and (missing or isinstance(current, dict)) and isinstance(part, str) and not _is_tag(part):
            path.append(part)
        else:
            dropped = True
    return tuple(path), dropped


def _is_tag(part: str) -> bool:
    return part[:1].isupper() or "[" in part or part in {"int", "str", "float", "bool", "list", "dict"}


def _describe(error: ErrorDetails, model: type[BaseModel], path: Path) -> tuple[str, str | None]:
    """Message and hint for one pydantic error."""
    hint: str | None
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = next((str(p) for p in reversed(path) if isinstance(p, str)), "value")
    example = _example(model, path)
    if kind == "missing":
        owner = _owner(model, path[:-1])
        info = owner.model_fields.get(name) if owner else None
        what = f": {_sentence(info.description)}" if info and info.description else ""
        return f"required field `{name}` is missing{what}", example or f"add `{name}:` here"
    if kind == "extra_forbidden":
        owner = _owner(model, path[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"allowed fields: {', '.join(allowed)}"
        return f"unknown field `{name}`", hint
    if kind in {"int_type", "int_parsing"}:
        hint = (
            f"write the number without quotes, e.g. {name}: {value}" if _digits(value) and len(value) < 20 else example
        )
        return f"expected a whole number, got {_type_name(value)}", hint
    if kind == "string_type":
        hint = f'put the value in quotes, e.g. {name}: "{value}"' if isinstance(value, int | float) else example
        return f"expected text, got {_type_name(value)}", hint
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        close = difflib.get_close_matches(str(value), _literal_choices(expected), n=1)
        choices = _literal_choices(expected)
        fill = (example or f"e.g. {name}: {choices[0]}") if value is None else None  # an empty value: show one
        hint = f'did you mean "{close[0]}"?' if close else fill
        wanted = expected if len(choices) == 1 else f"one of {expected}"
        return f"expected {wanted}, got {_type_name(value)}", hint
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == SLUG_PATTERN:
            return (
                f"{_type_name(value)} is not a valid id: use lowercase letters, digits and single hyphens "
                "(no spaces, slashes or dots)",
                example,
            )
        if ctx.get("pattern") == WEB_URL_PATTERN:
            return (
                f"{_type_name(value)} is not a web address",
                f"{WEB_URL_HINT}, {example}" if example else WEB_URL_HINT,
            )
        if ctx.get("pattern") == COUNTRY_PATTERN:
            return f"{_type_name(value)} is not a country code", _country_hint(value) or example
        return f"{_type_name(value)} is not in the expected form", example
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a group of fields (`name: value` lines), got {_type_name(value)}", None
    if kind == "list_type":
        return f"expected a list (lines starting with `- `), got {_type_name(value)}", None
    if kind == "too_short":
        needed = ctx.get("min_length", 1)
        return f"needs at least {needed} item{'s' if needed != 1 else ''}", _list_hint(model, path, name)
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})", None
    if kind == "string_too_short":
        return "must not be empty", example
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)", None
    if kind in {"greater_than_equal", "less_than_equal"}:
        return f"{error['msg'].lower()}, got {_number(value)}", example
    if kind in {"value_error", "assertion_error"}:
        return str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, "), None
    return str(error["msg"]), example


def _sentence(description: str) -> str:
    """The first whole sentence of a field description (docstrings wrap over lines: never cut at a line end),
    as a clause: lower-case start, no final full stop."""
    flat = " ".join(description.split())
    match = re.match(r"(.+?[.!?])(?=\s+[A-Z`(]|$)", flat)
    first = (match.group(1) if match else flat).rstrip(".")
    return first[:1].lower() + first[1:] if first[:2] != first[:2].upper() else first


def _list_hint(model: type[BaseModel], path: Path, name: str) -> str:
    """How to add items to an empty list, with an item from the field's example when it has one."""
    info = field_info(model, path)
    examples = info.examples if info is not None and info.examples else []
    first = examples[0] if examples and isinstance(examples[0], list) and examples[0] else None
    item = f", e.g. - {first[0]}" if first is not None and not isinstance(first[0], dict) else ""
    return f"write each item on its own line under `{name}:`, starting with `- `{item}"


def _country_hint(value: Any) -> str | None:
    """`Norway` -> `write the ISO 3166-1 alpha-2 code in capitals, e.g. - NO (Norway)`."""
    from synthsite.countries import COUNTRY_NAMES, ISO_3166_ALPHA2

    text = str(value).strip()
    by_name = {name.lower(): code for code, name in COUNTRY_NAMES.items()}
    code = text.upper() if text.upper() in ISO_3166_ALPHA2 else by_name.get(text.lower())
    if code is None:
        return None
    return f"write the two-letter ISO 3166-1 code in capitals, e.g. - {code}"


def _digits(value: Any) -> bool:
    return isinstance(value, str) and value.strip().isdigit()


def _literal_choices(expected: str) -> list[str]:
    return [part.strip().strip("'\"") for part in expected.replace(" or ", ",").split(",") if part.strip()]


def problems_from_validation(
    exc: ValidationError, model: type[BaseModel], data: Any, path: str, where: Positions
) -> list[Problem]:
    """One problem per located field; union branches are merged into one message."""
    by_path: dict[Path, list[tuple[str, str | None, bool, str]]] = {}
    for error in exc.errors(include_url=False):
        missing = error["type"] == "missing"
        clean, from_union = _clean_path(tuple(error["loc"]), data, missing)
        message, hint = _describe(error, model, clean)
        by_path.setdefault(clean, []).append((message, hint, from_union, error["type"]))
    # A union whose model branch got deeper reports the deeper error only.
    union_paths = {p for p, errs in by_path.items() if any(e[2] for e in errs)}
    for shallow in list(by_path):
        if shallow in union_paths and any(
            deeper != shallow and deeper[: len(shallow)] == shallow for deeper in union_paths
        ):
            del by_path[shallow]
    problems: list[Problem] = []
    for clean, errors in by_path.items():
        kinds = {e[3] for e in errors}
        if "extra_forbidden" in kinds or "missing" in kinds:
            line, col = where.of_key(clean) if "extra_forbidden" in kinds else where.of_key(clean[:-1])
        else:
            line, col = where.of_value(clean)
        message = _merge([e[0] for e in errors])
        hint = next((e[1] for e in errors if e[1]), None)
        problems.append(Problem(path, line, col, field_path(clean), message, hint))
    return problems


def _merge(messages: list[str]) -> str:
    """`expected a whole number, got X` + `expected one of 'not reported', got X` -> one sentence."""
    unique = list(dict.fromkeys(messages))
    if len(unique) == 1:
        return unique[0]
    expectations = [m.split(", got ")[0].removeprefix("expected ") for m in unique if m.startswith("expected ")]
    if len(expectations) == len(unique):
        got = unique[0].split(", got ", 1)[1] if ", got " in unique[0] else "something else"
        return f"expected {' or '.join(expectations)}, got {got}"
    return "; ".join(unique)

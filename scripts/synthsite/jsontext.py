"""Indented JSON text, byte for byte what `json.dumps(value, ensure_ascii=False, indent=2)` writes, made faster.

The standard library only uses its C encoder without `indent`; with it, every value goes through a generator
written in Python, which made the JSON downloads of about 2,000 tables close to a tenth of the whole generation at
1,000 studies. Here containers are joined directly and strings use the C string encoder. Anything this does not
know (a non-string key, an unknown type) is handed back to `json.dumps`, so the output never differs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import chain
from json.encoder import encode_basestring  # the C implementation when available
from typing import Any

from synthsite.kepttexts import EXACT_TYPES, KeptTexts

FAST_RECORDS = json.encoder.c_make_encoder is not None  # type: ignore[attr-defined]
"""Lists of flat records go through the C encoder (`_records`) when the interpreter has it."""


class _Unsupported(Exception):
    """A value `json.dumps` would write differently from this module (or refuse)."""


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == float("-inf"):
        return "-Infinity"
    return float.__repr__(value)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _null(value: None) -> str:
    return "null"


_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: _bool,
    type(None): _null,
}
"""How each plain scalar type is written (looked up by exact type; subclasses take the slower path)."""


def _scalar(value: Any) -> str | None:
    """The scalar's JSON text, or None for a container."""
    write = _SCALARS.get(type(value))
    if write is not None:
        return write(value)
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):  # bool cannot be subclassed: a bool took the table above
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict | list | tuple):
        return None
    raise _Unsupported


_SCALAR_TYPES = frozenset(_SCALARS)
_KEY_TYPES = frozenset({str})
_DICT_TYPE = frozenset({dict})


def _flat_records(value: list[Any] | tuple[Any, ...]) -> bool:
    """A list of non-empty objects whose keys are strings and whose values are plain scalars (table rows). The
    types of all the records, then of all their keys and of all their values, are each compared as one set, without
    a Python step per record or field."""
    return (
        _DICT_TYPE.issuperset(map(type, value))
        and all(value)
        and _KEY_TYPES.issuperset(map(type, chain.from_iterable(value)))
        and _SCALAR_TYPES.issuperset(map(type, chain.from_iterable(map(dict.values, value))))
    )


def _records(value: list[Any] | tuple[Any, ...], pad: str, step: str) -> str:
    """A list of flat records in one call of the C encoder: with `indent` unset it takes any item separator, so
    the one between fields is the newline and padding of the indented form. The records' own braces are then
    moved onto their lines; JSON strings never hold a raw newline, so `},\n<pad>{` occurs only between records."""
    inner, fields = pad + step, pad + step + step
    text = json.JSONEncoder(ensure_ascii=False, separators=(",\n" + fields, ": "), check_circular=False).encode(value)
    between = "},\n" + fields + "{"
    body = text[2:-2].replace(between, f"\n{inner}}},\n{inner}{{\n{fields}")
    return f"[\n{inner}{{\n{fields}{body}\n{inner}}}\n{pad}]"


class RecordTexts(KeptTexts[tuple[str, tuple[str, ...], tuple[Any, ...]]]):
    """Each flat record's text as `_records` writes it, kept between the renders of one preview
    (`render.reuse.PageReuse` holds it; nothing else gets one).

    The JSON of every table holds its rows as records (about 45,000 at 1,000 studies), and a save changes a few.
    Inside `_records`' output a record's fields are the C encoder's text of the record alone, between braces that
    `_records` places by the padding; so that text is made from the padding, the keys in order and the values, and
    nothing else: that is the key, kept only for records whose values are all of `kepttexts.EXACT_TYPES` (where equal
    tuples write equal text); any other record is encoded each time. Texts the last render did not use are
    dropped at the next `start`."""

    def __init__(self) -> None:
        super().__init__()
        self._encoders: dict[str, Callable[[Any], str]] = {}

    def text(self, value: list[dict[str, Any]], pad: str, step: str) -> str:
        """`_records(value, pad, step)`, from kept texts of the records seen before."""
        inner, fields = pad + step, pad + step + step
        encode = self._encoders.get(fields)
        if encode is None:
            encode = self._encoders[fields] = json.JSONEncoder(
                ensure_ascii=False, separators=(",\n" + fields, ": "), check_circular=False
            ).encode
        current, previous = self._current, self._previous
        texts: list[str] = []
        for record in value:
            values = tuple(record.values())
            if not EXACT_TYPES.issuperset(map(type, values)):
                texts.append(encode(record)[1:-1])
                continue
            key = (fields, tuple(record), values)
            text = current.get(key)
            if text is None:
                text = previous.get(key)
                if text is None:
                    text = encode(record)[1:-1]
                    self.made += 1
                current[key] = text
            texts.append(text)
        between = f"\n{inner}}},\n{inner}{{\n{fields}"
        return f"[\n{inner}{{\n{fields}{between.join(texts)}\n{inner}}}\n{pad}]"


def _encode(value: Any, pad: str, step: str, out: list[str], kept: RecordTexts | None = None) -> None:
    text = _scalar(value)
    if text is not None:
        out.append(text)
    elif FAST_RECORDS and type(value) is list and value and _flat_records(value):
        out.append(_records(value, pad, step) if kept is None else kept.text(value, pad, step))
    elif not value:
        out.append("{}" if isinstance(value, dict) else "[]")
    elif isinstance(value, dict):
        inner = pad + step
        out.append("{")
        separator = "\n"
        for key, item in value.items():
            if type(key) is not str:
                raise _Unsupported
            text = _scalar(item)
            if text is not None:
                out.append(f"{separator}{inner}{encode_basestring(key)}: {text}")
            else:
                out.append(f"{separator}{inner}{encode_basestring(key)}: ")
                _encode(item, inner, step, out, kept)
            separator = ",\n"
        out.append(f"\n{pad}}}")
    else:
        inner = pad + step
        out.append("[")
        separator = "\n"
        for item in value:
            text = _scalar(item)
            if text is not None:
                out.append(f"{separator}{inner}{text}")
            else:
                out.append(separator + inner)
                _encode(item, inner, step, out, kept)
            separator = ",\n"
        out.append(f"\n{pad}]")


def dumps_indented(value: Any, indent: int = 2, kept: RecordTexts | None = None) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=indent)`, faster for plain data; `kept`: the preview's record
    texts (`RecordTexts`), the same text with fewer records encoded."""
    out: list[str] = []
    try:
        _encode(value, "", " " * indent, out, kept)
    except (_Unsupported, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=indent)
    return "".join(out)

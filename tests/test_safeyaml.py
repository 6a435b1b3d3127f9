"""The strict YAML reader: plain data only, YAML 1.2 booleans, positions for messages."""

from __future__ import annotations

import pytest

from synthsite.load.safeyaml import YamlProblem, decode, parse, positions
from synthsite.model import MAX_FILE_BYTES


def test_yaml_11_booleans_and_dates_stay_text() -> None:
    assert parse("a: yes\nb: no\nc: on\nd: 2024-01-01\ne: NO\nf: true\n") == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": "2024-01-01",
        "e": "NO",
        "f": True,
    }


def test_numbers() -> None:
    assert parse("a: 12\nb: 1.5\nc: '12'\nd: 010\ne: 0x10\n") == {
        "a": 12,
        "b": 1.5,
        "c": "12",
        "d": 10,
        "e": 16,
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!python/name:os.system\n", "the YAML tag 'python/name:os.system' is not allowed"),
        ("a: !!binary aGk=\n", "the YAML tag 'binary' is not allowed"),
        ("a: !!set {x: null}\n", "the YAML tag 'set' is not allowed"),
        ("a: !custom x\n", "the YAML tag '!custom' is not allowed"),
        ("a: &x 1\nb: *x\n", "aliases (*name) are not allowed"),
        ("a: &x {b: 1}\nc:\n  <<: *x\n", "aliases (*name) are not allowed"),
        ("? [a, b]\n: c\n", "field names must be text, not 'a list or mapping'"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", "the data is nested too deeply (more than 64 levels)"),
    ],
)
def test_rejected(text: str, message: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    assert caught.value.message == message


def test_oversized_file() -> None:
    with pytest.raises(YamlProblem) as caught:
        decode(b"a" * (MAX_FILE_BYTES + 1))
    assert caught.value.message.startswith("file is too large")


def test_byte_order_mark_is_tolerated() -> None:
    assert parse(decode(b"\xef\xbb\xbfa: 1\n")) == {"a": 1}


def test_positions_of_values_and_keys() -> None:
    where = positions("a:\n  b: 1\n  c:\n    - x\n    - y: 2\n")
    assert where.of_value(("a", "b")) == (2, 6)
    assert where.of_key(("a", "c", 1, "y")) == (5, 7)
    assert where.of_value(("a", "c", 1, "missing")) == (5, 7)

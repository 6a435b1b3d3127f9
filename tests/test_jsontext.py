"""`jsontext.dumps_indented` writes exactly what `json.dumps(value, ensure_ascii=False, indent=2)` writes: the JSON
downloads are cited files, so the faster writer may not change a byte. Table rows (lists of flat records) take the
C encoder's path; everything else the general one; anything unusual falls back to `json.dumps` itself."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from synthsite import jsontext
from synthsite.jsontext import dumps_indented

TRICKY_TEXT = st.text(alphabet=st.sampled_from(list('ab ,:{}[]"\\\n\r\t\u2028é🧠')) | st.characters(), max_size=12)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | TRICKY_TEXT
RECORD = st.dictionaries(TRICKY_TEXT, SCALARS, max_size=5)
VALUES = st.recursive(
    SCALARS | st.lists(RECORD, max_size=4),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TRICKY_TEXT, inner, max_size=4),
    max_leaves=30,
)


def _expected(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_the_same_text_as_json_dumps(value: Any) -> None:
    assert dumps_indented(value) == _expected(value)


def test_table_rows_take_the_fast_path_and_match() -> None:
    rows = [{"study": 'a "quoted", \n}, {\nvalue', "n": 3, "share": 0.5, "ok": True, "none": None} for _ in range(3)]
    data = {"id": "t", "rows": rows, "empty": [], "nothing": {}}
    assert jsontext.FAST_RECORDS  # CPython ships the C encoder
    assert dumps_indented(data) == _expected(data)


def test_what_it_does_not_know_goes_to_json_dumps() -> None:
    assert dumps_indented({1: "a", None: [1, 2]}) == _expected({1: "a", None: [1, 2]})  # non-string keys
    assert dumps_indented([("a", 1), {"k": (2, 3)}]) == _expected([("a", 1), {"k": (2, 3)}])


@settings(max_examples=300, deadline=None)
@given(st.lists(VALUES, min_size=1, max_size=4))
def test_kept_record_texts_give_the_same_text_as_json_dumps(values: list[Any]) -> None:
    """One preview's renders in turn (each value twice, at any depth): a kept record text is only ever the right one."""
    kept = jsontext.RecordTexts()
    for value in [*values, *values]:
        kept.start()
        assert dumps_indented(value, kept=kept) == _expected(value)


def test_records_that_compare_equal_but_write_differently_never_share_a_text() -> None:
    """True == 1 == 1.0 and 0.0 == -0.0, but each is written its own way; the same record deeper in is padded more."""
    kept = jsontext.RecordTexts()
    for value in (1, True, 1.0, "1", 0.0, -0.0, 0, False, None, ""):
        data = {"rows": [{"a": value, "b": "same"}, {"a": value, "b": "other"}]}
        for shape in (data, [data], {"deeper": [data]}):
            assert dumps_indented(shape, kept=kept) == _expected(shape), (value, shape)


def test_a_kept_record_is_encoded_once_and_joined_again() -> None:
    kept = jsontext.RecordTexts()
    rows = [{"study": f"s{n}", "n": n, "note": None} for n in range(50)]
    kept.start()
    first = dumps_indented({"rows": rows}, kept=kept)
    assert kept.made == 50 == kept.used
    kept.start()
    changed = [{"study": "s0", "n": 0, "note": "changed"}, *rows[1:]]
    again = dumps_indented({"rows": changed}, kept=kept)
    assert kept.made == 1  # only the changed record is encoded
    assert again == _expected({"rows": changed}) != first


def test_records_with_the_same_values_under_other_keys_never_share_a_text() -> None:
    kept = jsontext.RecordTexts()
    for keys in (("a", "b"), ("c", "d"), ("a", "b")):
        data = {"rows": [dict(zip(keys, ("x", 1), strict=True))]}
        assert dumps_indented(data, kept=kept) == _expected(data), keys

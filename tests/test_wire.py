"""Tests for coursekit.checks.wire: answers as plain, type-tagged JSON.

Every accepted type survives ``encode`` → ``json`` → ``decode`` with its type and value;
everything else (subclasses, objects with their own ``__eq__``, huge or deep answers) is
refused with a message naming its type; ``decode`` refuses malformed documents with a
clear error; the report cell's output is parsed strictly.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import math

import numpy as np
import pandas as pd
import pytest

from coursekit.checks import check, wire
from coursekit.checks.wire import WireError, decode, encode, parse_report, report_source

TOKEN = "CKGRADEtest0123456789:"


def _roundtrip(value):
    text = json.dumps(encode(value), allow_nan=False)
    return decode(json.loads(text))


# ----------------------------------------------------------------------------- round trips

PLAIN = [
    None, ..., True, False, 0, -7, 2**100, 1.5, -0.0, 1e300, "", "Gulistan 1813 — “ü”",
    [], [1, "a", None], (1, (2, 3)), {1, 2, 3}, frozenset({"Iran", "Russia"}), set(),
    {"a": 1, 2: [3], (4, 5): {"x": None}}, {}, range(1800, 1900, 7),
    collections.Counter("abracadabra"), collections.OrderedDict(b=1, a=2),
    dt.date(1813, 10, 24), dt.datetime(2018, 9, 17, 22, 0, 5),
    np.int64(5), np.int8(-3), np.uint16(9), np.float64(2.5), np.float32(0.25), np.bool_(True),
    np.str_("Tartus"), np.datetime64("2018-09-17"), np.timedelta64(85, "D"),
    pd.Timestamp("2018-09-17"), pd.Timestamp("2018-09-17 22:00", tz="Asia/Tehran"),
]


def _plain_id(value) -> str:
    """A test id that is the same in every process (a set's repr depends on string hashing)."""
    shown = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
    return f"{type(value).__name__}:{shown!r}"[:40]


@pytest.mark.parametrize("value", PLAIN, ids=_plain_id)
def test_plain_values_roundtrip(value):
    back = _roundtrip(value)
    assert type(back) is type(value)
    assert back == value
    if hasattr(value, "dtype"):
        assert back.dtype == value.dtype


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), np.float64("nan")])
def test_non_finite_floats_roundtrip(value):
    back = _roundtrip(value)
    assert type(back) is type(value)
    assert (math.isnan(back) and math.isnan(value)) or back == value


@pytest.mark.parametrize("value", [pd.NaT, pd.NA])
def test_pandas_missing_values_roundtrip(value):
    assert _roundtrip(value) is value


def test_coursekits_own_route_roundtrips():
    from coursekit.geo import Route

    back = _roundtrip(Route(("tehran", "baghdad", "damascus"), 1465.0))
    assert type(back) is Route and back == Route(("tehran", "baghdad", "damascus"), 1465.0)


def test_dict_views_and_defaultdict_roundtrip():
    d = {"Iran": 1, "Russia": 2}
    assert list(_roundtrip(d.keys())) == ["Iran", "Russia"]
    assert type(_roundtrip(d.keys())) is type(d.keys())
    assert list(_roundtrip(d.values())) == [1, 2]
    assert list(_roundtrip(d.items())) == [("Iran", 1), ("Russia", 2)]
    back = _roundtrip(collections.defaultdict(int, a=3))
    assert type(back) is collections.defaultdict and back == {"a": 3}


SERIES = [
    pd.Series([1, 2, 3], name="n"),
    pd.Series([1.5, np.nan], index=["Iran", "Russia"]),
    pd.Series(["Damascus", None, "Aleppo"]),
    pd.Series(["a", "b"], dtype=object),
    pd.Series([True, False]),
    pd.Series([1, None], dtype="Int64"),
    pd.Series(["x", "y", "x"], dtype="category"),
    pd.Series(pd.Categorical(["lo", "hi"], categories=["lo", "hi"], ordered=True)),
    pd.Series(pd.to_datetime(["2015-09-30", None])),
    pd.Series(pd.date_range("2018-01-01", periods=2, tz="UTC")),
    pd.Series([3, 4], index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["k", "n"])),
    pd.Series([], dtype="float64"),
    pd.Series({2015: 1, 2016: 3}, name=("tuple", "name")),
]


@pytest.mark.parametrize("series", SERIES, ids=lambda s: str(s.dtype))
def test_series_roundtrip(series):
    back = _roundtrip(series)
    assert type(back) is pd.Series
    pd.testing.assert_series_equal(back, series, check_exact=True)


FRAMES = [
    pd.DataFrame({"actor": ["iran", "russia"], "score": [0.5, 1.0], "n": [1, 2]}),
    pd.DataFrame({"a": [1, 2]}, index=pd.Index(["p", "q"], name="key")),
    pd.DataFrame({"a": [1, 1]}, index=[0, 0]),
    pd.DataFrame({("x", "a"): [1], ("x", "b"): [2]}),
    pd.DataFrame(),
    pd.DataFrame({"when": pd.to_datetime(["2015-09-30"]), "kind": pd.Categorical(["air"])}),
    pd.DataFrame([[1, 2]], columns=["dup", "dup"]),
]


@pytest.mark.parametrize("frame", FRAMES, ids=lambda f: "x".join(map(str, f.shape)))
def test_dataframes_roundtrip(frame):
    back = _roundtrip(frame)
    assert type(back) is pd.DataFrame
    pd.testing.assert_frame_equal(back, frame, check_exact=True)


INDEXES = [
    pd.Index([1, 2], name="z"), pd.Index(["a", "b"]), pd.RangeIndex(2, 10, 2, name="r"),
    pd.DatetimeIndex(["2018-01-01"]), pd.CategoricalIndex(["a", "b"]),
    pd.MultiIndex.from_tuples([("a", 1)], names=["x", "y"]),
]


@pytest.mark.parametrize("index", INDEXES, ids=lambda i: type(i).__name__)
def test_indexes_roundtrip(index):
    pd.testing.assert_index_equal(_roundtrip(index), index, exact=True)


ARRAYS = [
    np.array([1, 2, 3]), np.array([[1.0, 2.0], [3.0, np.nan]]), np.array(["a", "bc"]),
    np.array(["a", 1, None], dtype=object), np.array([True, False]),
    np.array(["2018-01-01", "NaT"], dtype="datetime64[D]"),
    pd.Series(["a", "b", "a"]).unique(), pd.Series([1, None], dtype="Int64").unique(),
    pd.Series(pd.to_datetime(["2018-01-01"])).unique(), pd.Categorical(["x", "y"]),
]


@pytest.mark.parametrize("array", ARRAYS, ids=lambda a: f"{type(a).__name__}-{a.dtype}")
def test_arrays_roundtrip(array):
    back = _roundtrip(array)
    assert type(back) is type(array)
    assert back.dtype == array.dtype
    assert back.shape == array.shape
    assert pd.isna(back).tolist() == pd.isna(array).tolist()
    assert [x for x in np.asarray(back).ravel().tolist() if not pd.isna(x)] == [
        x for x in np.asarray(array).ravel().tolist() if not pd.isna(x)
    ]


def test_encoding_is_plain_json_without_code():
    doc = encode({"a": pd.Series([1.0]), "b": {1, 2}})
    text = json.dumps(doc, allow_nan=False)  # strict JSON: no NaN/Infinity literals
    assert "pickle" not in text and "__" not in text


# ----------------------------------------------------------------------------- refusals


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class Year(int):
    pass


class MySeries(pd.Series):
    pass


class Text(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (AlwaysEqual(), "answer of type AlwaysEqual cannot be graded: give a number"),
        ([1, AlwaysEqual()], "answer of type list cannot be graded: it holds a value of type "
                             "AlwaysEqual"),
        ({"k": (1, AlwaysEqual())}, "answer of type dict cannot be graded: it holds a value "
                                    "of type AlwaysEqual"),
        (pd.Series([AlwaysEqual()]), "answer of type Series cannot be graded: it holds a "
                                     "value of type AlwaysEqual"),
        (pd.Series([1], index=[Text("a")]), "it holds a value of type Text"),
        (Year(1813), "answer of type Year cannot be graded"),
        (Text("b"), "answer of type Text cannot be graded"),
        (MySeries([1]), "answer of type MySeries cannot be graded"),
        ((x for x in [1]), "answer of type generator cannot be graded"),
        (b"bytes", "answer of type bytes cannot be graded"),
        (collections.UserDict(a=1), "answer of type UserDict cannot be graded"),
        (np.array([1 + 2j]), "answer of type ndarray cannot be graded: it holds a value of "
                             "type complex128"),
        (pd.Series([pd.Interval(0, 1)]), "it holds a value of type Interval"),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, str) else "",
)
def test_unencodable_answers_name_their_type(value, message):
    with pytest.raises(WireError, match=message.replace("(", r"\(").replace(")", r"\)")):
        encode(value)


def _nested(levels):
    value = [1]
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (list(range(wire.MAX_ITEMS + 1)), "too large to grade \\(more than 100,000 values\\)"),
        ({i: i for i in range(wire.MAX_ITEMS)}, "too large to grade"),
        (pd.DataFrame(np.zeros((wire.MAX_ITEMS // 10 + 1, 10))), "too large to grade"),
        ("x" * (wire.MAX_TEXT + 1), "more than 1,000,000 characters"),
        (10**400, "an integer of 1329 bits"),
        (_nested(wire.MAX_DEPTH + 1), "nested too deeply"),
    ],
    ids=["list", "dict", "frame", "text", "int", "depth"],
)
def test_huge_or_deep_answers_are_refused(value, message):
    with pytest.raises(WireError, match=message):
        encode(value)


@pytest.mark.parametrize(
    "value",
    [range(10**12), range(-(2**62), 2**62), pd.RangeIndex(0, 2**62)],
    ids=["range", "range-beyond-len", "rangeindex"],
)
def test_a_huge_range_counts_as_its_items(value):
    # red team: range(10**12) encoded as three ints, and the judge then iterated it for
    # a list question in the grader's own process (a hang, then out of memory)
    with pytest.raises(WireError, match="too large to grade"):
        encode(value)


@pytest.mark.parametrize(
    "doc",
    [{"t": "range", "d": [0, 10**12, 1]},
     {"t": "rangeindex", "d": [0, 2**62, 1], "name": {"t": "none"}}],
    ids=["range", "rangeindex"],
)
def test_a_forged_huge_range_is_refused_when_decoded(doc):
    with pytest.raises(WireError, match="too large"):
        decode(doc)


def test_a_list_that_contains_itself_is_refused():
    loop: list = []
    loop.append(loop)
    with pytest.raises(WireError, match="nested too deeply"):
        encode(loop)


def test_encoding_a_generator_does_not_consume_it():
    gen = (x for x in [1, 2])
    with pytest.raises(WireError):
        encode(gen)
    assert list(gen) == [1, 2]


# ----------------------------------------------------------------------------- decode


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"t": "pickle", "d": "gASV"}, "unknown tag 'pickle'"),
        ({"t": "int"}, "'int' without 'd'"),
        ({"t": "int", "d": "5"}, "malformed 'd'"),
        ({"t": "int", "d": True}, "malformed 'd'"),
        ({"t": "bool", "d": 1}, "malformed 'd'"),
        ({"t": "float", "d": "NaN-ish"}, "malformed float"),
        ({"t": "list", "d": [{"t": "nope"}]}, "unknown tag 'nope'"),
        ({"t": "list", "d": [5]}, "expected a tagged object"),
        ("not a dict", "expected a tagged object"),
        ({"d": 5}, "expected a tagged object"),
        ({"t": "set", "d": [{"t": "list", "d": []}]}, "a set of unhashable items"),
        ({"t": "dict", "d": [[{"t": "int", "d": 1}]]}, "not a \\[key, value\\] pair"),
        ({"t": "dict", "cls": "os._wrap_close", "d": []}, "unknown kind of dict"),
        ({"t": "npscalar", "dtype": "object", "d": {"t": "int", "d": 1}}, "numpy scalar"),
        ({"t": "series", "dtype": "int64", "values": [], "name": {"t": "none"},
          "index": {"t": "str", "d": "x"}}, "without an index"),
        ({"t": "series", "dtype": "os.system", "values": [], "name": {"t": "none"},
          "index": {"t": "rangeindex", "d": [0, 0, 1], "name": {"t": "none"}}},
         "dtype 'os.system' is not accepted"),
        ({"t": "series", "dtype": "int64", "values": [{"t": "int", "d": 1}],
          "name": {"t": "none"},
          "index": {"t": "rangeindex", "d": [0, 2, 1], "name": {"t": "none"}}},
         "index and values disagree"),
        ({"t": "range", "d": [0, 10, 0]}, "step 0"),
        ({"t": "namedtuple", "cls": "os.stat_result", "d": []}, "unknown named tuple"),
        ({"t": "namedtuple", "cls": "coursekit.geo.Route", "d": []}, "malformed Route"),
        ({"t": "ndarray", "dtype": "int64", "shape": [3], "d": []}, "shape and values disagree"),
        ({"t": "frame", "index": {"t": "rangeindex", "d": [0, 1, 1], "name": {"t": "none"}},
          "columns": {"t": "index", "dtype": "object", "values": [{"t": "str", "d": "a"}],
                      "name": {"t": "none"}}, "d": []}, "columns and data disagree"),
        ({"t": "timestamp", "d": "not a date", "tz": None}, "DateParseError"),
    ],
)
def test_decode_rejects_malformed_documents(doc, message):
    with pytest.raises(WireError, match="^cannot read the answer: .*" + message):
        decode(doc)


def test_decode_limits_depth_and_size():
    deep: dict = {"t": "int", "d": 1}
    for _ in range(wire.MAX_DEPTH + 2):
        deep = {"t": "list", "d": [deep]}
    with pytest.raises(WireError, match="nested"):
        decode(deep)
    big = {"t": "list", "d": [{"t": "none"}] * (wire.MAX_ITEMS + 1)}
    with pytest.raises(WireError, match="too large"):
        decode(big)


# ----------------------------------------------------------------------------- recording


@pytest.fixture
def records():
    wire.RECORDS.clear()
    yield wire.RECORDS
    wire.RECORDS.clear()


def test_check_records_every_answer_and_keeps_the_last(records, capsys):
    check("01.1", 1812)
    check("01.2", AlwaysEqual())
    check("01.1", 1813)
    assert list(records) == ["01.2", "01.1"]
    assert decode(records["01.1"]["answer"]) == 1813
    assert records["01.2"]["answer"] is None
    assert records["01.2"]["error"].startswith("answer of type AlwaysEqual cannot be graded")
    out = capsys.readouterr().out
    assert out.count("\n") == 3  # learners' feedback is unchanged: one line per check


def test_grading_mode_records_and_says_nothing_about_correctness(records, capsys, monkeypatch):
    from coursekit.checks.core import get_question

    monkeypatch.setenv(wire.GRADING_ENV, "1")
    right = get_question("01.1").expected()
    results = [check("01.1", right), check("01.1", right + 1), check("01.9", "?")]
    assert [r.passed for r in results] == [None, None, None]
    assert {r.points for r in results} == {0.0}
    assert {r.message for r in results} == {"recorded for grading"}
    assert capsys.readouterr().out.splitlines() == [
        "recorded 01.1 for grading", "recorded 01.1 for grading", "recorded 01.9 for grading",
    ]
    assert decode(records["01.1"]["answer"]) == right + 1


def test_records_are_capped(records):
    for i in range(wire.MAX_RECORDS + 50):
        wire.record(f"q{i}", i)
    assert len(records) == wire.MAX_RECORDS
    wire.record("q0", "last")  # an id already recorded still updates
    assert decode(records["q0"]["answer"]) == "last"


# ----------------------------------------------------------------------------- report


def _stdout(text):
    return [{"output_type": "stream", "name": "stdout", "text": text}]


def test_report_cell_prints_what_parse_report_reads(records, capsys):
    wire.record("01.1", 1813)
    wire.record("01.2", pd.Series([1.0, 2.0]))
    exec(report_source(TOKEN), {})  # noqa: S102 - the cell the grader appends
    parsed, reason = parse_report(_stdout(capsys.readouterr().out), TOKEN)
    assert reason == ""
    assert [r["id"] for r in parsed] == ["01.1", "01.2"]
    assert decode(parsed[0]["answer"]) == 1813


@pytest.mark.parametrize(
    "token", ["", "short", "x'); import os; ('", "a" * 81, "CKGRADE\nxx:", 12345678]
)
def test_report_source_refuses_odd_tokens(token):
    with pytest.raises(ValueError, match="report token"):
        report_source(token)


GOOD = {"v": 1, "answers": [{"id": "01.1", "answer": {"t": "int", "d": 1}, "error": None}]}


@pytest.mark.parametrize(
    ("outputs", "reason"),
    [
        ([], "printed no report"),
        (_stdout("no token here\n"), "printed no report"),
        ([{"output_type": "stream", "name": "stderr", "text": TOKEN + json.dumps(GOOD)}],
         "printed no report"),
        ([{"output_type": "error", "ename": "NameError", "evalue": "x"}],
         "stopped with NameError"),
        (_stdout(TOKEN + json.dumps(GOOD) + "\n" + TOKEN + json.dumps(GOOD)),
         "more than one report"),
        (_stdout(TOKEN + "{not json"), "not valid JSON"),
        (_stdout(TOKEN + '{"v": 1, "answers": [], "x": NaN}'), "not valid JSON"),
        (_stdout(TOKEN + json.dumps({"v": 2, "answers": []})), "version 2"),
        (_stdout(TOKEN + json.dumps({"v": 1, "answers": {}})), "not a list"),
        (_stdout(TOKEN + json.dumps({"v": 1, "answers": [], "points": 10})),
         "expected fields"),
        (_stdout(TOKEN + json.dumps({"v": 1, "answers": [{"id": "01.1", "answer": None,
                                                           "error": None}]})),
         "malformed answer"),
        (_stdout(TOKEN + json.dumps({"v": 1, "answers": [{"id": "01.1", "passed": True}]})),
         "malformed answer"),
        (_stdout(TOKEN + json.dumps({"v": 1, "answers": [{"id": 1, "answer": {"t": "none"},
                                                           "error": None}]})),
         "malformed answer"),
        (_stdout(TOKEN + "[" * 100_000 + "]" * 100_000), "not"),
        (_stdout(TOKEN + " " * (wire.MAX_REPORT_CHARS + 1)), "too large"),
    ],
    ids=lambda v: "" if isinstance(v, list) else v,
)
def test_parse_report_is_strict(outputs, reason):
    parsed, why = parse_report(outputs, TOKEN)
    assert parsed is None
    assert reason in why


def test_parse_report_reads_only_the_token_line():
    text = "chatter\n" + TOKEN + json.dumps(GOOD) + "\nmore chatter\n"
    parsed, why = parse_report(_stdout(text), TOKEN)
    assert why == "" and parsed == GOOD["answers"]

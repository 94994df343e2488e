"""Questions at the edge (issue 13, item 5): one cleaning for every question, hostile files.

Fast tier: no model, no index.
"""

from __future__ import annotations

import codecs
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.questions import (
    MAX_QUESTION_CHARS,
    BadLine,
    Question,
    QuestionFileError,
    clean_question,
    read_questions,
)


def _printable(text: str) -> bool:
    return not any(
        ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in text
    )


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("bad \ud800 surrogate", "bad \ufffd surrogate"),
        ("nul\x00 inside", "nul inside"),
        ("esc \x1b[31mred\x1b[0m", "esc [31mred[0m"),
        ("line\nbreak\tand\r\nmore", "line break and more"),
        ("  spaced   out  ", "spaced out"),
        ("cafe\u0301", "caf\u00e9"),  # NFC
        ("bidi \u202eevil", "bidi evil"),
        (b"bytes \xff here", "bytes \ufffd here"),
    ],
)
def test_clean_question_examples(raw, want):
    assert clean_question(raw).text == want


def test_invalid_utf8_argument_bytes_are_decoded_with_replacement():
    # What Python makes of argv bytes b"rapamycin \xff dose" (surrogateescape).
    arg = b"rapamycin \xff dose".decode("utf-8", "surrogateescape")
    cleaned = clean_question(arg)
    assert cleaned.text == "rapamycin \ufffd dose" and cleaned.notes


def test_long_questions_are_cut_with_a_note():
    cleaned = clean_question("word " * 2000)
    assert len(cleaned.text) <= MAX_QUESTION_CHARS
    assert any("cut to its first" in n for n in cleaned.notes)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=300) | st.binary(max_size=300))
def test_clean_question_never_fails_and_is_idempotent(raw):
    cleaned = clean_question(raw)
    assert _printable(cleaned.text)
    cleaned.text.encode("utf-8")  # valid Unicode: no lone surrogates (else this raises)
    assert len(cleaned.text) <= MAX_QUESTION_CHARS
    assert clean_question(cleaned.text).text == cleaned.text


def _items(path):
    return list(read_questions(path))


def test_jsonl_surrogates_and_wrong_types_do_not_stop_the_file(tmp_path):
    f = tmp_path / "q.jsonl"
    lines = [
        '{"question": "bad \\ud800 surrogate"}',
        '{"question": 42}',
        "[1, 2]",
        '{"question": "' + "x" * 10 + '", "id": {"nested": true}}',
        "[" * 5000 + "]" * 5000,
        '{"question": "ok", "id": 7}',
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _items(f)
    assert [type(i).__name__ for i in items] == [
        "Question",
        "BadLine",
        "BadLine",
        "Question",
        "BadLine",
        "Question",
    ]
    assert items[0].question == "bad \ufffd surrogate" and items[0].note
    assert items[3].id is None and items[5].id == "7"


def test_csv_big_field_multiline_field_and_bom(tmp_path):
    f = tmp_path / "q.csv"
    big = "rapamycin " * 20000  # 200 KB: over the csv module's default field limit
    f.write_text(
        f'id,question\na,"what does rapamycin\nextend"\nb,"{big}"\nc,third\n', encoding="utf-8-sig"
    )
    items = _items(f)
    assert [i.line for i in items] == [2, 4, 5]
    assert items[0].question == "what does rapamycin extend"  # not "rapamycinextend"
    assert isinstance(items[1], Question) and len(items[1].question) <= MAX_QUESTION_CHARS
    assert items[1].note and "cut" in items[1].note
    assert items[2].question == "third" and items[2].id == "c"


def test_csv_unterminated_quote_is_reported_not_swallowed(tmp_path):
    f = tmp_path / "q.csv"
    f.write_text('id,question\n1,first\n2,"open quote\n3,next\n4,last\n', encoding="utf-8")
    items = _items(f)
    assert isinstance(items[0], Question) and items[0].question == "first"
    assert isinstance(items[1], BadLine) and items[1].line == 3
    assert "never closed" in items[1].message and "not read" in items[1].message


def test_csv_without_question_column_is_refused(tmp_path):
    f = tmp_path / "q.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match="'question' column"):
        _items(f)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom_are_read(tmp_path, encoding):
    f = tmp_path / "q.txt"
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
    }.get(encoding, b"")
    f.write_bytes(bom + "first question\nsecond \u00e9\n".encode(encoding))
    assert [i.question for i in _items(f)] == ["first question", "second \u00e9"]


def test_latin1_is_refused_with_one_line(tmp_path):
    f = tmp_path / "q.txt"
    f.write_bytes("caf\u00e9 au lait\n".encode("latin-1"))
    with pytest.raises(QuestionFileError, match="not UTF-8 text"):
        _items(f)


_fts = st.sampled_from(['"', "*", "NEAR(", "AND", "OR", "NOT", "^", "body:", "(", ")", "-", ":"])
_line = st.lists(_fts | st.text(alphabet=st.characters(codec=None), max_size=20), max_size=8).map(
    " ".join
)
_jsonval = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_line, max_size=12), st.sampled_from([".txt", ".csv"]))
def test_fuzzed_text_and_csv_files_never_raise(tmp_path_factory, lines, suffix):
    f = tmp_path_factory.mktemp("fz") / f"q{suffix}"
    body = "\n".join(lines)
    if suffix == ".csv":
        body = "question\n" + body
    f.write_bytes(body.encode("utf-8", "surrogatepass"))
    try:
        items = _items(f)
    except QuestionFileError:
        return  # a clear refusal of the whole file (e.g. not UTF-8): fine
    for item in items:
        assert isinstance(item, Question | BadLine)
        if isinstance(item, Question):
            assert item.question and _printable(item.question)


@settings(max_examples=60, deadline=None)
@given(st.lists(_jsonval | st.fixed_dictionaries({"question": _jsonval}), max_size=10))
def test_fuzzed_jsonl_values_never_raise(tmp_path_factory, values):
    f = tmp_path_factory.mktemp("fz") / "q.jsonl"
    f.write_text("\n".join(json.dumps(v) for v in values) + "\n", encoding="utf-8")
    items = _items(f)
    assert len(items) == sum(1 for v in values if json.dumps(v).strip())
    for item in items:
        if isinstance(item, Question):
            assert item.question and _printable(item.question)

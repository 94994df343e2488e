"""Questions at the edge: one cleaning function for every question, and batch question files.

:func:`clean_question` makes any question (typed in the chat, given as an argument, read from a
file line) valid Unicode text before any engine sees it. Question files are .txt (one per line),
.jsonl ({"question", "id"?}) or .csv (a ``question`` column, optional ``id``), in UTF-8 or UTF-16
with a byte-order mark.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import QueryError
from .errors import QuestionFileError as QuestionFileError  # re-exported: its old location
from .ingest import split_lines

#: Longer questions are cut (at a word boundary) with a note; the model reads 256 tokens anyway.
MAX_QUESTION_CHARS = 2000
#: Longest CSV field read (the csv module's default, 128 KB, ended a batch with a traceback).
CSV_FIELD_LIMIT = 16 * 1024 * 1024

# C0 and C1 controls, DEL, bidirectional overrides/isolates, and U+FFFE/U+FFFF non-characters:
# whitespace controls become a space, the rest are removed.
_SPACE_CONTROLS = re.compile(r"[\t\n\r\v\f\x1c-\x1f\x85\u2028\u2029]")
_DROP = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class CleanQuestion:
    """A question made safe for the engines; ``notes`` say what was changed, for the user."""

    text: str
    notes: tuple[str, ...] = ()


def clean_question(raw: str | bytes, limit: int = MAX_QUESTION_CHARS) -> CleanQuestion:
    """``raw`` as valid, printable Unicode text: the one normalisation every question goes through.

    Bytes are decoded as UTF-8 (bad bytes become U+FFFD); undecodable bytes of a command-line
    argument (surrogate escapes) are decoded the same way; lone surrogates become U+FFFD; NUL and
    other control characters are removed (line breaks and tabs become spaces); spaces are
    collapsed; the text is NFC-normalised and cut to ``limit`` characters with a note. Never
    raises for any ``str`` or ``bytes``; an empty result is left to the caller to refuse.
    """
    notes: list[str] = []
    if isinstance(raw, bytes):
        text = raw.decode("utf-8", errors="replace")
    elif isinstance(raw, str):
        text = raw
    else:
        raise QueryError(f"a question must be text, not {type(raw).__name__}")
    if _SURROGATE.search(text):
        # An argument with invalid UTF-8: Python kept its bytes as surrogate escapes.
        with contextlib.suppress(UnicodeEncodeError):
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", errors="replace")
        if _SURROGATE.search(text):
            text = _SURROGATE.sub("\ufffd", text)
        notes.append("invalid characters replaced by \ufffd")
    text = _SPACE_CONTROLS.sub(" ", text)
    if _DROP.search(text):
        text = _DROP.sub("", text)
        notes.append("control characters removed")
    text = unicodedata.normalize("NFC", _SPACES.sub(" ", text)).strip()
    if len(text) > limit:
        cut = text[:limit]
        space = cut.rfind(" ")
        if space > limit * 0.8:
            cut = cut[:space]
        notes.append(f"question cut to its first {len(cut)} of {len(text)} characters")
        text = cut.rstrip()
    return CleanQuestion(text, tuple(notes))


@dataclass(frozen=True)
class Question:
    """One question of a batch, with its line number, optional id and a note on its cleaning."""

    line: int
    question: str
    id: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class BadLine:
    """A line that could not be used; ``message`` says why."""

    line: int
    message: str


FORMATS = (".txt", ".jsonl", ".csv")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> str | None:
    """UTF-8 text, or UTF-16/32 with a byte-order mark; None when it is neither."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_text(path: Path, error: type[QuestionFileError] = QuestionFileError) -> str:
    """The text of a question file, or ``error`` with one clear line saying why not."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise error(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise error(f"{path}: is a folder, not a question file") from exc
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror or exc})") from exc
    text = decode_text(data)
    if text is None:
        raise error(f"{path}: not UTF-8 text (nor UTF-16 with a byte-order mark)")
    return text


def read_questions(path: Path) -> Iterator[Question | BadLine]:
    """Questions of ``path`` in order, cleaned; bad lines are yielded as :class:`BadLine`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise QuestionFileError(
            f"{path}: unknown question file type {suffix or '(none)'}; use .txt, .jsonl or .csv"
        )
    text = read_text(path)
    if suffix == ".txt":
        yield from _txt(text)
    elif suffix == ".jsonl":
        yield from _jsonl(text)
    else:
        yield from _csv(text, path)


def _question(line: int, raw: str, qid: object = None) -> Question | BadLine:
    cleaned = clean_question(raw)
    if not cleaned.text:
        return BadLine(line, "empty question")
    ident = None
    if qid is not None and not isinstance(qid, dict | list):
        ident = clean_question(str(qid), limit=200).text or None
    note = "; ".join(cleaned.notes) or None
    return Question(line, cleaned.text, ident, note)


def _txt(text: str) -> Iterator[Question | BadLine]:
    for n, line in enumerate(split_lines(text), start=1):
        q = line.strip()
        if q and not q.startswith("#"):
            yield _question(n, q)


def json_lines(text: str, *, unusable: bool = True) -> Iterator[tuple[int, Any, str]]:
    """The non-blank lines of a JSON-lines text as (line number, value, ""), or as (line number,
    None, problem) for a line that is not valid JSON. JSON too deeply nested or with a number too
    long is a problem line when ``unusable`` is set; otherwise its ValueError/RecursionError
    propagates."""
    for n, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line), ""
        except json.JSONDecodeError as exc:
            yield n, None, f"not valid JSON ({exc.msg})"
        except (ValueError, RecursionError):
            if not unusable:
                raise
            yield n, None, "not usable JSON (too deeply nested or a number too long)"


def _jsonl(text: str) -> Iterator[Question | BadLine]:
    for n, obj, problem in json_lines(text):
        if problem:
            yield BadLine(n, problem)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
            yield BadLine(n, 'expected an object with a "question" string')
            continue
        yield _question(n, obj["question"], obj.get("id"))


def _csv(text: str, path: Path) -> Iterator[Question | BadLine]:
    """Rows of a CSV with a ``question`` column; line breaks inside quoted fields are spaces.

    A quote left open would swallow every following record into one field: that is reported
    with the line it starts on, never silently.
    """
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise QuestionFileError(f"{path}: the CSV header cannot be read ({exc})") from exc
    names = [h.strip().lower() for h in header or []]
    if "question" not in names:
        raise QuestionFileError(f"{path}: CSV needs a header row with a 'question' column")
    qcol = names.index("question")
    icol = names.index("id") if "id" in names else None
    last = reader.line_num
    while True:
        start = last + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            what = (
                "a quote is opened here and never closed"
                if "end of data" in str(exc) or reader.line_num > start
                else f"not valid CSV ({exc})"
            )
            yield BadLine(
                start,
                f"{what}; the rest of the file ({reader.line_num - start + 1} "
                "line(s)) was not read",
            )
            return
        last = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        q = row[qcol] if qcol < len(row) else ""
        qid = row[icol] if icol is not None and icol < len(row) and row[icol] else None
        yield _question(start, q, qid)

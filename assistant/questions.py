"""Question files for batch runs: .txt (one per line), .jsonl ({"question", "id"?}), .csv."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .ingest import split_lines


class QuestionFileError(Exception):
    """The question file cannot be used at all (missing, unreadable, unknown format)."""


@dataclass(frozen=True)
class Question:
    """One question of a batch, with its line number and optional id."""

    line: int
    question: str
    id: str | None = None


@dataclass(frozen=True)
class BadLine:
    """A line that could not be used; ``message`` says why."""

    line: int
    message: str


FORMATS = (".txt", ".jsonl", ".csv")


def read_text(path: Path, error: type[QuestionFileError] = QuestionFileError) -> str:
    """The UTF-8 text of a question file, or ``error`` with one clear line saying why not."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise error(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise error(f"{path}: is a folder, not a question file") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text") from exc
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror or exc})") from exc


def read_questions(path: Path) -> Iterator[Question | BadLine]:
    """Questions of ``path`` in order; bad lines are yielded as :class:`BadLine`, not raised."""
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


def _txt(text: str) -> Iterator[Question | BadLine]:
    for n, line in enumerate(split_lines(text), start=1):
        q = line.strip()
        if q and not q.startswith("#"):
            yield Question(n, q)


def _jsonl(text: str) -> Iterator[Question | BadLine]:
    for n, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BadLine(n, f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
            yield BadLine(n, 'expected an object with a "question" string')
            continue
        q = obj["question"].strip()
        if not q:
            yield BadLine(n, "empty question")
            continue
        qid = obj.get("id")
        yield Question(n, q, None if qid is None else str(qid))


def _csv(text: str, path: Path) -> Iterator[Question | BadLine]:
    reader = csv.DictReader(split_lines(text))
    if not reader.fieldnames or "question" not in reader.fieldnames:
        raise QuestionFileError(f"{path}: CSV needs a header row with a 'question' column")
    for row in reader:
        n = reader.line_num
        q = (row.get("question") or "").strip()
        if not q:
            yield BadLine(n, "empty question")
            continue
        qid = row.get("id")
        yield Question(n, q, qid or None)

"""Batch runs over a question file: one runner (:func:`run_batch`) for ``ask --file`` and
``search --file``, and writers for jsonl, Markdown and CSV that write each result as soon as it is
done.

An interrupted run therefore keeps every finished result; a bad question line is reported and the
rest go on.
"""

from __future__ import annotations

import csv
import json
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Generic, TypeVar

from .questions import BadLine, Question
from .records import Answer
from .render import answer_json, answer_markdown, source_line

R = TypeVar("R")


@dataclass
class Summary:
    """Counts of a batch run."""

    answered: int = 0
    not_covered: int = 0
    failed: int = 0

    @property
    def done(self) -> int:
        """Questions with a result (covered by the documents or not)."""
        return self.answered + self.not_covered

    @property
    def line(self) -> str:
        """One line for people."""
        return (
            f"{self.answered} answered, {self.not_covered} not covered by the documents, "
            f"{self.failed} failed"
        )


class Writer(Generic[R]):
    """Writes results (answers, hits ...) to ``out`` one by one, flushing after each."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def write(self, result: R, item: Question) -> None:
        """Write the result of one question."""
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        """Write whatever closes the report."""

    def _flush(self) -> None:
        self.out.flush()


class JsonlWriter(Writer[Answer]):
    """One JSON object per line."""

    def write(self, result: Answer, item: Question) -> None:
        self.out.write(json.dumps(answer_json(result, item.id), ensure_ascii=False) + "\n")
        self._flush()


class MarkdownWriter(Writer[Answer]):
    """A report for people, with a summary line at the end."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.n = 0
        self.out.write("# Answers\n\n")

    def write(self, result: Answer, item: Question) -> None:
        self.n += 1
        label = f"{self.n}. " + (f"[{item.id}] " if item.id else "")
        md = answer_markdown(result)
        self.out.write(md.replace("## ", f"## {label}", 1) + "\n")
        self._flush()

    def finish(self, summary: Summary) -> None:
        self.out.write(f"---\n\nSummary: {summary.line}.\n")
        self._flush()


class CsvWriter(Writer[Answer]):
    """id, question, answered, answer, sources (one row per question)."""

    COLUMNS = ("id", "question", "answered", "answer", "sources")

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.csv = csv.writer(out)
        self.csv.writerow(self.COLUMNS)

    def write(self, result: Answer, item: Question) -> None:
        sources = "; ".join(source_line(c) for c in result.citations)
        self.csv.writerow(
            [item.id or "", result.question, str(result.answered).lower(), result.answer, sources]
        )
        self._flush()


WRITERS: dict[str, type[Writer[Answer]]] = {
    "jsonl": JsonlWriter,
    "md": MarkdownWriter,
    "csv": CsvWriter,
}


def question_failed(exc: Exception, line: int, report: Callable[[int, str], None]) -> None:
    """Handle one batch question's exception so the batch can go on, or re-raise it.

    A problem with the question (QueryError, ...) is reported with its line. A problem no other
    question can escape either (the index or the model is unusable) is re-raised and ends the
    batch with one clear line. Anything else is a bug: its traceback goes to stderr, the line is
    reported as a bug, and the batch goes on so no other answer is lost.
    """
    from .errors import AssistantError, IndexProblem, ModelError

    if isinstance(exc, IndexProblem | ModelError):
        raise exc
    if isinstance(exc, AssistantError):
        report(line, str(exc))
        return
    traceback.print_exception(exc, file=sys.stderr)
    report(line, f"internal error ({type(exc).__name__}); this is a bug, please report it")


def run_batch(
    items: Iterable[Question | BadLine],
    run: Callable[[str], R],
    writer: Writer[R],
    report: Callable[[int, str], None],
    progress: Callable[[int], None] = lambda n: None,
    note: Callable[[Question], None] = lambda item: None,
    covered: Callable[[R], bool] = lambda result: True,
) -> Summary:
    """Run each question and write its result at once; ``report(line, message)`` for failures.

    ``note(item)`` is called for a question whose cleaning changed it; ``covered(result)`` says
    whether the documents covered it (counted as answered, else as not covered).
    """
    summary = Summary()
    try:
        for n, item in enumerate(items, start=1):
            progress(n - 1)
            if isinstance(item, BadLine):
                summary.failed += 1
                report(item.line, item.message)
                continue
            if item.note:
                note(item)
            try:
                result = run(item.question)
            except Exception as exc:  # noqa: BLE001 (one question's failure must not end the batch)
                question_failed(exc, item.line, report)
                summary.failed += 1
                continue
            writer.write(result, item)
            if covered(result):
                summary.answered += 1
            else:
                summary.not_covered += 1
            progress(n)
    finally:
        writer.finish(summary)
    return summary

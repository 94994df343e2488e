"""Batch answers: writers for jsonl, Markdown and CSV that write each result as soon as it is done.

An interrupted run therefore keeps every finished answer; a bad question line is reported and the
rest go on.
"""

from __future__ import annotations

import csv
import json
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from .questions import BadLine, Question
from .records import Answer, Hit, place_label


def hit_json(hit: Hit) -> dict[str, Any]:
    """The JSON form of a hit (shared by ``search --json`` and answers)."""
    c = hit.chunk
    return {
        "rank": hit.rank,
        "chunk_id": c.chunk_id,
        "score": hit.score,
        "section": c.section,
        "page": c.page,
        "lines": list(c.lines),
        "text": c.display_text,
    }


def answer_json(answer: Answer, qid: str | None = None) -> dict[str, Any]:
    """The JSON form of an answer: question, answered, answer, citations, hits (+ id)."""
    out: dict[str, Any] = {}
    if qid is not None:
        out["id"] = qid
    out.update(
        {
            "question": answer.question,
            "answered": answer.answered,
            "answer": answer.answer,
            "citations": [
                {
                    "n": c.n,
                    "chunk_id": c.chunk_id,
                    "section": c.section,
                    "page": c.page,
                    "lines": list(c.lines),
                    "quote": c.quote,
                }
                for c in answer.citations
            ],
            "hits": [hit_json(h) for h in answer.hits],
        }
    )
    return out


def source_line(c: Any) -> str:
    """'[n] section, p. X, lines a-b (chunk id)' for a citation."""
    return f"[{c.n}] {place_label(c.section, c.page, c.lines)} ({c.chunk_id})"


def answer_markdown(answer: Answer, heading: str = "##") -> str:
    """An answer for people: the question, the answer with markers, its sources."""
    lines = [f"{heading} {answer.question}", ""]
    if answer.answered:
        lines += [answer.answer, "", "Sources:", ""]
        lines += [f"- {source_line(c)}" for c in answer.citations]
    else:
        lines += [f"*{answer.answer}*", "", "Closest passages:", ""]
        for h in answer.hits[:3]:
            c = h.chunk
            lines.append(f"- {c.label} ({c.chunk_id}): {c.display_text[:200]}")
    return "\n".join(lines) + "\n"


@dataclass
class Summary:
    """Counts of a batch run."""

    answered: int = 0
    not_covered: int = 0
    failed: int = 0

    @property
    def line(self) -> str:
        """One line for people."""
        return (
            f"{self.answered} answered, {self.not_covered} not covered by the review, "
            f"{self.failed} failed"
        )


class Writer:
    """Writes answers to ``out`` one by one, flushing after each."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def write(self, answer: Answer, qid: str | None) -> None:
        """Write one answer."""
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        """Write whatever closes the report."""

    def _flush(self) -> None:
        self.out.flush()


class JsonlWriter(Writer):
    """One JSON object per line."""

    def write(self, answer: Answer, qid: str | None) -> None:
        self.out.write(json.dumps(answer_json(answer, qid), ensure_ascii=False) + "\n")
        self._flush()


class MarkdownWriter(Writer):
    """A report for people, with a summary line at the end."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.n = 0
        self.out.write("# Answers\n\n")

    def write(self, answer: Answer, qid: str | None) -> None:
        self.n += 1
        label = f"{self.n}. " + (f"[{qid}] " if qid else "")
        md = answer_markdown(answer)
        self.out.write(md.replace("## ", f"## {label}", 1) + "\n")
        self._flush()

    def finish(self, summary: Summary) -> None:
        self.out.write(f"---\n\nSummary: {summary.line}.\n")
        self._flush()


class CsvWriter(Writer):
    """id, question, answered, answer, sources (one row per question)."""

    COLUMNS = ("id", "question", "answered", "answer", "sources")

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.csv = csv.writer(out)
        self.csv.writerow(self.COLUMNS)

    def write(self, answer: Answer, qid: str | None) -> None:
        sources = "; ".join(source_line(c) for c in answer.citations)
        self.csv.writerow(
            [qid or "", answer.question, str(answer.answered).lower(), answer.answer, sources]
        )
        self._flush()


WRITERS: dict[str, type[Writer]] = {"jsonl": JsonlWriter, "md": MarkdownWriter, "csv": CsvWriter}


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
    ask: Callable[[str], Answer],
    writer: Writer,
    report: Callable[[int, str], None],
    progress: Callable[[int], None] = lambda n: None,
) -> Summary:
    """Answer each question and write it at once; ``report(line, message)`` for failures."""
    summary = Summary()
    try:
        for n, item in enumerate(items, start=1):
            progress(n - 1)
            if isinstance(item, BadLine):
                summary.failed += 1
                report(item.line, item.message)
                continue
            try:
                answer = ask(item.question)
            except Exception as exc:  # noqa: BLE001 (one question's failure must not end the batch)
                question_failed(exc, item.line, report)
                summary.failed += 1
                continue
            writer.write(answer, item.id)
            if answer.answered:
                summary.answered += 1
            else:
                summary.not_covered += 1
            progress(n)
    finally:
        writer.finish(summary)
    return summary

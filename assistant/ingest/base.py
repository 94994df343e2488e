"""The records ingestion passes between its steps, and its one error type."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Bump when ingest/chunking rules change so existing indexes are rebuilt.
CLEANING_VERSION = 58

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")


class IngestError(Exception):
    """A document could not be read; the message names the file and says why."""


@dataclass(frozen=True)
class RawLine:
    """A source line as read: text, 1-based line number, PDF page (None for text files).

    ``kind`` is what the reader already knows about the line: "" (running text), "heading",
    "table" (a table row; ``cells`` holds its cells), "figure" (figure or sideways text),
    "box" / "box_heading" (a shaded panel's text and headings: blocks of their own, never inside
    a running sentence), "furniture" (page header/footer, page number, DOI/copyright/download
    line) or "skip" (author/affiliation/boilerplate text that is not content). ``size`` is the
    PDF font height (0 when unknown): a title set over several lines keeps one size.
    """

    text: str
    line: int
    page: int | None = None
    kind: str = ""
    cells: tuple[str, ...] = ()
    size: float = 0.0


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: only \\n, \\r\\n and \\r end a line (not form feeds or
    U+2028, which ``str.splitlines`` also splits on and which would shift every later line)."""
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines

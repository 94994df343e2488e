"""Cleaned text with its line map: every character of ``Document.text`` maps to a source line
and page (``line_runs``); blocks and sections are spans of that text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..records import Block, Document, Location, Section
from .text import _Para


@dataclass
class _Builder:
    """Accumulates cleaned text with, for every character run, its source line and page."""

    parts: list[str] = field(default_factory=list)
    runs: list[tuple[int, int, int | None]] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, line: int, page: int | None) -> None:
        if not text:
            return
        if not self.runs or self.runs[-1][1:] != (line, page):
            self.runs.append((self.length, line, page))
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def _assemble(doc_id: str, paras: list[_Para]) -> Document:
    builder = _Builder()
    blocks: list[Block] = []
    section = Path(doc_id).stem
    section_starts: list[tuple[str, int]] = []
    for para in paras:
        pieces = [(t, ln, pg) for t, ln, pg in para.pieces]
        # Figure labels were separated by trailing line breaks; trim the last one.
        while pieces and not pieces[-1][0].strip():
            pieces.pop()
        if not pieces:
            continue
        text_joined = "".join(p[0] for p in pieces).strip()
        if not text_joined:
            continue
        if builder.length:
            last = blocks[-1].location if blocks else Location(1, 1)
            builder.add("\n\n", last.line_end, last.page)
        start = builder.length
        first = True
        for t, ln, pg in pieces:
            if first:
                t = t.lstrip()
                first = False
            builder.add(t, ln, pg)
        # Trailing spaces of the last piece are not part of the block.
        end = builder.length
        text_now = builder.text()
        while end > start and text_now[end - 1].isspace():
            end -= 1
        if para.kind == "heading":
            section = text_now[start:end]
            section_starts.append((section, start))
        lines = [p[1] for p in pieces if p[1] > 0] or [1]
        blocks.append(
            Block(
                kind=para.kind,
                start=start,
                end=end,
                section=section,
                location=Location(min(lines), max(lines), pieces[0][2]),
                fields=para.fields,
                context=para.context,
            )
        )
    text = builder.text()
    sections: list[Section] = []
    if not section_starts or (blocks and blocks[0].kind != "heading"):
        section_starts.insert(0, (Path(doc_id).stem, 0))
    for k, (title, start) in enumerate(section_starts):
        end = section_starts[k + 1][1] if k + 1 < len(section_starts) else len(text)
        sections.append(Section(title, start, end))
    from ..abbrev import harvest

    return Document(
        doc_id=doc_id,
        path=doc_id,
        sha256="",
        text=text,
        blocks=tuple(blocks),
        sections=tuple(sections),
        line_runs=tuple(builder.runs),
        abbreviations=tuple(harvest(text)),
    )

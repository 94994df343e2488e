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


def _pieces(para: _Para) -> list[tuple[str, int, int | None]]:
    """A block's pieces without the trailing line breaks that separated figure labels."""
    pieces = list(para.pieces)
    while pieces and not pieces[-1][0].strip():
        pieces.pop()
    return pieces


def _add_block(
    builder: _Builder, para: _Para, pieces: list[tuple[str, int, int | None]], last: Location
) -> tuple[int, int]:
    """Append one block (after a blank line when text precedes it): its start and end in the
    text, trailing spaces left out."""
    if builder.length:
        builder.add("\n\n", last.line_end, last.page)
    start = builder.length
    for k, (t, ln, pg) in enumerate(pieces):
        builder.add(t.lstrip() if k == 0 else t, ln, pg)
    end = builder.length
    text_now = builder.text()
    while end > start and text_now[end - 1].isspace():
        end -= 1
    return start, end


def _sections(
    doc_id: str, blocks: list[Block], starts: list[tuple[str, int]], length: int
) -> tuple[Section, ...]:
    """Sections from heading starts; text before the first heading is the document's own."""
    if not starts or (blocks and blocks[0].kind != "heading"):
        starts.insert(0, (Path(doc_id).stem, 0))
    return tuple(
        Section(title, start, starts[k + 1][1] if k + 1 < len(starts) else length)
        for k, (title, start) in enumerate(starts)
    )


def _assemble(doc_id: str, paras: list[_Para]) -> Document:
    """The Document of a list of blocks: text, blocks, sections and the line map."""
    builder = _Builder()
    blocks: list[Block] = []
    section = Path(doc_id).stem
    section_starts: list[tuple[str, int]] = []
    for para in paras:
        pieces = _pieces(para)
        if not "".join(p[0] for p in pieces).strip():
            continue
        last = blocks[-1].location if blocks else Location(1, 1)
        start, end = _add_block(builder, para, pieces, last)
        if para.kind == "heading":
            section = builder.text()[start:end]
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
    from ..text.abbreviations import harvest

    return Document(
        doc_id=doc_id,
        path=doc_id,
        sha256="",
        text=text,
        blocks=tuple(blocks),
        sections=_sections(doc_id, blocks, section_starts, len(text)),
        line_runs=tuple(builder.runs),
        abbreviations=tuple(harvest(text)),
    )

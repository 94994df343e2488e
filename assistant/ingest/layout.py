"""Page layout: runs -> lines in reading order, with page furniture, tables and figure text marked.

0. A table drawn with rules is read cell by cell (:mod:`.grid`) and stands in the layout as one
   piece, its caption and footnotes with it.
1. Runs on one baseline are joined into segments (:mod:`.segments`); a gap wider than about one
   font height starts a new segment, so two columns (or two table cells) never share one.
2. The page is cut recursively (XY-cut, :mod:`.xycut`): first at horizontal white bands wider than
   a line gap, then at vertical gutters; pieces are read top to bottom, left to right. Narrow
   pieces are never split off, so table columns stay together as rows.
3. Lines recurring on many pages at the same height (running headers and footers), page-number
   lines, DOI/copyright/download/"Reference ID"/FDA-banner lines and contents or index entries
   (dot leaders, then a page number) are marked ``furniture``.
4. A row with several cells is a ``table`` line; small text far from any body size is figure text.
5. Text inside a shaded panel of prose (a "Research in context" box) is laid out on its own and
   stands in the page as one piece, like a ruled table; its lines are ``box`` lines (bold short
   ones ``box_heading``), read as their own blocks and never inside a running sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .base import RawLine
from .grid import (
    Box,
    Grid,
    caption_runs,
    find_grids,
    note_runs,
    read_grid,
    read_three_line,
    text_lines,
    three_line_tables,
)
from .lists import GOES_ON
from .pdf import Page, Run, join_runs, read_pages
from .segments import Segment, page_gutters, segments
from .xycut import xy_cut

FURNITURE = re.compile(
    r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
    r"|\bdoi\s*:|dx\.doi\.org/|\bdoi\.org/|^https?://\S+$|^www\.\S+$"
    r"|©|\bcopyright\b|\ball rights reserved\b|\bpublished by\b.*\b(?:ltd|inc|wiley|elsevier)\b"
    r"|\bdownloaded from\b|\bdownloaded by\b|\bfor personal use only\b"
    r"|^reference id:\s*\d+$|may not be the latest approved by fda|fda\.gov/drugsatfda"
    r"|^(?:articles?|review|original article|research article)$"
    r"|^published online\b|^received:|^accepted:|^published:"
    r"|^.{0,60}\b\d{1,4} of \d{1,4}$"
    # an open-access licence notice, whose lines follow the copyright line
    r"|\bCC BY\b|\bcreative commons\b|\bopen access article\b|\bpermits unrestricted use\b"
    r"|\boriginal work is (?:properly )?cited\b|\bWHO logo\b|\boriginal URL\b",
    re.I,
)


#: A page number in lower-case roman numerals up to xxxix ("i", "xiv"), as front matter is
#: numbered (a footnote letter such as "l" or "c" is not one).
_ROMAN_PAGE = re.compile(r"^(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})$")


@dataclass
class Line:
    """A line of a page in reading order."""

    text: str
    size: float
    bold: bool
    y: float
    x0: float
    kind: str = "text"  # text | furniture | table | figure | box
    cells: tuple[str, ...] = ()
    #: Width of the layout piece the line belongs to, as a share of the page width.
    share: float = 1.0


_BULLET = re.compile(r"^[\W_]{1,2}$")


#: pypdf's layout engine fills the room between pieces of text shown in one text object with
#: spaces: five or more in a row separate cells (a table row set as one object; a justified
#: line of running text stretches its word spaces to three or four).
_CELL_GAP = re.compile(r" {5,}")


#: A second-level bullet set as the letter "o" (medication guides draw their sub-list circles
#: with it), opening an item that starts in lower case: "o nausea or vomiting".
_O_ITEM = re.compile(r"^o +(?=[a-z“\"(])")


def _cells(row: list[Segment]) -> list[str]:
    """Cell texts of a row, a lone bullet glued to the text after it."""
    cells: list[str] = []
    for seg in sorted(row, key=lambda s: s.x0):
        for text in _CELL_GAP.split(seg.text.strip()):
            if cells and (_BULLET.match(cells[-1]) or cells[-1] == "o" and GOES_ON.match(text)):
                cells[-1] = cells[-1] + " " + text
            else:
                cells.append(text)
    return cells


def _sub_list_rows(rows: list[list[str]]) -> dict[int, list[str]]:
    """Rows of running text that are a sub-list set in columns ("o dizziness   o vertigo"),
    by index, with their "o" bullets written "◦": a row of two or more cells one of which is
    an item, and the rows after it that go on with it (each cell an item or in lower case, as
    wrapped items are; a lone cell a few words long, not a new sentence). Read as table rows,
    the list is then read column by column (:mod:`assistant.ingest.lists`)."""
    out: dict[int, list[str]] = {}
    for i, cells in enumerate(rows):
        items = [bool(_O_ITEM.match(c)) for c in cells]
        opens = len(cells) >= 2 and any(items)
        goes_on = (
            i - 1 in out
            and all(item or GOES_ON.match(c) for c, item in zip(cells, items, strict=True))
            and (len(cells) >= 2 or items[0] or _WRAPPED_END.match(cells[0]) is not None)
        )
        if opens or goes_on:
            out[i] = [_O_ITEM.sub("◦ ", c) for c in cells]
    return out


#: The end of an item wrapped onto a row of its own: a few words, no new sentence in them.
_WRAPPED_END = re.compile(r"^(?!.*[.!?] )\S+(?: \S+){0,4}$")


def _group_lines(group: list[Segment], page_width: float) -> list[Line]:
    rows = [(row, _cells(row)) for row in _group_rows(group)]
    multi = sum(1 for _, cells in rows if len(cells) >= 2)
    table = multi >= 2 and multi >= 0.4 * len(rows)
    share = (max(s.x1 for s in group) - min(s.x0 for s in group)) / max(page_width, 1.0)
    sub = {} if table else _sub_list_rows([cells for _, cells in rows])
    lines: list[Line] = []
    for i, (row, cells) in enumerate(rows):
        main = max(row, key=lambda s: (s.size, len(s.text)))
        asides = [] if table or i in sub else _asides(row, main)
        if asides:
            row = [s for s in row if s not in asides]
            cells = _cells(row)
        first = min(row, key=lambda s: s.x0)
        line = Line(" ".join(cells), main.size, all(s.bold for s in row), first.y, first.x0)
        line.share = share
        if i in sub:
            cells = sub[i]
            line.text = " ".join(cells)
        if table or i in sub:
            line.kind = "table"
            line.cells = tuple(cells)
        lines.append(line)
        if asides:
            # after the line it sat beside: small print, so figure text (rule 4), which a
            # running sentence reads past
            note = Line(" ".join(_cells(asides)), asides[0].size, False, first.y, asides[0].x0)
            note.share = share
            lines.append(note)
    return lines


def _asides(row: list[Segment], main: Segment) -> list[Segment]:
    """Segments of a row set in much smaller type than its main text and apart from it: a
    margin note on the baseline of a line of the column beside it ("See Online for appendix"
    beside "... before incubation for 8 h"), which must not run into that line."""
    return [
        s
        for s in row
        if s is not main
        and s.size < 0.8 * main.size
        and (s.x0 > main.x1 or s.x1 < main.x0)
        and len(re.findall(r"\w", s.text)) >= 4  # words, not a bullet or a footnote mark
    ]


#: Text of the stand-in segment a ruled table occupies in the page layout.
_TABLE_MARK = "\x00table"


def _ruled_tables(page: Page) -> tuple[list[Run], list[tuple[Segment, list[Line]]]]:
    """Ruled tables of a page (see :mod:`.grid`: grids, then three-line tables) as table
    lines, each with a stand-in segment covering the table for the page layout, and the runs
    left for the running text."""
    runs = list(page.runs)
    tables: list[tuple[Segment, list[Line]]] = []
    grids = find_grids(page.rules)
    boxes: list[Box] = [*grids, *three_line_tables(page.rules, grids)]
    for box in boxes:
        words = {id(r): _word_runs(r) for r in runs}
        inside = [w for r in runs for w in words[id(r)] if box.holds(w)]
        rows = read_grid(box, inside) if isinstance(box, Grid) else read_three_line(box, inside)
        if sum(1 for row in rows if sum(1 for c in row if c) >= 2) < 2:
            continue  # a box or a frame, not a table
        runs = _outside(runs, words, box.holds)
        caption = caption_runs(box, runs)
        notes = note_runs(box, runs)
        taken = {id(r) for r in caption + [r for note in notes for r in note]}
        runs = [r for r in runs if id(r) not in taken]
        tables.append(_table_piece(page, box, rows, inside, caption, notes))
    return runs, tables


def _table_piece(
    page: Page,
    box: Box,
    rows: list[tuple[str, ...]],
    inside: list[Run],
    caption: list[Run],
    notes: list[list[Run]],
) -> tuple[Segment, list[Line]]:
    """A ruled table's lines (caption, rows, footnotes) and its stand-in segment."""
    size = max((r.size for r in inside), default=10.0)
    lines: list[Line] = []
    if caption:
        text = " ".join(join_runs(ln) for ln in text_lines(caption))
        lines.append(Line(text, size, all(r.bold for r in caption), box.top, box.x0, "table"))
        lines[-1].cells = (text,)
    for k, row in enumerate(rows):
        line = Line(" ".join(c for c in row if c), size, False, box.top - k, box.x0, "table")
        line.cells = row
        lines.append(line)
    for k, note in enumerate(notes):
        text = " ".join(join_runs(ln) for ln in text_lines(note))
        lines.append(Line(text, note[0].size, False, box.bottom - k, box.x0, "figure"))
    for ln in lines:
        ln.share = (box.x1 - box.x0) / max(page.width, 1.0)
    top = max([box.top] + [r.y + r.size for r in caption])
    bottom = min([box.bottom] + [r.y for note in notes for r in note])
    height = max(top - bottom, 1.0) / 1.05
    mark = Run(_TABLE_MARK, box.x0, box.x1, top - 0.8 * height, height)
    return Segment([mark]), lines


def _panels(page: Page, runs: list[Run]) -> tuple[list[Run], list[tuple[Segment, list[Line]]]]:
    """Shaded panels of prose on a page (a shaded table is left to the table rules) as ``box``
    lines in their own reading order, each with a stand-in segment covering the panel, and the
    runs left outside them."""
    panels: list[tuple[Segment, list[Line]]] = []
    for x0, y0, x1, y1 in page.shades:

        def holds(r: Run, x0: float = x0, y0: float = y0, x1: float = x1, y1: float = y1) -> bool:
            return x0 - 1 <= r.x0 and r.x1 <= x1 + 1 and y0 <= r.y <= y1

        inside = [r for r in runs if holds(r)]
        if len(inside) < 4:
            continue
        cuts = page_gutters(inside)
        groups = xy_cut(segments(inside, cuts), page.width, gutters=cuts)
        lines = [ln for g in groups for ln in _group_lines(g, page.width)]
        words = sum(len(ln.text.split()) for ln in lines) / len(lines)
        if any(ln.kind == "table" for ln in lines) or words < 4:
            continue
        for ln in lines:
            ln.kind = "box"
        runs = [r for r in runs if not holds(r)]
        top = max(r.y + r.size for r in inside)
        height = max(top - min(r.y for r in inside), 1.0) / 1.05
        mark = Run(_TABLE_MARK, min(r.x0 for r in inside), max(r.x1 for r in inside), 0.0, height)
        mark.y = top - 0.8 * height
        panels.append((Segment([mark]), lines))
    return runs, panels


def _outside(
    runs: list[Run], words: dict[int, list[Run]], inside: Callable[[Run], bool]
) -> list[Run]:
    """The runs left once the words ``inside`` a table are taken: a run wholly outside stays
    whole, a run partly inside leaves its outside words."""
    rest: list[Run] = []
    for r in runs:
        outside = [w for w in words[id(r)] if not inside(w)]
        rest += [r] if len(outside) == len(words[id(r)]) else outside
    return rest


def _word_runs(run: Run) -> list[Run]:
    """A run as one run per word, placed where its text-showing operation put it (a table
    whose cells are set apart by word spacing reads as one run of wide spaces)."""
    if not run.words:
        return [run]
    return [
        Run(text, x0, x1, run.y, run.size, run.bold, run.glued if k == 0 else glued)
        for k, (text, x0, x1, glued) in enumerate(run.words)
    ]


def page_lines(page: Page) -> list[Line]:
    """Lines of a page in reading order; rows of a piece made of cells are table lines, and so
    are the rows of a table drawn with rules."""
    if not page.positioned:
        return [Line(r.text, r.size, r.bold, r.y, r.x0) for r in page.runs]
    runs, tables = _ruled_tables(page)
    runs, panels = _panels(page, runs)
    tables += panels
    marks = {id(seg): lines for seg, lines in tables}
    lines: list[Line] = []
    cuts = page_gutters(runs)
    segs = segments(runs, cuts) + [seg for seg, _ in tables]
    for group in xy_cut(segs, page.width, gutters=cuts):
        rest = [s for s in group if id(s) not in marks]
        for mark in sorted((s for s in group if id(s) in marks), key=lambda s: -s.y):
            top = mark.y + 0.8 * mark.size
            above = [s for s in rest if s.y > top]
            lines += _group_lines(above, page.width) if above else []
            lines += marks[id(mark)]
            rest = [s for s in rest if s.y <= top]
        lines += _group_lines(rest, page.width) if rest else []
    for text in page.rotated:
        for t in text.splitlines():
            if t.strip():
                lines.append(Line(t.strip(), 0.0, False, 0.0, 0.0, "figure"))
    return lines


def _group_rows(group: list[Segment]) -> list[list[Segment]]:
    rows: list[list[Segment]] = []
    for s in sorted(group, key=lambda s: (-s.y, s.x0)):
        if rows and abs(rows[-1][0].y - s.y) <= 0.3 * s.size:
            rows[-1].append(s)
        else:
            rows.append([s])
    return rows


def _key(line: Line) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.text.lower())).strip()


def mark_furniture(pages: list[list[Line]], heights: list[float]) -> None:
    """Mark running headers/footers (same text, digits aside, at the same height on several
    pages, in the top or bottom tenth) and furniture-pattern lines."""
    seen: Counter[str] = Counter()
    for lines, h in zip(pages, heights, strict=True):
        keys = {_key(ln) for ln in lines if _edge(ln, h)}
        seen.update(keys)
    need = 2 if len(pages) <= 4 else 3
    for lines, h in zip(pages, heights, strict=True):
        for ln in lines:
            flat = " ".join(ln.text.split())
            pattern = FURNITURE.search(flat) and (len(flat) < 200 or _edge(ln, h))
            roman = _ROMAN_PAGE.match(flat) and _edge(ln, h)  # a front-matter page number
            if pattern or roman or _edge(ln, h) and seen[_key(ln)] >= need:
                ln.kind = "furniture"


def _edge(line: Line, height: float) -> bool:
    return line.y > 0.9 * height or 0 < line.y < 0.1 * height


def body_size(pages: list[list[Line]]) -> float:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for ln in lines:
            if ln.kind == "text":
                sizes[round(ln.size, 1)] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


#: A contents or index entry: a title, dot leaders, a page number ("asn1_parser2tree . . . 8").
_LEADERS = re.compile(r"(?:\.\s?){5,}\s*(?:\d+|[ivxlc]+)\s*$")


def _kind(line: Line, body: float, page: int) -> str:
    if line.kind == "furniture" or line.kind != "table" and _LEADERS.search(line.text):
        return "furniture"  # a contents page points at the text; it is not text
    if line.kind == "figure":
        return "figure"
    if line.kind == "table":
        return "table"
    if line.kind == "box":
        short = len(line.text.split()) <= 10 and not re.search(r"[.:;,]$", line.text.strip())
        return "box_heading" if line.bold and short else "box"
    words = len(line.text.split())
    if line.size >= 1.12 * body and words <= 20 and re.search(r"[A-Za-z]{2}", line.text):
        return "heading"
    if line.bold and words <= 20 and line.text.rstrip().endswith("?") and _body_type(line, body):
        return "heading"  # a leaflet's questions, set bold in body type ("What is AUGTYRO?")
    if line.size and line.size < 0.8 * body:
        # Small print in a narrow piece of the first page: affiliations, correspondence, dates.
        if page == 1 and line.share < 0.3:
            return "skip"
        return "figure"
    return ""


def pdf_lines(path: Path) -> list[RawLine]:
    """Lines of a PDF in reading order, numbered within their page, with what layout knows of
    each (furniture, heading, table row, figure text); a blank line ends every page."""
    pages = read_pages(path)
    per_page = [page_lines(p) for p in pages]
    mark_furniture(per_page, [p.height for p in pages])
    body = body_size(per_page)
    out: list[RawLine] = []
    for page, lines in zip(pages, per_page, strict=True):
        for n, ln in enumerate(lines, start=1):
            kind = _kind(ln, body, page.number) if page.positioned else ln.kind
            kind = "" if kind == "text" else kind
            if kind == "heading" and n > 1 and _question_starts_above(out[-1], lines[n - 2], ln):
                # a bold question wrapped onto a second line: its first line is heading too
                out[-1] = RawLine(out[-1].text, out[-1].line, page.number, "heading", (), ln.size)
            out.append(RawLine(ln.text, n, page.number, kind, ln.cells, round(ln.size, 1)))
        out.append(RawLine("", 0, page.number))
    return out


def _body_type(line: Line, body: float) -> bool:
    """Whether ``line`` is set at least in the size of running text (not small print: a
    leaflet may be set larger than the rest of a label)."""
    return line.size >= 0.8 * body


def _question_starts_above(above: RawLine, above_line: Line, line: Line) -> bool:
    """Whether ``above`` (read from ``above_line``) is the first line of the bold question
    ``line`` ends: bold too, running text of the same size that starts a question with no
    sentence end, and ``line`` goes on with it in lower case ("... about metformin" /
    "hydrochloride tablets?")."""
    return (
        line.bold
        and above_line.bold
        and line.text.rstrip().endswith("?")
        and line.text[:1].islower()
        and above.kind == ""
        and abs(above_line.size - line.size) < 0.2
        and _QUESTION_START.match(above.text) is not None
        and not re.search(r"[.!?:;]\s*$", above.text)
    )


_QUESTION_START = re.compile(
    r"(?:What|Which|Who|Whom|Whose|How|When|Where|Why|Can|Could|Should|Shall|Will|Would|May|"
    r"Might|Must|Is|Are|Was|Were|Do|Does|Did|Has|Have)\b"
)

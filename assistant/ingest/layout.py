"""Page layout: runs -> lines in reading order, with page furniture, tables and figure text marked.

0. A table drawn with rules is read cell by cell (:mod:`.grid`) and stands in the layout as one
   piece, its caption and footnotes with it.
1. Runs on one baseline are joined into segments; a gap wider than about one font height starts a
   new segment, so two columns (or two table cells) never share one.
2. The page is cut recursively (XY-cut): first at horizontal white bands wider than a line gap,
   then at vertical gutters; pieces are read top to bottom, left to right. Narrow pieces are never
   split off, so table columns stay together as rows.
3. Lines recurring on many pages at the same height (running headers and footers), page-number
   lines, DOI/copyright/download/"Reference ID"/FDA-banner lines are marked ``furniture``.
4. A row with several cells is a ``table`` line; small text far from any body size is figure text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
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
from .pdf import Page, Run, join_runs, read_pages

FURNITURE = re.compile(
    r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
    r"|\bdoi\s*:|dx\.doi\.org/|\bdoi\.org/|^https?://\S+$|^www\.\S+$"
    r"|©|\bcopyright\b|\ball rights reserved\b|\bpublished by\b.*\b(?:ltd|inc|wiley|elsevier)\b"
    r"|\bdownloaded from\b|\bdownloaded by\b|\bfor personal use only\b"
    r"|^reference id:\s*\d+$|may not be the latest approved by fda|fda\.gov/drugsatfda"
    r"|^(?:articles?|review|original article|research article)$"
    r"|^published online\b|^received:|^accepted:|^published:"
    r"|^.{0,60}\b\d{1,4} of \d{1,4}$",
    re.I,
)


@dataclass
class Line:
    """A line of a page in reading order."""

    text: str
    size: float
    bold: bool
    y: float
    x0: float
    kind: str = "text"  # text | furniture | table | figure
    cells: tuple[str, ...] = ()
    #: Width of the layout piece the line belongs to, as a share of the page width.
    share: float = 1.0


@dataclass
class Segment:
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_runs(self.runs)

    @property
    def x0(self) -> float:
        return self.runs[0].x0

    @property
    def x1(self) -> float:
        return max(r.x1 for r in self.runs)

    @property
    def y(self) -> float:
        return self.runs[0].y

    @property
    def size(self) -> float:
        return max(self.runs, key=lambda r: len(r.text)).size

    @property
    def bold(self) -> bool:
        return all(r.bold for r in self.runs)


def _rows(runs: list[Run]) -> list[list[Run]]:
    rows: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x0)):
        if rows and abs(rows[-1][0].y - run.y) <= 0.3 * max(run.size, rows[-1][0].size):
            rows[-1].append(run)
        else:
            rows.append([run])
    return rows


def gutters(rows: list[list[Run]]) -> list[float]:
    """x positions of the page's column gutters: narrow vertical strips that (almost) no run
    crosses, with text on both sides in many rows. Justified columns set close together leave
    a gap narrower than a font height on some lines; the gutter still splits them."""
    if len(rows) < 8:
        return []
    lo = int(min(r.x0 for row in rows for r in row))
    hi = int(max(r.x1 for row in rows for r in row)) + 1
    cover = [0] * (hi - lo + 1)
    ends = [0] * (hi - lo + 1)
    starts = [0] * (hi - lo + 1)
    for row in rows:
        for r in row:
            for x in range(int(r.x0) + 1 - lo, int(r.x1) - lo):
                cover[x] += 1
            if r.x1 - r.x0 >= 6 * r.size:  # a line of a column, not a list number or a cell
                ends[min(int(r.x1) - lo, hi - lo)] += 1
                starts[int(r.x0) - lo] += 1
    quiet = max(2, len(rows) // 6)
    found: list[float] = []
    x = 0
    while x < len(cover):
        if cover[x] > quiet:
            x += 1
            continue
        end = x
        while end + 1 < len(cover) and cover[end + 1] <= quiet:
            end += 1
        # Columns on both sides: many lines end just left of the strip and start just right.
        left = sum(ends[max(0, x - 25) : end + 1])
        right = sum(starts[x : min(len(starts), end + 13)])
        if x > 0 and end < len(cover) - 1 and min(left, right) >= max(6, len(rows) // 5):
            found.append(lo + (x + end + 1) / 2)
        x = end + 1
    return found


def _spans(run: Run) -> list[tuple[int, int, float, float]]:
    """Where pypdf's layout engine filled a gap in a run with three or more spaces, the run's
    pieces: (start, end) in its text and x0, x1 estimated from the character count (rough:
    only good enough to find gutters)."""
    width = (run.x1 - run.x0) / max(len(run.text), 1)
    return [
        (m.start(), m.end(), run.x0 + m.start() * width, run.x0 + m.end() * width)
        for m in _PIECE.finditer(run.text)
    ]


_PIECE = re.compile(r"\S+(?: {1,2}\S+)*")


def _cut(run: Run, start: int, end: int, x0: float, x1: float) -> Run:
    return Run(run.text[start:end], x0, x1, run.y, run.size, run.bold, run.glued and start == 0)


def _pieces(run: Run) -> list[Run]:
    if "   " not in run.text:
        return [run]
    return [_cut(run, *span) for span in _spans(run)]


def _split_at_gutters(runs: list[Run], cuts: list[float]) -> list[Run]:
    """Runs that span a column gutter (two columns' lines shown in one text object) cut at the
    filled gap nearest the gutter; other runs stay whole, so an odd position estimate cannot
    reorder a line's words."""
    out: list[Run] = []
    for run in runs:
        inside = [c for c in cuts if run.x0 < c < run.x1]
        spans = _spans(run) if inside and "   " in run.text else []
        breaks = {0, len(spans)}
        for c in inside if len(spans) > 1 else []:
            k = min(range(1, len(spans)), key=lambda k: _distance(c, spans[k - 1], spans[k]))
            if _distance(c, spans[k - 1], spans[k]) <= 3 * run.size:
                breaks.add(k)
        if len(breaks) <= 2:
            out.append(run)
            continue
        edges = sorted(breaks)
        for a, b in zip(edges, edges[1:], strict=False):
            out.append(_cut(run, spans[a][0], spans[b - 1][1], spans[a][2], spans[b - 1][3]))
    return out


def _distance(
    c: float, left: tuple[int, int, float, float], right: tuple[int, int, float, float]
) -> float:
    """How far x = c lies from the gap between two pieces (0 inside it)."""
    return max(0.0, left[3] - c, c - right[2])


def page_gutters(runs: list[Run]) -> tuple[float, ...]:
    """The column gutters of a page (see :func:`gutters`)."""
    return tuple(gutters(_rows([p for r in runs for p in _pieces(r)])))


def segments(runs: list[Run], cuts: tuple[float, ...] = ()) -> list[Segment]:
    """Runs on a baseline, split where the gap is wider than about one font height or where
    a column gutter of the page (``cuts``) lies between them."""
    out: list[Segment] = []
    rows = _rows(_split_at_gutters(runs, list(cuts)))
    for row in rows:
        row.sort(key=lambda r: r.x0)
        seg = Segment([row[0]])
        for run in row[1:]:
            gap = run.x0 - seg.x1
            resized = abs(run.size - seg.runs[-1].size) > 0.15 * run.size
            gutter = gap > 0.2 * run.size and any(seg.x1 - 1 <= c <= run.x0 + 1 for c in cuts)
            if gutter or gap > 0.9 * max(run.size, seg.size) or resized and gap > 0.6 * run.size:
                out.append(seg)
                seg = Segment([run])
            else:
                seg.runs.append(run)
        out.append(seg)
    return out


def _gaps(spans: list[tuple[float, float]], min_gap: float) -> list[tuple[float, float]]:
    """White intervals of at least ``min_gap`` between the union of ``spans``."""
    spans = sorted(spans)
    gaps: list[tuple[float, float]] = []
    end = spans[0][1]
    for lo, hi in spans[1:]:
        if lo - end >= min_gap:
            gaps.append((end, lo))
        end = max(end, hi)
    return gaps


def xy_cut(
    segs: list[Segment], page_width: float, depth: int = 0, gutters: tuple[float, ...] = ()
) -> list[list[Segment]]:
    """Reading-order groups of segments (recursive XY-cut). ``gutters`` are the page's column
    gutters: a column split there survives a line or two crossing it (a misplaced run)."""
    if len(segs) <= 1 or depth > 12:
        return [segs] if segs else []
    body = _body_size(segs)
    # Horizontal white bands: between paragraphs of the whole width, above and below tables.
    ybands = _gaps([(-s.y - s.size * 0.8, -s.y + s.size * 0.25) for s in segs], 0.9 * body)
    if ybands:
        cuts = [-(lo + hi) / 2 for lo, hi in ybands]
        return _recurse(segs, page_width, depth, cuts, gutters)
    xgaps = _gaps([(s.x0, s.x1) for s in segs], 0.45 * body)
    for lo, hi in sorted(xgaps, key=lambda g: g[0] - g[1]):
        left = [s for s in segs if s.x1 <= lo + 0.5]
        right = [s for s in segs if s.x0 >= hi - 0.5]
        if _columns(left, right, page_width):
            return xy_cut(left, page_width, depth + 1, gutters) + xy_cut(
                right, page_width, depth + 1, gutters
            )
    for c in gutters + _filled_gutters(segs, body):
        crossing = sum(1 for s in segs if s.x0 < c - 1 and s.x1 > c + 1)
        if crossing > max(2, len(segs) // 20):
            continue
        split = [part for s in segs for part in _split_segment(s, c)]
        left = [s for s in split if (s.x0 + s.x1) / 2 < c]
        right = [s for s in split if (s.x0 + s.x1) / 2 >= c]
        if _columns(left, right, page_width):
            return xy_cut(left, page_width, depth + 1, gutters) + xy_cut(
                right, page_width, depth + 1, gutters
            )
    return [segs]


def _split_segment(seg: Segment, c: float) -> list[Segment]:
    """A segment crossing x = c cut there when one of its runs has a filled gap near c."""
    if not seg.x0 < c < seg.x1:
        return [seg]
    runs = [part for r in seg.runs for part in _split_at_gutters([r], [c])]
    left = [r for r in runs if (r.x0 + r.x1) / 2 < c]
    right = [r for r in runs if (r.x0 + r.x1) / 2 >= c]
    if not left or not right:
        return [seg]
    return [Segment(left), Segment(right)]


def _filled_gutters(segs: list[Segment], body: float) -> tuple[float, ...]:
    """Gutters of a piece once lines holding a filled gap (two columns' lines shown as one
    text object) are set aside."""
    solid = [(s.x0, s.x1) for s in segs if "   " not in s.text]
    if len(solid) == len(segs) or len(solid) < 4:
        return ()
    return tuple((lo + hi) / 2 for lo, hi in _gaps(solid, 0.45 * body))


def _columns(left: list[Segment], right: list[Segment], page_width: float) -> bool:
    """Two pieces side by side that are columns: both wide, or both text columns."""
    if not left or not right:
        return False
    wl = max(s.x1 for s in left) - min(s.x0 for s in left)
    wr = max(s.x1 for s in right) - min(s.x0 for s in right)
    return min(wl, wr) >= 0.12 * page_width or _prose(left) and _prose(right)


def _recurse(
    segs: list[Segment],
    page_width: float,
    depth: int,
    cuts: list[float],
    gutters: tuple[float, ...],
) -> list[list[Segment]]:
    """The pieces between horizontal cuts, top to bottom, each cut again."""
    groups: list[list[Segment]] = [[] for _ in range(len(cuts) + 1)]
    for s in segs:
        k = sum(1 for c in cuts if s.y <= c)
        groups[k].append(s)
    out: list[list[Segment]] = []
    for g in groups:
        out += xy_cut(g, page_width, depth + 1, gutters)
    return out


def _prose(segs: list[Segment]) -> bool:
    """Many lines of words sharing a left edge: a text column (even a narrow margin one)."""
    if len(segs) < 4:
        return False
    words = sum(len(s.text.split()) for s in segs) / len(segs)
    left = Counter(round(s.x0) for s in segs).most_common(1)[0][1]
    return words >= 3 and left >= len(segs) / 3


def _body_size(segs: list[Segment]) -> float:
    sizes: Counter[float] = Counter()
    for s in segs:
        sizes[round(s.size, 1)] += len(s.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


_BULLET = re.compile(r"^[\W_]{1,2}$")


#: pypdf's layout engine fills the room between pieces of text shown in one text object with
#: spaces: five or more in a row separate cells (a table row set as one object; a justified
#: line of running text stretches its word spaces to three or four).
_CELL_GAP = re.compile(r" {5,}")


def _cells(row: list[Segment]) -> list[str]:
    """Cell texts of a row, a lone bullet glued to the text after it."""
    cells: list[str] = []
    for seg in sorted(row, key=lambda s: s.x0):
        for text in _CELL_GAP.split(seg.text.strip()):
            if cells and _BULLET.match(cells[-1]):
                cells[-1] = cells[-1] + " " + text
            else:
                cells.append(text)
    return cells


def _group_lines(group: list[Segment], page_width: float) -> list[Line]:
    rows = [(row, _cells(row)) for row in _group_rows(group)]
    multi = sum(1 for _, cells in rows if len(cells) >= 2)
    table = multi >= 2 and multi >= 0.4 * len(rows)
    share = (max(s.x1 for s in group) - min(s.x0 for s in group)) / max(page_width, 1.0)
    lines: list[Line] = []
    for row, cells in rows:
        size = max(row, key=lambda s: len(s.text)).size
        first = min(row, key=lambda s: s.x0)
        line = Line(" ".join(cells), size, all(s.bold for s in row), first.y, first.x0)
        line.share = share
        if table:
            line.kind = "table"
            line.cells = tuple(cells)
        lines.append(line)
    return lines


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
            if pattern or _edge(ln, h) and seen[_key(ln)] >= need:
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


def _kind(line: Line, body: float, page: int) -> str:
    if line.kind == "furniture":
        return "furniture"
    if line.kind == "figure":
        return "figure"
    if line.kind == "table":
        return "table"
    words = len(line.text.split())
    if line.size >= 1.12 * body and words <= 20 and re.search(r"[A-Za-z]{2}", line.text):
        return "heading"
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
            out.append(RawLine(ln.text, n, page.number, "" if kind == "text" else kind, ln.cells))
        out.append(RawLine("", 0, page.number))
    return out

"""Ruled tables: text inside a grid of drawn rules, read cell by cell.

A table drawn with borders (drug labels, HTML-rendered documents) says where every cell starts
and ends: rows whose cells wrap over several lines, labels set on the middle line of a tall
cell and values placed between lines are all inside one cell. A grid is a connected set of
horizontal and vertical rules with at least two rows and two columns; each row of the grid
becomes one table line whose cells are aligned to the grid's columns ("" where a row has no
cell there). A cell spanning several rows is read with the row it starts in; a header set over
two rows ("Dose Reduction" over "First" and "Second") names each column with both. A caption
set just above the grid ("Table 2: ...") is read as the table's first line, footnotes set just
below it ("* Not statistically significant") as notes of their own. Words are placed where
their text-showing operation put them (:attr:`.pdf.Run.words`), so values set apart by a
large word spacing land in their own cells.

A "three-line" table (a top rule, a rule under the header and a bottom rule, nothing across
its columns) is read the same way with columns found from where its words stand: the header
band column by column (names wrapped over several lines stay whole), then one row per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .pdf import Run, join_runs

#: Rules this close (points) are one rule; a rule ends this close to another to meet it.
TOL = 1.5
_CAPTION = re.compile(r"^(?:Table|TABLE)\s*(?:\d+|[IVXLC]+)[.:]?\s")

Rule = tuple[float, float, float, float]
#: A merged horizontal (y, x0, x1) or vertical (x, y0, y1) rule.
Span = tuple[float, float, float]


@dataclass
class Grid:
    hs: list[Span]
    vs: list[Span]
    rows: list[float] = field(default_factory=list)  # distinct rule heights, top first
    cols: list[float] = field(default_factory=list)  # distinct rule x positions, left first

    @property
    def x0(self) -> float:
        return min([h[1] for h in self.hs] + [v[0] for v in self.vs])

    @property
    def x1(self) -> float:
        return max([h[2] for h in self.hs] + [v[0] for v in self.vs])

    @property
    def top(self) -> float:
        return max([h[0] for h in self.hs] + [v[2] for v in self.vs])

    @property
    def bottom(self) -> float:
        return min([h[0] for h in self.hs] + [v[1] for v in self.vs])

    def holds(self, run: Run) -> bool:
        """The run's middle lies inside the grid."""
        x = (run.x0 + run.x1) / 2
        y = run.y + 0.3 * run.size
        return self.x0 - TOL <= x <= self.x1 + TOL and self.bottom - TOL <= y <= self.top + TOL


def _merge(spans: list[Span]) -> list[Span]:
    """Collinear spans that touch or overlap joined into one."""
    lines: list[list[Span]] = []
    for span in sorted(spans):
        if lines and span[0] - lines[-1][0][0] <= TOL:
            lines[-1].append(span)
        else:
            lines.append([span])
    out: list[Span] = []
    for line in lines:
        at = line[0][0]
        merged: list[Span] = []
        for _, lo, hi in sorted(line, key=lambda s: s[1]):
            if merged and lo <= merged[-1][2] + TOL:
                merged[-1] = (at, merged[-1][1], max(merged[-1][2], hi))
            else:
                merged.append((at, lo, hi))
        out += merged
    return out


def _distinct(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOL:
            out.append(v)
    return out


def find_grids(rules: list[Rule]) -> list[Grid]:
    """Grids of a page's rules: connected horizontal and vertical rules that make at least two
    rows and two columns (an axis pair, a box or a lone divider is not a table)."""
    hs = _merge([(y0, min(x0, x1), max(x0, x1)) for x0, y0, x1, y1 in rules if y0 == y1])
    vs = _merge([(x0, min(y0, y1), max(y0, y1)) for x0, y0, x1, y1 in rules if x0 == x1])
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, hx0, hx1) in enumerate(hs):
        for j, (x, vy0, vy1) in enumerate(vs):
            if hx0 - TOL <= x <= hx1 + TOL and vy0 - TOL <= y <= vy1 + TOL:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Span], list[Span]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    grids: list[Grid] = []
    for g_hs, g_vs in groups.values():
        rows = _distinct([h[0] for h in g_hs])
        cols = _distinct([v[0] for v in g_vs])
        if len(rows) >= 3 and len(cols) >= 3:
            grid = Grid(g_hs, g_vs)
            grid.rows = sorted(rows, reverse=True)
            grid.cols = _distinct([grid.x0, *cols, grid.x1])
            grids.append(grid)
    return grids


@dataclass
class _Cell:
    col0: int  # first and last grid column it covers
    col1: int
    band0: int  # first and last band (row of the grid) it covers
    band1: int
    runs: list[Run] = field(default_factory=list)


def _band_columns(grid: Grid, top: float, bottom: float) -> list[tuple[int, int]]:
    """The cells of one band as (first, last) grid column: vertical rules crossing the band's
    middle divide it."""
    mid = (top + bottom) / 2
    edges = [0, len(grid.cols) - 1]
    for x, y0, y1 in grid.vs:
        if y0 - TOL <= mid <= y1 + TOL:
            edges += [k for k, c in enumerate(grid.cols) if abs(c - x) <= TOL]
    edges = sorted(set(edges))
    return [(a, b - 1) for a, b in zip(edges, edges[1:], strict=False)]


def _ruled(grid: Grid, y: float, x0: float, x1: float) -> bool:
    """A horizontal rule at height y under the middle of [x0, x1]."""
    mid = (x0 + x1) / 2
    return any(abs(h[0] - y) <= TOL and h[1] - TOL <= mid <= h[2] + TOL for h in grid.hs)


def _cells(grid: Grid) -> list[_Cell]:
    """Cells of the grid; a cell with no rule under it continues into the band below."""
    cells: list[_Cell] = []
    above: dict[tuple[int, int], _Cell] = {}
    for k, (top, bottom) in enumerate(zip(grid.rows, grid.rows[1:], strict=False)):
        now: dict[tuple[int, int], _Cell] = {}
        for a, b in _band_columns(grid, top, bottom):
            prev = above.get((a, b))
            if prev is not None and not _ruled(grid, top, grid.cols[a], grid.cols[b + 1]):
                prev.band1 = k
                now[(a, b)] = prev
                continue
            cell = _Cell(a, b, k, k)
            cells.append(cell)
            now[(a, b)] = cell
        above = now
    return cells


def _place(grid: Grid, cells: list[_Cell], run: Run) -> None:
    x = (run.x0 + run.x1) / 2
    y = run.y + 0.3 * run.size
    band = next((k for k, low in enumerate(grid.rows[1:]) if y >= low - TOL), len(grid.rows) - 2)
    col = next((k for k, right in enumerate(grid.cols[1:]) if x <= right), len(grid.cols) - 2)
    for cell in cells:
        if cell.band0 <= band <= cell.band1 and cell.col0 <= col <= cell.col1:
            cell.runs.append(run)
            return


def text_lines(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped into lines, top to bottom, each left to right. A smaller run just above or
    below a line (a footnote letter, a superscript) joins that line."""
    if not runs:
        return []
    big = max(r.size for r in runs)
    lines: list[list[Run]] = []
    for run in sorted((r for r in runs if r.size >= 0.85 * big), key=lambda r: (-r.y, r.x0)):
        if lines and abs(lines[-1][0].y - run.y) <= 0.3 * max(run.size, lines[-1][0].size):
            lines[-1].append(run)
        else:
            lines.append([run])
    for run in (r for r in runs if r.size < 0.85 * big):
        near = [ln for ln in lines if -0.4 * run.size <= run.y - ln[0].y <= 0.7 * ln[0].size]
        if near:
            min(near, key=lambda ln: abs(run.y - ln[0].y)).append(run)
        else:
            lines.append([run])
    lines.sort(key=lambda ln: -ln[0].y)
    for ln in lines:
        ln.sort(key=lambda r: r.x0)
    return lines


def _join(lines: list[str]) -> str:
    """A cell's lines as one text; a line ending in a hyphen runs on into the next."""
    out = ""
    for text in lines:
        if out.endswith("-") and text[:1].islower():
            out += text
        else:
            out = f"{out} {text}" if out else text
    return out


def _numeric(text: str) -> bool:
    return bool(re.search(r"\d", text)) and len(re.sub(r"[\d\s.,·%()\[\]–—<>≤≥=+/-]", "", text)) < 4


def _header_bands(cells: list[_Cell], text: dict[int, str], bands: int) -> int:
    """How many bands at the top name the columns: the first, when it has two cells or more,
    and each next one that divides a header cell spanning several columns (sub-headers)."""
    first = [c for c in cells if c.band0 == 0 and text[id(c)]]
    if len(first) < 2:
        return 0
    n = 1
    while n < bands:
        wide = [c for c in cells if c.band0 < n and c.band1 == n - 1 and c.col1 > c.col0]
        below = [c for c in cells if c.band0 == n and text[id(c)]]
        divides = any(
            w.col0 <= b.col0 and b.col1 <= w.col1 and (b.col0, b.col1) != (w.col0, w.col1)
            for w in wide
            for b in below
        )
        if not divides or any(_numeric(text[id(b)]) for b in below):
            break
        n += 1
    return n


def read_grid(grid: Grid, runs: list[Run]) -> list[tuple[str, ...]]:
    """Rows of a grid as cell texts aligned to its columns, top to bottom; a header set over
    several bands comes first as one row of column names. Rows without text are left out."""
    cells = _cells(grid)
    for run in runs:
        _place(grid, cells, run)
    text = {id(c): _join([join_runs(ln) for ln in text_lines(c.runs)]) for c in cells}
    ncols = len(grid.cols) - 1
    bands = len(grid.rows) - 1
    head = _header_bands(cells, text, bands)
    rows: list[tuple[str, ...]] = []
    if head:
        names = []
        for j in range(ncols):
            parts: list[str] = []
            for c in sorted(cells, key=lambda c: c.band0):
                if c.band0 < head and c.col0 <= j <= c.col1 and text[id(c)] not in parts:
                    parts.append(text[id(c)])
            names.append(" ".join(p for p in parts if p))
        rows.append(tuple(names))
    for k in range(head, bands):
        row = [""] * ncols
        for c in cells:
            if c.band0 == k:
                row[c.col0] = text[id(c)]
        if any(row):
            rows.append(tuple(row))
    return rows


def caption_runs(grid: Box, runs: list[Run]) -> list[Run]:
    """Runs of a caption set just above the grid ("Table 2: ..." and its wrapped lines, at most
    four, each within about a line of the next), else []."""
    near = [
        r
        for r in runs
        if grid.x0 - 2 * r.size <= (r.x0 + r.x1) / 2 <= grid.x1 + 2 * r.size
        and grid.top < r.y <= grid.top + 8 * r.size
    ]
    lines = text_lines(near)
    taken: list[list[Run]] = []
    below = grid.top
    for ln in reversed(lines):  # upwards from the grid
        size = max(r.size for r in ln)
        if ln[0].y - below > (2.2 if not taken else 1.6) * size or len(taken) == 4:
            break
        taken.insert(0, ln)
        below = ln[0].y
        if _CAPTION.match(join_runs(ln)):
            return [r for line in taken for r in line]
    return []


#: How a table footnote starts: a note mark, a footnote letter or number, or a label.
_NOTE = re.compile(r"^(?:[*†‡§¶#ª]|[a-z\d]\s|(?:abbreviations?|notes?|source)\b)", re.I)


def note_runs(grid: Box, runs: list[Run]) -> list[list[Run]]:
    """Footnotes set just below the grid, one list of runs per note: lines that start with a
    note mark ("*", "a ", "1 ", "Abbreviations:") and the lines that continue them, each
    within about a line of the one above."""
    near = [
        r
        for r in runs
        if grid.x0 - 2 * r.size <= (r.x0 + r.x1) / 2 <= grid.x1 + 2 * r.size
        and grid.bottom - 8 * r.size <= r.y < grid.bottom
    ]
    notes: list[list[Run]] = []
    above = grid.bottom
    for ln in text_lines(near):
        size = max(r.size for r in ln)
        gap = above - ln[0].y
        if gap > (2.2 if not notes else 1.6) * size:
            break
        if _NOTE.match(join_runs(ln)):
            notes.append(list(ln))
        elif notes and gap <= 1.4 * size:
            notes[-1] += ln
        else:
            break
        above = ln[0].y
    return notes


@dataclass
class ThreeLine:
    """A table ruled across only, with a top rule, a rule under its header and a bottom rule
    of the same extent (a "three-line" table)."""

    x0: float
    x1: float
    top: float
    mid: float
    bottom: float

    def holds(self, run: Run) -> bool:
        x = (run.x0 + run.x1) / 2
        y = run.y + 0.3 * run.size
        return self.x0 - TOL <= x <= self.x1 + TOL and self.bottom < y < self.top


def three_line_tables(rules: list[Rule], grids: list[Grid]) -> list[ThreeLine]:
    """Three horizontal rules of the same extent (within 2 pt), stacked, touching no grid and
    with no other rule of that extent: a three-line table. (Tables ruled under every row are
    left to the page layout.)"""
    hs = _merge([(y0, min(x0, x1), max(x0, x1)) for x0, y0, x1, y1 in rules if y0 == y1])
    taken = [h for g in grids for h in g.hs]
    stacks: list[list[Span]] = []
    for h in hs:
        if h in taken or h[2] - h[1] < 50:
            continue
        for stack in stacks:
            if abs(stack[0][1] - h[1]) <= 2 and abs(stack[0][2] - h[2]) <= 2:
                stack.append(h)
                break
        else:
            stacks.append([h])
    out: list[ThreeLine] = []
    for stack in stacks:
        if len(stack) == 3:
            top, mid, bottom = sorted(stack, key=lambda h: -h[0])
            out.append(ThreeLine(top[1], top[2], top[0], mid[0], bottom[0]))
    return out


def _columns_of(lines: list[list[Run]]) -> list[tuple[float, float]]:
    """Column extents of table lines: runs grouped where no run of any line bridges a gap of
    more than about a font height."""
    runs = sorted((r for ln in lines for r in ln), key=lambda r: r.x0)
    if not runs:
        return []
    size = max(r.size for r in runs)
    cols: list[tuple[float, float]] = []
    for r in runs:
        if cols and r.x0 - cols[-1][1] <= 0.9 * size:
            cols[-1] = (cols[-1][0], max(cols[-1][1], r.x1))
        else:
            cols.append((r.x0, r.x1))
    return cols


def _column(cols: list[tuple[float, float]], run: Run) -> int:
    """The column a run belongs to: the one holding its middle, else the nearest."""
    x = (run.x0 + run.x1) / 2
    return min(range(len(cols)), key=lambda k: max(0.0, cols[k][0] - x, x - cols[k][1]))


def read_three_line(table: ThreeLine, runs: list[Run]) -> list[tuple[str, ...]]:
    """Rows of a three-line table aligned to its columns (found from the body's lines): the
    header band read column by column as one row of names, then one row per body line."""
    head = [r for r in runs if r.y + 0.3 * r.size > table.mid]
    body = text_lines([r for r in runs if r.y + 0.3 * r.size <= table.mid])
    cols = _columns_of(body) or _columns_of(text_lines(head))
    if not cols:
        return []
    rows: list[tuple[str, ...]] = []
    if head:
        # Header words go to a column by the cell they belong to on their line (a name wider
        # than the numbers under it, "Li, et al.", stays whole).
        parts: list[list[Run]] = [[] for _ in cols]
        for line in text_lines(head):
            for lo, hi in _columns_of([line]):
                cell = [r for r in line if lo <= r.x0 and r.x1 <= hi]
                middle = Run("", lo, hi, line[0].y, line[0].size)
                parts[_column(cols, middle)] += cell
        rows.append(tuple(_join([join_runs(ln) for ln in text_lines(p)]) for p in parts))
    for ln in body:
        cells: list[list[Run]] = [[] for _ in cols]
        for r in ln:
            cells[_column(cols, r)].append(r)
        rows.append(tuple(join_runs(c) for c in cells))
    return rows


#: A ruled table's region: a grid or a three-line table.
Box = Grid | ThreeLine

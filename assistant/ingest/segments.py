"""Page layout, step 1: runs on one baseline joined into segments, split at column gutters.

A gap wider than about one font height starts a new segment, so two columns (or two table cells)
never share one. Column gutters are narrow vertical strips that (almost) no run crosses; a run
that spans one (two columns' lines shown in one text object) is cut at its filled gap nearest the
gutter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .pdf import Run, join_runs


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


def split_at_gutters(runs: list[Run], cuts: list[float]) -> list[Run]:
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
    rows = _rows(split_at_gutters(runs, list(cuts)))
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

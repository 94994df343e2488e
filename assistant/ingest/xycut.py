"""Page layout, step 2: segments in reading order by recursive XY-cut.

The page is cut first at horizontal white bands wider than a line gap, then at vertical gutters;
pieces are read top to bottom, left to right. Narrow pieces are never split off, so table columns
stay together as rows.
"""

from __future__ import annotations

from collections import Counter

from .segments import Segment, split_at_gutters


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
    runs = [part for r in seg.runs for part in split_at_gutters([r], [c])]
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

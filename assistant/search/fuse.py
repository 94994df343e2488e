"""Fusion of ranked lists: reciprocal rank fusion and a weighted score blend. Pure functions."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence


def rrf(
    rankings: Mapping[str, Sequence[int]], k: int = 60, weights: Mapping[str, float] | None = None
) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: score(d) = sum over lists of w / (k + rank), rank from 1.

    Ties are broken by the best single rank, then by id, so results are deterministic.
    """
    scores: dict[int, float] = {}
    best: dict[int, int] = {}
    for name, ranked in rankings.items():
        w = 1.0 if weights is None else weights.get(name, 1.0)
        for r, doc in enumerate(ranked, start=1):
            scores[doc] = scores.get(doc, 0.0) + w / (k + r)
            best[doc] = min(best.get(doc, r), r)
    return sorted(scores.items(), key=lambda kv: (-kv[1], best[kv[0]], kv[0]))


def weighted(
    scored: Mapping[str, Sequence[tuple[int, float]]], weights: Mapping[str, float] | None = None
) -> list[tuple[int, float]]:
    """Min-max normalise each list's scores to [0, 1], then add them with weights."""
    total: dict[int, float] = {}
    for name, items in scored.items():
        if not items:
            continue
        w = 1.0 if weights is None else weights.get(name, 1.0)
        vals = [s for _, s in items]
        lo, hi = min(vals), max(vals)
        span = hi - lo or 1.0
        for doc, s in items:
            total[doc] = total.get(doc, 0.0) + w * (s - lo) / span
    return sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))


def spread(
    ranked: Sequence[tuple[int, float]], group: Callable[[int], Hashable | None], cap: int
) -> list[tuple[int, float]]:
    """``ranked`` with at most ``cap`` items of any group (``group(d)`` not None) kept in place;
    the group's later items follow every other item, in their original order.

    ``cap`` 0 returns the ranking unchanged. Used for table rows: the rows of one table share its
    caption and column names, so five of them can fill the top five for a question that names
    the table while the prose that answers it sits lower.
    """
    if cap <= 0:
        return list(ranked)
    seen: dict[Hashable, int] = {}
    kept: list[tuple[int, float]] = []
    later: list[tuple[int, float]] = []
    for item in ranked:
        key = group(item[0])
        if key is not None:
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > cap:
                later.append(item)
                continue
        kept.append(item)
    return kept + later

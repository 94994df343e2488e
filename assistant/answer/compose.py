"""Choosing the answer sentences and citing them.

Sentences are taken best first while they score close enough to the best one and fit the word
budget; a sentence whose subject refers back ("the mentioned dose", "these patients") brings the
sentence before it; the chosen sentences are then put in document order, each followed by the
number of its passage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..chunking import sentence_spans
from ..records import Citation, Document, Location
from .candidates import Candidate, is_filler, refers_back
from .judge import Judge
from .query import Query


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.doc_id == b.doc_id and a.start < b.end and b.start < a.end


def select(query: Query, scored: Sequence[Candidate], judge: Judge) -> list[Candidate]:
    """The answer sentences, best first (before context is added)."""
    ranked = sorted(scored, key=lambda c: -c.score)
    if not ranked:
        return []
    budget = judge.words * (judge.list_factor if "list" in query.kinds else 1.0)
    best = ranked[0]
    chosen = [best]
    words = best.words
    for c in ranked[1:]:
        if c.score < max(judge.keep_floor, judge.keep_ratio * best.score):
            break
        if words + c.words > budget or any(_overlaps(c, o) for o in chosen):
            continue
        chosen.append(c)
        words += c.words
    return chosen


def with_antecedents(chosen: list[Candidate]) -> list[Candidate]:
    """The chosen sentences plus, for each that refers back, the sentence before it."""
    extra: list[Candidate] = []
    for c in chosen:
        if not refers_back(c.text) or c.hit.chunk.kind == "table_row":
            continue
        ch = c.hit.chunk
        spans = [(ch.start + a, ch.start + b) for a, b in sentence_spans(ch.text)]
        before = [sp for sp in spans if sp[1] <= c.start]
        if not before:
            continue
        s, e = before[-1]
        if any(o.doc_id == c.doc_id and o.start < e and s < o.end for o in chosen + extra):
            continue
        text = ch.text[s - ch.start : e - ch.start]
        if is_filler(text):
            continue
        extra.append(Candidate(c.hit, s, e, text, text, c.features, c.score))
    return chosen + extra


def compose(
    chosen: list[Candidate], document: Callable[[str], Document | None]
) -> tuple[tuple[tuple[str, int], ...], tuple[Citation, ...]]:
    """(parts, citations): each part is (sentence, citation number), in document order."""
    ordered = sorted(chosen, key=lambda c: (c.doc_id, c.start))
    numbers: dict[str, int] = {}
    groups: dict[str, list[Candidate]] = {}
    parts: list[tuple[str, int]] = []
    for c in ordered:
        cid = c.hit.chunk.chunk_id
        numbers.setdefault(cid, len(numbers) + 1)
        groups.setdefault(cid, []).append(c)
        parts.append((c.text, numbers[cid]))
    citations = tuple(_citation(numbers[cid], g, document) for cid, g in groups.items())
    return tuple(parts), citations


def _citation(
    n: int, group: list[Candidate], document: Callable[[str], Document | None]
) -> Citation:
    """The citation of one passage: the verbatim stretch holding the cited sentences and the
    source lines of that stretch (not of the whole passage)."""
    ch = group[0].hit.chunk
    if ch.kind == "table_row":
        return Citation(n, ch.chunk_id, ch.section, ch.page, ch.lines, ch.text, ch.doc_id)
    lo = min(c.start for c in group)
    hi = max(c.end for c in group)
    quote = ch.text[lo - ch.start : hi - ch.start]
    doc = document(ch.doc_id)
    loc: Location = doc.location(lo, hi) if doc is not None else ch.location
    return Citation(
        n, ch.chunk_id, ch.section, loc.page, (loc.line_start, loc.line_end), quote, ch.doc_id
    )

"""Choosing the answer sentences and citing them.

Sentences are taken best first while they score close enough to the best one and fit the word
budget; a sentence whose subject refers back ("the mentioned dose", "these patients") brings the
sentence before it; the chosen sentences are then put in document order, each followed by the
number of its passage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..records import Chunk, Citation, Document, Hit, Location
from ..text.sentences import run_in_label, sentence_spans
from .candidates import Candidate, is_filler, is_fragment, refers_back
from .judge import Judge
from .query import Query
from .vocab import fold, stem


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.doc_id == b.doc_id and a.start < b.end and b.start < a.end


def term_sets(query: Query, texts: Sequence[str]) -> list[frozenset[str]]:
    """The question's topical words (stemmed) each text contains."""
    stems = {stem(t): t for t in query.content}
    lowered = [fold(x) for x in texts]
    return [frozenset(t for s, t in stems.items() if s in x) for x in lowered]


def select(query: Query, scored: Sequence[Candidate], judge: Judge) -> list[Candidate]:
    """The answer sentences, best first (before context is added).

    Greedy: the best sentence, then repeatedly the one whose score plus ``judge.novelty`` times
    the share of question-word weight it adds (words no chosen sentence has) is highest, while
    it scores at least ``keep_ratio`` of the best (and ``keep_floor``) and fits the word budget.
    """
    if not scored:
        return []
    budget = judge.words * (judge.list_factor if "list" in query.kinds else 1.0)
    terms = term_sets(query, [c.text for c in scored])
    weight = {t: query.idf.get(t, 1.0) for t in query.content}
    total = sum(weight.values()) or 1.0
    first = max(range(len(scored)), key=lambda i: scored[i].score)
    chosen = [first]
    covered = set(terms[first])
    words = scored[first].words
    limit = max(judge.keep_floor, judge.keep_ratio * scored[first].score)
    while True:
        best_i, best_v = -1, float("-inf")
        for i, c in enumerate(scored):
            if i in chosen or c.score < limit or words + c.words > budget:
                continue
            if any(_overlaps(c, scored[j]) for j in chosen):
                continue
            gain = sum(weight[t] for t in terms[i] - covered) / total
            value = c.score + judge.novelty * gain
            if value > best_v:
                best_i, best_v = i, value
        if best_i < 0:
            return [scored[i] for i in chosen]
        chosen.append(best_i)
        covered |= terms[best_i]
        words += scored[best_i].words


def with_antecedents(
    chosen: list[Candidate], passage_before: Callable[[str, int], Chunk | None] | None = None
) -> list[Candidate]:
    """The chosen sentences plus, for each that refers back or is the tail of a sentence cut by
    a page, column or list (:func:`is_fragment`), the sentence before it.

    That sentence is looked for in the chosen sentence's passage, and, when the passage starts
    with the chosen sentence, in ``passage_before(doc_id, passage start)``: the passage
    starting last before it, when that is a window of the same paragraph or, for the tail of
    a cut sentence, a passage left open (a list's lead-in "if you:"); cited as that passage.
    """
    extra: list[Candidate] = []
    for c in chosen:
        fragment = is_fragment(c.text)
        if not (refers_back(c.text) or fragment) or c.hit.chunk.kind == "table_row":
            continue
        ch = c.hit.chunk
        before = _sentences_before(ch, c.start)
        if not before and passage_before is not None:
            prev = passage_before(c.doc_id, ch.start)
            # only a window of the same paragraph (it overlaps the sentence): across a
            # paragraph break the sentence before is no safe antecedent; but the tail of a cut
            # sentence continues a passage left open (a list's lead-in "if you:", a page cut)
            if (
                prev is not None
                and prev.chunk_id != ch.chunk_id
                and (prev.end > c.start or (fragment and _left_open(prev.text)))
            ):
                ch = prev
                before = _sentences_before(ch, c.start)
        if not before:
            continue
        s, e = before[-1]
        if any(o.doc_id == c.doc_id and o.start < e and s < o.end for o in chosen + extra):
            continue
        text = ch.text[s - ch.start : e - ch.start]
        if is_filler(text):
            continue
        hit = c.hit if ch is c.hit.chunk else Hit(c.hit.rank, 0.0, ch)
        extra.append(Candidate(hit, s, e, text, text, c.features, c.score))
    return chosen + extra


def _left_open(text: str) -> bool:
    """Whether a passage ends without ending its sentence (a list's lead-in, a page cut)."""
    return not text.rstrip().endswith((".", "?", "!", ".)", '."', ".”", "]"))


def _sentences_before(ch: Chunk, start: int) -> list[tuple[int, int]]:
    """Absolute spans of the sentences of passage ``ch`` that end before ``start``."""
    spans = [
        (ch.start + a + run_in_label(ch.text[a:b]), ch.start + b)
        for a, b in sentence_spans(ch.text)
    ]
    return [sp for sp in spans if sp[1] <= start]


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
        return Citation(
            n, ch.chunk_id, ch.section, ch.page, ch.lines, ch.text, ch.doc_id, ch.location.page_end
        )
    lo = min(c.start for c in group)
    hi = max(c.end for c in group)
    quote = ch.text[lo - ch.start : hi - ch.start]
    doc = document(ch.doc_id)
    loc: Location = doc.location(lo, hi) if doc is not None else ch.location
    return Citation(
        n,
        ch.chunk_id,
        ch.section,
        loc.page,
        (loc.line_start, loc.line_end),
        quote,
        ch.doc_id,
        loc.page_end,
    )

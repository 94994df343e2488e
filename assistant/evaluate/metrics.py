"""Pure metric functions of the evaluation, tested on hand-computed cases.

Gold is chunking-independent: a retrieved passage is *relevant* when its cleaned text contains one
of the question's verbatim ``evidence`` spans after :func:`normalize`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

from ..text.references import REFERENCE

#: Context budgets (in words) for :func:`recall_within_words`.
BUDGETS: tuple[int, ...] = (300, 600)
#: Cut-offs reported as Hit@n.
HIT_CUTOFFS: tuple[int, ...] = (1, 3, 5, 10)
#: Passages fetched per question for the word-budget recall. Independent of ``k`` so that small
#: chunks can still fill 600 words; it equals the retriever's default candidate pool, so fetching
#: this many does not change the order of the top ``k``.
BUDGET_DEPTH = 50

# -- normalisation and relevance ------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
# Whitespace and hyphens/dashes are deleted outright (not collapsed): PDF and text extraction break
# lines inside hyphenated words ("phos-\nphoinositide") and vary dash characters, and gold must not
# depend on how the cleaner joined them.
_DELETE = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014]+")


def normalize(text: str) -> str:
    """``text`` for gold matching: NFKC, lower case, straight quotes, no whitespace, no dashes."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)
    return _DELETE.sub("", text)


def _needles(evidence: Iterable[str]) -> list[str]:
    # A span that normalises to nothing would match every passage; it is ignored instead.
    return [n for n in (normalize(e) for e in evidence) if n]


def is_relevant(text: str, evidence: Iterable[str]) -> bool:
    """True when ``text`` contains any evidence span (both normalised)."""
    hay = normalize(text)
    return any(n in hay for n in _needles(evidence))


def first_relevant_rank(ranked_texts: Sequence[str], evidence: Iterable[str]) -> int | None:
    """The 1-based rank of the first relevant passage, or None when none is relevant."""
    needles = _needles(evidence)
    for rank, text in enumerate(ranked_texts, start=1):
        hay = normalize(text)
        if any(n in hay for n in needles):
            return rank
    return None


def hit_at(rank: int | None, k: int) -> float:
    """1.0 when the first relevant passage is within the top ``k``, else 0.0."""
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None, k: int = 10) -> float:
    """1/rank of the first relevant passage, 0.0 when it is missing or below rank ``k``."""
    return 1.0 / rank if rank is not None and rank <= k else 0.0


def ndcg_at(relevances: Sequence[bool | int], k: int = 10) -> float:
    """nDCG@k with binary gains, treating a question's evidence as ONE information need.

    ``relevances[i]`` says whether the passage at rank ``i + 1`` is relevant. Only the first
    relevant passage earns a gain (1 / log2(1 + rank)); later ones repeat the same information
    (overlapping chunks, or a second span of the same answer) and earn nothing. The ideal list has
    that one passage at rank 1, so ideal DCG = 1 and nDCG@k = 1 / log2(1 + first relevant rank).

    Why not count every relevant passage: the number of relevant passages depends on the chunker
    (overlap duplicates a span), so an "ideal" built from it would not be comparable across
    chunkings, and an ideal built from the retrieved list would *lower* the score when a second
    relevant passage is found.
    """
    for i, rel in enumerate(relevances[:k], start=1):
        if rel:
            return 1.0 / math.log2(1 + i)
    return 0.0


def recall_within_words(ranked_texts: Sequence[str], evidence: Iterable[str], budget: int) -> float:
    """1.0 when an evidence span lies inside the first ``budget`` words of the ranked passages.

    Passages are read in rank order and their words counted (whitespace-separated); the passage
    that crosses the budget is cut after the last word that fits, and a span counts only when it is
    wholly inside one passage's kept words. Unlike Hit@k this does not reward bigger chunks: a
    reader (or a prompt) with a fixed budget sees the same number of words whatever the chunk size.
    """
    needles = _needles(evidence)
    left = budget
    for text in ranked_texts:
        if left <= 0:
            break
        words = text.split()
        kept = words if len(words) <= left else words[:left]
        left -= len(kept)
        hay = normalize(" ".join(kept))
        if any(n in hay for n in needles):
            return 1.0
    return 0.0


def fact_recall(answer_text: str, facts: Sequence[str]) -> float:
    """Share of ``facts`` that ``answer_text`` states (normalised substring match).

    An empty fact list gives 1.0 (nothing was required); the runner only scores questions that
    have facts.
    """
    needles = [normalize(f) for f in facts]
    needles = [n for n in needles if n]
    if not needles:
        return 1.0
    hay = normalize(answer_text)
    return sum(n in hay for n in needles) / len(needles)


def word_count(text: str) -> int:
    """Whitespace-separated words of ``text``."""
    return len(text.split())


def answer_words(text: str) -> int:
    """Words of an answer, not counting bracketed markers such as "[1]" or "[12, 13]"."""
    return sum(1 for w in REFERENCE.sub(" ", text).split() if any(ch.isalnum() for ch in w))


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0

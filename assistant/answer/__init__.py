"""Extractive answers: the few corpus sentences that answer a question best, each cited.

Nothing is generated: every answer sentence is a verbatim sentence of a retrieved passage (a table
row is spelled out with its column names), so numbers appear exactly as printed. The stages, each
its own module: :mod:`.query` analyses the question once; :mod:`.candidates` gathers and
featurises sentences; :mod:`.judge` holds the fitted models; :mod:`.decide` says answer (high or
low confidence) or decline; :mod:`.compose` picks sentences and cites them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..records import AdverseEffect, Answer, Hit, Mode, Regimen
from .candidates import (
    DOSE,
    SAFETY,
    SENTENCE_FEATURES,
    Candidate,
    featurise,
    gather,
    subject_documents,
)
from .compose import compose, select, with_antecedents
from .decide import (
    QUESTION_FEATURES,
    Decision,
    anchored,
    decide,
    question_features,
    unstated_numbers,
)
from .judge import Judge, JudgeError, load
from .query import Query, analyse, content_terms, question_kind
from .vocab import known_word

if TYPE_CHECKING:
    from ..search.retrieve import Retriever

__all__ = [
    "DOSE",
    "LOW_CONFIDENCE",
    "MARKER",
    "NOT_COVERED",
    "SAFETY",
    "Analysis",
    "JudgeError",
    "answer_question",
    "content_terms",
    "default_judge",
    "examine",
    "known_word",
    "question_kind",
]

NOT_COVERED = "The indexed documents do not address this."
LOW_CONFIDENCE = "May not answer this directly; the closest passages are listed below."
#: A citation marker as written after an answer sentence (" [2]"); a document's own reference
#: numbers ("disease [130].") come before the sentence's final punctuation.
MARKER = re.compile(r"(?<=[.!?\]]) \[(\d+)\](?= |$)")


@functools.lru_cache(maxsize=1)
def default_judge() -> Judge:
    """The packaged, fitted judge (loaded once)."""
    return load(SENTENCE_FEATURES, QUESTION_FEATURES)


@dataclass(frozen=True)
class Analysis:
    """Everything the answer is decided from: for evaluation and fitting, and the answer itself."""

    query: Query
    hits: tuple[Hit, ...]
    candidates: tuple[Candidate, ...]
    features: tuple[float, ...]
    anchor: str
    decision: Decision


def examine(
    retriever: Retriever,
    question: str,
    judge: Judge,
    mode: Mode | None = None,
    k: int = 8,
) -> Analysis:
    """Analyse, retrieve, score the candidate sentences and decide (no composing).

    In a corpus of several documents, a question whose subject only some of them name is
    asked of those (:func:`.candidates.subject_documents`), as with ``--document``.
    """
    naming = (
        subject_documents(
            content_terms(question),
            retriever.document_vocabularies(),
            retriever.document_subjects(),
        )
        if retriever.settings.subject_scope
        else frozenset()
    )
    if naming:
        retriever = retriever.within_ids(naming)
    hits = retriever.search(question, k=k, mode=mode)
    query = analyse(retriever, question)
    cands = featurise(retriever, query, gather(hits, retriever.settings.answer_passages))
    scored = tuple(replace(c, score=judge.sentence.probability(c.features)) for c in cands)
    best = max(scored, key=lambda c: c.score, default=None)
    term_df = retriever.term_df()
    anchor = anchored(query, best.text, term_df) if best is not None else ""
    passages = [h.chunk.text for h in hits[:3]]
    feats = question_features(query, scored, passages)
    decision = decide(query, feats, anchor, judge)
    return Analysis(query, tuple(hits), scored, feats, anchor, decision)


def answer_question(
    retriever: Retriever,
    question: str,
    mode: Mode | None = None,
    k: int = 8,
    regimens: Sequence[Regimen] = (),
    effects: Sequence[AdverseEffect] = (),
    judge: Judge | None = None,
) -> Answer:
    """Answer ``question`` from the retrieved passages (QueryError for an empty question).

    ``regimens``/``effects`` are accepted for callers that have them; dose and safety questions
    are recognised from the sentences themselves, so any document's doses count.
    """
    judge = judge or default_judge()
    a = examine(retriever, question, judge, mode=mode, k=k)
    text = question.strip()
    diagnostics = a.decision.describe()
    if not a.candidates or not a.decision.answered:
        note = (
            "No passage could be read for this question."
            if not a.candidates
            else "The closest passages are listed; none of them answers the question"
            + (f" ({a.decision.reason})." if a.decision.reason else ".")
        )
        return Answer(text, False, NOT_COVERED, (), a.hits, note, diagnostics, "none")
    chosen = with_antecedents(select(a.query, a.candidates, judge), retriever.passage_before)
    parts, citations = compose(chosen, retriever.document)
    body = " ".join(f"{t} [{n}]" for t, n in parts)
    outcome = a.decision.outcome
    missing = unstated_numbers(text, " ".join(t for t, _ in parts))
    if outcome == "high" and missing:
        # the question asks about a number the chosen sentences never state ("at 24 months")
        outcome = "low"
        diagnostics += f"; low: the answer states no {', '.join(missing)}"
    note = LOW_CONFIDENCE if outcome == "low" else ""
    return Answer(text, True, body, citations, a.hits, note, diagnostics, outcome, parts)

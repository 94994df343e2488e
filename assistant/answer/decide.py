"""The decision: answer with high or low confidence, or say the documents do not address it.

"Not addressed" is said only with evidence that the question's subject is absent from the corpus:
a drug, disease, organism, gene or code the question names, in its own word or a lay phrase,
and the documents never do (see :mod:`assistant.domain.names`), a price asked of documents that
state no amount of money, or a topical word of the question that the corpus neither uses nor
comes close to in meaning, and nothing else strong enough (a rare code matched verbatim, a
well-scored sentence). One incidental lay word the corpus lacks never declines a question by
itself: its weight in the fitted question model is what it is, and the model sees how close the
corpus comes to that word's meaning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..text.terms import query_terms
from .candidates import Candidate
from .judge import Judge
from .query import Query
from .vocab import fold, stem

Outcome = Literal["high", "low", "none"]

#: Names of the question-level features, in order (the fitted judge's JSON records them).
QUESTION_FEATURES = (
    "best_sentence",
    "best_cosine",
    "absent_weight",
    "local_coverage",
    "best_lexical",
    "absent_specific",
    "absent_common",
    "kept_meaning",
)


@dataclass(frozen=True)
class Decision:
    """What was decided and on which evidence (features by name, the model's probability)."""

    outcome: Outcome
    probability: float
    features: tuple[tuple[str, float], ...]
    anchor: str = ""
    reason: str = ""

    @property
    def answered(self) -> bool:
        """True unless declined."""
        return self.outcome != "none"

    def describe(self) -> str:
        """One line for diagnostics output."""
        parts = ", ".join(f"{k} {v:.2f}" for k, v in self.features)
        return f"{self.outcome}: p {self.probability:.2f}; {parts}; anchor {self.anchor or '-'}"


#: A number as a question states it ("at 24 months", "1.6 g/kg", "aged 70-79"), not part of a
#: name, code or unit ("TRIDENT-1", "UMHET3", "mTORC1", "1-RM").
_QUESTION_NUMBER = re.compile(
    r"(?<![\w.\-\u2010-\u2015])(\d+(?:[.,·]\d+)?)(?![\w.]|[.,·]\d|-[A-Za-z])"
)


def unstated_numbers(question: str, answer: str) -> tuple[str, ...]:
    """The numbers of ``question`` that ``answer`` never states: an answer that does not say
    "24" does not answer "... at 24 months?" directly, whatever its score."""
    return tuple(
        n
        for n in dict.fromkeys(_QUESTION_NUMBER.findall(question))
        if not re.search(rf"(?<![\d.,·]){re.escape(n)}(?![\d]|[.,·]\d)", answer)
    )


def anchored(query: Query, sentence: str, term_df: Mapping[str, int]) -> str:
    """A rare code of the question (letters and digits, in at most 5 passages: a trial number, a
    strain like UMHET3) that the sentence contains verbatim, or "" when there is none."""
    words = set(re.findall(r"\w+", sentence.lower()))
    for t in query_terms(query.text):
        if len(t) < 4 or t.isdigit() or t.isalpha():
            continue
        if 1 <= term_df.get(t, 0) <= 5 and t in words:
            return t
    return ""


def local_coverage(query: Query, texts: Sequence[str]) -> float:
    """Share of the question's topical words (stemmed) found in the given passages."""
    if not query.content:
        return 1.0
    joined = fold(" ".join(texts))
    return sum(stem(t) in joined for t in query.content) / len(query.content)


def question_features(
    query: Query, scored: Sequence[Candidate], passages: Sequence[str]
) -> tuple[float, ...]:
    """The question-level features (see :data:`QUESTION_FEATURES`)."""
    best = max((c.score for c in scored), default=0.0)
    cos = max((c.features[0] for c in scored), default=0.0)
    lex = max((c.features[2] for c in scored), default=0.0)
    return (
        best,
        cos,
        query.absent_weight,
        local_coverage(query, passages),
        lex,
        float(query.absent_specific),
        float(query.absent_common),
        query.kept_meaning,
    )


def decide(query: Query, features: tuple[float, ...], anchor: str, judge: Judge) -> Decision:
    """High, low or declined, from the fitted question model and the evidence rule above."""
    p = judge.question.probability(features)
    named = tuple(zip(QUESTION_FEATURES, features, strict=True))
    if anchor:
        return Decision("high", p, named, anchor, "a rare code of the question is quoted")
    if query.absent_named:
        # The question names a drug, disease, organism or code the documents never mention:
        # its subject is absent, whatever the rest of its words match.
        missing = ", ".join(query.absent_named[:3])
        return Decision("none", p, named, "", f"not named in the documents: {missing}")
    if query.unpriced:
        # a question about money over documents that state no amount of it ("cost" may still
        # occur in them in another sense: "the fitness cost of")
        return Decision("none", p, named, "", "the documents state no prices")
    if p >= judge.high_from:
        return Decision("high", p, named)
    if p < judge.decline_below and query.absent:
        missing = ", ".join(query.absent[:3])
        return Decision("none", p, named, "", f"not found in the documents: {missing}")
    if p < judge.decline_below:
        return Decision("low", p, named, "", "every topical word occurs in the documents")
    return Decision("low", p, named)

"""Question analysis, done once: the :class:`Query` every later answer stage reads.

Words, expansions, the question vector, what kind of answer is asked (dose, safety, list,
quantity, yes/no), and which of the question's topical words the corpus lacks.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..domain.lay_vocabulary import lay_covered, lay_missing
from ..domain.names import (
    is_acronym,
    is_proper_noun,
    named_phrases,
    named_subjects,
    names_subject,
    numbered_names,
    proper_noun_known,
)
from ..text.abbreviations import aliases as abbreviation_aliases
from ..text.money import asks_price
from ..text.terms import query_terms
from .vocab import LIGHT_WORDS, fold, known_word, stem

if TYPE_CHECKING:
    from ..search.retrieve import Retriever

_Q_DOSE = re.compile(
    r"\b(dos(e|es|ed|age|ages|ing)|mg|µg|ppm|schedule|regimen|how much|how often|amount|"
    r"concentration|intermittent|administ\w*|given|titrat\w*|reduc\w* (the )?dose|"
    r"treatment protocol|per (day|week|kg)|daily|twice|once)\b",
    re.I,
)
_Q_SAFETY = re.compile(
    r"\b(side[- ]effects?|adverse|toxic\w*|safe\w*|risks?|harm\w*|complications?|tolerat\w*|"
    r"problems?|downsides?|drawbacks?|ulcers?|sores?|infections?|warnings?|contraindicat\w*|"
    r"reactions?|events?|grade)\b",
    re.I,
)
_Q_LIST = re.compile(
    r"\b(which|what) (side effects|adverse|effects|events|reactions|toxicities|trials|drugs|"
    r"medicines|studies|outcomes|symptoms|risk factors|conditions)\b|\blist\b|\ball\b|\bname the\b",
    re.I,
)
_Q_QUANTITY = re.compile(
    r"\bhow (many|much|long|often|large|high|low)\b|\bwhat (share|proportion|percentage|"
    r"fraction|rate|number|dose|median|mean)\b|\b(percent|%|rate|ratio|median|mean|number of)\b",
    re.I,
)
_Q_YESNO = re.compile(
    r"^\s*(is|are|was|were|does|do|did|can|could|should|may|has|have|will)\b", re.I
)


@dataclass(frozen=True, eq=False)
class Query:
    """A question analysed once; every answer stage reads it instead of re-analysing.

    ``vector`` is the (dim,) embedding of the expanded question; ``absent`` lists the topical
    words the corpus never uses (even inflected), ``kept_meaning`` how much of the question's
    meaning survives without them.
    """

    text: str
    expanded: str
    terms: tuple[str, ...]
    content: tuple[str, ...]
    kinds: frozenset[str]
    vector: Any
    idf: dict[str, float] = field(default_factory=dict)
    absent: tuple[str, ...] = ()
    #: Word pieces the model's tokenizer splits each absent word into: everyday words are one
    #: piece, specific terms (drug names, species, codes) several.
    pieces: dict[str, int] = field(default_factory=dict)
    #: Cosine between the question and the question without its absent words: near 1 when those
    #: words are incidental ("the dummy capsules"), lower when they carry the question's subject
    #: ("with grapefruit juice"). 1.0 when no word is absent.
    kept_meaning: float = 1.0
    #: The absent words that name a drug, disease, organism, gene or code (see
    #: :mod:`assistant.domain.names`): the question's subject is not in the documents.
    absent_named: tuple[str, ...] = ()
    #: The question asks what something costs and the documents state no amount of money.
    unpriced: bool = False
    #: Other forms of question words (stemmed) a sentence may use instead: the short form of an
    #: abbreviation the documents define for a long form the question uses, and the reverse.
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def absent_specific(self) -> int:
        """How many absent words are specific terms (two or more word pieces), at most 2."""
        return min(2, sum(1 for t in self.absent if self.pieces.get(t, 1) >= 2))

    @property
    def absent_common(self) -> int:
        """How many absent words are everyday words (one word piece), at most 3."""
        return min(3, sum(1 for t in self.absent if self.pieces.get(t, 1) < 2))

    @property
    def coverage(self) -> float:
        """Share of the question's topical words that occur somewhere in the corpus."""
        if not self.content:
            return 1.0
        return 1.0 - len(self.absent) / len(self.content)

    @property
    def absent_weight(self) -> float:
        """IDF-weighted share of the topical words the corpus lacks (rare words weigh more)."""
        total = sum(self.idf.get(t, 0.0) for t in self.content)
        if not total:
            return 0.0
        return sum(self.idf.get(t, 0.0) for t in self.absent) / total


def question_kind(question: str) -> set[str]:
    """Which of dose / safety / list / quantity / yesno a question asks for (any number)."""
    kinds = set()
    for name, rx in (
        ("dose", _Q_DOSE),
        ("safety", _Q_SAFETY),
        ("list", _Q_LIST),
        ("quantity", _Q_QUANTITY),
        ("yesno", _Q_YESNO),
    ):
        if rx.search(question):
            kinds.add(name)
    return kinds


def content_terms(question: str) -> list[str]:
    """The topical words of a question: no stopwords, light words, digits or 1-2 letter tokens."""
    return [
        t for t in query_terms(question) if len(t) > 2 and not t.isdigit() and t not in LIGHT_WORDS
    ]


def analyse(retriever: Retriever, question: str) -> Query:
    """The :class:`Query` of ``question`` over the retriever's corpus (encodes absent words)."""
    text = question.strip()
    expanded = retriever.expand(text)
    content = content_terms(text)
    vocab = retriever.vocabulary()
    df = retriever.term_df()
    n = max(1, retriever.passage_count())
    idf = {t: math.log(1 + n / (1 + df.get(t, 0))) for t in content}
    # a lay word whose clinical term the documents use ("itchy": "pruritus") is not absent
    covered = lay_covered(text, vocab)
    initials = retriever.initials()
    absent = tuple(
        t
        for t in content
        # a proper noun ("Medicare") is known only by its own spelling, not by a shared start
        if not (proper_noun_known(t, vocab) if is_proper_noun(t, text) else known_word(t, vocab))
        and t not in covered
        # an acronym the documents spell out ("COPD": chronic obstructive pulmonary disease)
        and not (is_acronym(t, text) and t in initials)
    )
    pieces = {t: retriever.word_pieces(t) for t in absent}
    kept = 1.0
    if absent:
        reduced = text
        for t in absent:
            reduced = re.sub(rf"\b{re.escape(t)}\w*", " ", reduced, flags=re.I)
        vecs = retriever.encode([text, reduced])
        kept = float(vecs[0] @ vecs[1])
    return Query(
        text=text,
        expanded=expanded,
        terms=tuple(query_terms(expanded)),
        content=tuple(content),
        kinds=frozenset(question_kind(text)),
        vector=retriever.query_vector(text)[0],
        idf=idf,
        absent=absent,
        pieces=pieces,
        kept_meaning=kept,
        absent_named=tuple(
            dict.fromkeys(
                named_subjects(absent, text, vocab, initials)
                + _lay_named(text, vocab)
                + named_phrases(text, retriever.mentions)
                + numbered_names(text, retriever.mentions)
            )
        ),
        unpriced=asks_price(text) and not retriever.states_prices(),
        aliases=_aliases(text, retriever.abbreviations()),
    )


def _lay_named(question: str, vocabulary: set[str]) -> tuple[str, ...]:
    """Lay phrases for a named subject the documents never mention in any wording: "high blood
    pressure" over documents with neither "hypertension" nor "hypotension" (nor "pressure")."""
    return tuple(
        phrase
        for phrase, terms in lay_missing(question, vocabulary)
        if any(names_subject(t) for t in terms)
    )


def _aliases(question: str, pairs: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for word, other in abbreviation_aliases(question, pairs):
        key = stem(word)
        out[key] = (*out.get(key, ()), fold(other))
    return out

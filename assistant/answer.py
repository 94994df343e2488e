"""Extractive answers: the few corpus sentences that answer a question best, each cited.

Nothing is generated: every answer sentence is a verbatim sentence of a retrieved passage (a table
row is spelled out with its column names), so numbers appear exactly as printed. When the
corpus does
not cover the question the answer says so and keeps the nearest passages as ``hits`` only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .chunking import sentence_spans, strip_references
from .lexical import query_terms
from .records import AdverseEffect, Answer, Citation, Document, Hit, Mode, Regimen

if TYPE_CHECKING:
    from .retrieve import Retriever

NOT_COVERED = "The review does not address this."
#: A citation marker as written after an answer sentence (" [2]"); the review's own reference
#: numbers ("disease [130].") come before the sentence's final punctuation.
MARKER = re.compile(r"(?<=[.!?\]]) \[(\d+)\](?= |$)")

# Decision thresholds, set from eval/questions.jsonl (in-scope vs out-of-scope); see eval/README.md.
# Decline when the best sentence is far from the question, or when the question's topical words
# are partly absent from the corpus and the best sentence is not close enough to make up for it.
MIN_CONFIDENCE = 0.22
MIN_CONFIDENCE_LOW_COVERAGE = 0.56
LOW_COVERAGE = 0.8
MAX_FOCUS_GAP = 0.05

# Sentence selection: up to MAX_SENTENCES whose score is within SCORE_MARGIN of the best, within a
# word budget (more for questions that ask for a list). Set on eval/questions.jsonl fact recall.
ANSWER_WORDS = 110
LIST_WORDS = 170
MAX_SENTENCES = 4
SCORE_MARGIN = 0.18

DOSE = re.compile(
    r"\b\d+(?:\.\d+)?(?:\s*(?:,|or|to|-|–)\s*\d+(?:\.\d+)?)*\s*"
    r"(?:mg|µg|μg|ng|g|ppm|%|mM|nM|µM|μM)(?:/(?:kg|day|week|m2/day|m2|d|l|ml))*"
    r"|\bevery \d+ days\b|\b(?:one|two|three|six|seven|\d+)[- ](?:week|month|day|year)s?\b"
    r"|\bNCT\d{8}\b",
    re.I,
)
SAFETY = re.compile(
    r"adverse|side effect|toxicit|stomatitis|ulcer|mucositis|rash|diarrh|nausea|"
    r"hypercholes|hypertriglycerid|dyslipid|lipid profile|glucose intolerance|insulin resistance|"
    r"thrombocytopenia|anemia|infection|pneumonia|wound healing|immunosuppress|eczema|arthralgia|"
    r"sores|toxic|well tolerated|tolerability|swelling|microcytosis|hypochromia|renal",
    re.I,
)
_Q_DOSE = re.compile(
    r"\b(dos(e|es|age|ing)|mg|ppm|schedule|regimen|how much|how often|amount|concentration|"
    r"intermittent|administ\w*|given|treatment protocol|per (day|week|kg))\b",
    re.I,
)
_Q_SAFETY = re.compile(
    r"\b(side[- ]effects?|adverse|toxic\w*|safe\w*|risks?|harm\w*|complications?|tolerat\w*|"
    r"problems?|downsides?|drawbacks?|ulcers?|sores?|infections?)\b",
    re.I,
)
_Q_LIST = re.compile(
    r"\b(which|what) (side effects|adverse|effects|events|toxicities|trials)\b"
    r"|\blist\b|\ball\b",
    re.I,
)


@dataclass(frozen=True)
class _Candidate:
    hit: Hit
    start: int  # absolute offsets in the document's cleaned text
    end: int
    text: str  # verbatim sentence (or the table row as displayed)
    quote: str  # verbatim text inside the chunk
    cosine: float = 0.0
    lexical: float = 0.0
    score: float = 0.0


def question_kind(question: str) -> set[str]:
    """Which of dose / safety / list a question asks for (may be several or none)."""
    kinds = set()
    if _Q_DOSE.search(question):
        kinds.add("dose")
    if _Q_SAFETY.search(question):
        kinds.add("safety")
    if _Q_LIST.search(question):
        kinds.add("list")
    return kinds


def _stem(term: str) -> str:
    """A crude prefix stem ("signalling" ~ "signaling", "ulcers" ~ "ulcer")."""
    term = term.replace("ll", "l")  # British "signalling", "labelled"
    return term[: max(4, len(term) - 3)] if len(term) > 5 else term


_SUFFIX = re.compile(r"(?:ies|es|s|ing|ed|ation|ations|ly|ment|ments|ity)$")


def known_word(term: str, vocabulary: set[str]) -> bool:
    """Whether ``term`` or a close spelling/inflection of it occurs in ``vocabulary``.

    "statins" is not known from "stat3" or "state"; "diarrhoea" is known from "diarrhea".
    """
    if term in vocabulary:
        return True
    # Try the word as written and with British double consonants undone ("signalling").
    for form in {term, term.replace("ll", "l")}:
        base = _SUFFIX.sub("", form) if len(form) > 5 else form
        need = max(5, len(base) - 3)
        for v in vocabulary:
            if v[:3] != base[:3] or abs(len(v) - len(base)) > 4:
                continue
            k = 0
            for a, b in zip(v, base, strict=False):
                if a != b:
                    break
                k += 1
            if k >= need or (k == len(base) and len(base) >= 4):
                return True
    return False


def _candidates(hits: list[Hit]) -> list[_Candidate]:
    """Sentences of the retrieved passages, each kept once (at its best-ranked passage)."""
    seen: set[tuple[str, int, int]] = set()
    out: list[_Candidate] = []
    for hit in hits:
        c = hit.chunk
        if c.kind in ("heading", "caption", "figure_text", "table_note"):
            continue
        if c.kind == "table_row":
            key = (c.doc_id, c.start, c.end)
            if key not in seen:
                seen.add(key)
                table = (c.context.split(".")[0] + ": ") if c.context else ""
                out.append(_Candidate(hit, c.start, c.end, table + c.display_text, c.text))
            continue
        for s, e in sentence_spans(c.text):
            key = (c.doc_id, c.start + s, c.start + e)
            if key in seen:
                continue
            seen.add(key)
            sentence = c.text[s:e]
            out.append(_Candidate(hit, c.start + s, c.start + e, sentence, sentence))
    return out


def _antecedents(chosen: list[_Candidate], regimens: Sequence[Regimen]) -> list[_Candidate]:
    """Sentences that chosen sentences refer back to for their dose or subject.

    "administrating the mentioned dose even for 2 weeks ... caused mouth sores in these patients"
    is only checkable with the sentence before it, which the regimen table borrowed the dose and
    the population from; that sentence is added (verbatim, cited) so they appear together.
    """
    borrowed = {
        r.sentence
        for r in regimens
        if (r.dose and r.dose not in r.sentence)
        or (r.subject and r.subject.split()[0].lower() not in r.sentence.lower())
    }
    extra: list[_Candidate] = []
    for c in chosen:
        if c.quote not in borrowed:
            continue
        ch = c.hit.chunk
        spans = [(ch.start + a, ch.start + b) for a, b in sentence_spans(ch.text)]
        before = [sp for sp in spans if sp[1] <= c.start]
        if not before:
            continue
        s, e = before[-1]
        doc_id = ch.doc_id
        if any(o.hit.chunk.doc_id == doc_id and o.start <= s < o.end for o in chosen + extra):
            continue
        text = ch.text[s - ch.start : e - ch.start]
        extra.append(_Candidate(c.hit, s, e, text, text, c.cosine, c.lexical, c.score))
    return extra


def _sentence_vectors(retriever: Retriever, cands: list[_Candidate]) -> Any:
    """Vectors of the candidate sentences: from the index when it has them, else encoded now."""
    idx = retriever.index
    found = [idx.unit_rows.get((c.hit.chunk.doc_id, c.start, c.end)) for c in cands]
    if idx.sentence_vectors is not None and all(i is not None for i in found):
        import numpy as np

        return np.vstack([idx.sentence_vectors.reconstruct(int(i)) for i in found if i is not None])
    return retriever.embedder.encode([strip_references(c.text) for c in cands])


def _lexical_scores(question: str, cands: list[_Candidate]) -> list[float]:
    terms = {_stem(t) for t in query_terms(question) if len(t) > 2}
    if not terms or not cands:
        return [0.0] * len(cands)
    texts = [c.text.lower() for c in cands]
    n = len(texts)
    idf = {t: math.log(1 + n / (1 + sum(t in x for x in texts))) for t in terms}
    total = sum(idf.values()) or 1.0
    return [sum(idf[t] for t in terms if t in x) / total for x in texts]


# Light words carry no topic: a question is not "about" them, so they do not count for coverage.
LIGHT_WORDS = frozenset(
    [
        "get",
        "gets",
        "got",
        "getting",
        "make",
        "makes",
        "made",
        "making",
        "keep",
        "keeps",
        "kept",
        "keeping",
        "tell",
        "tells",
        "told",
        "enough",
        "kind",
        "kinds",
        "sort",
        "put",
        "puts",
        "run",
        "runs",
        "happen",
        "happens",
        "happened",
        "seen",
        "see",
        "saw",
        "go",
        "goes",
        "went",
        "going",
        "come",
        "comes",
        "take",
        "takes",
        "took",
        "taken",
        "give",
        "gives",
        "gave",
        "given",
        "let",
        "lets",
        "help",
        "helps",
        "use",
        "used",
        "uses",
        "way",
        "ways",
        "thing",
        "things",
        "anything",
        "something",
        "anyone",
        "everyone",
        "people",
        "person",
        "much",
        "many",
        "lot",
        "lots",
        "really",
        "actually",
        "good",
        "bad",
        "better",
        "best",
        "less",
        "least",
        "like",
        "even",
        "still",
        "whether",
        "either",
        "need",
        "needs",
        "want",
        "know",
        "known",
        "find",
        "found",
        "show",
        "shown",
        "seem",
        "seems",
        "try",
        "look",
        "looks",
        "mean",
        "means",
        "does",
        "work",
        "works",
        "working",
        "done",
        "say",
        "says",
        "said",
        "long",
        "short",
        "big",
        "bigger",
        "small",
        "smaller",
        "new",
        "old",
        "different",
        "same",
        "back",
        "well",
        "whole",
    ]
)


def content_terms(question: str) -> list[str]:
    """The topical words of a question: no stopwords, light words, digits or 1-2 letter tokens."""
    return [
        t for t in query_terms(question) if len(t) > 2 and not t.isdigit() and t not in LIGHT_WORDS
    ]


def absent_terms(question: str, vocabulary: set[str]) -> list[str]:
    """The question's topical words that occur nowhere in the corpus (even inflected)."""
    return [t for t in content_terms(question) if not known_word(t, vocabulary)]


def focus_gap(retriever: Retriever, question: str, sentence: str, vocabulary: set[str]) -> float:
    """How much closer the best sentence gets to the question once the question's words that the
    corpus never uses are removed.

    A large gap means those words were the question's focus and the sentence ignores them ("Is
    rapamycin safe while breastfeeding?" is answered by a safety sentence only without
    "breastfeeding"); paraphrase words ("fuel gauge") change little.
    """
    absent = absent_terms(question, vocabulary)
    if not absent:
        return 0.0
    reduced = question
    for t in absent:
        reduced = re.sub(rf"\b{re.escape(t)}\w*", " ", reduced, flags=re.I)
    vecs = retriever.embedder.encode([question, reduced, strip_references(sentence)])
    return float(vecs[1] @ vecs[2] - vecs[0] @ vecs[2])


def anchored(question: str, sentence: str, term_df: Mapping[str, int]) -> str:
    """A rare code of the question (letters and digits, in at most 5 passages: a trial number, a
    strain like UMHET3) that the answer sentence contains verbatim, or "" when there is none.

    Keyword questions ("NCT04742777", "42 ppm UMHET3") embed poorly, but such an exact match is
    strong evidence that the corpus covers them.
    """
    words = set(re.findall(r"\w+", sentence.lower()))
    for t in query_terms(question):
        # Only codes mixing letters and digits: plain rare words match by accident too easily.
        if len(t) < 4 or t.isdigit() or t.isalpha():
            continue
        if 1 <= term_df.get(t, 0) <= 5 and t in words:
            return t
    return ""


def corpus_coverage(question: str, vocabulary: set[str]) -> float:
    """Share of the question's topical words that occur somewhere in the corpus."""
    terms = content_terms(question)
    if not terms:
        return 1.0
    return 1.0 - len(absent_terms(question, vocabulary)) / len(terms)


def answer_question(
    retriever: Retriever,
    question: str,
    mode: Mode | None = None,
    k: int = 8,
    regimens: Sequence[Regimen] = (),
    effects: Sequence[AdverseEffect] = (),
) -> Answer:
    """Answer ``question`` from the retrieved passages (QueryError for an empty question).

    ``regimens``/``effects`` (from :mod:`assistant.regimens`) mark the sentences that state a
    dose or an adverse effect; dose and safety questions prefer them.
    """
    hits = retriever.search(question, k=k, mode=mode)
    kinds = question_kind(question)
    dose_sentences = {r.sentence for r in regimens if r.dose}
    effect_sentences = {e.sentence for e in effects}
    cands = _candidates(hits[: min(len(hits), 6)])
    if not cands:
        return Answer(
            question.strip(),
            False,
            NOT_COVERED,
            (),
            tuple(hits),
            "No passage could be read for this question.",
            "confidence 0.00, coverage 0.00, gap 0.00, anchor -",
        )
    expanded = retriever.expand(question)
    qv = retriever.query_vector(question)[0]
    cos = [float(x) for x in _sentence_vectors(retriever, cands) @ qv]
    lex = _lexical_scores(expanded, cands)
    scored: list[_Candidate] = []
    for c, cs, lx in zip(cands, cos, lex, strict=True):
        bonus = 0.0
        if "dose" in kinds and (c.quote in dose_sentences or DOSE.search(c.text)):
            bonus += 0.08
        if "safety" in kinds and (c.quote in effect_sentences or SAFETY.search(c.text)):
            bonus += 0.08
        prior = 0.04 / c.hit.rank
        scored.append(
            _Candidate(
                c.hit, c.start, c.end, c.text, c.quote, cs, lx, 0.6 * cs + 0.4 * lx + bonus + prior
            )
        )
    scored.sort(key=lambda c: -c.score)
    best = scored[0]
    confidence = max(cos)
    vocab = vocabulary(retriever)
    coverage = corpus_coverage(question, vocab)
    gap = focus_gap(retriever, question, best.text, vocab)
    anchor = anchored(question, best.text, retriever.index.term_df)
    signals = (
        f"confidence {confidence:.2f}, coverage {coverage:.2f}, gap {gap:.2f}, "
        f"anchor {anchor or '-'}"
    )
    if not anchor and (
        confidence < MIN_CONFIDENCE
        or (coverage < LOW_COVERAGE and confidence < MIN_CONFIDENCE_LOW_COVERAGE)
        or gap > MAX_FOCUS_GAP
    ):
        return Answer(
            question.strip(),
            False,
            NOT_COVERED,
            (),
            tuple(hits),
            "The closest passages are listed; none of them answers the question.",
            signals,
        )
    limit = LIST_WORDS if "list" in kinds else ANSWER_WORDS
    chosen = [best]
    words = len(best.text.split())
    for c in scored[1:]:
        if len(chosen) >= (MAX_SENTENCES + 2 if "list" in kinds else MAX_SENTENCES):
            break
        if c.score < best.score - SCORE_MARGIN or c.score < 0.25:
            break
        w = len(c.text.split())
        if words + w > limit:
            continue
        if any(_overlaps(c, o) for o in chosen):
            continue
        chosen.append(c)
        words += w
    if "dose" in kinds or "safety" in kinds:
        chosen += _antecedents(chosen, regimens)
    chosen.sort(key=lambda c: (c.hit.chunk.doc_id, c.start))
    numbers: dict[str, int] = {}
    spans: dict[str, list[_Candidate]] = {}
    parts: list[str] = []
    for c in chosen:
        cid = c.hit.chunk.chunk_id
        numbers.setdefault(cid, len(numbers) + 1)
        spans.setdefault(cid, []).append(c)
        parts.append(f"{c.text} [{numbers[cid]}]")
    docs = retriever.index.documents
    citations = tuple(_citation(numbers[cid], group, docs) for cid, group in spans.items())
    return Answer(
        question.strip(),
        True,
        " ".join(parts),
        citations,
        tuple(hits),
        "",
        signals,
    )


def _overlaps(a: _Candidate, b: _Candidate) -> bool:
    same_doc = a.hit.chunk.doc_id == b.hit.chunk.doc_id
    return same_doc and a.start < b.end and b.start < a.end


def _citation(n: int, group: list[_Candidate], documents: Mapping[str, Document]) -> Citation:
    """The citation of one passage: the verbatim stretch holding the cited sentences, and the
    source lines of that stretch (not of the whole passage)."""
    ch = group[0].hit.chunk
    if ch.kind == "table_row":
        quote, lines = ch.text, ch.lines
    else:
        lo = min(c.start for c in group)
        hi = max(c.end for c in group)
        quote = ch.text[lo - ch.start : hi - ch.start]
        doc = documents.get(ch.doc_id)
        loc = doc.location(lo, hi) if doc is not None else ch.location
        lines = (loc.line_start, loc.line_end)
    return Citation(n, ch.chunk_id, ch.section, ch.page, lines, quote)


def vocabulary(retriever: Retriever) -> set[str]:
    """Lower-case word tokens of all indexed passages."""
    return retriever.index.vocabulary

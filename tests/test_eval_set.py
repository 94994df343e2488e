"""The gold sets eval/questions.jsonl and eval/holdout.jsonl are valid against the cleaned review.

Gold must stay chunking-independent: every evidence span is found exactly once in the cleaned text
(so "relevant" is unambiguous whatever the chunker does), and every fact an answer must state is
in the evidence or in the sentence (or table row) around it, so a correct extractive answer can
state it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assistant.evaluate import CATEGORIES, OUT_OF_SCOPE, EvalQuestion, load_questions, normalize
from assistant.text.sentences import sentence_spans

EVAL = Path(__file__).resolve().parent.parent / "eval"
FILES = ("questions.jsonl", "holdout.jsonl")


@pytest.fixture(scope="module")
def gold() -> dict[str, list[EvalQuestion]]:
    return {name: load_questions(EVAL / name) for name in FILES}


@pytest.fixture(scope="module")
def review_norm(review_doc) -> str:
    return normalize(review_doc.text)


@pytest.fixture(scope="module")
def contexts(review_doc) -> list[str]:
    """The units an evidence span must lie inside: sentences of text blocks, whole table rows."""
    units: list[str] = []
    for b in review_doc.blocks:
        if b.kind == "table_row":
            units.append(review_doc.text[b.start : b.end])
        else:
            spans = sentence_spans(review_doc.text, b.start, b.end)
            units += [review_doc.text[s:e] for s, e in spans]
    return units


def _context_of(span: str, units: list[str]) -> str | None:
    """The sentence holding ``span`` (normalised), or the pair of sentences it straddles.

    A pair is allowed because the sentence splitter is a heuristic: a change to it that cuts a
    span in two must not invalidate the gold set, the span is still inside one real sentence.
    """
    needle = normalize(span)
    normed = [normalize(u) for u in units]
    for width in (1, 2):
        for i in range(len(normed) - width + 1):
            joined = "".join(normed[i : i + width])
            if needle in joined:
                return joined
    return None


def _records(gold: dict[str, list[EvalQuestion]]) -> list[tuple[str, EvalQuestion]]:
    return [(name, q) for name, qs in gold.items() for q in qs]


def test_ids_unique_across_both_files(gold):
    counts = Counter(q.id for _, q in _records(gold))
    assert [i for i, n in counts.items() if n > 1] == []


def test_categories_known_and_all_present(gold):
    for name, q in _records(gold):
        assert q.category in CATEGORIES, (name, q.id)
    # The review's original set uses the six categories it was written with.
    original = {"mechanism", "dose", "safety", "trial", "outcome", OUT_OF_SCOPE}
    assert {q.category for q in gold["questions.jsonl"]} == original


def test_enough_out_of_scope_questions(gold):
    oos = [q for q in gold["questions.jsonl"] if q.category == OUT_OF_SCOPE]
    assert len(oos) >= 8
    for _, q in _records(gold):
        if q.category == OUT_OF_SCOPE:
            assert q.evidence == () and q.answer_contains == (), q.id


def test_evidence_spans_are_verbatim_and_unique(gold, review_norm):
    problems = []
    for name, q in _records(gold):
        if not q.in_scope:
            continue
        if not 1 <= len(q.evidence) <= 3:
            problems.append(f"{name} {q.id}: {len(q.evidence)} evidence spans")
        for span in q.evidence:
            words = len(span.split())
            if not 6 <= words <= 25:
                problems.append(f"{name} {q.id}: span of {words} words: {span!r}")
            found = review_norm.count(normalize(span))
            if found != 1:
                problems.append(f"{name} {q.id}: span found {found} times: {span!r}")
    assert problems == []


def test_evidence_inside_one_sentence_or_row_and_facts_in_context(gold, contexts):
    problems = []
    for name, q in _records(gold):
        if not q.in_scope:
            continue
        around = []
        for span in q.evidence:
            ctx = _context_of(span, contexts)
            if ctx is None:
                problems.append(f"{name} {q.id}: span not inside one sentence/row: {span!r}")
            else:
                around.append(ctx)
        hay = "".join(normalize(s) for s in q.evidence) + "".join(around)
        for fact in q.answer_contains:
            if normalize(fact) not in hay:
                problems.append(f"{name} {q.id}: fact {fact!r} not in its evidence or sentence")
    assert problems == []


def test_in_scope_records_state_facts(gold):
    # Answer metrics score facts; an in-scope record without any would always count as correct.
    assert [q.id for _, q in _records(gold) if q.in_scope and not q.answer_contains] == []

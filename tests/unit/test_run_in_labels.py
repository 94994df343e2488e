"""A run-in heading ("Interpretation", "Study design and participants") is not part of the
sentence it precedes: answers quote from the sentence's first word, with a span that is still
exact. The sentences are the Lancet trial's and the nutrients review's, as cleaned."""

from __future__ import annotations

import pytest

from assistant.answer.candidates import gather
from assistant.records import Chunk, Hit, Location
from assistant.text.sentences import run_in_label

INTERPRETATION = (
    "Interpretation Skin microfilarial loads (ie, parasite transmission reservoir) are lower "
    "after moxidectin treatment than after ivermectin treatment."
)
STUDY_DESIGN = (
    "Methods Study design and participants Between April, 2009, and May, 2012, we did a "
    "randomised, double-blind, single oral dose, ivermectin-controlled study of moxidectin."
)


@pytest.mark.parametrize(
    ("sentence", "starts"),
    [
        (INTERPRETATION, "Skin microfilarial loads"),
        (STUDY_DESIGN, "Between April, 2009"),
        ("Design The present study was conducted by following the guidelines.", "The present"),
        ("Procedures Each participant took the four capsules under observation.", "Each"),
    ],
)
def test_a_run_in_heading_is_cut_off(sentence, starts):
    assert sentence[run_in_label(sentence) :].startswith(starts)


@pytest.mark.parametrize(
    "sentence",
    [
        "Results were similar in both treatment groups.",
        "Outcomes of the trial were reported in the appendix.",
        "Funding Information",
        "Skin microfilarial density was measured at months 1, 6, 12, and 18.",
    ],
)
def test_a_sentence_that_starts_with_such_a_word_keeps_it(sentence):
    assert run_in_label(sentence) == 0


def test_candidates_quote_from_the_first_word_after_the_heading():
    text = "Findings Most participants were adults. " + INTERPRETATION
    chunk = Chunk("d:1", "d", 0, "Summary", "paragraph", text, 100, 100 + len(text), Location(1, 2))
    cands = gather([Hit(1, 1.0, chunk)], passages=1)
    assert [c.text for c in cands] == [
        "Most participants were adults.",
        INTERPRETATION[len("Interpretation ") :],
    ]
    for c in cands:  # the spans are exact spans of the document text
        assert text[c.start - 100 : c.end - 100] == c.quote


def test_a_list_items_bullet_is_not_quoted():
    item = "•  Assess renal function prior to initiation of metformin and periodically thereafter."
    assert item[run_in_label(item) :].startswith("Assess renal function")

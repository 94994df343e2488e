"""Answer candidates from lists and leaflets: a sentence opening a list is read with its items
(said alone it states nothing, and is no candidate without them); a document's own questions
and pointers elsewhere are never candidates. Sentences as the Augtyro label has them."""

from __future__ import annotations

import pytest

from assistant.answer.candidates import gather, is_filler
from assistant.records import Chunk, Hit, Location


def _cands(text: str, kind: str = "paragraph") -> list[str]:
    chunk = Chunk("d:1", "d", 0, "PATIENT INFORMATION", kind, text, 0, len(text), Location(1, 2))
    cands = gather([Hit(1, 1.0, chunk)], passages=1)
    for c in cands:  # exact spans of the document text
        assert text[c.start : c.end] == c.quote
    return [c.text for c in cands]


def test_a_list_is_read_with_the_sentence_opening_it():
    text = (
        "Prior to initiation of AUGTYRO, evaluate:\n\n"
        "• liver function tests including bilirubin [see Warnings and Precautions (5.3)]\n\n"
        "• uric acid level [see Warnings and Precautions (5.5)]"
    )
    cands = _cands(text)
    assert cands[0] == text.replace("\n\n", "\n")  # shown one item a line; quoted verbatim
    assert "liver function tests including bilirubin [see Warnings and Precautions (5.3)]" in cands


def test_a_long_list_is_cut_after_whole_items():
    items = [f"• item number {k} of the list, with a few more words to it" for k in range(12)]
    text = "Advise patients of the following:\n\n" + "\n\n".join(items)
    first = _cands(text)[0]
    assert first.startswith("Advise patients of the following:\n• item number 0")
    assert first.endswith("with a few more words to it") and len(first.split()) <= 70


def test_a_list_opener_without_its_items_is_no_candidate():
    text = (
        "What are the possible side effects of AUGTYRO? "
        "AUGTYRO may cause serious side effects, including:"
    )
    assert _cands(text) == []
    assert _cands("The most common side effects of AUGTYRO include:", kind="table_row") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "What are the possible side effects of AUGTYRO?",
        "How should I store AUGTYRO?",
        "See “What are the possible side effects of AUGTYRO?” for more information about side "
        "effects.",
    ],
)
def test_questions_and_pointers_are_filler(sentence):
    assert is_filler(sentence)


@pytest.mark.parametrize(
    "title",
    [
        # a label's heading run on to the paragraph before it
        "Central Nervous System (CNS) Effects",
        "Effects of Other Drugs on AUGTYRO",
        "Table 3 Adverse Reactions in TRIDENT-1",
    ],
)
def test_a_heading_run_into_the_text_is_filler(title):
    assert is_filler(title)


def test_a_statement_is_not_filler():
    assert not is_filler("Store AUGTYRO at room temperature between 68°F to 77°F.")
    assert not is_filler("See your doctor if the dizziness does not go away within a week.")
    # short, capitalised, but a sentence or a list item with a value
    assert not is_filler("Repotrectinib Is Not Approved For Children.")
    assert not is_filler("Moxidectin 8 mg Ivermectin 150 µg/kg")
    assert not is_filler("uric acid level [see Warnings and Precautions (5.5)]")


def test_items_of_several_sentences_and_numbered_items_are_read_whole():
    text = (
        "Before each cycle, do the following:\n\n"
        "• Check liver function. Repeat every 2 weeks.\n\n"
        "• Measure uric acid."
    )
    assert _cands(text)[0] == text.replace("\n\n", "\n")
    numbered = "Take the tablets as follows:\n\n1. Take 160 mg once daily.\n\n2. Then twice daily."
    assert _cands(numbered)[0] == numbered.replace("\n\n", "\n")


def test_a_short_opener_is_read_with_its_list_and_a_list_is_judged_by_its_opener():
    assert _cands("Evaluate:\n\n• liver function tests\n\n• uric acid level")[0].startswith(
        "Evaluate:\n• liver function tests"
    )
    ends_in_question = "Ask your doctor:\n\n• Is it safe to drive?\n\n• Can I drink alcohol?"
    assert _cands(ends_in_question)[0] == ends_in_question.replace("\n\n", "\n")


@pytest.mark.parametrize(
    ("row", "read"),
    [
        # the column names of a results table, however many: no answer
        ("Global Frailty Score a Whole Body Mass Handgrip Strength", False),
        ("Nervous System Disorders", False),
        # a row with a value, or a legend that defines its abbreviations, says something
        ("Handgrip strength 0.17 (0.05, 0.29) 0.006", True),
        ("RET, resistance exercise training; MET, multicomponent exercise training", True),
    ],
)
def test_a_table_row_of_column_names_is_no_candidate(row, read):
    assert bool(_cands(row, kind="table_row")) is read

"""Superscript reference numbers that a PDF runs on to a word's comma or full stop are put in
brackets, as references are; numbers that are values stay as they are. Lines are the Lancet
trial's and the labels' as extracted."""

from __future__ import annotations

import pytest

from assistant.ingest.text import _terminal, bracket_references


@pytest.mark.parametrize(
    ("line", "bracketed"),
    [
        (
            "beings,9–13 compared with less than 1 day for ivermectin.8",
            "beings,[9–13] compared with less than 1 day for ivermectin.[8]",
        ),
        (
            "treatment strategies, including more efficacious drugs.6,7",
            "treatment strategies, including more efficacious drugs.[6,7]",
        ),
        ("(ie, Mazzotti reactions).14–16", "(ie, Mazzotti reactions).[14–16]"),
    ],
)
def test_run_on_reference_numbers_are_bracketed(line, bracketed):
    assert bracket_references(line) == bracketed


@pytest.mark.parametrize(
    "line",
    [
        "Imprint Code L;11",
        "per CTCAE v4.03 and 1,000 participants",
        "Month 12 SmfD was 0·6 microfilariae per mg [95% CI 0·3–1·0]",
        "the dose was 0.5 mg/day in 2009,12 weeks after",
        "In a phase 2 study14 in people infected with O volvulus",  # no mark: told by type size
        "as Fig.2 shows, approx.3 months later, pp.45-67, c.350",  # abbreviations
        "2 mg,4 mg daily in children aged 2 years,5 to 11 years",  # units and ranges
    ],
)
def test_values_stay_as_they_are(line):
    assert bracket_references(line) == line


def test_a_line_ending_in_a_bracketed_reference_ends_its_paragraph():
    assert _terminal("less than 1 day for ivermectin.[8]")
    assert not _terminal("compared with less than 1 day for [8]")


def test_superscripts_are_bracketed_in_the_words_too():
    """Table cells are read from the words: they carry the same brackets as the line's text,
    also for a reference shown in two pieces ("1", "4")."""
    from assistant.ingest.superscripts import bracket_superscripts

    words = [
        ("Adverse", 0.0, 30.0, False),
        ("Reaction", 31.0, 60.0, False),
        ("1", 60.0, 62.0, True),
    ]
    text, out = bracket_superscripts("Adverse Reaction1", words, {2})
    assert text == "Adverse Reaction[1]" and [w[0] for w in out] == ["Adverse", "Reaction", "[1]"]
    words = [("trial", 0.0, 20.0, False), ("1", 20.0, 22.0, True), ("4,", 22.0, 25.0, True)]
    text, out = bracket_superscripts("trial14,", words, {1, 2})
    assert text == "trial[14]," and [w[0] for w in out] == ["trial", "[1", "4],"]


def test_a_superscript_touching_an_italic_word_is_bracketed_despite_the_layout_space():
    """The layout engine puts a space after an italic word ("O volvulus 14"), yet the
    superscript touches it: it is a reference. One set apart by a real gap (a table cell's
    value) stays as it is."""
    from assistant.ingest.superscripts import bracket_superscripts

    words = [
        ("volvulus", 346.9, 375.1, False),
        ("14", 375.0, 378.8, True),
        ("and", 380.7, 394.6, False),
    ]
    text, out = bracket_superscripts("volvulus 14 and", words, {1})
    assert text == "volvulus[14] and" and [w[0] for w in out] == ["volvulus", "[14]", "and"]
    apart = [("Grade", 0.0, 25.0, False), ("3", 40.0, 42.0, True)]
    assert bracket_superscripts("Grade 3", apart, {1})[0] == "Grade 3"


def test_a_footnote_letter_run_on_to_a_table_term_is_bracketed():
    """The label's adverse-reaction table marks terms with raised letters ("Dyspnea" + "g":
    footnote g lists the terms it includes); run on they made "Dyspneag"."""
    from assistant.ingest.superscripts import bracket_superscripts

    words = [("Dyspnea", 0.0, 30.0, False), ("g", 30.0, 32.0, True), ("30", 80.0, 88.0, False)]
    text, out = bracket_superscripts("Dyspneag 30", words, {1})
    assert text == "Dyspnea[g] 30" and [w[0] for w in out] == ["Dyspnea", "[g]", "30"]
    # a raised letter after a digit or a lone letter is an exponent or a label: left
    assert (
        bracket_superscripts("10a", [("10", 0.0, 8.0, False), ("a", 8.0, 10.0, True)], {1})[0]
        == "10a"
    )

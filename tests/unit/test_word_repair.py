"""Split words inside a line are joined by the document's own vocabulary, and only then."""

from __future__ import annotations

from assistant.ingest.superscripts import _CITING
from assistant.ingest.text import _join_hyphenated, _Line, _Vocab, repair_words


def _vocab(*lines: str) -> _Vocab:
    return _Vocab.from_lines([_Line(t, n, 1, False, False) for n, t in enumerate(lines, start=1)])


VOCAB = _vocab(
    "Clinically relevant changes were clinically important in a pregnant woman and in",
    "pregnant rats; repotrectinib and repotrectinib again; patients and patients had a",
    "long and a long course; the type and type; there and the reliance on the patient.",
    "It was a rise in levels and a rise again, with benefit and benefit.",
)


def test_pieces_of_split_words_are_joined_also_two_in_a_row():
    assert repair_words("is clinica lly important", VOCAB) == "is clinically important"
    # "pr" is the right piece of "a pr" (not joined) and the left piece of "pr egnant"
    assert repair_words("in a pr egnant woman", VOCAB) == "in a pregnant woman"
    assert repair_words("of repotrectin ib and", VOCAB) == "of repotrectinib and"
    assert repair_words("no benef it was seen", VOCAB) == "no benefit was seen"


def test_words_the_document_uses_stay_apart():
    # "a" is a word: "a long" is not the document's "along", "a rise" not "arise"
    assert repair_words("has been a long and", VOCAB) == "has been a long and"
    assert repair_words("leads to a rise in", VOCAB) == "leads to a rise in"
    # a word used in the plural ("patients") is a word, however often the PDF glued it once
    glued = _vocab("patienttype patienttype", "patients and patients", "type and type")
    assert repair_words("and patient type);", glued) == "and patient type);"
    # the start of a word broken at the line's end is no piece to join: "the re-" / "liance"
    assert repair_words("on the re-", VOCAB) == "on the re-"


def test_a_hyphen_after_a_number_is_kept_across_a_line_break():
    assert _join_hyphenated("a 1.7-", "fold increase", VOCAB) == "a 1.7-fold increase"
    assert _join_hyphenated("pa-", "tients were", VOCAB) == "patients were"


def test_a_raised_number_after_a_number_and_a_full_stop_is_a_reference():
    assert _CITING.search("2025.") and _CITING.search("1000,")
    # an exponent follows a number directly ("10⁹"), a lone letter ("m²") is a unit
    assert not _CITING.search("10") and not _CITING.search("m")


def test_a_cross_reference_glued_to_its_number_is_spaced():
    from assistant.ingest.text import space_references

    assert space_references("Flow Figure1shows a") == "Flow Figure 1 shows a"
    assert space_references("(Figure3and Figures S4)") == "(Figure 3 and Figures S4)"
    assert space_references("in Table6 which") == "in Table 6 which"
    # a supplement's label and a panel letter are as printed
    assert space_references("Table S1 and Figure 3a") == "Table S1 and Figure 3a"


def test_a_negating_word_is_not_joined_to_the_next():
    vocab = _vocab("Insufficient data. Give the drug in sufficient amounts.", "in the end, in it")
    assert repair_words("Give the drug in sufficient amounts.", vocab) == (
        "Give the drug in sufficient amounts."
    )


def test_references_inside_links_and_panel_labels_are_left_alone():
    from assistant.ingest.text import space_references

    assert space_references("https://x.org/Figure1.png") == "https://x.org/Figure1.png"
    assert space_references("Table12ab") == "Table12ab"

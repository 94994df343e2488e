"""Word-made PDFs (FDA labels among them) set list bullets in the Symbol or Wingdings font,
which come out as private-use code points; they are read as bullets, and a numbered title after
a list item (which needs no full stop) is a heading. Lines as the Augtyro label's section 2.3
and 2.4 come out of its PDF."""

from __future__ import annotations

from assistant.ingest.base import RawLine
from assistant.ingest.blocks import _raw_blocks
from assistant.ingest.text import _Line, _normalise


def test_private_use_bullets_are_bullets():
    line = _normalise(RawLine("\uf0b7 uric acid level [see Warnings and Precautions (5.5)]", 9, 3))
    assert line.text == "• uric acid level [see Warnings and Precautions (5.5)]"
    assert _normalise(RawLine("\uf0a7 Bottles of 60 capsules", 1, 1)).text.startswith("• ")
    # elsewhere in a line the same code points are Symbol-font letters (U+F06C is lambda)
    free = _normalise(RawLine("Serum free \uf06b/\uf06c light chain ratio", 1, 1)).text
    assert "•" not in free


def _lines(texts: list[str]) -> list[_Line]:
    return [_Line(t, n, 3, False, False) for n, t in enumerate(texts, 1)]


def _blocks(texts: list[str], width: int = 24) -> list[tuple[str, str]]:
    """(kind, first characters) of the blocks the PDF lines ``texts`` make."""
    return [(b.kind, b.text[:width]) for b in _raw_blocks(_lines(texts), False, pdf=True)]


def test_a_numbered_title_after_a_list_item_is_a_heading():
    texts = [
        "Prior to initiation of AUGTYRO, evaluate:",
        "• liver function tests including bilirubin [see Warnings and Precautions (5.3)]",
        "• uric acid level [see Warnings and Precautions (5.5)]",
        "2.4 Recommended Dosage",
        "The recommended dosage of AUGTYRO is 160 mg taken orally once daily with or without",
        "food for 14 days, then increase to 160 mg twice daily.",
    ]
    assert _blocks(texts) == [
        ("text", "Prior to initiation of A"),
        ("item", "• liver function tests i"),
        ("item", "• uric acid level [see W"),
        ("heading", "2.4 Recommended Dosage"),
        ("text", "The recommended dosage o"),
    ]


def test_a_number_continuing_a_sentence_is_still_text():
    texts = ["Analyses were done with SPSS version", "16.0 For dichotomous variables we"]
    assert [kind for kind, _ in _blocks(texts)] == ["text"]


def test_a_wrapped_item_line_that_starts_with_a_number_goes_on_with_the_item():
    """Only the next section's number opens a title after an item: "2 L of water" and "4.5
    Interaction ..." (a cross-reference wrapped onto its own line) are the item going on."""
    texts = [
        "2.3 Recommended Evaluation and Testing",
        "Advise patients:",
        "• to drink at least",
        "2 L of water each day during treatment",
        "• to tell their doctor of other medicines (see section",
        "4.5 Interaction with other medicinal products)",
        "2.4 Recommended Dosage",
        "The recommended dosage is 160 mg once daily.",
    ]
    assert _blocks(texts, 22) == [
        ("heading", "2.3 Recommended Evalua"),
        ("text", "Advise patients:"),
        ("item", "• to drink at least 2 "),
        ("item", "• to tell their doctor"),
        ("heading", "2.4 Recommended Dosage"),
        ("text", "The recommended dosage"),
    ]

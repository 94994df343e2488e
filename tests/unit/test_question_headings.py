"""A patient leaflet's sections are bold questions set in body type ("What is AUGTYRO?"),
sometimes wrapped onto two lines: they are headings, not the end of the paragraph above."""

from __future__ import annotations

from assistant.ingest.base import RawLine
from assistant.ingest.layout import Line, _kind, _question_starts_above


def _line(text: str, bold: bool = True, size: float = 10.0) -> Line:
    return Line(text, size, bold, 500.0, 72.0)


def test_a_bold_question_in_body_type_is_a_heading():
    assert _kind(_line("What is AUGTYRO?"), 10.0, 20) == "heading"
    assert _kind(_line("What is AUGTYRO?", bold=False), 10.0, 20) == ""
    assert _kind(_line("Tell your doctor if you have kidney problems."), 10.0, 20) == ""


def test_the_first_line_of_a_wrapped_bold_question_goes_with_it():
    end = _line("hydrochloride tablets?")
    first = RawLine("What is the most important thing to know about metformin", 3, 20, size=10)
    assert _question_starts_above(first, end)
    sentence = RawLine("Take it with meals.", 3, 20, size=10.0)
    assert not _question_starts_above(sentence, end)
    assert not _question_starts_above(RawLine("Metformin can cause", 3, 20, size=10.0), end)

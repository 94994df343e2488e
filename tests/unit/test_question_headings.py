"""A patient leaflet's sections are bold questions set in body type ("What is AUGTYRO?"),
sometimes wrapped onto two lines: they are headings, not the end of the paragraph above."""

from __future__ import annotations

from assistant.ingest.base import RawLine
from assistant.ingest.layout import Line, _kind, _question_starts_above


def _line(text: str, bold: bool = True, size: float = 10.0) -> Line:
    return Line(text, size, bold, 500.0, 72.0)


def _raw(text: str) -> RawLine:
    return RawLine(text, 3, 20, size=10.0)


def test_a_bold_question_in_body_type_is_a_heading():
    assert _kind(_line("What is AUGTYRO?"), 10.0, 20) == "heading"
    assert _kind(_line("What is AUGTYRO?", bold=False), 10.0, 20) == ""
    assert _kind(_line("Tell your doctor if you have kidney problems."), 10.0, 20) == ""
    assert _kind(_line("Eligible?", size=6.0), 10.0, 3) == "figure"  # small print stays


def test_the_first_line_of_a_wrapped_bold_question_goes_with_it():
    end = _line("hydrochloride tablets?")
    first = "What is the most important thing to know about metformin"
    assert _question_starts_above(_raw(first), _line(first), end)
    which = "Which medicines should I avoid while taking metformin"
    assert _question_starts_above(_raw(which), _line(which), end)
    # prose above a question that stands whole, or a line in plain type, stays prose
    prose = "Do not share AUGTYRO with other people, even if they have the same symptoms"
    assert not _question_starts_above(_raw(prose), _line(prose), _line("How should I store it?"))
    assert not _question_starts_above(_raw(first), _line(first, bold=False), end)
    assert not _question_starts_above(_raw("Take it with meals."), _line("Take it."), end)

"""A span's location covers every source line it touches, also when its text goes back up
the page (a list read column by column) or over a page break."""

from __future__ import annotations

from assistant.records import Document, Location


def test_a_span_reads_lines_that_go_back_up_the_page():
    text = "• a\n\n• b\n\n• c\n\n• d\n\n"
    # column 0 from lines 42-43, then column 1 from lines 42-43 again; the last on page 22
    runs = ((0, 42, 21), (5, 43, 21), (10, 42, 21), (15, 2, 22))
    doc = Document("l.pdf", "l.pdf", "0", text, (), (), runs)
    assert doc.location(5, 13) == Location(line_start=42, line_end=43, page=21)
    assert doc.location(0, 18) == Location(line_start=42, line_end=2, page=21, page_end=22)
    assert doc.location(10, 13) == Location(line_start=42, line_end=42, page=21)

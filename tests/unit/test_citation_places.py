"""A citation whose quote crosses a page break names both pages: "lines 42-1" on one page would
send the reader to the wrong place."""

from __future__ import annotations

from assistant.records import Answer, Citation, place_label
from assistant.render import answer_json, source_line


def test_a_place_on_one_page_and_across_a_page_break():
    assert place_label("Methods", 3, (10, 12)) == "Methods, p. 3, lines 10-12"
    assert place_label("Methods", 3, (10, 12), 3) == "Methods, p. 3, lines 10-12"
    assert place_label("Methods", None, (10, 12)) == "Methods, lines 10-12"
    assert place_label("8.4 Pediatric Use", 11, (42, 1), 12) == (
        "8.4 Pediatric Use, p. 11 line 42 to p. 12 line 1"
    )


def test_a_citation_across_pages_reads_the_same_in_text_and_json():
    c = Citation(1, "label.pdf#7", "8.4 Pediatric Use", 11, (42, 1), "Safety was ...", "a.pdf", 12)
    assert source_line(c) == "[1] 8.4 Pediatric Use, p. 11 line 42 to p. 12 line 1 (label.pdf#7)"
    ans = Answer("q?", True, "Safety was ... [1]", citations=(c,))
    cited = answer_json(ans)["citations"][0]
    assert (cited["page"], cited["page_end"], cited["lines"]) == (11, 12, [42, 1])

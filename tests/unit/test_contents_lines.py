"""A contents or index entry (a title, dot leaders, a page number) is page furniture: it points
at the text and would otherwise be quoted as an answer ("8 asn1_parser2tree . . . . ."). Lines
as the GNU libtasn1 manual's contents and index pages set them."""

from __future__ import annotations

import pytest

from assistant.ingest.layout import Line, _kind


@pytest.mark.parametrize(
    "text",
    [
        "1 Introduction . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . 1",
        "asn1_parser2tree . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . 8",
        "Preface .......................................................... vii",
    ],
)
def test_contents_entries_are_furniture(text):
    assert _kind(Line(text, 10.0, False, 500.0, 72.0), 10.0, 3) == "furniture"


@pytest.mark.parametrize(
    "text",
    [
        "The dose was 8 mg. . . and then 12 mg were given on day 2",
        "Doses were 0.5, 1, 2 and 4 mg/kg given once daily for 12 weeks",
    ],
)
def test_running_text_is_not(text):
    assert _kind(Line(text, 10.0, False, 500.0, 72.0), 10.0, 3) == ""


def test_a_roman_page_number_at_the_foot_of_a_page_is_furniture():
    from assistant.ingest.layout import mark_furniture

    foot, middle, letter = (
        Line("ii", 10.0, False, 30.0, 300.0),
        Line("ii", 10.0, False, 400.0, 72.0),
        Line("l", 10.0, False, 30.0, 72.0),
    )
    mark_furniture([[foot, middle, letter]], [800.0])
    assert (foot.kind, middle.kind, letter.kind) == ("furniture", "text", "text")

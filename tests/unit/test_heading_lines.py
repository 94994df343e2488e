"""Heading lines that follow each other join only when they are one heading wrapped: same font
size, no section number starting the next. Lines as a DocBook specification's first page sets
them (an author's address at 12 pt, "1. Introduction" at 17.2 pt, "1.1. Version" at 14.3 pt)."""

from __future__ import annotations

from assistant.ingest.blocks import _Raw, _same_heading
from assistant.ingest.text import _Line


def _line(text: str, n: int, size: float) -> _Line:
    return _Line(text, n, 2, False, False, "heading", (), size)


def test_numbered_titles_and_other_sizes_start_their_own_heading():
    address = _Raw([_line("tal197 at users.sf.net", 4, 12.0)], "heading")
    assert not _same_heading(address, _line("1. Introduction", 5, 17.2))
    intro = _Raw([_line("1. Introduction", 5, 17.2)], "heading")
    assert not _same_heading(intro, _line("1.1. Version", 6, 14.3))
    assert not _same_heading(intro, _line("2. Unified system", 6, 17.2))


def test_a_wrapped_heading_still_joins():
    first = _Raw([_line("2.3 Recommendations for Use in Renal", 9, 12.3)], "heading")
    assert _same_heading(first, _line("Impairment and Hepatic Impairment", 10, 12.3))

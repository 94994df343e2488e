"""A list set in two columns (a patient leaflet's "most common side effects") is read column by
column as list items, not as table rows; a table whose cells are values stays a table. Rows as
the Augtyro label's patient information comes out of its PDF."""

from __future__ import annotations

from assistant.ingest.tables import list_columns
from assistant.ingest.text import _Line


def _row(n: int, *cells: str) -> _Line:
    return _Line("  ".join(cells), n, 21, False, False, "table", tuple(cells))


def test_a_list_in_two_columns_is_read_column_by_column():
    lines = [
        _row(1, "The most common side effects of AUGTYRO include:"),
        _row(2, "• dizziness", "• shortness of breath"),
        _row(3, "• feeling of numbness or tingling in your arms or", "• problems with thinking"),
        _row(4, "legs", "• tiredness"),
        _row(5, "• trouble with balance, coordination, and walking"),
        _row(6, "These are not all the possible side effects of AUGTYRO."),
    ]
    out = list_columns(lines)
    assert [ln.text for ln in out] == [
        "The most common side effects of AUGTYRO include:",
        "• dizziness",
        "• feeling of numbness or tingling in your arms or",
        "legs",
        "• trouble with balance, coordination, and walking",
        "• shortness of breath",
        "• problems with thinking",
        "• tiredness",
        "",  # the list ends
        "These are not all the possible side effects of AUGTYRO.",
    ]
    assert all(ln.kind == "" and ln.page == 21 for ln in out)
    assert [ln.line for ln in out][:5] == [1, 2, 3, 4, 5]  # each cell keeps its source line


def test_a_table_of_values_stays_a_table():
    lines = [
        _row(1, "Adverse Reaction", "All Grades (%)", "Grade 3 or 4 (%)"),
        _row(2, "Dizziness", "63", "2.7"),
        _row(3, "• Vertigo", "12", "0"),
    ]
    assert list_columns(lines) == lines

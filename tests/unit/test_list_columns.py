"""A list set in two columns (a patient leaflet's "most common side effects") is read column by
column as list items, not as table rows; a table whose cells are values stays a table. Rows as
the Augtyro label's patient information comes out of its PDF."""

from __future__ import annotations

from assistant.ingest.lists import list_columns
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


def test_a_wrapped_last_line_goes_with_its_item_and_pages_are_read_in_turn():
    lines = [
        _row(1, "• dizziness", "• tiredness"),
        _row(2, "• nausea", "• feeling of numbness in your arms or"),
        _row(3, "legs"),  # the empty first cell of an unruled table is left out
    ]
    assert [ln.text for ln in list_columns(lines)] == [
        "• dizziness",
        "• nausea",
        "• tiredness",
        "• feeling of numbness in your arms or",
        "legs",
        "",
    ]
    over = [_row(1, "• a1", "• b1"), _row(2, "• a2", "• b2")]
    over[1].page = 22
    assert [ln.text for ln in list_columns(over)] == ["• a1", "• b1", "• a2", "• b2", ""]


def test_a_table_with_a_header_row_stays_a_table_though_its_cells_have_bullets():
    lines = [
        _row(1, "Body surface area", "Recommended dose"),
        _row(2, "• ≥ 1.5 m2", "• 160 mg once daily"),
        _row(3, "• < 1.5 m2", "• 120 mg once daily"),
    ]
    assert list_columns(lines) == lines


def _seg(x: float, text: str):
    from assistant.ingest.pdf import Run
    from assistant.ingest.segments import Segment

    return Segment([Run(text, x, x + 6 * len(text), 600.0, 10.0)])


def test_a_sub_list_with_o_bullets_in_running_text_is_read_by_column():
    """A medication guide's second-level list: "o" bullets, two columns, items that wrap onto a
    row of their own ("irritability, and depression   (hallucinations)", "and sleep")."""
    from assistant.ingest.layout import _cells, _sub_list_rows

    rows = [
        [_seg(90, "AUGTYRO, including:")],
        [
            _seg(83, "o dizziness      o"),
            _seg(350, "problems with thinking, such as forgetting or"),
        ],
        [_seg(83, "o vertigo                   confusion")],
        [_seg(83, "o changes in mood, such as anxiety,       o"), _seg(350, "seeing things")],
        [_seg(100, "irritability, and depression       (hallucinations)")],
        [_seg(340, "and sleep")],
        [_seg(90, "• Lung problems (pneumonitis).")],
    ]
    sub = _sub_list_rows([_cells(r) for r in rows])
    assert sorted(sub) == [1, 2, 3, 4, 5]
    assert sub[1] == ["◦ dizziness", "◦ problems with thinking, such as forgetting or"]
    assert sub[2] == ["◦ vertigo", "confusion"]
    lines = [
        _row(n, *sub[n]) if n in sub else _Line(_cells(r)[0], n, 20, False, False)
        for n, r in enumerate(rows)
    ]
    out = [ln.text for ln in list_columns(lines)]
    assert out == [
        "AUGTYRO, including:",
        "◦ dizziness",
        "◦ vertigo",
        "◦ changes in mood, such as anxiety,",
        "irritability, and depression",
        "◦ problems with thinking, such as forgetting or",
        "confusion",
        "◦ seeing things",
        "(hallucinations)",
        "and sleep",
        "",
        "• Lung problems (pneumonitis).",
    ]


def test_prose_is_not_read_as_a_sub_list():
    """A line of prose that opens with the word "o" (Spanish "or") is no item, and the prose
    after a sub-list does not join its last item."""
    from assistant.ingest.layout import _cells, _sub_list_rows

    prose = [[_seg(72, "Tome una cápsula al día,")], [_seg(72, "o cápsulas, según le indique.")]]
    assert _sub_list_rows([_cells(r) for r in prose]) == {}
    rows = [
        [_seg(83, "o nausea      o"), _seg(350, "headache")],
        [_seg(72, "which may be severe. Stop taking the medicine and call your doctor")],
    ]
    assert sorted(_sub_list_rows([_cells(r) for r in rows])) == [0]

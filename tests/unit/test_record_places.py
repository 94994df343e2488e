"""A dose or adverse-effect record cited across a page break says both pages."""

from __future__ import annotations

from assistant.domain.filters import effect_rows, json_row
from assistant.records import AdverseEffect


def _effect(page: int | None, page_end: int | None, lines: tuple[int, int]) -> AdverseEffect:
    return AdverseEffect(
        "pyrexia",
        "pyrexia",
        "",
        "",
        "8%",
        "d:1",
        "TRIDENT-1",
        lines,
        "Pyrexia 8",
        page,
        page_end=page_end,
    )


def test_a_record_across_a_page_break_names_both_pages():
    rec = _effect(9, 10, (35, 7))
    row = effect_rows([rec])[0]
    assert (row["page"], row["lines"]) == ("9-10", "35-7")
    data = json_row(rec, row)
    assert (data["page"], data["page_end"], data["lines"]) == (9, 10, [35, 7])


def test_a_record_on_one_page_has_no_end_page():
    rec = _effect(4, None, (10, 11))
    row = effect_rows([rec])[0]
    assert row["page"] == "4" and json_row(rec, row)["page_end"] is None
    assert effect_rows([_effect(None, None, (3, 3))])[0]["page"] == ""

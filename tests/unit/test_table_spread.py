"""Table rows do not crowd a ranking: past ``rows_per_table`` rows of one table, the rest follow
every other passage (fast tier: pure function, then a FakeEmbedder over a Markdown table)."""

from __future__ import annotations

import pytest
from fake_corpus import tiny_assistant

from assistant.records import Chunk, Location, Settings
from assistant.search.fuse import spread
from assistant.search.retrieve import table_of


def _group(d: int) -> str | None:
    # ids 10-19 are rows of table "A", 20-29 of table "B"; the rest are prose
    return "A" if 10 <= d < 20 else "B" if 20 <= d < 30 else None


def test_rows_past_the_cap_follow_every_other_item_in_their_order():
    ranked = [(10, 0.9), (11, 0.8), (1, 0.7), (12, 0.6), (20, 0.5), (2, 0.4), (21, 0.3)]
    out = spread(ranked, _group, 1)
    assert [d for d, _ in out] == [10, 1, 20, 2, 11, 12, 21]


def test_a_cap_of_two_keeps_two_rows_of_each_table_in_place():
    ranked = [(10, 0.9), (11, 0.8), (12, 0.7), (1, 0.6)]
    assert [d for d, _ in spread(ranked, _group, 2)] == [10, 11, 1, 12]


def test_cap_zero_and_rankings_without_tables_are_unchanged():
    ranked = [(10, 0.9), (11, 0.8), (12, 0.7)]
    assert spread(ranked, _group, 0) == ranked
    prose = [(1, 0.9), (2, 0.5), (3, 0.1)]
    assert spread(prose, _group, 1) == prose


def test_nothing_is_lost_or_repeated():
    ranked = [(d, 1.0 / (i + 1)) for i, d in enumerate([10, 1, 11, 20, 12, 2, 21, 22, 3])]
    out = spread(ranked, _group, 1)
    assert sorted(out) == sorted(ranked)


TABLE_DOC = """# Adverse reactions

Table 2: Adverse reactions in patients who received the study drug

| Adverse reaction | All grades (%) | Grade 3 or 4 (%) |
|---|---|---|
| Dizziness | 58 | 2 |
| Dysgeusia | 50 | 0 |
| Constipation | 36 | 0 |
| Dyspnea | 30 | 4 |
| Ataxia | 28 | 1 |
| Fatigue | 25 | 1 |

## Summary

The most common adverse reactions were dizziness, dysgeusia and constipation.

Serious adverse reactions occurred in a third of the patients who received the drug.
"""


@pytest.fixture(scope="module")
def table_assistant(tmp_path_factory):
    a = tiny_assistant(tmp_path_factory.mktemp("table"), {"label.md": TABLE_DOC})
    yield a
    a.close()


QUESTION = "adverse reactions in patients who received the study drug, all grades"


def test_one_row_of_the_table_then_the_prose(table_assistant):
    kinds = [h.chunk.kind for h in table_assistant.search(QUESTION, k=4)]
    assert kinds.count("table_row") == 1, kinds
    assert "paragraph" in kinds, kinds


def test_without_a_cap_the_rows_fill_the_top(table_assistant):
    a = table_assistant.with_settings(rows_per_table=0)
    kinds = [h.chunk.kind for h in a.search(QUESTION, k=4)]
    assert kinds.count("table_row") >= 3, kinds


def test_every_row_is_still_found_further_down(table_assistant):
    texts = " ".join(h.chunk.text for h in table_assistant.search(QUESTION, k=20))
    for effect in ("Dizziness", "Dysgeusia", "Constipation", "Dyspnea", "Ataxia", "Fatigue"):
        assert effect in texts


def test_a_negative_cap_is_refused():
    with pytest.raises(ValueError, match="rows_per_table"):
        Settings().with_overrides(["rows_per_table=-1"])


def _chunk(kind: str, context: str, start: int) -> Chunk:
    text = "Milk protein 20.0 g /session"
    return Chunk(
        f"c{start}", "d", start, "Results", kind, text, start, start + len(text), Location(1, 1),
        context=context,
    )  # fmt: skip


def test_rows_and_pieces_of_a_table_kept_as_lines_group_by_their_table():
    row = _chunk("table_row", "Table 2: Doses", 0)
    piece, other_piece = _chunk("table_text", "Table 1", 10), _chunk("table_text", "Table 1", 20)
    assert table_of(piece) == table_of(other_piece) != table_of(row)
    assert table_of(_chunk("paragraph", "", 30)) is None
    assert table_of(_chunk("figure_text", "", 40)) is None

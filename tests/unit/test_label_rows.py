"""Table rows that state nothing (a caption, the column names, a group label) are never answer
candidates; rows with values are. The rows are as the shared documents' tables print them."""

from __future__ import annotations

import pytest

from assistant.answer.candidates import is_label_row
from assistant.records import Chunk, Location


def _row(text: str, fields: tuple[tuple[str, str], ...] = ()) -> Chunk:
    return Chunk("t:1", "t", 0, "S", "table_row", text, 0, len(text), Location(1, 1), fields=fields)


COLUMNS = ("Adverse Reaction", "All Grades (%)", "Grade 3 or 4 (%)")


@pytest.mark.parametrize(
    "row",
    [
        _row("Table 3: Adverse Reactions (≥10%) in Patients with ROS1-positive NSCLC"),
        _row("Moxidectin Ivermectin"),
        _row("Dose Dose Reduction First Dose Reduction Second"),
        _row("Nervous System Disorders", (("Adverse Reaction", "Nervous System Disorders"),)),
        _row(" ".join(COLUMNS), tuple((c, c) for c in COLUMNS)),
    ],
)
def test_rows_without_a_value_are_labels(row):
    assert is_label_row(row)


@pytest.mark.parametrize(
    "row",
    [
        _row("Diarrhea 53% 12%"),
        _row("Total participants 978 494"),
        _row("Dizziness 58 2", tuple(zip(COLUMNS, ("Dizziness", "58", "2"), strict=True))),
        _row(
            "Interstitial lung disease Any grade Permanently discontinue",
            (
                ("Adverse Reaction", "Interstitial lung disease"),
                ("Severity", "Any grade"),
                ("Dosage Modification", "Permanently discontinue"),
            ),
        ),  # fmt: skip
    ],
)
def test_rows_with_values_are_kept(row):
    assert not is_label_row(row)

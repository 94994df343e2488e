"""Cleaning rules found on the shared documents, checked on small documents of other shapes
(Markdown, plain text) that they must leave alone."""

from __future__ import annotations

from pathlib import Path

from assistant.index.chunking import chunk_document
from assistant.ingest import load_document


def _doc(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path, tmp_path)


def test_a_value_line_over_one_sentence_is_no_heading(tmp_path):
    doc = _doc(
        tmp_path,
        "label.txt",
        "Dosage forms\n\nTablets: 500 mg, 850 mg, and 1,000 mg\n\n"
        "Extended-release tablets: 500 mg and 750 mg.\n\n"
        "Metformin is a biguanide. It lowers hepatic glucose production and improves insulin "
        "sensitivity in people with type 2 diabetes, and it is taken with meals.\n",
    )
    headings = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    assert not any("500 mg" in h for h in headings)
    assert any("Tablets: 500 mg, 850 mg, and 1,000 mg" in c.text for c in chunk_document(doc))


def test_a_row_of_units_under_the_header_heads_no_group(tmp_path):
    doc = _doc(
        tmp_path,
        "table.md",
        "# Doses\n\n| Drug | Dose | Patients |\n|---|---|---|\n| | mg | n |\n"
        "| Metformin | 500 twice daily | 20 |\n| Sirolimus | 2 once daily | 10 |\n",
    )
    rows = [c for c in chunk_document(doc) if c.kind == "table_row" and "daily" in c.text]
    assert len(rows) == 2 and all(c.group == "" for c in rows)

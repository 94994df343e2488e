"""A plain-text paper: numbered titles on lines of their own are headings; its first line
names it."""

from __future__ import annotations

from assistant.ingest import clean_lines
from assistant.ingest.base import RawLine
from assistant.search.retrieve import document_names, select_documents

PAPER = """Oral Magnesium and Sleep in Older Adults: A Randomized Pilot Trial

1. Introduction

Insomnia affects many older adults and is associated with falls and depression in them.

2. Methods

2.1 Study design

This was a single-centre, randomized, double-blind trial of magnesium against placebo.

3. Results

Characteristic          Magnesium (n=62)    Placebo (n=62)
Diarrhea, n (%)         6 (9.7)             2 (3.2)

3.4 Safety

Diarrhea was reported by 6 participants (9.7%) in the magnesium group and 2 (3.2%) in placebo.

4. Take one tablet daily. This numbered line is a sentence, not a title.
"""


def _doc():
    lines = [RawLine(t, i + 1) for i, t in enumerate(PAPER.splitlines())]
    return clean_lines(lines, doc_id="magnesium_sleep_rct.txt")


def test_numbered_titles_between_blank_lines_are_headings():
    doc = _doc()
    titles = [s.title for s in doc.sections]
    # "2. Methods" over its first subsection, "3.4 Safety" after a table: headings all the same
    for title in ("1. Introduction", "2. Methods", "2.1 Study design", "3. Results", "3.4 Safety"):
        assert title in titles, titles
    assert not any(t.startswith("4. Take") for t in titles)
    safety = next(b for b in doc.blocks if "reported by 6" in doc.text[b.start : b.end])
    assert safety.section == "3.4 Safety"


def test_a_plain_text_paper_answers_to_its_first_line():
    doc = _doc()
    assert "oral magnesium and sleep in older adults: a randomized pilot trial" in document_names(
        doc
    )
    assert select_documents(["Oral Magnesium and Sleep"], {doc.doc_id: doc}) == {doc.doc_id}


def test_a_numbered_list_of_lines_is_no_run_of_headings():
    leaflet = (
        "How to take it\n\nTake the tablets as follows:\n\n"
        "1. Take one 250 mg tablet twice daily with food\n\n"
        "2. Swallow it whole with water\n\n"
        "3. Continue for 7 days even if you feel better\n\n"
        "If you forget a dose, take it as soon as you remember.\n"
    )
    lines = [RawLine(t, i + 1) for i, t in enumerate(leaflet.splitlines())]
    doc = clean_lines(lines, doc_id="leaflet.txt")
    assert not any(s.title[:1].isdigit() for s in doc.sections), [s.title for s in doc.sections]
    assert "250 mg tablet twice daily" in doc.text

"""Cleaning on the five real shared documents (../shared/corpora): no page furniture, no split
words, no reference-list text, tables never inside sentences, every character back to its line.

Pure ingest (no model). Skipped with a reason when the shared corpora are absent.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.chunking import chunk_document
from assistant.ingest import clean_lines, read_lines
from assistant.records import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
PDFS = sorted(SHARED.glob("*/*.pdf")) if SHARED.is_dir() else []
sys.path.insert(0, str(ROOT / "eval"))
import cleaning  # noqa: E402

pytestmark = pytest.mark.skipif(not PDFS, reason=f"shared corpora not found at {SHARED}")
IDS = [p.parent.name for p in PDFS]


@dataclass
class Read:
    """One PDF read once per session: the cleaned document, its source lines by (page, line)
    and the running headers/footers of its plain pypdf text (the scorecard's reference)."""

    doc: Document
    raw: dict[tuple[int | None, int], str]
    headers: set[str]


@pytest.fixture(scope="session")
def corpus() -> Callable[[Path], Read]:
    """The session's reader: each PDF is read (layout and plain text) only the first time a
    test asks for it."""
    reads: dict[Path, Read] = {}

    def read(path: Path) -> Read:
        if path not in reads:
            lines = read_lines(path)
            cleaned = clean_lines(lines, doc_id=path.name, pdf=True)
            reads[path] = Read(
                doc=cleaned,
                raw={(r.page, r.line): r.text for r in lines},
                headers=cleaning.recurring_lines(cleaning.raw_page_lines(path)),
            )
        return reads[path]

    return read


@pytest.mark.parametrize("path", PDFS, ids=IDS)
def test_no_page_furniture_in_any_passage(path, corpus):
    read = corpus(path)
    doc = read.doc
    bad = [
        c.text[:80] for c in chunk_document(doc) if cleaning.furniture_hits(c.text, read.headers)
    ]
    assert bad == []
    for banner in ("Reference ID: 5277680", "may not be the latest approved by FDA", "©"):
        assert banner not in doc.text


@pytest.mark.parametrize("path", PDFS, ids=IDS)
def test_no_split_words(path, corpus):
    doc = corpus(path).doc
    words = re.findall(r"[A-Za-z]+", doc.text)
    counts: dict[str, int] = {}
    for w in words:
        counts[w.lower()] = counts.get(w.lower(), 0) + 1
    vocab = {w for w, c in counts.items() if c >= 2}
    assert "\u00ad" not in doc.text
    assert cleaning.split_words(doc.text, vocab) == []
    assert re.search(r"\b(?:f|ff) (?:irst|ind|ollow|rom|it)\b", doc.text) is None


@pytest.mark.parametrize("path", PDFS, ids=IDS)
def test_no_reference_list_and_tables_not_in_sentences(path, corpus):
    doc = corpus(path).doc
    assert [c.text[:80] for c in chunk_document(doc) if cleaning.reference_like(c.text)] == []
    for b in doc.blocks:
        if b.kind == "paragraph":
            assert cleaning.tables_in_sentences(doc.text[b.start : b.end]) == 0


def test_lancet_sentences_join_across_columns_and_pages(corpus):
    path = next((p for p in PDFS if p.parent.name == "lancet2018-moxidectin"), None)
    if path is None:
        pytest.skip("Lancet PDF absent")
    text = corpus(path).doc.text
    assert "produce millions of microfilariae during their reproductive lifespan" in text
    assert "micro -filariae" not in text and "macro filariae" not in text
    assert "Nicholas O Opoku, Didier K Bakajika" not in text  # author list is not content


def test_fda_label_tables_are_rows(corpus):
    path = next((p for p in PDFS if p.parent.name == "fda-augtyro-2023"), None)
    if path is None:
        pytest.skip("FDA label absent")
    doc = corpus(path).doc
    rows = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "table_row"]
    assert any("120 mg" in r and "80 mg" in r for r in rows)


@pytest.mark.parametrize("path", PDFS, ids=IDS)
@settings(max_examples=60, deadline=None)
@given(frac=st.floats(min_value=0.0, max_value=0.999))
def test_every_character_maps_back_to_its_page_and_line(path, corpus, frac):
    read = corpus(path)
    doc, raw = read.doc, read.raw
    i = int(frac * len(doc.text))
    ch = doc.text[i]
    loc = doc.location(i, i + 1)
    assert loc.page is not None and (loc.page, loc.line_start) in raw
    if ch.isalnum():
        # The character is on that source line (hyphen joins and repairs only remove characters).
        assert ch in raw[(loc.page, loc.line_start)]

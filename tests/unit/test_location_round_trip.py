"""A passage that crosses a page break keeps both ends of its location through the index.

Fast tier: a PDF the test writes (fpdf2), the deterministic FakeEmbedder, real SQLite and FAISS.
"""

from __future__ import annotations

from fpdf import FPDF

from assistant.index import IndexStore
from assistant.index.chunking import chunk_with
from assistant.index.embed import FakeEmbedder
from assistant.ingest import load_corpus
from assistant.records import Settings

SENTENCE = (
    "Rapamycin given every other week to older mice kept their glucose tolerance while "
    "extending their lifespan in both sexes across several independent cohorts. "
)


def test_a_cross_page_passage_round_trips_with_both_pages(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    # One long paragraph that runs over the end of page 1 onto page 2.
    pdf.multi_cell(0, 6, SENTENCE * 40)
    pdf.output(str(corpus / "paper.pdf"))
    docs, problems = load_corpus(corpus)
    assert problems == [] and len(docs) == 1
    fresh = chunk_with(docs[0], Settings())
    crossing = [c for c in fresh if c.location.page_end not in (None, c.location.page)]
    assert crossing, "the test PDF must have a passage crossing the page break"
    store = IndexStore(tmp_path / "index")
    store.build(corpus, Settings(), FakeEmbedder())
    loaded = store.load()
    try:
        by_id = {c.chunk_id: c for c in loaded.chunks}
        for c in crossing:
            assert by_id[c.chunk_id].location == c.location
            assert (
                "p. 1 line" in by_id[c.chunk_id].label and "to p. 2 line" in by_id[c.chunk_id].label
            )
    finally:
        loaded.close()

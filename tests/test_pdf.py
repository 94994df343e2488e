"""PDF ingestion on PDFs the test writes: page numbers survive into hits; bad PDFs are named."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from assistant.ingest import load_corpus
from assistant.service import Assistant

PAGE1 = (
    "Introduction\n"
    "Rapamycin extends the lifespan of mice in several independent cohorts. The mechanistic "
    "target of rapamycin complex one senses amino acids through CASTOR1 and sestrin2 at the "
    "lysosome, and its inhibition slows aging in flies and worms as well as in rodents."
)
PAGE2 = (
    "Methods\n"
    "Zebrafish larvae were given 7 mg/kg of sirolimus every third day for a fortnight, and their "
    "fin regeneration was scored blind by two observers who did not know the treatment groups."
)


def write_pdf(path: Path, pages: list[str], password: str | None = None) -> Path:
    pdf = FPDF()
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.set_font("helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def pdf_corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("pdfcorpus")
    write_pdf(d / "paper.pdf", [PAGE1, PAGE2])
    write_pdf(d / "locked.pdf", ["secret text about rapamycin"], password="pw")
    (d / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    return d


def test_pdf_pages_and_headings(pdf_corpus):
    docs, problems = load_corpus(pdf_corpus)
    assert [d.doc_id for d in docs] == ["paper.pdf"]
    doc = docs[0]
    assert [s.title for s in doc.sections] == ["Introduction", "Methods"]
    i = doc.text.index("Zebrafish")
    assert doc.location(i, i + 9).page == 2
    assert doc.location(0, 5).page == 1


def test_unreadable_and_encrypted_pdfs_are_named_and_skipped(pdf_corpus):
    _, problems = load_corpus(pdf_corpus)
    assert any("locked.pdf" in p and "encrypted" in p for p in problems)
    assert any("broken.pdf" in p for p in problems)


def test_page_numbers_survive_into_hits(pdf_corpus, embedder, tmp_path):
    a = Assistant(corpus=pdf_corpus, index=tmp_path / "index")
    a._embedder = embedder
    hits = a.search("zebrafish fin regeneration dose", k=1)
    assert hits[0].chunk.page == 2
    assert "Zebrafish" in hits[0].chunk.text
    assert hits[0].chunk.section == "Methods"
    hits = a.search("amino acid sensing at the lysosome", k=1)
    assert hits[0].chunk.page == 1
    a.close()

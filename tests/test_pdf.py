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


def aes256_pdf() -> bytes:
    """A PDF whose /Encrypt dictionary asks for AES-256 (V5/R6, empty user password)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length 8 >>stream\n" + bytes(8) + b"\nendstream",
        b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /O <"
        + b"11" * 48
        + b"> /U <"
        + b"22" * 48
        + b"> /OE <"
        + b"33" * 32
        + b"> /UE <"
        + b"44" * 32
        + b"> /Perms <"
        + b"55" * 16
        + b"> /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >>"
        + b" /StmF /StdCF /StrF /StdCF >>",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 5 0 R /ID [<%s> <%s>] >>\n" % (
        len(objs) + 1,
        b"ab" * 16,
        b"ab" * 16,
    )
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


def test_corpus_hygiene_names_bad_files_and_indexes_the_rest(tmp_path):
    """An AES-256 PDF, a binary .txt, an unreadable file and
    a symlink leaving the folder are each named in one problem line; the good file loads."""
    import os

    corpus = tmp_path / "c"
    corpus.mkdir()
    write_pdf(corpus / "good.pdf", [PAGE1])
    (corpus / "aes.pdf").write_bytes(aes256_pdf())
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    locked = corpus / "locked.txt"
    locked.write_text("Rapamycin text nobody may read.")
    locked.chmod(0)
    outside = tmp_path / "outside.txt"
    outside.write_text("Text outside the corpus about sirolimus.")
    (corpus / "link.txt").symlink_to(outside)
    docs, problems = load_corpus(corpus)
    ids = [d.doc_id for d in docs]
    assert "good.pdf" in ids and "link.txt" not in ids and "binary.txt" not in ids
    assert any("binary.txt" in p and "binary" in p for p in problems)
    assert any("link.txt" in p and "not followed" in p for p in problems)
    if os.geteuid() != 0:  # root reads anything
        assert any("locked.txt" in p and "ermission" in p for p in problems)
    assert any("aes.pdf" in p and "encrypted" in p for p in problems)
    assert all("\n" not in p for p in problems)
    docs, problems = load_corpus(corpus, follow_links=True)
    assert "link.txt" in [d.doc_id for d in docs]


def test_a_table_drawn_with_rules_is_read_cell_by_cell(tmp_path):
    """A bordered table whose cells wrap over several lines: one row per table row, a wrapped
    cell whole, the header's names as fields, the caption above it naming the rows, and the
    sentences around it untouched."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(0, 5, "Dose changes for adverse reactions are listed in Table 1 below.")
    pdf.ln(4)
    pdf.cell(0, 6, "Table 1: Recommended dosage modifications", new_x="LMARGIN", new_y="NEXT")
    severity = (
        "ALT or AST greater than 3 times ULN with concurrent total bilirubin greater than "
        "1.5 times ULN"
    )
    with pdf.table(col_widths=(40, 60, 60)) as table:
        for cells in [
            ("Adverse reaction", "Severity", "Dosage modification"),
            ("Hepatotoxicity", severity, "Permanently discontinue the drug."),
            ("Myalgia", "Grade 3", "Withhold until recovery, then resume at a reduced dose."),
        ]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(4)
    pdf.multi_cell(0, 5, "After the table the text goes on with a sentence of its own.")
    path = tmp_path / "label.pdf"
    pdf.output(str(path))
    docs, _ = load_corpus(tmp_path)
    doc = docs[0]
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    texts = [doc.text[b.start : b.end] for b in rows]
    assert texts[0] == "Table 1: Recommended dosage modifications"
    assert texts[2] == f"Hepatotoxicity {severity} Permanently discontinue the drug."
    assert dict(rows[2].fields) == {
        "Adverse reaction": "Hepatotoxicity",
        "Severity": severity,
        "Dosage modification": "Permanently discontinue the drug.",
    }
    assert rows[3].context == "Table 1: Recommended dosage modifications"
    paragraphs = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs == [
        "Dose changes for adverse reactions are listed in Table 1 below.",
        "After the table the text goes on with a sentence of its own.",
    ]


def test_a_three_line_table_reads_its_header_column_by_column(tmp_path):
    """Rules only across (top, under the header, bottom); column names wrapped over two
    lines: one header row of whole names, rows aligned to it."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(0, 5, "Median survival of each trial is shown in Table 2 below.")
    pdf.text(20, 40, "Table 2. Median survival time in the trials.")
    pdf.line(20, 43, 190, 43)
    columns = [(20, ("", "")), (70, ("Chua", "(2010)")), (110, ("Yong Peng", "(2008)"))]
    columns.append((150, ("Shi, et al.", "(2014)")))
    for x, (first, second) in columns:
        pdf.text(x, 48, first)
        pdf.text(x, 53, second)
    pdf.line(20, 56, 190, 56)
    for y, values in ((62, ("WBRT + TMZ", "4.7", "8.6", "13")), (68, ("WBRT", "4.3", "7.0", "11"))):
        for (x, _), value in zip(columns, values, strict=True):
            pdf.text(x, y, value)
    pdf.line(20, 71, 190, 71)
    pdf.set_y(80)
    pdf.multi_cell(0, 5, "The text goes on after the table with a sentence of its own.")
    pdf.output(str(tmp_path / "three.pdf"))
    doc = load_corpus(tmp_path)[0][0]
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    texts = [doc.text[b.start : b.end] for b in rows]
    assert texts == [
        "Table 2. Median survival time in the trials.",
        "Chua (2010) Yong Peng (2008) Shi, et al. (2014)",
        "WBRT + TMZ 4.7 8.6 13",
        "WBRT 4.3 7.0 11",
    ]
    assert "| Yong Peng (2008) |" in rows[2].context


def test_fill_spaces_the_words_do_not_have_are_dropped():
    """pypdf's layout engine can lose track of x after an italic word and fill the room to
    where it thinks the next text starts with spaces; the words, placed by their own
    text-showing operations, say the text goes on one space later. The run then ends where
    its last word ends instead of reaching into the next column."""
    from assistant.ingest.pdf import Run, _placed

    run = Run(", " + " " * 50 + "affects some of the", 166.9, 366.3, 91.9, 9.0)
    run.words = (
        (",", 166.9, 169.1, False),
        ("affects", 173.6, 197.7, False),
        ("some", 202.2, 222.5, False),
        ("of", 227.1, 234.4, False),
        ("the", 239.0, 250.8, False),
    )
    (placed,) = _placed(run)
    assert placed.text == ", affects some of the"
    assert placed.x1 == 250.8
    # A real gap (two columns shown as one text object) keeps its fill.
    cells = Run("Any grade" + " " * 20 + "967 (99%)", 276.6, 360.0, 601.5, 7.0)
    cells.words = (
        ("Any", 276.6, 287.0, False),
        ("grade", 288.0, 305.0, False),
        ("967", 329.0, 339.0, False),
        ("(99%)", 340.0, 360.0, False),
    )
    assert _placed(cells) == [cells] and "   " in cells.text


def _helvetica_page(path: Path, ops: list[str]) -> None:
    """A one-page PDF whose content stream is ``ops``, with Helvetica as font /F1."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    stream = DecodedStreamObject()
    stream.set_data("\n".join(ops).encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.write(str(path))


def _raw_pdf(path: Path, lines: list[tuple[bool, str]]) -> None:
    """A one-page PDF of Helvetica lines, 14 pt apart; a (True, text) line is a list item shown
    as one text object: a 7 pt bullet, then its text at 10 pt (as DocBook sets them)."""
    ops = []
    for k, (bullet, text) in enumerate(lines):
        y = 700 - 14 * k
        lead = "/F1 7 Tf (\\225) Tj /F1 10 Tf 10 0 Td " if bullet else "/F1 10 Tf "
        x = 72 if bullet or not lines[k - 1][0] or k == 0 else 82
        ops.append(f"BT {x} {y} Td {lead}({text}) Tj ET")
    _helvetica_page(path, ops)


def test_list_items_with_small_bullets_are_running_text_each_its_own_paragraph(tmp_path):
    """A bullet set smaller than its item's text (as DocBook and many labels set it) does not
    make the item small print (figure text), and each item is a paragraph of its own, even
    after one that ends without a full stop."""
    intro = [
        "Because different applications have different requirements, they may choose to use",
        "the various methods provided by this specification in any order. However, the order",
        "recommended to perform the checks on every file that is opened is as follows:",
    ]
    items = [
        ("If a MIME type is provided explicitly, by a header or an extended attribute, then",
         "that should be used instead of guessing"),
        ("Otherwise, start by doing a glob match of the filename. Keep only the globs with the",
         "biggest weight, and of those only the globs with the longest pattern."),
        ("If the glob matching fails or results in several conflicting types, read the file",
         "and do magic sniffing on its first bytes to decide which type it has."),
    ]  # fmt: skip
    lines = [(False, t) for t in intro]
    for first, second in items:
        lines += [(True, first), (False, second)]
    docs = tmp_path / "docs"
    docs.mkdir()
    _raw_pdf(docs / "spec.pdf", lines)
    doc = load_corpus(docs)[0][0]
    paragraphs = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs == [" ".join(intro)] + [f"• {a} {b}" for a, b in items]
    assert not [b for b in doc.blocks if b.kind == "figure_text"]


def test_the_text_after_a_finished_list_item_is_a_paragraph_of_its_own(tmp_path):
    """After an item's finished sentence a capitalised line is the text after the list; an
    item's line going on in lower case stays with it."""
    lines = [
        (False, "Before treatment, check the following in every patient who is to receive it:"),
        (True, "Assess renal function prior to initiation and"),
        (False, "periodically thereafter."),
        (False, "Patients with severe renal impairment should not take the drug, and those with"),
        (False, "moderate impairment should take half of the usual dose under close monitoring."),
    ]
    docs = tmp_path / "docs"
    docs.mkdir()
    _raw_pdf(docs / "label.pdf", lines)
    doc = load_corpus(docs)[0][0]
    paragraphs = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph"]
    assert "• Assess renal function prior to initiation and periodically thereafter." in paragraphs
    assert paragraphs[-1].startswith("Patients with severe renal impairment")


def test_superscript_reference_numbers_are_bracketed_and_exponents_left(tmp_path):
    """A number set small and raised straight after a word is a reference, bracketed as the
    documents that print their references in brackets have them; a superscript after a unit
    or a lone letter (an exponent: "m2", "I2") and a small number on the baseline are not."""
    ops = [
        "BT /F1 10 Tf 72 700 Td (In a phase 2 study) Tj /F1 6 Tf 82 3.5 Td (14) Tj",
        "/F1 10 Tf 6 -3.5 Td ( in people, the drug was given.) Tj /F1 6 Tf 130 3.5 Td (3,4) Tj ET",
        "BT /F1 10 Tf 72 686 Td (The dose was 1.6 mg/m) Tj /F1 6 Tf 104 3.5 Td (2) Tj",
        "/F1 10 Tf 4 -3.5 Td ( daily and I) Tj /F1 6 Tf 48.4 3.5 Td (2) Tj",
        "/F1 10 Tf 4 -3.5 Td ( was low; see table) Tj /F1 6 Tf 86 0 Td (5) Tj ET",
        # a reference kerned into two pieces, and a number cell set apart in smaller type
        "BT /F1 10 Tf 72 672 Td (as in the earlier trial) Tj",
        "/F1 6 Tf 87.25 3.5 Td [(1) -30 (4)] TJ /F1 10 Tf 7 -3.5 Td (.) Tj ET",
        "BT /F1 10 Tf 72 658 Td (Patients treated) Tj /F1 7 Tf 150 2 Td (12) Tj 60 0 Td (34) Tj ET",
    ]
    docs = tmp_path / "docs"
    docs.mkdir()
    _helvetica_page(docs / "paper.pdf", ops)
    text = load_corpus(docs)[0][0].text
    assert "In a phase 2 study[14] in people, the drug was given.[3,4]" in text
    assert "1.6 mg/m2 daily and I2 was low" in text
    assert "[2]" not in text and "[5]" not in text
    assert "as in the earlier trial[14]." in text
    assert "[12]" not in text

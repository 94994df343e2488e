"""Cleaning on the five real shared documents (../shared/corpora): no page furniture, no split
words, no reference-list text, tables never inside sentences, every character back to its line.

Pure ingest (no model). Skipped with a reason when the shared corpora are absent.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.index.chunking import chunk_document
from assistant.ingest import clean_lines, load_document, read_lines
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
    # a margin note on the baseline of a line beside it does not run into that line
    assert "snip before incubation for 8 h or more in isotonic saline" in text
    # superscript reference numbers are references, not a range of days
    assert "20–43 days in human beings,[9–13] compared with less than 1 day" in text
    assert "including more efficacious drugs.[6,7] Moxidectin is a milbemycin" in text
    # a superscript set straight after a word, with no mark between, is read by its type size
    assert "In a phase 2 study[14] in people infected with O volvulus" in text
    assert "systematic non-compliers[6]) or had" in text


def test_fda_label_symbol_font_bullets_are_list_items_and_headings_follow_them(corpus):
    """The label's bullets are Symbol-font glyphs (private-use code points); "2.4 Recommended
    Dosage" after a bullet item is a heading, not the end of the item's paragraph."""
    path = next((p for p in PDFS if p.parent.name == "fda-augtyro-2023"), None)
    if path is None:
        pytest.skip("FDA label absent")
    text = corpus(path).doc.text
    assert "\uf0b7" not in text
    item = "• uric acid level [see Warnings and Precautions (5.5)]"
    assert f"\n\n{item}\n\n2.4 Recommended Dosage\n\n" in text
    assert "\n\nThe recommended dosage of AUGTYRO is 160 mg taken orally once daily" in text
    # the patient leaflet's list set in two columns is read as a list, column by column
    assert "\n\n• feeling of numbness or tingling in your arms or legs\n\n• constipation" in text
    # its sub-lists: "o" bullets in two columns inside running text, read column by column
    assert "including:\n\n◦ dizziness\n\n◦ vertigo\n\n◦ changes in mood, such as anxiety," in text
    assert "\n\n◦ your skin or the white part of your eyes turns yellow\n\n" in text
    # the leaflet's bold questions are its headings, not the end of the paragraph above them
    assert "for more information about side effects.\n\nWhat is AUGTYRO?\n\nAUGTYRO is a" in text


def test_fda_label_short_sections_have_their_headings(corpus):
    """A title over one short sentence ("Elimination") is a heading, so the text under it is
    cited under its own section, not "Distribution"; split words and a hyphen after a number
    are repaired by the document's own words."""
    path = next((p for p in PDFS if p.parent.name == "fda-augtyro-2023"), None)
    if path is None:
        pytest.skip("FDA label absent")
    doc = corpus(path).doc
    headings = {doc.text[b.start : b.end].strip() for b in doc.blocks if b.kind == "heading"}
    assert {"Elimination", "Metabolism", "Contraception"} <= headings
    chunks = chunk_document(doc)
    timed = next(c for c in chunks if "elimination is time-dependent" in c.text)
    assert timed.section == "Elimination"
    metabolised = next(c for c in chunks if "primarily metabolized by CYP3A4" in c.text)
    assert metabolised.section == "Metabolism"
    # a numbered title after a table's footnote is a heading, not the start of a paragraph
    missed = next(c for c in chunks if "If a dose of AUGTYRO is missed" in c.text)
    assert missed.section == "2.6 Administration"
    text = doc.text
    for split in ("clinica lly", "pr egnant", "repotrectin ib", "1.7fold"):
        assert split not in text, split
    assert "1.7-fold" in text and "medications as clinically indicated" in text


def test_fda_label_rows_under_a_cell_set_over_several_rows_carry_it(corpus):
    """Table 2 prints "Central Nervous System Effects" once, over its Grade 2, 3 and 4 rows:
    the Grade 3 and 4 rows are cited with it, not as bare "Grade 4: Permanently discontinue"."""
    path = next((p for p in PDFS if p.parent.name == "fda-augtyro-2023"), None)
    if path is None:
        pytest.skip("FDA label absent")
    rows = [c for c in chunk_document(corpus(path).doc) if c.kind == "table_row"]
    modification = [c for c in rows if c.table.startswith("Table 2")]
    stop = next(c for c in modification if "Permanently discontinue AUGTYRO." in c.text)
    assert stop.group == "Central Nervous System Effects"
    assert stop.display_text.startswith("Severity*: Grade 4")
    liver = [c for c in modification if c.group == "Hepatotoxicity"]
    assert len(liver) == 2 and all("Hepatotoxicity" not in c.text for c in liver)
    # a row that prints its own reaction has no group
    own = [c for c in modification if c.fields and c.fields[0][0] == "Adverse Reaction"]
    assert len(own) == 6 and not any(c.group for c in own)


def test_lancet_repeated_column_names_head_no_group(corpus):
    """Table 2's header repeated on its second page ("Moxidectin Ivermectin Moxidectin
    Ivermectin") is no group of the row below it; a real group label still is."""
    path = next((p for p in PDFS if p.parent.name == "lancet2018-moxidectin"), None)
    if path is None:
        pytest.skip("Lancet paper absent")
    rows = [c for c in chunk_document(corpus(path).doc) if c.kind == "table_row"]
    counted = next(c for c in rows if c.text.startswith("Number of participants 978"))
    assert counted.group == ""
    serious = [c for c in rows if c.group == "Serious adverse events"]
    assert len(serious) == 5


def test_mdpi_cross_references_are_spaced(corpus):
    """The MDPI paper's links to its figures and tables are set without spaces in the PDF."""
    path = next((p for p in PDFS if p.parent.name == "nutrients2018-frailty-protein"), None)
    if path is None:
        pytest.skip("MDPI paper absent")
    text = corpus(path).doc.text
    assert "Figure 1 shows a flow diagram" in text and "Table 1 summarizes" in text
    assert not re.search(r"\b(?:Figure|Table)\d", text)


def test_lancet_raised_reference_after_a_number_is_a_reference(corpus):
    """A reference number raised after a year and a full stop ("by 2025.⁶") is a reference,
    not the decimal "2025.6"."""
    path = next((p for p in PDFS if p.parent.name == "lancet2018-moxidectin"), None)
    if path is None:
        pytest.skip("Lancet paper absent")
    text = corpus(path).doc.text
    # the open-access licence notice under the copyright line is no text either
    assert "CC BY" not in text and "WHO logo" not in text and "original URL" not in text
    assert "Funding UNICEF/UNDP/World Bank/WHO Special Programme" in text
    assert "2025.6" not in text and "2025.[6]" in text
    assert "2014.20" not in text and "2014.[20]" in text


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
        # The character is on that source line: hyphen joins and repairs only remove characters,
        # and a ligature ("ﬁ") is spelled out ("fi"), as NFKC does.
        line = raw[(loc.page, loc.line_start)]
        assert ch in line or ch in unicodedata.normalize("NFKC", line)


def _doc(corpus, folder: str) -> Document:
    path = next((p for p in PDFS if p.parent.name == folder), None)
    if path is None:
        pytest.skip(f"{folder} absent from {SHARED}")
    return corpus(path).doc


def _rows(doc: Document) -> dict[str, tuple[tuple[str, str], ...]]:
    return {doc.text[b.start : b.end]: b.fields for b in doc.blocks if b.kind == "table_row"}


@pytest.mark.parametrize("path", PDFS, ids=IDS)
def test_every_gold_evidence_span_is_in_the_cleaned_text(path, corpus):
    """eval/gold/<document>.jsonl: every evidence span is found (as eval/gold/check.py finds
    it), table rows included."""
    from assistant.evaluate import load_questions, normalize

    gold = ROOT / "eval" / "gold" / f"{path.parent.name}.jsonl"
    if not gold.exists():
        pytest.skip(f"no gold questions for {path.parent.name}")
    text = normalize(corpus(path).doc.text)
    missing = [
        span for q in load_questions(gold) for span in q.evidence if normalize(span) not in text
    ]
    assert missing == []


def test_ruled_label_tables_are_read_cell_by_cell(corpus):
    """Tables drawn with rules: a cell wrapped over lines stays whole, a header set over two
    rows names each column, a footnote letter stays with its cell, values placed by word
    spacing land in their columns."""
    rows = _rows(_doc(corpus, "fda-augtyro-2023"))
    assert rows["160 mg Twice Daily 120 mg Twice Daily 80 mg Twice Daily"] == (
        ("Dose", "160 mg Twice Daily"),
        ("Dose Reduction First", "120 mg Twice Daily"),
        ("Dose Reduction Second", "80 mg Twice Daily"),
    )
    confirmed = "Confirmed Overall Response Rate, % (95% CI) 79% (68, 88) 38% (25, 52)"
    assert dict(rows[confirmed]) == {
        "Efficacy Parameters": "Confirmed Overall Response Rate, % (95% CI)",
        "ROS1 Inhibitor Naïve Patients (N=71)": "79% (68, 88)",
        "ROS1 Inhibitor Pretreated Patients (N=56)": "38% (25, 52)",
    }
    assert "Median in Months (95% CI)b 34.1 (25.6, NE) 14.8 (7.6, NE)" in rows
    # a raised footnote letter stays with its cell, bracketed ("Ataxia" + "d": footnote d)
    assert dict(rows["Ataxia[d] 28 0.4"])["AUGTYRO N=264 Grade 3 or 4 (%)"] == "0.4"
    assert "Dyspnea[g] 30 7" in rows and "Dyspneag 30 7" not in rows
    severity = next(r for r in rows if r.startswith("ALT or AST greater than 3 times ULN"))
    assert "total bilirubin greater than 1.5 times ULN (in the absence of cholestasis" in severity


def test_ruled_tables_keep_labels_set_beside_their_cells(corpus):
    """DailyMed (HTML-rendered): a row label set on the middle line of a tall cell, and values
    set between the label lines, stay in their row."""
    doc = _doc(corpus, "dailymed-metformin")
    rows = _rows(doc)
    impact = next(r for r in rows if r.startswith("Clinical Impact: Carbonic anhydrase"))
    assert "hyperchloremic metabolic acidosis. Concomitant use" in impact
    hba1c = "Hemoglobin A1c (%) Baseline Change at FINAL VISIT 8.4 –1.4 8.2 0.4 NS* 0.001"
    assert hba1c in rows
    assert "Clinical Impact:" not in " ".join(
        doc.text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph"
    )
    assert any(r.endswith("or insulin may increase the risk of hypoglycemia.") for r in rows)


def test_a_three_line_table_keeps_its_wrapped_column_names(corpus):
    """Cancer Medicine Table 2 (top rule, rule under the header, bottom rule; one column per
    trial, each name wrapped over two or three lines): one header row of whole names, then
    one row per arm carrying the names."""
    doc = _doc(corpus, "cancermed2018-tmz")
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    texts = [doc.text[b.start : b.end] for b in rows]
    header = next(t for t in texts if t.startswith("Chua (2010) Hassler (2013)"))
    assert "Yong Peng (2008)" in header and "Li, et al. (2017)" in header
    assert not [t for t in texts if t.startswith(("(2010)", "(2008)", "et al."))]
    arm = next(b for b in rows if doc.text[b.start : b.end].startswith("WBRT + TMZ* 4.7 8.6"))
    assert arm.context.startswith("Table2. Median survival time")
    assert "| Yong Peng (2008) |" in arm.context


def test_lancet_introduction_reads_in_order(corpus):
    """Page 1: text after an italic species name was reported with fill spaces that carried
    the rest of the line into the next column; the introduction now reads line after line."""
    text = " ".join(_doc(corpus, "lancet2018-moxidectin").text.split())
    assert (
        "caused by the helminth Onchocerca volvulus, affects some of the world’s most "
        "disadvantaged communities" in text
    )
    assert (
        "during their reproductive lifespan (9–11 years). Microfilariae live for 1–2 years" in text
    )
    assert "affects some of the Microfilariae" not in text


def test_lancet_shaded_panel_is_its_own_section_not_inside_a_sentence(corpus):
    """Page 2: the shaded "Research in context" panel was read into the introduction's last
    sentence of page 1 ("including blindness" + panel + "due to microfilariae..."). Text in a
    shaded panel is its own section, placed before the next heading."""
    doc = _doc(corpus, "lancet2018-moxidectin")
    text = " ".join(doc.text.split())
    assert (
        "ocular symptoms of onchocerciasis, including blindness due to microfilariae "
        "invading the eyes." in text
    )
    intro = next(b for b in doc.blocks if doc.text[b.start : b.end].startswith("Onchocerciasis,"))
    body = doc.text[intro.start : intro.end]
    assert intro.section == "Introduction"
    for panel in ("Research in context", "Evidence before this study", "Evaluation of moxidectin"):
        assert panel not in body
    headings = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    for name in ("Research in context", "Evidence before this study", "Added value of this study"):
        assert name in headings
    evidence = next(
        b for b in doc.blocks if doc.text[b.start : b.end].startswith("Evaluation of moxidectin")
    )
    assert evidence.kind == "paragraph" and evidence.section == "Evidence before this study"
    assert headings.index("Implications of all the available evidence") + 1 == headings.index(
        "Methods"
    )


@pytest.mark.parametrize("path", PDFS, ids=IDS)
def test_no_front_matter_or_boilerplate_in_any_passage(path, corpus):
    """Issue 10: author lists, affiliations, correspondence/e-mail lines, equal-contribution
    notes, dates and Acknowledgements-type sections are never indexed (a funding or interests
    statement is content and is not counted)."""
    doc = corpus(path).doc
    bad = [
        c.text[:80] for c in chunk_document(doc) if cleaning.front_matter_hits(c.text, c.section)
    ]
    assert bad == []


def test_review_text_has_no_front_matter():
    review = ROOT / "corpus" / "rapamycin-aging-review.txt"
    doc = load_document(review, review.parent)
    assert [c.text[:80] for c in chunk_document(doc) if cleaning.front_matter_hits(c.text)] == []


@pytest.mark.parametrize(
    ("folder", "title"),
    [
        (
            "nutrients2018-frailty-protein",
            "Effects of Protein Supplementation Combined with Exercise Intervention on Frailty "
            "Indices, Body Composition, and Physical Function in Frail Older Adults",
        ),
        (
            "lancet2018-moxidectin",
            "Single dose moxidectin versus ivermectin for Onchocerca volvulus infection in Ghana, "
            "Liberia, and the Democratic Republic of the Congo: a randomised, controlled, "
            "double-blind phase 3 trial",
        ),
    ],
)
def test_a_title_over_several_lines_is_one_heading(corpus, folder, title):
    doc = _doc(corpus, folder)
    headings = [
        " ".join(doc.text[b.start : b.end].split()) for b in doc.blocks if b.kind == "heading"
    ]
    assert headings[0] == title
    # No line of the title stands as a heading (a section) of its own.
    assert not [h for h in headings[1:] if h in title]


def test_nutrients_abstract_survives_without_its_front_matter(corpus):
    doc = _doc(corpus, "nutrients2018-frailty-protein")
    abstract = next(
        b for b in doc.blocks if doc.text[b.start : b.end].startswith("Abstract: Aging poses")
    )
    assert abstract.kind == "paragraph"
    assert "Aging poses a high risk of lean mass loss" in doc.text
    for gone in ("Correspondence", "equally contributed", "@", "Taipei 10675, Taiwan"):
        assert gone not in doc.text


@pytest.mark.parametrize("path", PDFS, ids=IDS)
def test_no_table_row_is_a_fragment_of_a_word_soup_table(path, corpus):
    """Issue 10: a table is rows with their headers or one block; a table whose rows cannot
    be recovered (few rows with column fields, many pieces of wrapped cells: "weeks", "Type,",
    "2017 [48] (Europe) CG: ET +") leaves no fragment as a passage of its own."""
    assert cleaning.fragment_rows(corpus(path).doc) == 0


def test_review_has_no_fragment_rows():
    review = ROOT / "corpus" / "rapamycin-aging-review.txt"
    assert cleaning.fragment_rows(load_document(review, review.parent)) == 0


def test_nutrients_table_1_is_one_block_of_lines_under_its_caption(corpus):
    """The landscape evidence table (Table 1 and its "Cont." pages) was ~200 one-line rows.
    Each page is now one table_text block after its caption, holding the caption as context,
    its lines in reading order, and nothing of it in a sentence."""
    doc = _doc(corpus, "nutrients2018-frailty-protein")
    title = "Table 1. Summary of study characteristics of included studies."
    table = [b for b in doc.blocks if b.context == title]
    assert [b.kind for b in table] == ["table_text"]
    block = table[0]
    body = doc.text[block.start : block.end]
    assert "\n" in body and "Corcoran America EG: PS + ET 82.3± 7.6" in body
    passages = [c for c in chunk_document(doc) if c.start >= block.start and c.end <= block.end]
    assert len(passages) > 1 and all(len(c.text.split()) <= 90 for c in passages)
    assert all(c.kind == "table_text" and c.context == title for c in passages)
    assert any("Corcoran" in c.text and "Milk protein 20.0 g /session" in c.text for c in passages)
    assert not [b for b in doc.blocks if b.kind == "table_row" and b.context.startswith("Table 1.")]
    kinds = [b.kind for b in doc.blocks]
    captions = [
        i for i, b in enumerate(doc.blocks) if doc.text[b.start : b.end] == "Table 1. Cont."
    ]
    assert len(captions) == 4 and all(kinds[i + 1] == "table_text" for i in captions)
    # The "Method" column name is no longer a heading (a section) inside the table.
    assert "Method" not in [s.title for s in doc.sections]


@pytest.mark.parametrize(
    ("folder", "rows"), [("lancet2018-moxidectin", 65), ("fda-augtyro-2023", 72)]
)
def test_good_row_tables_stay_rows(corpus, folder, rows):
    """The Lancet baseline and adverse-event tables and the FDA label's ruled tables are rows,
    as many as before issue 10's table_text (measured at CLEANING_VERSION 8), less the Lancet's
    two "(... continues in next column)" rows, dropped as furniture since CLEANING_VERSION 10,
    and the label's nine lines of a list set in two columns, a list since CLEANING_VERSION 23."""
    doc = _doc(corpus, folder)
    assert sum(1 for b in doc.blocks if b.kind == "table_row") == rows
    assert not [b for b in doc.blocks if b.kind == "table_text"]


def test_lancet_tables_take_the_caption_set_below_them_and_their_rows_their_group(corpus):
    doc = _doc(corpus, "lancet2018-moxidectin")
    rows = {c.text: c for c in chunk_document(doc) if c.kind == "table_row"}
    grade_1 = rows["1 918 (94%) 430 (87%) 55 (100%) 20 (83%)"]
    assert grade_1.table.startswith("Table 2: Participants with adverse events during the first 6")
    assert grade_1.group == "Mazzotti reactions"
    serious = rows["Any grade 39 (4%) 17 (3%) 0 0"]  # the part set in the column before
    assert serious.table == grade_1.table and serious.group == "Serious adverse events"
    assert rows["Males 626 (64%) 315 (64%)"].table.startswith("Table 1: Demographics")
    assert not [t for t in rows if "continue" in t.lower()]


def test_rows_read_cell_by_cell_carry_the_label_row_above_them(corpus):
    """A row with its first cell only heads the valued rows below it ("Median in Months" is a
    duration of response); a lone cell of another column (a cell over two lines) does not."""
    label = [c for c in chunk_document(_doc(corpus, "fda-augtyro-2023")) if c.kind == "table_row"]

    def row(start: str):
        return next(c for c in label if c.text.startswith(start))

    assert row("Median in Months").group == "Duration of Response (DOR)"
    assert row("Dizziness").group == "Nervous System Disorders"
    assert row("Decreased Hemoglobin").group == "Hematology"
    paper = chunk_document(_doc(corpus, "nutrients2018-frailty-protein"))
    exhaustion = next(c for c in paper if c.kind == "table_row" and c.text.startswith("Exhaustion"))
    assert exhaustion.group == "Frailty index"  # its footnote letter "c" left out


def test_lancet_rows_take_their_columns_from_the_header_and_its_arm_row(corpus):
    """Rows not read cell by cell get their columns when every value cell can be told apart:
    Table 1's arms, Table 2's arms within each population (the header's groups over its row
    of arm names); the row's label keeps no column name."""
    doc = _doc(corpus, "lancet2018-moxidectin")
    rows = {c.text: c for c in chunk_document(doc) if c.kind == "table_row"}
    males = rows["Males 626 (64%) 315 (64%)"]
    assert males.fields == (("", "Males"), ("Moxidectin", "626 (64%)"), ("Ivermectin", "315 (64%)"))
    grade_1 = rows["1 918 (94%) 430 (87%) 55 (100%) 20 (83%)"]
    assert grade_1.fields[0] == ("", "1")
    assert grade_1.fields[1:] == (
        ("All participants, Moxidectin", "918 (94%)"),
        ("All participants, Ivermectin", "430 (87%)"),
        ("Adolescents, Moxidectin", "55 (100%)"),
        ("Adolescents, Ivermectin", "20 (83%)"),
    )
    assert grade_1.display_text.startswith("1; All participants, Moxidectin: 918 (94%);")

"""Chunking: exact spans (property-tested), sentence rules, sections, references."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.index.chunking import chunk_document, embed_text
from assistant.ingest import RawLine, clean_lines
from assistant.text.references import reference_numbers
from assistant.text.sentences import sentence_spans

REVIEW = Path(__file__).resolve().parents[1] / "corpus" / "rapamycin-aging-review.txt"


def test_every_sentence_of_the_review_is_in_some_chunk(review_doc):
    chunks = chunk_document(review_doc)
    assert len(chunks) > 100
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    spans = [(c.start, c.end) for c in chunks]
    for sec in review_doc.sections:
        at = sec.start
        for para in review_doc.text[sec.start : sec.end].split("\n\n"):
            if para.strip() and para.strip() != sec.title.strip():  # not the heading itself
                for a, b in sentence_spans(para):
                    s, e = at + a, at + b
                    assert any(cs <= s and e <= ce for cs, ce in spans), para[a:b][:80]
            at += len(para) + 2


def test_chunks_never_span_two_sections(review_doc):
    for c in chunk_document(review_doc):
        sec = next(s for s in review_doc.sections if s.start <= c.start < s.end)
        assert c.end <= sec.end
        assert c.section == sec.title


def test_an_edit_keeps_the_ids_of_untouched_passages():
    """Ids depend on a passage's own text, not its offset: editing one line near the start
    changes only the ids of the passages holding it, though every later offset moves."""
    lines = REVIEW.read_text(encoding="utf-8").splitlines()
    edit = next(i for i, t in enumerate(lines) if i > 20 and len(t.split()) > 12)
    changed_lines = [*lines[:edit], lines[edit] + " Added words.", *lines[edit + 1 :]]

    def chunks(texts):
        doc = clean_lines([RawLine(t, i + 1) for i, t in enumerate(texts)], doc_id=REVIEW.name)
        return chunk_document(doc)

    before, after = chunks(lines), chunks(changed_lines)
    old_ids = {c.chunk_id for c in before}
    new_ids = {c.chunk_id for c in after}
    gone = old_ids - new_ids
    assert 1 <= len(gone) <= 3  # the edited passage and its overlapping neighbours
    assert all(
        c.location.line_start <= edit + 1 <= c.location.line_end
        for c in before
        if c.chunk_id in gone
    )
    assert after[-1].start != before[-1].start and after[-1].chunk_id == before[-1].chunk_id


def test_chunks_fit_the_model_window(review_doc, embedder):
    longest = max(chunk_document(review_doc), key=lambda c: len(embed_text(c)))
    assert embedder.token_count(embed_text(longest)) <= embedder.max_tokens


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Rapamycin (0.5 mg/day) was given, e.g., to older adults, i.e. people over 70. "
            "Martinez-Miguel et al. showed it in C. elegans vs. flies (Fig. 2). mTORC2 differs. "
            "Done!",
            [
                "Rapamycin (0.5 mg/day) was given, e.g., to older adults, i.e. people over 70.",
                "Martinez-Miguel et al. showed it in C. elegans vs. flies (Fig. 2).",
                "mTORC2 differs.",
                "Done!",
            ],
        ),
        # the Lancet trial's text as cleaned: its reference numbers follow the full stop
        (
            "Such reactions reflect host response (appendix).19 Grade 4 clinical Mazzotti "
            "reactions (OCRC criteria) were more frequent with moxidectin. Its half-life is 20–43 "
            "days,9–13 compared with ivermectin (<1 day).8 This study and the phase 2 study14 "
            "were single-dose studies. Severity was graded per CTCAE v4.03 Common Terminology "
            "Criteria.",
            [
                "Such reactions reflect host response (appendix).19",
                "Grade 4 clinical Mazzotti reactions (OCRC criteria) were more frequent with "
                "moxidectin.",
                "Its half-life is 20–43 days,9–13 compared with ivermectin (<1 day).8",
                "This study and the phase 2 study14 were single-dose studies.",
                "Severity was graded per CTCAE v4.03 Common Terminology Criteria.",
            ],
        ),
    ],
)
def test_sentence_rules(text, sentences):
    """Abbreviations, initials and decimals do not end a sentence; a full stop with superscript
    reference numbers run on to it does."""
    assert [text[s:e] for s, e in sentence_spans(text)] == sentences


def test_reference_numbers():
    assert reference_numbers("as shown [55] and [67–69], also [1, 2] and [9-10]") == (
        1,
        2,
        9,
        10,
        55,
        67,
        68,
        69,
    )
    assert reference_numbers("0.5 mg/day (Table II)") == ()


def test_review_chunk_refs(review_doc):
    chunks = chunk_document(review_doc)
    c = next(c for c in chunks if "GSK-3β to decrease apoptosis" in c.text)
    assert {67, 68, 69} <= set(c.refs)


_word = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFG0123456789-.,()[]", min_size=1, max_size=12
)
_line = st.lists(_word, min_size=0, max_size=14).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_line, min_size=1, max_size=40),
    st.integers(min_value=5, max_value=120),
    st.integers(min_value=0, max_value=2),
)
def test_property_chunk_text_is_the_cleaned_text_at_its_span(lines, max_words, overlap):
    doc = clean_lines([RawLine(t, i + 1) for i, t in enumerate(lines)], doc_id="x.txt")
    for c in chunk_document(doc, max_words=max_words, overlap=overlap):
        assert doc.text[c.start : c.end] == c.text
        assert c.text.strip() == c.text and c.text
        assert 1 <= c.location.line_start <= c.location.line_end <= len(lines)


_WORD = st.text(alphabet="abcXYZ019.,;+↑", min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(st.lists(_WORD, min_size=1, max_size=30), min_size=1, max_size=40),
    max_words=st.integers(min_value=4, max_value=90),
)
def test_a_table_kept_as_lines_is_cut_at_line_breaks(lines, max_words):
    """A table_text block (a table whose rows could not be recovered) becomes passages of at
    most ``max_words`` words, exact trimmed spans covering every word in order, cut at a line
    break whenever one falls in the second half of the window."""
    from assistant.records import Block, Document, Location, Section

    text = "\n".join(" ".join(words) for words in lines)
    block = Block("table_text", 0, len(text), "S", Location(1, len(lines)), context="Table 1.")
    doc = Document("t.pdf", "t.pdf", "", text, (block,), (Section("S", 0, len(text)),))
    chunks = chunk_document(doc, max_words=max_words)
    assert all(c.kind == "table_text" and c.context == "Table 1." for c in chunks)
    assert all(doc.text[c.start : c.end] == c.text == c.text.strip() for c in chunks)
    assert all(len(c.text.split()) <= max_words for c in chunks)
    assert [w for c in chunks for w in c.text.split()] == text.split()
    if all(len(words) <= max_words // 2 for words in lines):
        assert all(c.end == len(text) or text[c.end] == "\n" for c in chunks)


def test_a_long_figure_text_is_cut_into_even_passages_after_sentences():
    """A label's Highlights set as a panel (figure text of hundreds of words) would pass the
    embedder's window: it is cut into passages of about even size, after a sentence, with no
    scrap of a few words left at the end."""
    from assistant.records import Block, Document, Location, Section

    sentence = "Take one capsule by mouth twice daily with food for fourteen days."  # 12 words
    text = " ".join([sentence] * 16)  # 192 words, no line breaks
    block = Block("figure_text", 0, len(text), "S", Location(1, 1))
    doc = Document("t.pdf", "t.pdf", "", text, (block,), (Section("S", 0, len(text)),))
    chunks = chunk_document(doc, max_words=90)
    sizes = [len(c.text.split()) for c in chunks]
    assert len(chunks) == 3 and max(sizes) - min(sizes) <= 12 and sum(sizes) == 192
    assert all(c.text.endswith("days.") and c.text.startswith("Take") for c in chunks)
    assert all(doc.text[c.start : c.end] == c.text for c in chunks)
    short = Block("figure_text", 0, len(sentence), "S", Location(1, 1))
    doc = Document("s.pdf", "s.pdf", "", sentence, (short,), (Section("S", 0, len(sentence)),))
    assert [c.text for c in chunk_document(doc, max_words=90)] == [sentence]


def test_long_text_is_not_cut_after_an_abbreviation_or_before_its_reference():
    from assistant.index.chunking import _pieces

    text = " ".join(["Chua, et al. (2010) WBRT plus TMZ in 47 patients."] * 6)  # 60 words
    cuts = [text[s:e] for s, e in _pieces(text, 0, len(text), 30)]
    assert len(cuts) > 1 and all(c.endswith("patients.") for c in cuts)
    label = " ".join(["Withhold the dose upon improvement. (5.4) Monitor liver tests."] * 6)
    cuts = [label[s:e] for s, e in _pieces(label, 0, len(label), 30)]
    assert all(not c.startswith("(5.4)") for c in cuts)


def test_a_panel_is_cut_at_its_ruled_headings_and_its_contents_list_is_not_indexed():
    """A label's Highlights box (figure text) is cut first at its headings set between rules,
    and each piece carries its heading; the table of contents after it is never a passage."""
    from assistant.records import Block, Document, Location, Section

    sentence = "Take one capsule by mouth twice daily with food for fourteen days."  # 12 words
    dose = "-----DOSAGE AND ADMINISTRATION----- " + " ".join([sentence] * 5)
    warn = " -----WARNINGS AND PRECAUTIONS----- " + " ".join([sentence] * 4)
    toc = " FULL PRESCRIBING INFORMATION: CONTENTS* 1 INDICATIONS AND USAGE 2 DOSAGE"
    text = dose + warn + toc
    block = Block("figure_text", 0, len(text), "S", Location(1, 1))
    doc = Document("t.pdf", "t.pdf", "", text, (block,), (Section("S", 0, len(text)),))
    chunks = chunk_document(doc, max_words=90)
    assert [c.context for c in chunks] == ["Dosage and administration", "Warnings and precautions"]
    assert chunks[0].text.endswith("days.") and chunks[1].text.startswith("-----WARNINGS")
    assert all("CONTENTS" not in c.text for c in chunks)
    assert embed_text(chunks[1]).startswith("S: Warnings and precautions -----WARNINGS")
    # a table of contents set as a paragraph of its own is not a passage either
    para = Block("paragraph", 0, len(toc) - 1, "S", Location(1, 1))
    doc = Document("c.pdf", "c.pdf", "", toc[1:], (para,), (Section("S", 0, len(toc) - 1),))
    assert chunk_document(doc) == []


def test_contents_in_running_text_is_no_table_of_contents():
    """Only a numbered list after "TABLE OF CONTENTS" (or a label's "CONTENTS*") is dropped;
    "GASTRIC CONTENTS" in a panel's warning is text like any other."""
    from assistant.records import Block, Document, Location, Section

    sentence = "Take one capsule by mouth twice daily with food for fourteen days."
    text = (
        "-----WARNINGS AND PRECAUTIONS----- Aspiration of GASTRIC CONTENTS may occur. "
        + " ".join([sentence] * 9)
    )
    block = Block("figure_text", 0, len(text), "S", Location(1, 1))
    doc = Document("t.pdf", "t.pdf", "", text, (block,), (Section("S", 0, len(text)),))
    assert " ".join(c.text for c in chunk_document(doc, max_words=60)) == text


@pytest.mark.parametrize(
    ("kind", "text", "indexed"),
    [
        ("caption", "Table 1. Cont.", False),  # repeated on every page of a long table
        ("caption", "Table 3 (continued)", False),
        ("figure_text", "Data", False),  # a word or two of figure text
        ("figure_text", "See Online", False),
        ("figure_text", "0 20 40", True),  # a number says something (an axis, a count)
        ("figure_text", "WARNING: LACTIC ACIDOSIS", True),
        ("caption", "Table 2. Adverse reactions", True),
        ("paragraph", "None.", True),  # prose is never dropped for being short
    ],
)
def test_scraps_of_figure_text_and_continued_captions_are_not_passages(kind, text, indexed):
    from assistant.records import Block, Document, Location, Section

    block = Block(kind, 0, len(text), "S", Location(1, 1))
    doc = Document("t.pdf", "t.pdf", "", text, (block,), (Section("S", 0, len(text)),))
    assert bool(chunk_document(doc)) is indexed

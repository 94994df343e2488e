"""Cleaning of the real review: hyphenation, headings, captions, Table II, line map."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.ingest import RawLine, clean_lines

HEADINGS = [
    "Introduction",
    "The impact of mTOR on cell longevity and growth",
    "mTORC1",
    "mTORC2",
    "Rapamycin and longevity",
    "The impact of rapamycin on protein expression",
    "The impact of rapamycin on autophagy",
    "The impact of rapamycin on mitochondrial function",
    "The impact of rapamycin on inflammation and immune function",
    "The impact of rapamycin on stem cells",
    "Major challenges facing the use of rapamycin in anti-aging therapies",
    "Rapamycin in clinical trials: optimal doses and safety concerns",
    "Conclusions",
]


def test_headings_found_including_wrapped_ones(review_doc):
    titles = [s.title for s in review_doc.sections]
    for h in HEADINGS:
        assert h in titles
    # Nothing else is mistaken for a heading (figure labels, table cells).
    assert set(titles) <= set(HEADINGS) | {"Abstract"}


def test_hyphenated_line_breaks_are_joined_and_real_hyphens_kept(review_doc):
    text = review_doc.text
    assert "phosphoinositide 3-kinase (PI3K)-related kinase family" in text
    assert "phos-phoinositide" not in text and "phos- phoinositide" not in text
    for real in (
        "mTORC1-activated p70 S6 kinase 1",
        "IL-1",
        "S6K1-mediated",
        "hard-to-treat",
        "dose- and time-dependent",
        "UMHET3 mice",
        "a general decline in mRNA translation",
    ):
        assert real in text, real
    # No word is left split as "frag- ment" by a line break ("dose- and time-" is real).
    leftovers = re.findall(r"\b[a-z]{2,}- (?!and\b|or\b)[a-z]{2,}\b", text)
    assert leftovers == [], leftovers


def test_page_breaks_and_stray_fragments(review_doc):
    text = review_doc.text
    assert "Induction of mTOR following stresses or growth signals regulates" in text
    assert "m6A-containing mRNA" in text and " Sy " not in text
    assert "causes loss of CD4+ T-cells" in text


def test_captions_are_taken_out_of_sentences(review_doc):
    text = review_doc.text
    assert "Small GTPases (e.g., Rap1 and Ras)" in text
    assert "the long-term safety and efficacy of low-dose rapamycin" in text
    assert "physical performance, or self-perceived health alterations" in text
    captions = [text[b.start : b.end] for b in review_doc.blocks if b.kind == "caption"]
    assert any(c.startswith("Figure 1. Upstream regulators") for c in captions)
    assert any(c.startswith("Table II. Clinical trials") for c in captions)
    for b in review_doc.blocks:
        if b.kind == "paragraph":
            assert "Figure 2. Upstream" not in text[b.start : b.end]


def test_table_rows_are_intact_units_with_their_columns(review_doc, review_trials):
    rows = [b for b in review_doc.blocks if b.kind == "table_row"]
    assert len(rows) == 7
    fields = [dict(b.fields) for b in rows]
    assert tuple(f["Trial number"] for f in fields) == review_trials
    breast = fields[3]
    assert breast["Rapamycin dose"] == "2 mg/day for 5–7 days"
    assert breast["Subjects"] == "Adults and older adults with breast cancer"
    assert breast["Assessment"] == "Malignant markers and aged mammary stem/progenitor cell number"
    assert fields[4]["Rapamycin dose"] == "Topical (8%, daily)" and fields[4]["Phase"] == "I"
    assert all(b.context.startswith("Table II.") for b in rows)


def test_figure_labels_are_their_own_block(review_doc):
    figs = [review_doc.text[b.start : b.end] for b in review_doc.blocks if b.kind == "figure_text"]
    assert len(figs) == 1
    assert figs[0].startswith("Rapamycin\nProtein synthesis")


def test_line_map_points_back_to_source(review_doc):
    raw = Path(review_doc.path).read_text(encoding="utf-8").splitlines()
    i = review_doc.text.index("cellular arginine sensor for mTORC1 (CASTOR1)")
    loc = review_doc.location(i, i + 10)
    assert "arginine sensor" in raw[loc.line_start - 1]
    heading = next(
        b
        for b in review_doc.blocks
        if b.kind == "heading" and review_doc.text[b.start : b.end].startswith("Major challenges")
    )
    assert raw[heading.location.line_start - 1].strip().startswith("Major challenges")


def test_abbreviations_are_harvested(review_doc):
    pairs = dict(review_doc.abbreviations)
    assert pairs["REDD1"] == "regulated in development and DNA damage responses 1"
    assert pairs["AMPK"] == "AMP-activated protein kinase"
    assert pairs["CASTOR1"] == "cellular arginine sensor for mTORC1"


def test_reference_list_is_not_content():
    lines = [
        "Results",
        "",
        "Rapamycin extended lifespan in mice by a wide margin in every cohort "
        "that was studied over the years of the programme [1].",
        "",
        "References",
        "",
        "1. Harrison DE, et al. Rapamycin fed late in life. Nature 2009.",
    ]
    doc = clean_lines([RawLine(t, i + 1) for i, t in enumerate(lines)], doc_id="paper.txt")
    assert "Harrison" not in doc.text
    assert "Rapamycin extended lifespan" in doc.text


def test_markdown_headings():
    lines = ["# Title", "", "Some text about mTOR that goes on.", "", "## Methods", "", "We did."]
    doc = clean_lines(
        [RawLine(t, i + 1) for i, t in enumerate(lines)], doc_id="n.md", markdown=True
    )
    assert [s.title for s in doc.sections] == ["Title", "Methods"]


def test_form_feeds_do_not_shift_line_numbers(tmp_path):
    from assistant.ingest import load_document

    p = tmp_path / "ff.txt"
    p.write_text("Intro\n\nFirst page text ends here.\n\fSecond page starts here and goes on.\n")
    doc = load_document(p, tmp_path)
    i = doc.text.index("Second page")
    assert doc.location(i, i + 5).line_start == 4  # as an editor numbers it
    assert "\f" not in doc.text


def test_a_span_across_a_pdf_page_break_names_both_pages():
    lines = [
        RawLine("Results", 1, 1),
        RawLine("", 2, 1),
        RawLine("Mice given rapamycin lived longer than the controls and", 3, 1),
        RawLine("", 0, 1),
        RawLine("kept their weight through old age in every cohort studied.", 1, 2),
    ]
    doc = clean_lines(lines, doc_id="p.pdf", pdf=True)
    start = doc.text.index("Mice")
    loc = doc.location(start, doc.text.index("studied.") + 8)
    assert (loc.page, loc.page_end, loc.line_start, loc.line_end) == (1, 2, 3, 1)
    assert loc.describe() == "p. 1 line 3 to p. 2 line 1"

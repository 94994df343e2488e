"""Tables whose caption is not above them get it; grouped rows get their group; rows that only
say the table continues are dropped. The rows are as the Lancet trial and the MDPI review print
them (tests/test_cleaning_corpora.py checks the same on the PDFs themselves)."""

from __future__ import annotations

from assistant.ingest.captions import caption_tables
from assistant.ingest.text import _Para
from assistant.records import GROUP_MARK, Chunk, Location

CAPTION_1 = "Table 1: Demographics and pretreatment characteristics of all participants treated"
CAPTION_2 = (
    "Table 2: Participants with adverse events during the first 6 months after treatment by "
    "adverse event category and severity (grade)"
)


def _p(kind: str, text: str, context: str = "") -> _Para:
    return _Para(kind, [(text, 1, 1)], context=context)  # type: ignore[arg-type]


def _rows(context: str, *texts: str) -> list[_Para]:
    return [_p("table_row", t, context) for t in texts]


def _by_text(paras: list[_Para]) -> dict[str, str]:
    return {p.text: p.context for p in paras if p.kind == "table_row"}


def test_a_caption_below_the_table_names_its_rows():
    paras = [
        _p("heading", "Outcomes"),
        *_rows(
            "Moxidectin | Ivermectin",
            "Moxidectin Ivermectin",
            "Total participants 978 494",
            "Sex*",
            "Males 626 (64%) 315 (64%)",
            "Females 352 (36%) 179 (36%)",
            "Participants with <20 microfilariae per mg of skin* 281 (29%) 150 (30%)",
        ),
        _p(
            "figure_text",
            f"Data are arithmetic mean (SD) or n (%). *Stratification variable. {CAPTION_1}",
        ),
    ]
    ctx = _by_text(caption_tables(paras))
    base = f"{CAPTION_1} | Moxidectin | Ivermectin"
    assert ctx["Total participants 978 494"] == base
    assert ctx["Males 626 (64%) 315 (64%)"] == base + GROUP_MARK + "Sex"
    assert ctx["Females 352 (36%) 179 (36%)"] == base + GROUP_MARK + "Sex"
    # a row with a label of its own ends the group
    assert ctx["Participants with <20 microfilariae per mg of skin* 281 (29%) 150 (30%)"] == base
    # the column names are not a group
    assert ctx["Moxidectin Ivermectin"] == base


def test_a_table_split_over_columns_takes_its_caption_and_loses_the_continuation_rows():
    header = "All participants | Adolescents"
    paras = [
        *_rows(
            header,
            "All participants Adolescents",
            "(12–17 years)",
            "Moxidectin Ivermectin Moxidectin Ivermectin",
            "(Continued from previous column)",
            "Mazzotti reactions",
            "Any grade 967 (99%) 478 (97%) 55 (100%) 22 (92%)",
            "1 918 (94%) 430 (87%) 55 (100%) 20 (83%)",
            "Ocular Mazzotti reactions",
            "2 15 (2%) 7 (1%) 0 0",
        ),
        _p("figure_text", f"Data are n (%). †p=0·010. {CAPTION_2}"),
        _p("paragraph", "Month 12 SmfD was lower in the moxidectin group."),
        *_rows(
            header,
            "Number of participants 978 494 55 24",
            "Serious adverse events",
            "Any grade 39 (4%) 17 (3%) 0 0",
            "(Table 2 continues in next column)",
        ),
        _p("paragraph", "Ocular Mazzotti reactions exceeding grade 1 occurred in 1% or fewer."),
    ]
    out = caption_tables(paras)
    ctx = _by_text(out)
    base = f"{CAPTION_2} | {header}"
    assert "(Continued from previous column)" not in ctx
    assert "(Table 2 continues in next column)" not in ctx
    assert ctx["(12–17 years)"] == base
    assert ctx["Moxidectin Ivermectin Moxidectin Ivermectin"] == base
    assert (
        ctx["1 918 (94%) 430 (87%) 55 (100%) 20 (83%)"] == base + GROUP_MARK + "Mazzotti reactions"
    )
    assert ctx["2 15 (2%) 7 (1%) 0 0"] == base + GROUP_MARK + "Ocular Mazzotti reactions"
    # the part before the continuation mark, far from the caption, is Table 2 as well
    assert ctx["Any grade 39 (4%) 17 (3%) 0 0"] == base + GROUP_MARK + "Serious adverse events"
    assert ctx["Number of participants 978 494 55 24"] == base
    assert len(out) == len(paras) - 2


def test_cont_captions_become_the_tables_caption_and_a_captioned_table_is_left_alone():
    caption = (
        "Table 3. Summary of overall effects and subgroup analysis results for frailty indices."
    )
    paras = [
        _p("caption", caption),
        *_rows(caption, "Global Frailty Score 0.62 (0.21, 1.03) 0.003"),
        _p("caption", "Table 3. Cont."),
        *_rows("Table 3. Cont.", "Exercise type RET 0 4 (M) 0.44 (0.03, 0.84)"),
    ]
    ctx = _by_text(caption_tables(paras))
    assert ctx["Global Frailty Score 0.62 (0.21, 1.03) 0.003"] == caption
    assert ctx["Exercise type RET 0 4 (M) 0.44 (0.03, 0.84)"] == caption


def test_a_row_without_a_known_table_keeps_its_context():
    paras = [*_rows("Dose | Schedule", "8 mg once 12 3"), _p("paragraph", "No caption here.")]
    assert _by_text(caption_tables(paras)) == {"8 mg once 12 3": "Dose | Schedule"}


def test_a_chunk_splits_its_table_from_its_group():
    context = f"{CAPTION_2} | All participants | Adolescents{GROUP_MARK}Mazzotti reactions"
    text = "1 918 (94%) 430 (87%) 55 (100%) 20 (83%)"
    row = Chunk(
        "d:1", "d", 0, "Results", "table_row", text, 0, len(text), Location(1, 1), context=context
    )
    assert row.table == f"{CAPTION_2} | All participants | Adolescents"
    assert row.group == "Mazzotti reactions"
    plain = Chunk(
        "d:2", "d", 1, "Results", "table_row", text, 0, len(text), Location(1, 1), context="T"
    )
    assert (plain.table, plain.group) == ("T", "")


def test_the_header_of_a_table_read_cell_by_cell_heads_no_group():
    caption = "Table 1: Recommended dosage modifications"
    header = _p("table_row", "Adverse reaction Severity Dosage modification", caption)
    row = _p("table_row", "Myalgia Grade 3 Withhold for 3 days", caption)
    row.fields = (("Adverse reaction", "Myalgia"), ("Severity", "Grade 3"))
    out = caption_tables([header, row])
    assert [p.context for p in out] == [caption, caption]


def test_a_row_that_starts_with_continued_but_has_values_is_kept():
    rows = _rows("Dose | Arm A | Arm B", "Continued study drug 120 118", "Stopped 3 5")
    assert [p.text for p in caption_tables(rows)] == ["Continued study drug 120 118", "Stopped 3 5"]


def test_no_caption_from_prose_or_from_the_next_tables_title():
    paras = [
        _p("paragraph", "Results are given below. Table 2. Data were analysed by ITT."),
        *_rows("A | B", "Nausea 12 (10%) 3 (3%)"),
        _p("caption", "Table 3: Laboratory abnormalities"),
        *_rows("Table 3: Laboratory abnormalities", "ALT increased 20 (15%) 5 (4%)"),
    ]
    ctx = _by_text(caption_tables(paras))
    assert ctx["Nausea 12 (10%) 3 (3%)"] == "A | B"


def _fields(paras: list[_Para]) -> dict[str, tuple[tuple[str, str], ...]]:
    return {p.text: p.fields for p in paras if p.kind == "table_row"}


def test_rows_get_columns_only_when_every_value_cell_can_be_told_apart():
    header = "Table 3: Events | Drug | Placebo"  # a caption leading the header names no column
    rows = caption_tables(_rows(header, "Drug Placebo", "Nausea 12 (5%) 3 (1%)", "Rash 4 1"))
    assert _fields(rows)["Nausea 12 (5%) 3 (1%)"] == (
        ("", "Nausea"),
        ("Drug", "12 (5%)"),
        ("Placebo", "3 (1%)"),
    )
    assert _fields(rows)["Drug Placebo"] == ()  # the header row stays a label
    # rows whose cells do not match the columns (three values under two names): left alone
    odd = caption_tables(_rows(header, "Nausea 12 5 3", "Rash 4 1 0 2", "Fever 1 2 3 4"))
    assert all(f == () for f in _fields(odd).values())


def test_a_capitalised_group_label_among_the_values_does_not_rename_the_columns():
    header = "Drug | Placebo"
    rows = caption_tables(
        _rows(header, "Nausea 12 (5%) 3 (1%)", "Serious Adverse Event Rates", "Rash 4 1")
    )
    assert _fields(rows)["Rash 4 1"] == (("", "Rash"), ("Drug", "4"), ("Placebo", "1"))


def test_footnote_letters_set_without_raising_are_bracketed_like_the_others():
    # the Augtyro label's Table 5: most marks were raised (and bracketed), "b", "c", "h" not
    header = "Adverse Reaction | All Grades (%) | Grade 3 or 4 (%)"
    paras = [
        _p("paragraph", "Dysgeusia was reported. Cough and peripheral neuropathy occurred."),
        *_rows(
            header,
            "Dizziness[a] 63 1.9",
            "Dysgeusiab 48 0",
            "Peripheral neuropathyc 47 1.9",
            "Ataxia[d] 28 0.4",
            "Dyspnea[g] 30 7",
            "Coughh 14 0",
            "Fatigue[i] 24 1.1",
            "Edemaj 12 0.8",  # "j" is past the last bracketed letter: no evidence it is a mark
            "Rashes 10 0",  # "s" is no missing letter
        ),
    ]
    texts = [p.text for p in caption_tables(paras) if p.kind == "table_row"]
    assert "Dysgeusia[b] 48 0" in texts
    assert "Peripheral neuropathy[c] 47 1.9" in texts
    assert "Cough[h] 14 0" in texts
    assert "Edemaj 12 0.8" in texts and "Rashes 10 0" in texts


def test_no_footnote_letter_is_cut_from_a_table_without_bracketed_marks():
    paras = [
        _p("paragraph", "Dysgeusia was reported."),
        *_rows("Adverse Reaction | All Grades (%)", "Dysgeusiab 48", "Ataxia 28"),
    ]
    texts = [p.text for p in caption_tables(paras) if p.kind == "table_row"]
    assert texts == ["Dysgeusiab 48", "Ataxia 28"]

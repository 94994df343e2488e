"""Doses and adverse effects on documents other than the review (issue 10, part 4).

The gold tests read the shared real documents (../shared/corpora, present in CI) and skip with a
reason when they are absent; the parser tests use rows copied from those documents. No model is
loaded: documents are cleaned and chunked exactly as the index does.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.domain.drugs import aliases, brands, document_drugs
from assistant.domain.labels import modifications, reductions
from assistant.domain.rates import sentence_rates
from assistant.domain.regimens import extract_regimens
from assistant.domain.tables import Row, clean_label, flat_rows, split_row, table_effects
from assistant.records import Chunk, Location

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(ROOT / "eval"))

#: Measured with eval/records_score.py (eval/reports/records.json) minus a small margin.
FLOORS = {
    "lancet2018-moxidectin": {"adverse_effects": (0.96, 0.92), "regimens": (0.95, 0.85)},
    "fda-augtyro-2023": {"adverse_effects": (0.98, 0.97), "regimens": (0.93, 0.95)},
}


def _chunk(text: str, start: int = 0, kind: str = "table_row", context: str = "") -> Chunk:
    return Chunk(
        chunk_id=f"t:{start}",
        doc_id="t",
        ordinal=start,
        section="Results",
        kind=kind,  # type: ignore[arg-type]
        text=text,
        start=start,
        end=start + len(text),
        location=Location(1, 1, page=7),
        context=context,
    )


# ------------------------------------------------------------------------------------------------
# table rows (copied from the Lancet trial's Table 2 and the FDA label's Tables 3 and 4)


def test_split_row_reads_counts_percentages_and_footnote_marks():
    assert split_row("Any grade 967 (99%) 478 (97%) 55 (100%) 22 (92%)") == (
        "Any grade",
        ["967 (99%)", "478 (97%)", "55 (100%)", "22 (92%)"],
    )
    assert split_row("4 90 (9%)† 25 (5%)† 7 (13%) 2 (8%)")[1][0] == "4"
    assert split_row("Dizzinessa 63 1.9") == ("Dizzinessa", ["63", "1.9"])
    assert split_row("3 3 (<1%) 2 (<1%) 0 0")[1] == ["3", "3 (<1%)", "2 (<1%)", "0", "0"]


def test_words_that_end_in_a_number_are_not_cells():
    assert split_row("All Grades Grade 3 or 4") == ("All Grades Grade 3 or 4", [])
    assert split_row("Grade 3 events that resolve within 4")[1] == []


def test_footnote_letters_go_when_the_document_spells_the_word_without_them():
    vocabulary = "includes terms dizziness, vertigo; includes terms headache, migraine"
    assert clean_label("Dizzinessa", vocabulary) == "Dizziness"
    assert clean_label("Headachef", vocabulary) == "Headache"
    assert clean_label("Dysgeusia c", vocabulary) == "Dysgeusia"
    assert (
        clean_label("Laboratory Mazzotti reactions*", vocabulary) == "Laboratory Mazzotti reactions"
    )
    assert clean_label("Nausea", vocabulary) == "Nausea"  # no shorter word in the document
    # marks the cleaning bracketed go whatever the document spells
    assert clean_label("Dysgeusia[b]", vocabulary) == "Dysgeusia"
    assert clean_label("Rash[b,c]", vocabulary) == "Rash"


def test_everyday_wordings_find_the_clinical_effect():
    from assistant.domain.filters import filter_effects
    from assistant.records import AdverseEffect

    def effect(name: str) -> AdverseEffect:
        return AdverseEffect(
            effect=name,
            canonical=name.lower(),
            regimen="",
            population="",
            frequency="10%",
            chunk_id="x",
            section="s",
            lines=(1, 1),
            sentence=name,
        )

    effects = [effect("Dysgeusia"), effect("Dyspnea"), effect("Nausea")]
    assert [e.effect for e in filter_effects(effects, "taste")] == ["Dysgeusia"]
    assert [e.effect for e in filter_effects(effects, "shortness of breath")] == ["Dyspnea"]
    assert filter_effects(effects, "hair loss") == []


def test_rows_run_together_are_split_and_group_headings_dropped():
    text = (
        "Peripheral neuropathy 47 1.9 Ataxiad 28 0.4 Gastrointestinal Disorders Constipation 36 0 "
        "Nausea 19 0.4 attention deficit hyperactivity disorder, delirium, aphasia"
    )
    rows = flat_rows(_chunk(text, kind="paragraph"))
    assert [(r.label, r.cells) for r in rows] == [
        ("Peripheral neuropathy", ["47", "1.9"]),
        ("Ataxiad", ["28", "0.4"]),
        ("Constipation", ["36", "0"]),
        ("Nausea", ["19", "0.4"]),
    ]
    prose = "Dizziness, including vertigo, occurred in 64% of the 351 patients; Grade 3 dizziness"
    assert flat_rows(_chunk(prose, kind="paragraph")) == []


#: The two trial arms of the Lancet table, as ``table_effects`` takes them.
MOXIDECTIN_ARMS = {"moxidectin": "moxidectin", "ivermectin": "ivermectin"}


def _table_effects(texts: list[str], drugs: dict[str, str], vocabulary: str = ""):
    """The adverse effects ``table_effects`` reads from the rows ``texts`` (one chunk each)."""
    rows = []
    for i, t in enumerate(texts):
        label, cells = split_row(t)
        rows.append(Row(_chunk(t, i * 100), label, cells))
    return table_effects(rows, drugs, vocabulary)


def test_a_comparative_table_gives_arm_population_and_grade_per_cell():
    found = _table_effects(
        [
            "All participants Adolescents",
            "Moxidectin Ivermectin Moxidectin Ivermectin",
            "Serious adverse events",
            "Any grade 39 (4%) 17 (3%) 0 0",
            "1 1 (<1%) 0 0 0",
        ],
        MOXIDECTIN_ARMS,
    )
    assert [(e.effect, e.arm, e.population, e.grade, e.frequency) for e in found[:4]] == [
        ("Serious adverse events", "moxidectin", "all participants", "any", "39 (4%)"),
        ("Serious adverse events", "ivermectin", "all participants", "any", "17 (3%)"),
        ("Serious adverse events", "moxidectin", "adolescents", "any", "0"),
        ("Serious adverse events", "ivermectin", "adolescents", "any", "0"),
    ]
    assert {e.grade for e in found[4:]} == {"1"} and found[4].frequency == "1 (<1%)"


def test_a_single_arm_table_reads_grade_columns_and_percent_header():
    found = _table_effects(
        [
            "AUGTYRO",
            "N=264",
            "Adverse Reaction1",
            "All Grades Grade 3 or 4",
            "(%) (%)",
            "Nervous System Disorders",
            "Dizzinessa 63 1.9",
        ],
        {"augtyro": "repotrectinib", "repotrectinib": "repotrectinib"},
        "includes terms dizziness",
    )
    assert [(e.effect, e.grade, e.frequency, e.drug) for e in found] == [
        ("Dizziness", "any", "63%", "repotrectinib"),
        ("Dizziness", "3-4", "1.9%", "repotrectinib"),
    ]


def test_a_count_row_is_skipped_but_an_effect_that_begins_like_one_is_kept():
    found = _table_effects(
        ["Adverse Reaction", "All Grades Grade 3 or 4", "N 264 264", "Nausea 19 0.4"],
        {"augtyro": "repotrectinib"},
    )
    assert [(e.effect, e.grade, e.frequency) for e in found] == [
        ("Nausea", "any", "19"),
        ("Nausea", "3-4", "0.4"),
    ]


def test_a_table_that_is_not_about_harms_gives_nothing():
    rows = ["Moxidectin Ivermectin", "Total participants 978 494", "Males 626 (64%) 315 (64%)"]
    assert _table_effects(rows, MOXIDECTIN_ARMS) == []


# ------------------------------------------------------------------------------------------------
# drug names


def test_drugs_come_from_the_document():
    text = "moxidectin versus ivermectin. " * 5 + "itraconazole once."
    assert document_drugs(text) == ["moxidectin", "ivermectin"]
    label = "AUGTYROTM (repotrectinib) capsules. AUGTYRO is ... repotrectinib " * 3
    assert brands(label) == {"augtyro": "repotrectinib"}
    assert aliases(document_drugs(label), label)["augtyro"] == "repotrectinib"
    assert aliases(["rapamycin"])["sirolimus"] == "rapamycin"


# ------------------------------------------------------------------------------------------------
# prose rates (assistant.domain.rates)


def _rates(text: str, arms: tuple[str, ...] = (), harm: bool = False) -> set[tuple[str, ...]]:
    return {(r.effect, r.rate, r.grade, r.arm) for r in sentence_rates(text, arms, harm)}


def test_a_list_of_rates_takes_its_grade_from_the_words_before_it_and_skips_thresholds():
    got = _rates(
        "The most common (>=5%) Grade 3 or 4 adverse reactions were rash (12%) and anemia (6%)."
    )
    assert got == {("rash", "12%", "3-4", ""), ("anemia", "6%", "3-4", "")}
    got = _rates("Serious adverse reactions included sepsis (4.1%), and fever (2%).")
    assert ("sepsis", "4.1%", "serious", "") in got


def test_occurred_in_with_grade_and_a_clause_that_refers_back():
    got = _rates(
        "Rash, including dermatitis, occurred in 31% of the 200 patients; "
        "Grade 3 rash occurred in 2%."
    )
    assert got == {("Rash", "31%", "", ""), ("rash", "2%", "3", "")}
    got = _rates("Among 200 patients, nausea occurred in 15% of patients, with Grade 3 in 0.5%.")
    assert got == {("nausea", "15%", "", ""), ("nausea", "0.5%", "3", "")}


def test_actions_are_rates_only_when_due_to_adverse_reactions():
    assert _rates("Dose interruption was required in 9% of patients due to rash.") == set()
    got = _rates("Dose reductions due to an adverse reaction occurred in 20% of patients.")
    assert got == {("adverse reactions leading to dose reductions", "20%", "", "")}


def test_per_arm_brackets_of_a_comparative_trial():
    got = _rates(
        "The most frequent reactions were headache (drugA 30 [6%] of 500, drugB 10 [4%] of 250).",
        ("druga", "drugb"),
    )
    assert got == {("headache", "6% (30)", "", "druga"), ("headache", "4% (10)", "", "drugb")}


def test_baseline_sentences_are_not_rates():
    assert _rates("At baseline, adverse reactions... female (60%), Asian (40%).") == set()


# ------------------------------------------------------------------------------------------------
# label tables read cell by cell (rows of the FDA label's Tables 1 and 2, with their fields)

AUGTYRO = {"t": {"augtyro": "repotrectinib", "repotrectinib": "repotrectinib"}}


def _row(cells: list[tuple[str, str]], start: int, context: str, text: str = "") -> Chunk:
    """A table row read cell by cell: its text is its cells, its fields name them."""
    row = _chunk(text or " ".join(v for _, v in cells), start, context=context)
    return replace(row, fields=tuple(cells))


def test_reductions_take_the_columns_that_name_a_reduction_not_the_starting_dose():
    caption = "Table 1: Recommended Dose Reductions for AUGTYRO Adverse Reactions"
    rows = [
        _row([], 0, caption, caption),
        _row([], 100, caption, "Dose Dose Reduction First Dose Reduction Second"),
        _row(
            [
                ("Dose", "160 mg Once Daily"),
                ("Dose Reduction First", "120 mg Once Daily"),
                ("Dose Reduction Second", "80 mg Once Daily"),
            ],
            200,
            caption,
        ),
    ]
    found = reductions(rows, AUGTYRO)
    assert [(r.dose, r.schedule, r.kind, r.drug) for r in found] == [
        ("120 mg", "once daily", "reduction", "repotrectinib"),
        ("80 mg", "once daily", "reduction", "repotrectinib"),
    ]


def test_reductions_by_row_label_when_no_column_names_one():
    caption = "Table 1: Dose Reductions"
    rows = [
        _row([("Dose Level", "Starting dose"), ("Dose", "160 mg twice daily")], 0, caption),
        _row([("Dose Level", "First dose reduction"), ("Dose", "120 mg twice daily")], 1, caption),
    ]
    assert [(r.dose, r.schedule) for r in reductions(rows, AUGTYRO)] == [("120 mg", "twice daily")]


def test_a_modification_table_read_by_cells_gives_one_record_per_severity_cell():
    title = "Table 2: Recommended Dosage Modifications for AUGTYRO Adverse Reactions"
    see = " [see Warnings and Precautions (5.1)]"
    rows = [
        _row([], 0, title, title),
        _row([], 100, title, "Adverse Reaction Severity* Dosage Modification"),
        _row(
            [
                ("Adverse Reaction", "Central Nervous System Effects" + see),
                ("Severity*", "Intolerable Grade 2"),
                ("Dosage Modification", "\uf0b7 Withhold AUGTYRO. \uf0b7 Resume at same dose."),
            ],
            200,
            title,
        ),
        _row(
            [("Severity*", "Grade 3"), ("Dosage Modification", "\uf0b7 Resume at reduced dose.")],
            300,
            title,
        ),
        _row(
            [
                ("Adverse Reaction", "Other Clinically Relevant Adverse Reactions"),
                ("Severity*", "Intolerable Grade 2 or Grade 3 or Grade 4"),
                ("Dosage Modification", "\uf0b7 Resume at the same or reduced dose."),
            ],
            400,
            title,
        ),
    ]
    found = modifications(rows, AUGTYRO)
    assert [(r.subject, r.dose, r.kind, r.drug) for r in found] == [
        ("Central Nervous System Effects (Intolerable Grade 2)", "same dose", "modification",
         "repotrectinib"),
        ("Central Nervous System Effects (Grade 3)", "reduced dose", "modification",
         "repotrectinib"),
        ("Other Clinically Relevant Adverse Reactions (Intolerable Grade 2 or Grade 3 or Grade 4)",
         "same or reduced dose", "modification", "repotrectinib"),
    ]  # fmt: skip


# ------------------------------------------------------------------------------------------------
# gold (real documents)

needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(), reason=f"the shared corpora are not at {CORPORA}"
)


@pytest.fixture(scope="module")
def scores():
    import records_score

    return {name: records_score.score(name, CORPORA) for name in FLOORS}


@needs_corpora
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_records_reach_their_floors_against_the_hand_written_gold(scores, name):
    result = scores[name]
    for part, (precision, recall) in FLOORS[name].items():
        got = result[part]
        assert got["precision"] >= precision, (part, got["precision"], got["extra"][:5])
        assert got["recall"] >= recall, (part, got["recall"], got["missed"][:5])


@needs_corpora
def test_the_label_gives_its_dose_levels_and_reductions(scores):
    missed = scores["fda-augtyro-2023"]["regimens"]["missed"]
    assert not [g for g in missed if g.get("kind") in ("recommended", "reduction")]


def test_a_table_kept_as_lines_gives_one_regimen_per_dose_line():
    # lines of the nutrients paper's Table 1, which is one table_text block (wrapped cells)
    text = (
        "Corcoran America EG: PS + ET 82.3± 7.6 56/11 67 RCT 28.2± 4.3 Frail\n"
        "facility NA MET 3 day/week× 24 weeks Milk protein 20.0 g /session Baseline\n"
        "weeks SPPB8; GS8\n"
        "older NA MET 2 day/week× 17 weeks Proteins 20.0 g/day Baseline WBM8"
    )
    chunk = _chunk(text, kind="table_text", context="Table 1. Summary of study characteristics")
    regimens = extract_regimens([chunk])
    assert [(r.dose, r.sentence) for r in regimens] == [
        ("20.0 g", text.splitlines()[1]),
        ("20.0 g/day", text.splitlines()[3]),
    ]


def test_columns_named_by_arm_give_each_frequency_its_arm():
    # a label's adverse-reaction table whose columns the cleaning named from its header: the
    # placebo rate must never read as the drug's
    caption = "Table 3: Most Common Adverse Reactions in a Placebo-Controlled Trial"
    columns = ("Metformin Hydrochloride (n=141)", "Placebo (n=145)")
    rows = [
        _row([("", "Diarrhea"), (columns[0], "53%"), (columns[1], "12%")], 0, caption,
             "Diarrhea 53% 12%"),
        _row([("", "Nausea/Vomiting"), (columns[0], "26%"), (columns[1], "8%")], 100, caption,
             "Nausea/Vomiting 26% 8%"),
    ]  # fmt: skip
    drugs = {"metformin": "metformin"}
    found = table_effects([Row(r, *split_row(r.text)) for r in rows], drugs, "diarrhea nausea")
    assert [(e.effect, e.frequency, e.arm, e.drug) for e in found] == [
        ("Diarrhea", "53%", "metformin", "metformin"),
        ("Diarrhea", "12%", "placebo", ""),
        ("Nausea/Vomiting", "26%", "metformin", "metformin"),
        ("Nausea/Vomiting", "8%", "placebo", ""),
    ]


def test_counts_are_not_read_as_percentages_and_combination_arms_are_not_split():
    caption = "Table 2: Adverse Reactions"
    columns = ("Glipizide + Metformin n (%)", "Metformin n (%)")
    rows = [_row([("", "Diarrhea"), (columns[0], "5"), (columns[1], "3")], 0, caption,
                 "Diarrhea 5 3")]  # fmt: skip
    drugs = {"metformin": "metformin", "glipizide": "glipizide"}
    found = table_effects([Row(r, *split_row(r.text)) for r in rows], drugs, "diarrhea")
    # "n (%)" columns count people: 5 is no 5%; the combination arm is not called "glipizide"
    assert [(e.frequency, e.arm) for e in found] == [("5", ""), ("3", "")]


def test_a_label_population_keeps_its_bracketed_abbreviation_but_not_a_pointer():
    from assistant.domain.labels import prose_modifications
    from assistant.domain.sentences import _Sentence

    text = (
        "The recommended dosage of AUGTYRO has not been established in patients with moderate "
        "(total bilirubin >1.5 to 3 times upper limit of normal [ULN] with any AST) or severe "
        "(total bilirubin >3 times ULN with any AST) hepatic impairment [see Clinical "
        "Pharmacology (12.3)]."
    )
    chunk = replace(_chunk(text, kind="paragraph"), section="8.7 Hepatic Impairment")
    sentence = _Sentence(chunk, text, 0, len(text), None)
    (rec,) = prose_modifications(sentence, "repotrectinib", ((16, 18), 13, None))
    assert rec.population == (
        "moderate (total bilirubin >1.5 to 3 times upper limit of normal [ULN] with any AST) or "
        "severe (total bilirubin >3 times ULN with any AST) hepatic impairment"
    )
    assert (rec.lines, rec.page, rec.page_end) == ((16, 18), 13, None)


def test_a_column_name_ending_in_a_percent_sign_holds_percentages():
    """A Markdown label's "ELIQUIS 2.5 mg twice daily (N=840) %": 3.1 is 3.1%, not a count."""
    caption = "Table 2: Adverse Reactions"
    columns = ("ELIQUIS 2.5 mg twice daily (N=840) %", "Placebo (N=829) %")
    rows = [_row([("Adverse Reaction", "Epistaxis"), (columns[0], "3.1"), (columns[1], "1.4")],
                 0, caption, "Epistaxis 3.1 1.4")]  # fmt: skip
    drugs = {"eliquis": "apixaban", "apixaban": "apixaban"}
    found = table_effects([Row(r, *split_row(r.text)) for r in rows], drugs, "epistaxis")
    assert [(e.frequency, e.arm) for e in found] == [("3.1%", "apixaban"), ("1.4%", "placebo")]


def test_a_bound_stays_with_the_frequency_it_bounds():
    from assistant.domain import extract_adverse_effects

    text = "Rapamycin caused skin rash in less than 1% of patients."
    (effect,) = extract_adverse_effects([_chunk(text, kind="paragraph")], drug="rapamycin")
    assert effect.frequency == "less than 1% of patients"  # never "1% of patients"

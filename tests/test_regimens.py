"""Regimen and adverse-effect extraction, checked against a hand-made reading of the review.

``GOLD_REGIMENS`` lists every dosing statement a careful reader finds in the review (prose and
Table II); ``GOLD_EFFECTS`` every adverse-effect mention. The unit tests use the real cleaned review
chunked as the index chunks it (no model: fast); the CLI tests use the shared real index.

Precision and recall of the tables against these lists are printed by
``pytest tests/test_regimens.py -q -s -k precision``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from assistant.cli.tables import doses, safety
from assistant.domain import (
    EFFECT_COLUMNS,
    NO_EFFECT,
    REGIMEN_COLUMNS,
    STOMATITIS,
    canonical_effect,
    effect_rows,
    extract_adverse_effects,
    extract_regimens,
    filter_effects,
    filter_regimens,
    regimen_rows,
)
from assistant.index.chunking import chunk_document
from assistant.records import Chunk, Location


@dataclass(frozen=True)
class G:
    """One dosing statement as a careful reader records it.

    ``key`` is a fragment that identifies the sentence; ``subject`` must occur in the extracted
    subject ("" = no subject stated); ``schedule``/``route``/``trial`` are checked when not None.
    """

    key: str
    dose: str
    amount: str
    unit: str
    duration: str
    subject: str
    schedule: str | None = None
    route: str | None = None
    trial: str | None = None


GOLD_REGIMENS: tuple[G, ...] = (
    # -- animals: autophagy, mitochondria, immunity, stem cells
    G("6 months of rapamycin feeding", "", "", "", "6 months", "aged rats", route="diet"),
    G("enhances diastolic function in aged rats", "", "", "", "10 weeks", "aged rats"),
    G("Bielas et al. showed", "42 ppm", "42", "ppm", "", "mouse", schedule="long-term"),
    G(
        "seven-week treatment with rapamycin",
        "14 mg/kg",
        "14",
        "mg/kg",
        "seven-week",
        "middle-aged mice",
    ),
    G(
        "low-dose oral rapamycin",
        "low-dose",
        "",
        "",
        "",
        "murine model of mtDNA depletion",
        route="oral",
    ),
    G("one-year rapamycin treatment suppressed", "", "", "", "one-year", "SLE patients"),
    G(
        "non-healing oral ulcers in SLE patients",
        "",
        "",
        "",
        "",
        "SLE patients",
        schedule="prolonged",
    ),
    G(
        "a brief period of high-dose rapamycin",
        "high-dose",
        "",
        "",
        "",
        "",
        schedule="brief period",
    ),
    G(
        "extended administration of high-dose rapamycin",
        "high-dose",
        "",
        "",
        "",
        "",
        schedule="extended",
    ),
    G(
        "short-term and long-term rapamycin can eliminate",
        "",
        "",
        "",
        "",
        "mouse model of cervical cancer",
        schedule="short-term, long-term",
    ),
    G(
        "Intraperitoneal rapamycin administration",
        "",
        "",
        "",
        "",
        "model mice",
        route="intraperitoneal",
    ),
    G(
        "intramuscular administration of rapamycin-primed",
        "",
        "",
        "",
        "",
        "murine model of hindlimb ischemia",
        route="intramuscular",
    ),
    # -- schedules, early-life and sex differences
    G(
        "at a dosage of 2 mg/kg",
        "2 mg/kg",
        "2",
        "mg/kg",
        "",
        "mice",
        schedule="on a single occasion every 5 days",
    ),
    G(
        "Three-month rapamycin (8 mg/kg)",
        "8 mg/kg",
        "8",
        "mg/kg",
        "Three-month",
        "middle-aged mice",
    ),
    G(
        "early stages of adulthood in female Drosophila and mice",
        "",
        "",
        "",
        "",
        "female Drosophila, mice",
        schedule="prolonged, short-term",
    ),
    G(
        "administration of rapamycin to adult Drosophila",
        "",
        "",
        "",
        "",
        "adult Drosophila",
        schedule="briefly or throughout their lifespan",
    ),
    G("for a duration of 3 months", "", "", "", "3 months", "mice"),
    G(
        "UMHET3 mice during the initial 45 days",
        "42 ppm",
        "42",
        "ppm",
        "initial 45 days of their life",
        "UMHET3 mice",
    ),
    G("(42 mg/kg, 6 months)", "42 mg/kg", "42", "mg/kg", "6 months", "mice"),
    G(
        "three-month rapamycin (42 ppm) through diet",
        "42 ppm",
        "42",
        "ppm",
        "three-month",
        "middle-aged male mice",
        route="diet",
    ),
    G(
        "short-term rapamycin treatment (42 ppm)",
        "42 ppm",
        "42",
        "ppm",
        "",
        "UMHET3 mouse",
        schedule="short-term",
    ),
    # -- humans: safety section
    G(
        "cardiac transplant recipients",
        "lower range of its therapeutic window",
        "",
        "",
        "",
        "cardiac transplant recipients",
    ),
    G(
        "prolonged periods of rapamycin administration at higher doses",
        "higher doses",
        "",
        "",
        "",
        "",
        schedule="prolonged",
    ),
    G(
        "12-month rapamycin therapy (2 mg/day)",
        "2 mg/day",
        "2",
        "mg/day",
        "12-month",
        "individuals with lymphangioleiomyomatosis",
    ),
    G(
        "one-year rapamycin (1 mg/day) treatment",
        "1 mg/day",
        "1",
        "mg/day",
        "one-year",
        "patients with TSC",
    ),
    G(
        "prolonged administration of rapamycin (1 mg/kg)",
        "1 mg/kg",
        "1",
        "mg/kg",
        "",
        "TSC patients",
        schedule="prolonged",
    ),
    G(
        "(1.6 mg/m2/day) in patients with complicated",
        "1.6 mg/m2/day",
        "1.6",
        "mg/m2/day",
        "",
        "patients with complicated vascular anomalies",
        schedule="Long-term",
    ),
    G(
        "the mentioned dose even for 2 weeks",
        "1.6 mg/m2/day",
        "1.6",
        "mg/m2/day",
        "2 weeks",
        "vascular anomalies",
    ),
    G(
        "a modest dosage (0.5 mg/day)",
        "0.5 mg/day",
        "0.5",
        "mg/day",
        "24-week",
        "individuals with active rheumatoid arthritis",
    ),
    # -- humans: clinical trials (prose)
    G(
        "these trials used low doses",
        "< 1 mg/day",
        "< 1",
        "mg/day",
        "",
        "adults/older adults",
        schedule="long-term",
    ),
    G(
        "these trials used low doses",
        "up to 2 mg/day",
        "up to 2",
        "mg/day",
        "",
        "adults/older adults",
        schedule="short-term",
    ),
    G(
        "8-week rapamycin therapy (1 mg/kg)",
        "1 mg/kg",
        "1",
        "mg/kg",
        "8-week",
        "older human cohort",
    ),
    G(
        "The participants were administered 1 mg",
        "1 mg",
        "1",
        "mg",
        "eight weeks",
        "older human cohort",
    ),
    G(
        "confirming the safety of short-term rapamycin usage",
        "",
        "",
        "",
        "",
        "healthy older individuals",
        schedule="short-term",
    ),
    G(
        "a low dose of rapamycin (0.5 mg/day) for 12 weeks",
        "0.5 mg/day",
        "0.5",
        "mg/day",
        "12 weeks",
        "elderly patients undergoing cardiac rehabilitation",
    ),
    G(
        "short-term rapamycin (1 mg/kg) treatment on the cardiac",
        "1 mg/kg",
        "1",
        "mg/kg",
        "",
        "healthy older adults",
        schedule="short-term",
        trial="NCT04742777",
    ),
    G(
        "short-term impact of 2 mg/day rapamycin",
        "2 mg/day",
        "2",
        "mg/day",
        "",
        "adults and older adults with breast cancer",
        schedule="short-term",
        trial="NCT02642094",
    ),
    G(
        "e.g., 0.5 mg/day or 5 mg/week",
        "0.5 mg/day",
        "0.5",
        "mg/day",
        "",
        "",
        schedule="long-term",
        trial="NCT05237687",
    ),
    G(
        "e.g., 0.5 mg/day or 5 mg/week",
        "5 mg/week",
        "5",
        "mg/week",
        "",
        "",
        schedule="long-term",
        trial="NCT04488601",
    ),
    # -- Table II rows
    G(
        "0.5 mg/day, 1 year II",
        "0.5 mg/day",
        "0.5",
        "mg/day",
        "1 year",
        "Adults and older adult",
        trial="NCT05237687",
    ),
    G(
        "5 mg/week, 1 year II",
        "5 mg/week",
        "5",
        "mg/week",
        "1 year",
        "Adults and older adult",
        trial="NCT04488601",
    ),
    G(
        "Cardiac function 2022 Recruiting NCT04742777",
        "1 mg/day",
        "1",
        "mg/day",
        "8 weeks",
        "Older adults",
        trial="NCT04742777",
    ),
    G(
        "2 mg/day for 5–7 days",
        "2 mg/day",
        "2",
        "mg/day",
        "5–7 days",
        "Adults and older adults with breast cancer",
        trial="NCT02642094",
    ),
    G(
        "Topical (8%, daily)",
        "8%",
        "8",
        "%",
        "",
        "Older adults",
        schedule="daily",
        route="topical",
        trial="NCT04608448",
    ),
    G(
        "Completed NCT02874924",
        "1 mg/day",
        "1",
        "mg/day",
        "8 weeks",
        "Older adults",
        trial="NCT02874924",
    ),
    G(
        "0.5, 1, or 2 mg/day, 12 weeks",
        "0.5, 1, or 2 mg/day",
        "0.5, 1, or 2",
        "mg/day",
        "12 weeks",
        "Adults and older adults with coronary artery disease",
        trial="NCT01649960",
    ),
)


@dataclass(frozen=True)
class E:
    """One adverse-effect mention: sentence key, printed effect, canonical name, frequency, and
    fragments that must occur in the population and regimen ("" = none stated)."""

    key: str
    effect: str
    canonical: str
    frequency: str
    population: str
    regimen: str


_TRANSPLANT = "as an immunosuppressor in organ transplantation"
_LAM = "12-month rapamycin therapy (2 mg/day)"
_TSC = "one-year rapamycin (1 mg/day) treatment"
_KRAIG = "Five of the 11 subjects"

GOLD_EFFECTS: tuple[E, ...] = (
    E(
        "inhibit the wound healing process",
        "inhibit the wound healing process",
        "impaired wound healing",
        "",
        "SLE patients",
        "prolonged",
    ),
    E(
        "inhibit the wound healing process",
        "non-healing oral ulcers",
        STOMATITIS,
        "",
        "SLE patients",
        "prolonged",
    ),
    E(
        "greater dosages are often linked with immunosuppression",
        "immunosuppression",
        "immunosuppression",
        "",
        "",
        "greater dosages",
    ),
    E(
        "late-onset pneumocystis pneumonia",
        "pneumocystis pneumonia",
        "pneumonia",
        "",
        "solid organ transplantation",
        "",
    ),
    E(
        "suppresses memory responses",
        "suppresses memory responses",
        "immunosuppression",
        "",
        "",
        "high-dose",
    ),
    E("development of autoimmunity", "autoimmunity", "autoimmunity", "", "", "long-term"),
    E(
        "inhibit the antitumor immune response",
        "inhibit the antitumor immune response",
        "immunosuppression",
        "",
        "mouse model of cervical cancer",
        "short-term",
    ),
    E(
        "metabolic issues with rapamycin therapy",
        "abnormal lipid profiles",
        "dyslipidemia",
        "",
        "",
        "prolonged",
    ),
    E(
        "metabolic issues with rapamycin therapy",
        "glucose intolerance",
        "glucose intolerance",
        "",
        "",
        "prolonged",
    ),
    E(
        "metabolic issues with rapamycin therapy",
        "insulin resistance",
        "insulin resistance",
        "",
        "",
        "prolonged",
    ),
    E(
        "slower growth and delayed reproductive age",
        "slower growth",
        "slower growth",
        "",
        "UMHET3 mice",
        "42 ppm, initial 45 days of their life",
    ),
    E(
        "slower growth and delayed reproductive age",
        "delayed reproductive age",
        "delayed reproductive maturation",
        "",
        "UMHET3 mice",
        "42 ppm",
    ),
    E(_TRANSPLANT, "Oral mucositis", "mucositis", "", "organ transplantation", ""),
    E(
        _TRANSPLANT,
        "gastrointestinal illnesses",
        "gastrointestinal effects",
        "",
        "organ transplantation",
        "",
    ),
    E(_TRANSPLANT, "metabolic disorders", "metabolic disorders", "", "organ transplantation", ""),
    E(_TRANSPLANT, "arthralgia", "arthralgia", "", "organ transplantation", ""),
    E(_TRANSPLANT, "thrombocytopenia", "thrombocytopenia", "", "organ transplantation", ""),
    E(_TRANSPLANT, "anemia", "anemia", "", "organ transplantation", ""),
    E(_TRANSPLANT, "renal toxicity", "renal toxicity", "", "organ transplantation", ""),
    E(_TRANSPLANT, "rash/eczema", "rash", "", "organ transplantation", ""),
    E(
        _TRANSPLANT,
        "delayed wound healing",
        "impaired wound healing",
        "",
        "organ transplantation",
        "",
    ),
    E(_LAM, "mucositis", "mucositis", "", "lymphangioleiomyomatosis", "2 mg/day, 12-month"),
    E(_LAM, "diarrhea", "diarrhea", "", "lymphangioleiomyomatosis", "2 mg/day, 12-month"),
    E(_LAM, "nausea", "nausea", "", "lymphangioleiomyomatosis", "2 mg/day, 12-month"),
    E(
        _LAM,
        "hypercholesterolemia",
        "hypercholesterolemia",
        "",
        "lymphangioleiomyomatosis",
        "2 mg/day, 12-month",
    ),
    E(_LAM, "acneiform rash", "rash", "", "lymphangioleiomyomatosis", "2 mg/day, 12-month"),
    E(
        _LAM,
        "swelling in the lower extremities",
        "peripheral edema",
        "",
        "lymphangioleiomyomatosis",
        "2 mg/day, 12-month",
    ),
    E(
        _TSC,
        "oral aphthous ulcers",
        STOMATITIS,
        "frequently observed",
        "patients with TSC",
        "1 mg/day, one-year",
    ),
    E(
        _TSC,
        "hypertriglyceridemia",
        "hypertriglyceridemia",
        "frequently observed",
        "patients with TSC",
        "1 mg/day, one-year",
    ),
    E(
        _TSC,
        "microcytosis",
        "microcytosis",
        "frequently observed",
        "patients with TSC",
        "1 mg/day, one-year",
    ),
    E(
        _TSC,
        "hypochromia",
        "hypochromia",
        "frequently observed",
        "patients with TSC",
        "1 mg/day, one-year",
    ),
    E(
        "prolonged administration of rapamycin (1 mg/kg)",
        "respiratory tract infections",
        "infections",
        "",
        "TSC patients",
        "1 mg/kg",
    ),
    E(
        "prolonged administration of rapamycin (1 mg/kg)",
        "stomatitis",
        STOMATITIS,
        "",
        "TSC patients",
        "1 mg/kg",
    ),
    E(
        "(1.6 mg/m2/day)",
        "blood/bone marrow toxicity",
        "bone marrow toxicity",
        "27% of patients",
        "vascular anomalies",
        "1.6 mg/m2/day",
    ),
    E(
        "(1.6 mg/m2/day)",
        "gastrointestinal and metabolic toxicity",
        "gastrointestinal effects",
        "3%",
        "vascular anomalies",
        "1.6 mg/m2/day",
    ),
    E(
        "the mentioned dose even for 2 weeks",
        "mouth sores",
        STOMATITIS,
        "",
        "vascular anomalies",
        "1.6 mg/m2/day, 2 weeks",
    ),
    E(
        "a modest dosage (0.5 mg/day)",
        "well tolerated; no evaluable side effects",
        NO_EFFECT,
        "",
        "rheumatoid arthritis",
        "0.5 mg/day, 24-week",
    ),
    E(
        _KRAIG,
        "facial rash",
        "rash",
        "Five of the 11 subjects",
        "older human cohort",
        "1 mg, eight weeks",
    ),
    E(
        _KRAIG,
        "stomatitis",
        STOMATITIS,
        "Five of the 11 subjects",
        "older human cohort",
        "1 mg, eight weeks",
    ),
    E(
        _KRAIG,
        "gastrointestinal issues",
        "gastrointestinal effects",
        "Five of the 11 subjects",
        "older human cohort",
        "1 mg, eight weeks",
    ),
    E(
        "hemoglobin, hematocrit, and red blood cell count",
        "hemoglobin, hematocrit, and red blood cell count",
        "reduced red blood cell indices",
        "",
        "",
        "short-term",
    ),
)


# ------------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def chunks(review_doc):
    """The review chunked exactly as the index chunks it."""
    return chunk_document(review_doc)


@pytest.fixture(scope="module")
def regimens(chunks, review_doc):
    return extract_regimens(chunks, {review_doc.doc_id: review_doc})


@pytest.fixture(scope="module")
def effects(chunks, review_doc):
    return extract_adverse_effects(chunks, {review_doc.doc_id: review_doc})


def _chunk(text: str, kind: str = "paragraph", fields: tuple[tuple[str, str], ...] = ()) -> Chunk:
    return Chunk(
        chunk_id="t:1",
        doc_id="t",
        ordinal=0,
        section="S",
        kind=kind,  # type: ignore[arg-type]
        text=text,
        start=0,
        end=len(text),
        location=Location(1, 1),
        fields=fields,
    )


def _matches(records, key, dose):
    return [r for r in records if key in r.sentence and r.dose == dose]


def _effect_matches(records, key, effect):
    return [r for r in records if key in r.sentence and r.effect == effect]


# ------------------------------------------------------------------------------------------------
# regimens against the hand-made list


def test_gold_list_is_a_careful_reading():
    assert len(GOLD_REGIMENS) > 25
    assert sum(1 for g in GOLD_REGIMENS if g.amount) > 25  # numeric doses alone are more than 25


@pytest.mark.parametrize("g", GOLD_REGIMENS, ids=lambda g: f"{g.dose or g.duration or g.key[:20]}")
def test_each_gold_regimen_is_extracted(regimens, g):
    found = _matches(regimens, g.key, g.dose)
    assert len(found) == 1, f"{g.key!r} {g.dose!r}: {[(r.dose, r.sentence[:60]) for r in found]}"
    r = found[0]
    assert (r.amount, r.unit) == (g.amount, g.unit)
    assert r.duration == g.duration
    if g.subject:
        assert g.subject.lower() in r.subject.lower()
    else:
        assert r.subject == ""
    if g.schedule is not None:
        assert r.schedule == g.schedule
    if g.route is not None:
        assert r.route == g.route
    if g.trial is not None:
        assert r.trial == g.trial
    # the citation: the sentence verbatim, its section, lines and passage
    assert g.key in r.sentence and r.chunk_id and r.section
    assert r.lines[0] <= r.lines[1]


def test_no_regimen_beyond_the_gold_list(regimens):
    extra = [
        r
        for r in regimens
        if not any(g.key in r.sentence and g.dose == r.dose for g in GOLD_REGIMENS)
    ]
    assert extra == []


def test_regimen_citations_are_exact(regimens, review_doc, chunks):
    by_id = {c.chunk_id: c for c in chunks}
    for r in regimens:
        chunk = by_id[r.chunk_id]
        assert r.sentence in chunk.text
        start = review_doc.text.index(r.sentence)
        loc = review_doc.location(start, start + len(r.sentence))
        assert r.lines == (loc.line_start, loc.line_end)


def test_sentences_shared_by_overlapping_chunks_are_read_once(regimens, effects, chunks):
    shared = [r for r in regimens if sum(r.sentence in c.text for c in chunks) > 1]
    assert len(shared) > 10  # chunks overlap by a sentence, so many statements sit in two
    keys = [(r.sentence, r.dose) for r in regimens]
    assert len(keys) == len(set(keys))
    effect_keys = [(e.sentence, e.canonical) for e in effects]
    assert len(effect_keys) == len(set(effect_keys))
    # the record cites the first chunk that holds the sentence
    first = {}
    for c in chunks:
        for r in regimens:
            if r.sentence in c.text:
                first.setdefault(r.sentence, c.chunk_id)
    assert all(r.chunk_id == first[r.sentence] for r in regimens)


def test_no_doses_from_references_years_phases_ages_or_frequencies(regimens):
    for r in regimens:
        if r.amount:
            assert r.unit, r
            assert r.dose in r.sentence or "mentioned dose" in r.sentence
            ref = r"\[(?:\d+\s*[,–-]\s*)*" + re.escape(r.amount) + r"\s*[\],–-]"
            assert not re.search(ref, r.sentence), r
        assert r.amount not in {"2016", "2018", "2022", "2023", "55", "221", "II", "I"}
        assert r.dose not in {"27%", "3%", "60%", "45 days", "70", "79"}
    # the sentences that carry only such numbers make no record at all
    for text in (
        "aged 70 to 79 years",
        "interleukin (IL)-1",
        "40S ribosomal subunit",
        "proline-rich Akt substrate 40 kDa",
        "Ten years of extensive research",
    ):
        assert not [r for r in regimens if text in r.sentence and r.amount]
    kraig = [r for r in regimens if "A phase II randomized controlled trial" in r.sentence]
    assert [r.dose for r in kraig] == ["1 mg/kg"]


@pytest.mark.parametrize(
    "text",
    [
        "In 2022, a phase II trial [55] of rapamycin enrolled adults aged 70 to 79 years [221].",
        "Rapamycin lowered IL-1, S6K1, 4EBP1 and p70 S6 kinase levels in 27% of patients [12, 13].",
        "Rapamycin-treated mice lived 45 days longer, an increase of 14% [8].",
        "Rapamycin binds the 40S subunit and the 40 kDa PRAS40 protein (phase I).",
    ],
)
def test_numbers_that_are_not_doses_make_no_record(text):
    assert extract_regimens([_chunk(text)]) == []


def test_parser_reads_other_wordings():
    text = (
        "Aged mice received rapamycin 4 mg/kg intraperitoneally every other day for 6 weeks, "
        "which extended their lifespan [3]. Rats were given 2.24 mg/kg/day of sirolimus by "
        "gavage. In the trial, sirolimus was given at 1–2 mg/day."
    )
    regs = extract_regimens([_chunk(text)])
    assert [(r.dose, r.schedule, r.duration, r.route, r.subject) for r in regs] == [
        ("4 mg/kg", "every other day", "6 weeks", "intraperitoneal", "Aged mice"),
        ("2.24 mg/kg/day", "", "", "oral", "Rats"),
        ("1–2 mg/day", "", "", "", ""),
    ]
    assert regs[0].effect.startswith("extended their lifespan")


def test_table_rows_keep_their_trial_fields(regimens, review_trials):
    rows = [r for r in regimens if r.effect.startswith("endpoint:")]
    assert len(rows) == 7
    assert {r.trial for r in rows} == set(review_trials)
    cardiac = next(r for r in rows if r.trial == "NCT04742777")
    assert cardiac.effect == "endpoint: Cardiac function (phase II; Recruiting; 2022)"


def test_outcome_of_a_regimen_from_the_same_sentence(regimens):
    bitto = _matches(regimens, "Three-month rapamycin (8 mg/kg)", "8 mg/kg")[0]
    assert "increase in the lifespan of middle-aged mice by up to 60%" in bitto.effect
    schedule = _matches(regimens, "at a dosage of 2 mg/kg", "2 mg/kg")[0]
    assert schedule.effect == "did not adversely affect glucose homeostasis in mice"
    bielas = _matches(regimens, "Bielas et al. showed", "42 ppm")[0]
    assert "decrease in mtDNA deletion frequency" in bielas.effect


def test_filter_regimens_by_subject_synonyms(regimens):
    mice = filter_regimens(regimens, "mice")
    assert filter_regimens(regimens, "Mouse") == mice == filter_regimens(regimens, "murine")
    doses_ = {r.dose for r in mice}
    assert {"2 mg/kg", "8 mg/kg", "42 ppm", "14 mg/kg", "42 mg/kg"} <= doses_
    assert not {"mg/day", "mg/week", "mg/m2/day"} & {r.unit for r in mice}
    humans = filter_regimens(regimens, "human")
    assert humans == filter_regimens(regimens, "patients") == filter_regimens(regimens, "adults")
    assert all("Drosophila" not in r.subject and "mice" not in r.subject for r in humans)
    assert len(humans) == 24
    assert len(filter_regimens(regimens, "TSC")) == 2
    assert [r.dose for r in filter_regimens(regimens, "LAM")] == ["2 mg/day"]
    older = filter_regimens(regimens, "older adults")
    assert any(r.subject == "older human cohort" for r in older)
    assert any(r.subject == "elderly patients undergoing cardiac rehabilitation" for r in older)
    assert {r.subject for r in filter_regimens(regimens, "rats")} == {"aged rats"}
    assert len(filter_regimens(regimens, "drosophila")) == 2
    assert filter_regimens(regimens, None) == regimens == filter_regimens(regimens, "  ")
    assert filter_regimens(regimens, "dogs") == []


def test_regimen_rows_have_fixed_columns(regimens):
    rows = regimen_rows(regimens)
    assert all(tuple(row) == REGIMEN_COLUMNS for row in rows)
    assert all(isinstance(v, str) for row in rows for v in row.values())
    two = next(row for row in rows if row["dose"] == "2 mg/kg")
    assert two["schedule"] == "on a single occasion every 5 days" and two["lines"] == "1213-1217"


# ------------------------------------------------------------------------------------------------
# adverse effects


@pytest.mark.parametrize("e", GOLD_EFFECTS, ids=lambda e: e.effect[:30])
def test_each_gold_effect_is_extracted(effects, e):
    found = _effect_matches(effects, e.key, e.effect)
    assert len(found) == 1, f"{e.key!r} {e.effect!r}"
    r = found[0]
    assert r.canonical == e.canonical
    assert r.frequency == e.frequency
    if e.population:
        assert e.population in r.population
    else:
        assert r.population == ""
    if e.regimen:
        assert e.regimen in r.regimen
    else:
        assert r.regimen == ""


def test_no_effect_beyond_the_gold_list(effects):
    extra = [
        r
        for r in effects
        if not any(e.key in r.sentence and e.effect == r.effect for e in GOLD_EFFECTS)
    ]
    assert extra == []


@pytest.mark.parametrize(
    "key",
    [
        "community-acquired pneumonia (CAP)",  # ageing risk, not a drug harm (no rapamycin)
        "attenuate the predisposition to pneumonia",  # a benefit of rapamycin
        "lung infections are only some of",  # diseases rapamycin treats
        "Immunosenescence is assumed to underlie",
        "ameliorating autoimmune disease",
        "result in cardiotoxicity",
    ],
)
def test_no_effect_from_sentences_that_are_not_about_harms(effects, key):
    assert not [r for r in effects if key in r.sentence]


def test_ulcers_filter_finds_every_wording(effects):
    found = filter_effects(effects, "ulcers")
    wordings = {r.effect for r in found}
    assert wordings == {
        "oral aphthous ulcers",
        "mouth sores",
        "stomatitis",
        "non-healing oral ulcers",
    }
    assert len(found) == 5  # stomatitis twice: TSC patients and the Kraig trial
    assert {r.canonical for r in found} == {STOMATITIS}
    for other in (
        "mouth sores",
        "Stomatitis",
        "aphthous ulcers",
        "oral ulcer",
        "non-healing oral ulcers",
    ):
        assert filter_effects(effects, other) == found


def test_effect_synonyms_and_broader_words(effects):
    assert canonical_effect("mouth sores") == canonical_effect("ulcers") == STOMATITIS
    assert canonical_effect("aphthous ulcers") == STOMATITIS
    assert canonical_effect("anaemia") == "anemia"
    assert canonical_effect("no such thing") is None
    lipids = {r.canonical for r in filter_effects(effects, "lipids")}
    assert lipids == {"dyslipidemia", "hypercholesterolemia", "hypertriglyceridemia"}
    infections = {r.effect for r in filter_effects(effects, "infections")}
    assert infections == {"respiratory tract infections", "pneumocystis pneumonia"}
    assert {r.effect for r in filter_effects(effects, "rash")} == {
        "rash/eczema",
        "acneiform rash",
        "facial rash",
    }
    assert filter_effects(effects, "") == effects
    assert filter_effects(effects, "hair loss") == []


def test_effect_rows_have_fixed_columns(effects):
    rows = effect_rows(effects)
    assert all(tuple(row) == EFFECT_COLUMNS for row in rows)
    assert all(isinstance(v, str) for row in rows for v in row.values())


# ------------------------------------------------------------------------------------------------
# precision / recall (printed with -s)


def _scores(regimens, effects):
    reg_hits = [
        any(g.key in r.sentence and g.dose == r.dose for g in GOLD_REGIMENS) for r in regimens
    ]
    reg_found = [bool(_matches(regimens, g.key, g.dose)) for g in GOLD_REGIMENS]
    eff_hits = [
        any(e.key in r.sentence and e.effect == r.effect for e in GOLD_EFFECTS) for r in effects
    ]
    eff_found = [bool(_effect_matches(effects, e.key, e.effect)) for e in GOLD_EFFECTS]
    return {
        "regimens": (sum(reg_hits), len(regimens), sum(reg_found), len(GOLD_REGIMENS)),
        "effects": (sum(eff_hits), len(effects), sum(eff_found), len(GOLD_EFFECTS)),
    }


def test_precision_and_recall_against_the_hand_made_lists(regimens, effects):
    scores = _scores(regimens, effects)
    for name, (tp, extracted, found, gold) in scores.items():
        precision, recall = tp / extracted, found / gold
        print(
            f"\n{name}: precision {tp}/{extracted} = {precision:.3f}, "
            f"recall {found}/{gold} = {recall:.3f}"
        )
        assert precision == 1.0 and recall == 1.0


# ------------------------------------------------------------------------------------------------
# CLI


@pytest.fixture
def real(monkeypatch, assistant):
    """A runner whose commands read the shared real index."""
    monkeypatch.setattr("assistant.cli.common.make_assistant", lambda ctx, progress: assistant)
    return CliRunner()


@pytest.fixture
def indexed_chunks(assistant):
    return assistant.index.chunks


@pytest.mark.slow
def test_doses_subject_mice_lists_the_mouse_regimens_with_citations(real, indexed_chunks):
    result = real.invoke(doses, ["--subject", "mice"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    rows = [line for line in out.splitlines() if line and not line.startswith(" ")]
    starts = [line.split("  ")[0] for line in rows[2:-1]]  # after header and rule, before total
    for dose in ("2 mg/kg", "8 mg/kg", "42 ppm", "14 mg/kg", "42 mg/kg", "low-dose"):
        assert dose in starts, dose
    expected = {  # dose -> words of its schedule/duration/subject cells (cells wrap)
        "2 mg/kg": "on a single occasion every 5 days mice",
        "8 mg/kg": "Three-month middle-aged mice",
        "14 mg/kg": "seven-week middle-aged mice",
        "42 mg/kg": "6 months mice",
    }
    for dose, words in expected.items():
        block = _row_block(out, dose)
        assert all(w in block for w in words.split()), (dose, block)
        assert "source:" in block and "lines" in block
    assert "mg/day" not in out
    sources = [line for line in out.splitlines() if line.strip().startswith("source:")]
    assert len(sources) == len(filter_regimens(extract_regimens(indexed_chunks), "mice"))
    assert len(re.findall(r"lines \d+-\d+", out)) == len(sources)
    assert len(re.findall(r"\[rapamycin-aging-review:[0-9a-f]{10}(?:-\d+)?\]", out)) == len(sources)
    assert out.rstrip().endswith("regimen(s) for subject 'mice'")


def _row_block(out: str, dose: str) -> str:
    """The lines of the table row that starts with ``dose``, up to the blank line after it."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(dose + " "))
    end = lines.index("", start)
    return "\n".join(lines[start:end])


@pytest.mark.slow
def test_doses_json_and_csv_parse(real):
    result = real.invoke(doses, ["--subject", "mice", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["subject"] == "mice" and data["count"] == len(data["regimens"])
    first = data["regimens"][0]
    # the columns of the table and the CSV, then the page a citation ends on (null: the same)
    assert list(first) == [*REGIMEN_COLUMNS, "page_end"] and first["page_end"] is None
    assert any(r["dose"] == "14 mg/kg" and r["duration"] == "seven-week" for r in data["regimens"])
    # places are numbers, as in ask --json; the readable table and CSV keep "1213-1217"
    two = next(r for r in data["regimens"] if r["dose"] == "2 mg/kg")
    assert two["lines"] == [1213, 1217] and two["page"] is None
    result = real.invoke(doses, ["--csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(GOLD_REGIMENS)
    assert {r["trial"] for r in rows} >= {"NCT04742777", "NCT01649960"}


@pytest.mark.slow
def test_safety_effect_ulcers_finds_every_wording(real):
    result = real.invoke(safety, ["--effect", "ulcers"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    for text in (
        "oral aphthous ulcers",
        "mouth sores",
        "stomatitis",
        "non-healing oral ulcers",
        "patients with TSC",
        "SLE patients",
    ):
        assert text in result.stdout, text
    assert len([line for line in result.stdout.splitlines() if "source:" in line]) == 5
    assert "5 adverse-effect mention(s) matching 'ulcers'" in flat
    data = json.loads(real.invoke(safety, ["--effect", "mouth sores", "--json"]).stdout)
    assert data["count"] == 5 and list(data["effects"][0]) == [*EFFECT_COLUMNS, "page_end"]
    assert {e["frequency"] for e in data["effects"]} == {
        "",
        "frequently observed",
        "Five of the 11 subjects",
    }
    rows = list(csv.DictReader(io.StringIO(real.invoke(safety, ["--csv"]).stdout)))
    assert len(rows) == len(GOLD_EFFECTS)


@pytest.mark.slow
def test_filters_without_match_exit_1_with_a_clear_line(real):
    result = real.invoke(doses, ["--subject", "dogs"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no dosing regimen found for subject 'dogs'" in result.stderr
    assert "mice" in result.stderr
    result = real.invoke(safety, ["--effect", "hair loss", "--json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert "no adverse effect found matching 'hair loss'" in result.stderr
    # a drug the review never names is no licence to list rapamycin's records under its name
    result = real.invoke(safety, ["--drug", "metformin"])
    assert result.exit_code == 1 and result.stdout == ""
    assert "no adverse effect of 'metformin' found (try one of: rapamycin)" in result.stderr
    result = real.invoke(doses, ["--drug", "sirolimus", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["count"] > 0
    # another name of the drug the review is about lists as many records as its own name
    count = len(
        json.loads(real.invoke(doses, ["--drug", "rapamycin", "--json"]).stdout)["regimens"]
    )
    assert len(json.loads(result.stdout)["regimens"]) == count
    result = real.invoke(doses, ["--drug", " , "])
    assert result.exit_code == 2 and "--drug needs a drug name" in result.stderr


def test_json_and_csv_together_is_a_usage_error():
    result = CliRunner().invoke(doses, ["--json", "--csv"])
    assert result.exit_code == 2
    assert "--json" in result.stderr


def test_tables_never_pass_control_characters_or_markup(monkeypatch):
    text = (
        "Mice given rapamycin 2 mg/kg daily for 4 weeks showed [bold]less\x1b[31m frailty\x07 [12]."
    )
    chunks = [_chunk(text)]
    fake = SimpleNamespace(
        index=SimpleNamespace(chunks=chunks, documents={}),
        regimens=lambda: extract_regimens(chunks),
        adverse_effects=lambda: extract_adverse_effects(chunks),
    )
    monkeypatch.setattr("assistant.cli.common.make_assistant", lambda ctx, progress: fake)
    outputs = {}
    for args in ([], ["--csv"], ["--json"]):
        result = CliRunner().invoke(doses, args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        outputs[" ".join(args)] = result.stdout
    table = " ".join(outputs[""].split())
    assert "effect: showed [bold]less\u241b[31m frailty\u2407" in table
    assert "source: S, lines 1 [t:1]" in table
    assert "\u241b" in outputs["--csv"]
    assert json.loads(outputs["--json"])["regimens"][0]["sentence"] == text


def test_library_errors_become_one_line(monkeypatch):
    from assistant.index import IndexCorrupt

    def broken(ctx, progress):
        raise IndexCorrupt("index database unreadable in /x")

    monkeypatch.setattr("assistant.cli.common.make_assistant", broken)
    result = CliRunner().invoke(safety, [])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: index database unreadable in /x"

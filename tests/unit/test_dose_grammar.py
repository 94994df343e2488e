"""One dose grammar: what the chat highlights as a dose is what the dose rules record."""

from __future__ import annotations

import pytest

from assistant.answer.candidates import states_dose
from assistant.domain.regimens import extract_regimens
from assistant.records import Answer, Chunk, Citation, Location
from assistant.text.doses import DOSE_MENTION, REGIMEN_WORDS, dose_matches
from assistant.tui.widgets.render import DOSE_STYLE, answer_content, dose_spans, passage_content

SENTENCES = {
    "Rapamycin was given at 0.5 g/day or 5 µg.": ["0.5 g/day", "5 µg"],
    "Patients received sirolimus 2 mg/kg every 5 days for 6 months (NCT01234567).": ["2 mg/kg"],
    "Everolimus was given at 1, 2 and 5 mg/day or 0.5 mcg/kg.": ["1, 2 and 5 mg/day", "0.5 mcg/kg"],
    "Rapamycin trough levels of 5-15 ng/mL were kept, up to 8 mg.": ["5-15 ng/mL", "up to 8 mg"],
    "Topical rapamycin 8% was applied twice daily.": ["8%"],
    # Not doses: a frequency, a laboratory value, a protein name, a spelled-out unit, a CI.
    "Stomatitis occurred in 27% of patients given rapamycin.": [],
    "Rapamycin raised glucose to 240 mg/dL in IL-1 mice.": [],
    "Rapamycin 5 grams, 5 G or 95%CI in rapamycin users.": [],
}


def _chunk(text: str) -> Chunk:
    return Chunk("t:1", "t", 0, "S", "paragraph", text, 0, len(text), Location(1, 1))


def _highlighted_doses(text: str) -> list[str]:
    """Highlighted spans that are not a schedule, duration or trial number."""
    return [text[s:e] for s, e in dose_spans(text) if not REGIMEN_WORDS.fullmatch(text[s:e])]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_highlighter_and_extractor_agree(sentence):
    recorded = [r.dose for r in extract_regimens([_chunk(sentence)])]
    assert _highlighted_doses(sentence) == recorded == SENTENCES[sentence]


def test_schedules_durations_and_trials_are_highlighted_too():
    text = "Patients received sirolimus 2 mg/kg every 5 days for 6 months (NCT01234567)."
    shown = [text[s:e] for s, e in dose_spans(text)]
    assert shown == ["2 mg/kg", "every 5 days", "6 months", "NCT01234567"]


def test_the_answers_dose_test_is_the_same_grammar():
    # The answer counts any "%" (a fitted feature); otherwise a highlighted dose is a dose match.
    for sentence, doses in SENTENCES.items():
        if doses:
            assert DOSE_MENTION.search(sentence)
    assert not DOSE_MENTION.search("Rapamycin raised glucose in IL-1 mice, 5 grams.")


def _styled(content, style: str) -> list[str]:
    return [content.plain[s.start : s.end] for s in content.spans if str(s.style) == style]


def test_answers_and_passages_highlight_the_recorded_doses():
    parts = (("Rapamycin was given at 0.5 g/day or 5 µg.", 1), ("It lowered 27% of scores.", 2))
    body = " ".join(f"{t} [{n}]" for t, n in parts)
    cites = tuple(Citation(n, f"c{n}", "S", None, (1, 1), "q") for n in (1, 2))
    answer = Answer("q?", True, body, cites, parts=parts)
    assert _styled(answer_content(answer), DOSE_STYLE) == ["0.5 g/day", "5 µg"]
    assert _styled(passage_content(body), DOSE_STYLE) == ["0.5 g/day", "5 µg"]


def test_thousands_separators_keep_the_whole_amount():
    # an invented number is the worst failure: "2,550 mg" must never become "550 mg"
    found = [m.group(0) for m in dose_matches("up to 2,550 mg per day, or 500 mg twice daily")]
    assert found == ["up to 2,550 mg", "500 mg"]
    assert [m.group(0) for m in dose_matches("10,000 IU daily")] == ["10,000 IU"]
    # a list of small amounts is still a list
    assert [m.group(0) for m in dose_matches("1, 2 and 5 mg/kg")] == ["1, 2 and 5 mg/kg"]


def test_a_label_table_cell_keeps_thousands_too():
    from assistant.domain.labels import _DOSE

    assert [m.group(0) for m in _DOSE.finditer("Maximum 2,550 mg; start 500 mg")] == [
        "2,550 mg",
        "500 mg",
    ]


@pytest.mark.parametrize(
    ("sentence", "states"),
    [
        ("The recommended dosage is 160 mg orally once daily for 14 days.", True),
        ("Topical rapamycin 8% was applied to the skin.", True),
        ("Patients were treated every other week.", True),
        # a share of patients or a bioavailability is no dose, though it has a "%"
        ("Among 351 adult patients, fractures occurred in 2.3%.", False),
        ("The geometric mean absolute bioavailability of repotrectinib is 45.7% (19.6%).", False),
    ],
)
def test_the_answer_dose_feature_counts_a_percent_only_for_a_topical_use(sentence, states):
    assert states_dose(sentence) is states

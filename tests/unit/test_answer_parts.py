"""The answer stages on their own: features in, decisions and sentences out (no model).

Thresholds here are set by each test for the behaviour it checks, never read from the fitted
judge, so no test depends on numbers fitted from gold questions.
"""

from __future__ import annotations

import json

import pytest

from assistant.answer import default_judge
from assistant.answer.candidates import SENTENCE_FEATURES, Candidate, is_filler, refers_back
from assistant.answer.compose import compose, select, with_antecedents
from assistant.answer.decide import QUESTION_FEATURES, decide
from assistant.answer.judge import JUDGE_VERSION, Judge, JudgeError, Logistic, load, parse
from assistant.answer.query import Query, question_kind
from assistant.records import Chunk, Document, Hit, Location


def _logistic(names, weights, bias=0.0):
    n = len(names)
    return Logistic(tuple(names), tuple(weights), bias, (0.0,) * n, (1.0,) * n)


def _judge(**th) -> Judge:
    base = dict(
        decline_below=0.3, high_from=0.7, keep_ratio=0.5, keep_floor=0.1, words=40, list_factor=2.0
    )
    base.update(th)
    return Judge(
        _logistic(SENTENCE_FEATURES, [1.0] + [0.0] * (len(SENTENCE_FEATURES) - 1)),
        # The question model reads its first feature only: p = sigmoid(x0).
        _logistic(QUESTION_FEATURES, [1.0] + [0.0] * (len(QUESTION_FEATURES) - 1)),
        **base,  # type: ignore[arg-type]
    )


def _query(text="how is it dosed?", absent=(), kinds=()) -> Query:
    return Query(text, text, (), ("dosed",), frozenset(kinds), None, absent=tuple(absent))


def _features(x0: float) -> tuple[float, ...]:
    return (x0,) + (0.0,) * (len(QUESTION_FEATURES) - 1)


# -- the fitted judge file ---------------------------------------------------------------------


def test_the_packaged_judge_loads_with_its_version_and_fit_record():
    judge = default_judge()
    assert judge.sentence.features == SENTENCE_FEATURES
    assert judge.question.features == QUESTION_FEATURES
    assert 0.0 < judge.decline_below <= judge.high_from < 1.0
    assert judge.words > 0


def test_a_judge_of_another_version_or_with_wrong_features_is_refused(tmp_path):
    data = _judge().to_json()
    assert parse(data, SENTENCE_FEATURES, QUESTION_FEATURES).words == 40
    with pytest.raises(JudgeError, match="version"):
        parse({**data, "version": JUDGE_VERSION + 1}, SENTENCE_FEATURES, QUESTION_FEATURES)
    renamed = json.loads(json.dumps(data))
    renamed["question"]["features"][0] = "something_else"
    with pytest.raises(JudgeError, match="features"):
        parse(renamed, SENTENCE_FEATURES, QUESTION_FEATURES)
    short = json.loads(json.dumps(data))
    short["sentence"]["weights"] = [1.0]
    with pytest.raises(JudgeError, match="damaged"):
        parse(short, SENTENCE_FEATURES, QUESTION_FEATURES)
    bad = tmp_path / "judge.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(JudgeError, match="unreadable"):
        load(SENTENCE_FEATURES, QUESTION_FEATURES, bad)


def test_logistic_probability_rises_with_a_positive_weight():
    m = _logistic(("a",), [2.0], -1.0)
    assert m.probability([0.0]) < m.probability([1.0]) < m.probability([5.0])
    assert m.probability([1e9]) <= 1.0 and m.probability([-1e9]) >= 0.0


# -- the decision --------------------------------------------------------------------------------


def test_a_question_is_declined_only_when_its_subject_is_absent():
    judge = _judge()
    low = _features(-3.0)  # p ~ 0.05, far below decline_below
    absent = decide(_query(absent=("grapefruit",)), low, "", judge)
    assert absent.outcome == "none" and "grapefruit" in absent.reason
    # Every word occurs in the corpus: however weak, it is not "not addressed" but low confidence.
    present = decide(_query(), low, "", judge)
    assert present.outcome == "low" and present.answered


def test_confidence_grades_follow_the_thresholds_and_an_anchor_wins():
    judge = _judge()
    assert decide(_query(), _features(3.0), "", judge).outcome == "high"  # p ~ 0.95
    assert decide(_query(), _features(0.0), "", judge).outcome == "low"  # p = 0.5
    anchored = decide(_query(absent=("x",)), _features(-5.0), "nct04742777", judge)
    assert anchored.outcome == "high"
    assert dict(anchored.features)["best_sentence"] == -5.0


# -- candidates: filler and anaphora on real sentences ------------------------------------------

REVIEW_FILLER = [
    "Key words: rapamycin, aging, longevity, mTOR signaling.",
    "This section provides an updated insight into the role of rapamycin in regulating longevity "
    "pathways, promoting healthy aging, and ameliorating age-related ailments.",
    "Hopefully, this will finally facilitate the clinical application and repositioning of "
    "rapamycin as an anti-aging medication.",
    "Copyright © 2018 World Health Organization; licensee Elsevier.",
]
REVIEW_CONTENT = [
    "Long-term rapamycin therapy (1.6 mg/m2/day) in patients with complicated vascular anomalies "
    "also caused blood/bone marrow toxicity in 27% of patients, as well as gastrointestinal and "
    "metabolic toxicity in 3% [235].",
    "Interestingly, a modest dosage (0.5 mg/day) of rapamycin for 24-week therapy in individuals "
    "with active rheumatoid arthritis was proven to be well tolerated.",
]


@pytest.mark.parametrize("sentence", REVIEW_FILLER)
def test_filler_is_never_a_candidate(sentence):
    assert is_filler(sentence)


@pytest.mark.parametrize("sentence", REVIEW_CONTENT)
def test_content_sentences_are_candidates(sentence):
    assert not is_filler(sentence)
    assert not refers_back(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "However, administrating the mentioned dose even for 2 weeks was likewise reported to "
        "cause mouth sores in these patients [236].",
        "These patients were followed for 6 months.",
        "The latter was well tolerated.",
        # the review's Table II trials, after an opening phrase (a citation audit found it
        # quoted after a sentence on another trial)
        "Consistent with the abovementioned data, these trials used low doses of rapamycin "
        "(< 1 mg/day) for long-term and higher doses of rapamycin (up to 2 mg/day) for "
        "short-term treatments.",
        "In line with this, rapamycin reduced body weight.",
    ],
)
def test_sentences_that_refer_back_are_recognised(sentence):
    assert refers_back(sentence)


def test_question_kinds():
    assert {"dose", "quantity"} <= question_kind("How much rapamycin per day, in mg?")
    assert "safety" in question_kind("Is it safe for the kidneys?")
    assert "yesno" in question_kind("Is it safe for the kidneys?")
    assert "list" in question_kind("Which adverse events were reported?")


# -- composing: budget, order, antecedents, citations -------------------------------------------

TEXT = (
    "Long-term rapamycin therapy (1.6 mg/m2/day) caused toxicity in 27% of patients. "
    "However, administrating the mentioned dose even for 2 weeks was likewise reported to cause "
    "mouth sores in these patients. "
    "A modest dosage (0.5 mg/day) for 24 weeks was well tolerated."
)


@pytest.fixture
def passage():
    doc = Document("d.txt", "d.txt", "0", TEXT, (), (), ((0, 1, None),))
    chunk = Chunk("c1", "d.txt", 0, "Safety", "paragraph", TEXT, 0, len(TEXT), Location(1, 1))
    return doc, Hit(1, 1.0, chunk)


def _cands(hit, scores):
    from assistant.text.sentences import sentence_spans

    out = []
    for (s, e), sc in zip(sentence_spans(TEXT), scores, strict=True):
        out.append(Candidate(hit, s, e, TEXT[s:e], TEXT[s:e], (), sc))
    return out


def test_select_keeps_close_scores_within_the_budget(passage):
    _, hit = passage
    cands = _cands(hit, [0.9, 0.2, 0.8])
    chosen = select(_query(), cands, _judge(keep_ratio=0.5, words=40))
    assert [c.score for c in chosen] == [0.9, 0.8]  # 0.2 < 0.5 * 0.9
    tight = select(_query(), cands, _judge(keep_ratio=0.5, words=15))
    assert [c.score for c in tight] == [0.9]  # the second would pass the word budget
    listed = select(_query(kinds=("list",)), cands, _judge(keep_ratio=0.5, words=15))
    assert len(listed) == 2  # list questions get list_factor times the budget


def test_a_sentence_that_refers_back_brings_its_antecedent_and_all_is_cited(passage):
    doc, hit = passage
    cands = _cands(hit, [0.1, 0.9, 0.1])
    chosen = with_antecedents([cands[1]])
    assert [c.text for c in chosen][1].startswith("Long-term")
    parts, citations = compose(chosen, lambda d: doc)
    assert [t for t, _ in parts][0].startswith("Long-term")  # document order
    assert {n for _, n in parts} == {1}
    (cit,) = citations
    assert cit.doc_id == "d.txt"
    assert cit.quote in TEXT and cit.quote.startswith("Long-term") and "these patients" in cit.quote


def test_no_antecedent_for_a_self_contained_sentence(passage):
    _, hit = passage
    cands = _cands(hit, [0.9, 0.1, 0.1])
    assert with_antecedents([cands[2]]) == [cands[2]]


def test_an_antecedent_in_the_window_before_is_found_there_and_cited_from_it(passage):
    """Windows of a paragraph overlap by a sentence, and one can start with the sentence that
    refers back: its antecedent is then the sentence before it in the window starting before
    it, cited from that window. A passage before it that ends before it (another paragraph)
    gives none."""
    doc, _ = passage
    cut = TEXT.index("However")
    end = TEXT.index("patients.", cut) + len("patients.")
    window = Chunk("c1", "d.txt", 0, "Safety", "paragraph", TEXT[:end], 0, end, Location(1, 1))
    second = Chunk(
        "c2", "d.txt", 1, "Safety", "paragraph", TEXT[cut:], cut, len(TEXT), Location(1, 1)
    )
    anaphor = Candidate(Hit(1, 1.0, second), cut, end, TEXT[cut:end], TEXT[cut:end], (), 0.9)
    asked: list[tuple[str, int]] = []

    def passage_before(doc_id: str, offset: int) -> Chunk | None:
        asked.append((doc_id, offset))
        return window if window.start < offset else None

    assert with_antecedents([anaphor]) == [anaphor]  # its own passage has nothing before it
    chosen = with_antecedents([anaphor], passage_before)
    assert asked == [("d.txt", cut)]
    assert chosen[1].text.startswith("Long-term") and chosen[1].hit.chunk is window
    parts, citations = compose(chosen, lambda d: doc)
    assert {n for _, n in parts} == {1, 2}
    cited = {c.chunk_id: c.quote for c in citations}
    assert cited["c1"].startswith("Long-term")

    paragraph = Chunk(
        "c0", "d.txt", 0, "Safety", "paragraph", TEXT[: cut - 1], 0, cut - 1, Location(1, 1)
    )
    assert with_antecedents([anaphor], lambda d, o: paragraph) == [anaphor]


def test_the_tail_of_a_cut_sentence_brings_the_passage_left_open_before_it():
    # a leaflet's list item is a passage of its own; read alone it says nothing
    from assistant.answer.candidates import is_fragment

    lead = "Before you take it, tell your doctor if you:"
    item = "are breastfeeding or plan to breastfeed."
    first = Chunk("c1", "d.txt", 0, "Leaflet", "paragraph", lead, 0, len(lead), Location(1, 1))
    start = len(lead) + 1
    second = Chunk(
        "c2", "d.txt", 1, "Leaflet", "list", item, start, start + len(item), Location(2, 2)
    )
    frag = Candidate(Hit(1, 1.0, second), start, start + len(item), item, item, (), 0.9)
    assert is_fragment(item) and not is_fragment(lead)
    chosen = with_antecedents([frag], lambda d, o: first)
    assert [c.text for c in chosen] == [item, lead]
    # a passage that ended its sentence is another paragraph: no antecedent from it
    done = Chunk("c0", "d.txt", 0, "Leaflet", "paragraph", "It is a pill.", 0, 13, Location(1, 1))
    assert with_antecedents([frag], lambda d, o: done) == [frag]
    # a gene or protein name in lower case starts a sentence of its own
    assert not is_fragment("mTORC1 is responsive to nutrition.")
    assert not is_fragment("p53 levels rose.")


def test_an_answer_that_never_states_the_asked_number_is_not_high_confidence():
    from assistant.answer.decide import unstated_numbers

    answer = "At month 12, SmfD was 0·6 in the moxidectin group [3]."
    assert unstated_numbers("What was SmfD at 24 months?", answer) == ("24",)
    assert unstated_numbers("What was SmfD at 12 months?", answer) == ()
    # numbers inside names, codes and units are no asked quantity
    assert unstated_numbers("What did TRIDENT-1 and UMHET3 mice show?", "x") == ()
    assert unstated_numbers("How heavy was the 1-RM load?", "x") == ()
    assert unstated_numbers("Was 1.6 g/kg better than 1.2?", "1.6 g/kg and 1.2 g/kg") == ()

"""A question whose named subject (drug, disease, organism, code) the documents never mention is
declined; everyday words the documents lack never decline a question by their shape."""

from __future__ import annotations

import pytest

from assistant.answer.decide import QUESTION_FEATURES, decide
from assistant.answer.judge import Judge, Logistic
from assistant.answer.query import Query
from assistant.domain.names import (
    is_proper_noun,
    named_phrases,
    named_subjects,
    names_subject,
    numbered_names,
    proper_noun_known,
)
from assistant.text.initials import initial_letters


@pytest.mark.parametrize(
    "word",
    ["warfarin", "everolimus", "dasatinib", "atorvastatin", "melanoma", "hepatitis", "zebrafish",
     "ibuprofen", "prednisolone", "apixaban", "clopidogrel", "aspirin", "tamoxifen",
     "fkbp12", "cyp3a4", "covid-19", "cost", "alcohol", "pregnant"],
)  # fmt: skip
def test_drugs_diseases_organisms_and_codes_name_a_subject(word):
    assert names_subject(word, f"Does it help with {word}?")


@pytest.mark.parametrize(
    "word",
    ["bones", "hair", "break", "worms", "itching", "applesauce", "prognosis", "diagnosis",
     "10mg", "24h", "2nd", "alone", "done", "drive", "kidney", "concept", "technique"],
)  # fmt: skip
def test_everyday_words_quantities_and_ordinals_do_not(word):
    assert not names_subject(word, f"what about {word} then?")


def test_an_acronym_counts_only_as_the_question_writes_it():
    question = "Is it active in ROSA-positive cancer, or in HPV-positive cancer?"
    assert named_subjects(("rosa", "fda", "hpv"), question) == ("rosa",)
    # A question shouted in capitals makes every word look like an acronym: none counts.
    assert named_subjects(("rosa", "bones"), "DOES IT HURT MY BONES OR ROSA?") == ()


def _judge() -> Judge:
    n = len(QUESTION_FEATURES)
    q = Logistic(QUESTION_FEATURES, (1.0,) + (0.0,) * (n - 1), 0.0, (0.0,) * n, (1.0,) * n)
    return Judge(q, q, 0.3, 0.7, 0.5, 0.1, 40, 2.0)


def _query(absent=(), named=()) -> Query:
    text = "does rapamycin interact with warfarin?"
    return Query(
        text, text, (), ("rapamycin", "warfarin"), frozenset(), None,
        absent=tuple(absent), absent_named=tuple(named),
    )  # fmt: skip


def test_an_absent_named_subject_declines_even_a_well_matched_question():
    strong = (5.0,) + (0.0,) * (len(QUESTION_FEATURES) - 1)  # p ~ 0.99: otherwise "high"
    d = decide(_query(("warfarin",), ("warfarin",)), strong, "", _judge())
    assert d.outcome == "none" and "warfarin" in d.reason
    # The same question with the word absent but not a named subject is answered.
    assert decide(_query(("warfarin",)), strong, "", _judge()).outcome == "high"


def test_a_rare_code_quoted_verbatim_still_wins():
    weak = (-5.0,) + (0.0,) * (len(QUESTION_FEATURES) - 1)
    d = decide(_query(("warfarin",), ("warfarin",)), weak, "nct04742777", _judge())
    assert d.outcome == "high"


def test_a_code_or_acronym_inside_a_longer_token_or_spelled_out_is_present():
    vocabulary = {"nct04488601", "umhet3", "mice"}
    initials = initial_letters("approved by the Food and Drug Administration in 2023")
    initials += "|" + initial_letters("the Trial of Rapamycin In Aging Dogs")
    question = "What did the TRAD and TRIAL studies find, what are the HET3 and NCT numbers?"
    found = named_subjects(("trad", "trial", "het3", "nct"), question, vocabulary, initials)
    assert found == ("trial",)


def _mentions(text: str):
    return lambda pattern: pattern.search(text.lower()) is not None


def test_a_subject_named_in_several_words_is_absent_only_in_none_of_its_wordings():
    label = "The overall response rate was 38%. Median duration of response was 34 months."
    question = "What was the median overall survival?"
    assert named_phrases(question, _mentions(label)) == ("overall survival",)
    # every word of it occurs, but only the phrase is the subject; once the phrase is there
    # (in another case, hyphenated or plural) the question is not declined on it
    assert named_phrases(question, _mentions(label + " Overall-survival data are immature.")) == ()
    # another wording of the same subject counts: "alopecia" is hair loss
    assert named_phrases("Does it cause hair loss?", _mentions("Alopecia (12%)")) == ()
    assert named_phrases("Does it cause hair loss?", _mentions(label)) == ("hair loss",)
    # the last word may be plural in the question
    assert named_phrases("Any blood clots?", _mentions(label)) == ("blood clot",)


def test_a_phrase_is_matched_on_word_boundaries_only():
    text = "Patients reported nausea."
    # "overall survivals" would still be the phrase; "overall survivalist" is not
    assert named_phrases("overall survivalists club", _mentions(text)) == ()
    assert named_phrases("half life of the drug", _mentions(text)) == ("half-life",)


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("What is the plasma protein binding?", "Binding to plasma protein was 95.4%."),
        ("What was the length of stay?", "The mean length of hospital stay fell."),
        ("What is its half-life?", "The half-lives were 20-43 days."),
        ("What is its half-life?", "Its half\u2011life is long."),  # a non-breaking hyphen
        ("What is the area under the curve?", "AUC0-24 rose by 30%."),
        ("Any weight gain?", "An increase in body weight was seen."),
        ("Did overall survival improve in mice?", "Median survival rose by 10%."),
    ],
)
def test_a_subject_the_documents_word_otherwise_is_not_absent(question, text):
    """The worst answer is "not addressed" said of something the documents do address: a
    phrase counts as mentioned with other words between its words, in either order, in the
    plural or with any dash."""
    assert named_phrases(question, _mentions(text)) == ()


def test_mortality_is_covered_by_deaths_in_other_words():
    from assistant.domain.lay_vocabulary import lay_covered

    assert "mortality" in lay_covered("What was the mortality?", {"died", "two"})


def test_a_name_written_with_a_capital_inside_the_question_names_a_subject():
    assert is_proper_noun("medicare", "Is AUGTYRO covered by Medicare?")
    assert is_proper_noun("nigeria", "Was the trial done in Nigeria?")
    assert names_subject("nigeria", "Was the trial done in Nigeria?")
    # first in a sentence, in lower case, or in a title where every word is capitalised: no
    assert not is_proper_noun("medicare", "Medicare pays for it?")
    assert not is_proper_noun("nigeria", "was the trial done in nigeria?")
    assert not is_proper_noun("dogs", "Side Effects Of Rapamycin In Dogs")
    assert not is_proper_noun("nigeria", "Trials? Nigeria had none.")
    # a brand name beside it makes no title; adjectives capitalised for emphasis are no names
    assert is_proper_noun("medicare", "Is Augtyro covered by Medicare?")
    assert not is_proper_noun("diabetic", "Does rapamycin help Diabetic mice?")
    assert not is_proper_noun("immunosuppressive", "Is rapamycin Immunosuppressive?")


def test_a_proper_noun_is_known_by_its_own_spelling_not_by_a_shared_start():
    vocab = {"medicine", "medical", "asia", "europe", "ghana"}
    assert not proper_noun_known("medicare", vocab)  # known_word would take "medic..."
    assert proper_noun_known("asian", vocab)
    assert proper_noun_known("european", vocab)
    assert proper_noun_known("ghana", vocab)


def test_a_numbered_name_the_documents_write_with_another_number_is_absent():
    label = "The efficacy of AUGTYRO was evaluated in TRIDENT-1, a multicenter trial."
    assert numbered_names("Results of the TRIDENT-3 trial?", _mentions(label)) == ("TRIDENT-3",)
    assert numbered_names("Results of the TRIDENT-1 trial?", _mentions(label)) == ()
    assert numbered_names("Results of TRIDENT-1?", _mentions("in TRIDENT 1 and")) == ()
    # an everyday word with a number is no name ("Grade-3", "day-14")
    assert numbered_names("Any Grade-3 events by day-14?", _mentions(label)) == ()


def test_a_cancer_the_documents_name_only_after_non_is_absent():
    label = "AUGTYRO is indicated for non-small cell lung cancer (NSCLC). Do not breastfeed."
    assert named_phrases("Does it treat small cell lung cancer?", _mentions(label)) == (
        "small cell lung cancer",
    )
    assert named_phrases("Does it treat breast cancer?", _mentions(label)) == ("breast cancer",)
    # the question about the cancer the label names is not declined
    assert named_phrases("Does it treat non-small cell lung cancer?", _mentions(label)) == ()
    for dash in "\u2013\u2014\u2010 ":  # en dash, em dash, hyphen, space
        question = f"Does it treat non{dash}small cell lung cancer?"
        assert named_phrases(question, _mentions(label.replace("-", dash))) == (), dash
    assert named_phrases("Does it treat lung cancer?", _mentions(label)) == ()

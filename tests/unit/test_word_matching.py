"""How a question word is matched to the documents' words: a spelling variant or inflection
counts ("signalling" ~ "signaling", "pills" in "Take the pills"); a different word that merely
starts the same way does not ("hearing" is not "heart")."""

from __future__ import annotations

import pytest

from assistant.answer.compose import term_sets
from assistant.answer.decide import local_coverage
from assistant.answer.query import Query
from assistant.answer.vocab import known_word


def _query(*content: str) -> Query:
    text = " ".join(content)
    return Query(text, text, content, content, frozenset(), None)


def test_a_short_base_is_known_only_from_its_inflections():
    vocab = {"heart", "doses", "cost", "costly"}
    assert not known_word("hearing", vocab)  # "hear" + "t" is another word
    assert known_word("hearts", vocab)
    assert known_word("dose", vocab)
    assert not known_word("lice", {"licensed", "license"})
    # derived forms count; a four-letter base does not make another word of itself
    for word, form in [("numb", "numbness"), ("safe", "safety"), ("stop", "stopped")]:
        assert known_word(word, {form}), word
    for word, other in [("numb", "number"), ("moth", "mother"), ("form", "formal")]:
        assert not known_word(word, {other}), word
    assert known_word("naïve", {"naive"})  # accents do not count


def test_words_spelled_with_double_l_are_found_in_the_text():
    query = _query("pills", "swallowing")
    texts = ["Swallow the pills whole.", "Do not crush the tablets."]
    assert term_sets(query, texts) == [frozenset({"pills", "swallowing"}), frozenset()]
    assert local_coverage(query, texts) == 1.0
    assert local_coverage(query, texts[1:]) == 0.0


def test_a_word_written_with_accents_in_the_documents_is_known_without_them(tmp_path):
    from fake_corpus import tiny_assistant

    from assistant.answer.query import analyse

    label = "# Efficacy\n\nIn TKI-naïve patients the overall response rate was 79%.\n"
    a = tiny_assistant(tmp_path, {"label.md": label})
    try:
        assert "naive" in a.retriever.vocabulary()
        assert (
            "naive" not in analyse(a.retriever, "What was the response in naive patients?").absent
        )
    finally:
        a.close()


def test_a_sentence_using_the_short_form_states_the_questions_long_form():
    """The Lancet trial writes "SmfD" for "skin microfilarial density": a sentence saying
    "To quantify SmfD, we took four skin snips" has the question's words."""
    from assistant.answer.candidates import _lexical
    from assistant.text.abbreviations import aliases

    pairs = [("SmfD", "skin microfilarial density"), ("GM", "geometric means")]
    assert ("density", "smfd") in aliases("How was skin microfilarial density measured?", pairs)
    query = Query(
        "How was skin microfilarial density measured?",
        "",
        (),
        ("skin", "microfilarial", "density", "measured"),
        frozenset(),
        None,
        aliases={"skin": ("smfd",), "microfilar": ("smfd",), "dens": ("smfd",)},  # stems
    )
    with_short, without = _lexical(query, ["To quantify SmfD, we took snips.", "We took snips."])
    assert with_short == 0.75 and without == 0.0
    gm = Query(
        "geometric mean", "", (), ("geometric",), frozenset(), None, aliases={"geomet": ("gm",)}
    )
    assert _lexical(gm, ["a programme", "the GM was 0.6"]) == [0.0, 1.0]  # whole words only


@pytest.mark.parametrize(
    ("word", "vocabulary"),
    [
        ("ischaemic", {"ischemic"}),  # British spelling of an American text
        ("edema", {"oedema"}),  # and the reverse
        ("limbs", {"limb"}),  # a short plural
        ("triglycerides", {"hypertriglyceridemia"}),  # a long stem inside a corpus word
    ],
)
def test_spellings_plurals_and_stems_inside_longer_words_are_known(word, vocabulary):
    """A question word the documents write otherwise is not "absent": declining on it would say
    "not addressed" of something they address."""
    assert known_word(word, vocabulary)


def test_a_short_word_is_still_not_known_from_a_longer_one():
    assert not known_word("hearing", {"heart"})
    assert not known_word("numb", {"number"})


def test_a_three_letter_base_is_known_from_its_inflections_only():
    # "Did anyone die?" over a trial that says "two participants died" is answerable
    assert known_word("die", {"died"})
    assert known_word("arm", {"arms"})
    assert known_word("eat", {"eating"})
    # "d" inflects only a base ending in "e": "find" is no form of "fin", "diet" none of "die"
    assert not known_word("fin", {"find"})
    assert not known_word("ten", {"tend"})
    assert not known_word("die", {"diet"})
    # after a short vowel the consonant doubles: "rated" is no form of "rat", "pines" of "pin"
    assert not known_word("rat", {"rated", "rating"})
    assert known_word("rat", {"rats"})
    assert not known_word("pin", {"pines"})
    assert known_word("tax", {"taxes"})


def test_a_label_brand_is_the_short_form_of_its_generic_name():
    """A label says "AUGTYRO" where a question says "repotrectinib" (and the reverse)."""
    from assistant.text.abbreviations import expansions, harvest

    label = (
        "HIGHLIGHTS. AUGTYROTM (repotrectinib) capsules, for oral use. AUGTYRO is a kinase "
        "inhibitor. GLUCOPHAGE® (metformin hydrochloride) Tablets. XYLOR (tablets) and "
        "non-small cell lung cancer (NSCLC)."
    )
    pairs = harvest(label)
    assert ("AUGTYRO", "repotrectinib") in pairs  # the trade mark run on to the name is no part
    assert ("GLUCOPHAGE", "metformin hydrochloride") in pairs
    assert not any(short.startswith(("AUGTYROTM", "XYLOR")) for short, _ in pairs)
    assert ("NSCLC", "non-small cell lung cancer") in pairs  # initialisms as before
    assert expansions("What is the half-life of repotrectinib?", pairs) == ["AUGTYRO"]
    # a brand is a name, however the question capitalises it; an initialism is not
    assert expansions("Augtyro half-life", pairs) == ["repotrectinib"]
    assert expansions("nsclc response", pairs) == []
    # a trial's name, a heading or a dosage form in brackets is no brand
    paper = (
        "The RECOVERY (dexamethasone) trial reported faster recovery. DOSAGE (adults): the "
        "dosage is 6 mg. KEPPRA (oral solution) and GLUMETZA (extended-release tablets)."
    )
    assert harvest(paper) == []
    # a brand's web address is no use of the name as a word
    assert ("AUGTYRO", "repotrectinib") in harvest(label + " See www.augtyro.com.")

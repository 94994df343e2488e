"""A lay word is not "absent" from documents that use its clinical term: "itchy eyes after the
pills" asks about ocular pruritus after tablets, which a trial report may well cover. Only a
word with no such stand-in in the documents counts as evidence that they do not address it."""

from __future__ import annotations

import pytest
from fake_corpus import tiny_assistant

from assistant.answer.query import analyse
from assistant.domain.lay_vocabulary import lay_covered

TRIAL = (
    "# Results\n\nThe most frequent ocular reactions were pruritus (43 participants) and "
    "conjunctivitis. Participants took four tablets under observation.\n"
)


def test_lay_words_are_covered_only_by_terms_the_documents_use():
    vocab = {"pruritus", "tablets", "ocular", "conjunctivitis"}
    question = "Did people get itchy eyes after the pills, and how many?"
    assert {"itchy", "eyes", "pills"} <= lay_covered(question, vocab)
    assert "itchy" not in lay_covered(question, {"tablets", "ocular"})
    assert lay_covered("Will this medicine make my hair fall out?", vocab) == set()


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    a = tiny_assistant(tmp_path_factory.mktemp("lay"), {"trial.md": TRIAL})
    yield a
    a.close()


def test_the_question_analysis_does_not_call_a_covered_lay_word_absent(trial):
    query = analyse(trial.retriever, "Did people get itchy eyes after the pills?")
    assert "itchy" not in query.absent and "pills" not in query.absent
    other = analyse(trial.retriever, "Did people get hair loss after the pills?")
    assert "hair" in other.absent


def test_a_trial_report_words_arms_and_randomisation_its_own_way():
    from assistant.domain.lay_vocabulary import lay_expansions

    vocab = {"allocated", "group", "participants"}
    extra = lay_expansions("How many were randomised to each arm?", vocab)
    assert "allocated" in extra and "group" in extra
    assert lay_expansions("How many were randomised to each arm?", {"participants"}) == []


def test_a_lay_phrase_for_a_named_subject_the_documents_never_mention_is_absent(trial):
    """ "High blood pressure" over a trial report with neither "hypertension", "hypotension" nor
    "pressure": the question's subject is absent. A phrase whose word another covers is not
    ("high sugar" where "sugar" stands for "glucose")."""
    from assistant.domain.lay_vocabulary import lay_missing

    query = analyse(trial.retriever, "Does it cause high blood pressure?")
    assert "blood pressure" in query.absent_named
    assert not trial.ask("Does it cause high blood pressure?").answered
    vocab = {"glucose", "inflammasome"}
    assert lay_missing("Which inflammasome does high sugar switch on?", vocab) == []
    assert analyse(trial.retriever, "Did people get itchy eyes?").absent_named == ()

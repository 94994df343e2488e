"""Several documents: a question whose subject only some of them name is asked of those."""

from __future__ import annotations

from fake_corpus import tiny_assistant

from assistant.answer import NOT_COVERED
from assistant.answer.candidates import subject_documents

LABEL = "\n\n".join(
    f"Apixaban tablets, note {i}. The apparent half-life of apixaban following oral "
    f"administration is approximately 12 hours in healthy adults ({i})."
    for i in range(6)
)
TRIAL = "Magnesium and Sleep in Older Adults\n\n" + "\n\n".join(
    f"Magnesium glycinate was given at bedtime, visit {i}. Diarrhea occurred in 9.7% of "
    f"participants receiving magnesium and 3.2% receiving placebo ({i})."
    for i in range(6)
)


def test_a_drug_or_a_title_word_no_other_document_uses_names_the_subject():
    vocab = {
        "label": {"apixaban", "half", "life", "hours", "versus", "patients"},
        "trial": {"magnesium", "diarrhea", "older", "versus", "patients"},
        "review": {"rapamycin", "older", "life"},
    }
    subjects = {
        "label": ({"eliquis", "label"}, {"apixaban", "eliquis"}),
        "trial": ({"magnesium", "sleep", "older", "versus", "patients"}, set()),
        "review": ({"rapamycin", "aging", "review"}, {"rapamycin"}),
    }
    # "half-life" names no document; magnesium, a title word of the trial alone, names it
    assert subject_documents(["half", "life", "magnesium"], vocab, subjects) == {"trial"}
    # a title word other documents use too ("older", "versus", "patients") names none
    assert subject_documents(["older", "versus", "patients"], vocab, subjects) == frozenset()
    # a drug names every document that uses it
    vocab["trial"].add("rapamycin")
    assert subject_documents(["rapamycin", "older"], vocab, subjects) == {"trial", "review"}
    # two subjects no document shares: any document of either
    assert subject_documents(["apixaban", "magnesium"], vocab, subjects) == {"label", "trial"}
    # no subject word: no narrowing; one document: nothing to choose between
    assert subject_documents(["half", "life", "cost"], vocab, subjects) == frozenset()
    assert subject_documents(["magnesium"], {"trial": vocab["trial"]}, subjects) == frozenset()


def test_another_drugs_half_life_is_not_the_answer(tmp_path):
    a = tiny_assistant(tmp_path, {"label.txt": LABEL, "trial.txt": TRIAL})
    try:
        ans = a.ask("What is the half-life of magnesium?")
        # the trial names magnesium and states no half-life; the label's apixaban half-life
        # is another drug's
        assert "apixaban" not in ans.answer
        assert all(c.doc_id == "trial.txt" for c in ans.citations)
        assert all(h.chunk.doc_id == "trial.txt" for h in ans.hits)
        ans = a.ask("What is the half-life of apixaban?")
        assert ans.answer != NOT_COVERED and "12 hours" in ans.answer
    finally:
        a.close()

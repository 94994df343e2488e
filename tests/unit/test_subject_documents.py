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


def test_a_word_of_a_documents_title_or_drug_names_the_subject():
    vocab = {
        "label": {"apixaban", "half", "life", "hours"},
        "trial": {"magnesium", "diarrhea", "older"},
        "review": {"rapamycin", "older", "life"},
    }
    subjects = {"label": {"apixaban", "eliquis"}, "trial": {"magnesium", "sleep", "older"}}
    # "half-life" names no document; magnesium names the trial
    assert subject_documents(["half", "life", "magnesium"], vocab, subjects) == {"trial"}
    # a title word is asked of every document that uses it, not only of the titled one
    assert subject_documents(["older", "rapamycin"], vocab, subjects) == {"trial", "review"}
    # two subjects no document shares: any document of either
    assert subject_documents(["apixaban", "magnesium"], vocab, subjects) == {"label", "trial"}
    # no subject word, or one every document uses: no narrowing
    assert subject_documents(["half", "life", "cost"], vocab, subjects) == frozenset()
    vocab["review"].add("magnesium")
    vocab["label"].add("magnesium")
    assert subject_documents(["magnesium"], vocab, subjects) == frozenset()
    # one document: nothing to choose between
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

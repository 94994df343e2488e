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


def test_a_word_one_document_is_about_names_the_subject():
    vocab = {"label": {"apixaban", "half", "life", "hours"}, "trial": {"magnesium", "diarrhea"}}
    counts = {"label": {"apixaban": 6, "half": 6, "life": 6}, "trial": {"magnesium": 9}}
    assert subject_documents(["half", "life", "magnesium"], vocab, counts) == {"label", "trial"}
    assert subject_documents(["magnesium", "dose"], vocab, counts) == {"trial"}
    # a word both documents use, or one no document uses, names no document
    vocab["trial"].add("hours")
    assert subject_documents(["hours", "cost"], vocab, counts) == frozenset()
    # one document: nothing to choose between
    assert subject_documents(["magnesium"], {"trial": vocab["trial"]}, counts) == frozenset()
    # a word used in passing (fewer than five passages) is no subject
    counts["trial"] = {"magnesium": 2}
    assert subject_documents(["magnesium"], vocab, counts) == frozenset()
    # unless it is what the document is about (its title, file name or drug)
    subjects = {"label": {"apixaban"}, "trial": {"magnesium", "sleep"}}
    assert subject_documents(["half", "life", "magnesium"], vocab, counts, subjects) == {"trial"}


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

"""A question about what something costs is addressed only by documents that state an amount
of money: "cost" in another sense ("the fitness cost of longevity") does not answer it."""

from __future__ import annotations

from fake_corpus import tiny_assistant

from assistant.answer.query import analyse
from assistant.text.money import states_money

REVIEW = "# Trade-offs\n\nLongevity has a fitness cost: fewer offspring early in life.\n"
PRICED = "# Access\n\nA month of treatment costs about US$ 1,200 in the United States.\n"


def test_amounts_of_money_are_told_from_other_numbers():
    assert states_money("costs about US$ 1,200") and states_money("120 euros a month")
    assert not states_money("the fitness cost of longevity; 5 mg daily; INR 20; pH 7.4")


def test_a_price_question_over_documents_without_prices_has_its_subject_absent(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = tiny_assistant(tmp_path / "a", {"review.md": REVIEW})
    b = tiny_assistant(tmp_path / "b", {"review.md": REVIEW, "access.md": PRICED})
    try:
        question = "How much does a month of treatment cost?"
        assert analyse(a.retriever, question).absent_named == ("cost",)
        assert analyse(b.retriever, question).absent_named == ()
        assert analyse(a.retriever, "Is Augtyro expensive?").absent_named == ("expensive",)
        # "cost" in another sense is no question about money
        assert analyse(a.retriever, "What is the fitness cost of longevity?").absent_named == ()
        assert not a.ask(question).answered
    finally:
        a.close()
        b.close()

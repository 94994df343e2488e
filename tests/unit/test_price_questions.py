"""A question about what something costs is addressed only by documents that state an amount
of money: "cost" in another sense ("the fitness cost of longevity", "at what cost to
fertility") is no such question, and never declined for it."""

from __future__ import annotations

import pytest
from fake_corpus import tiny_assistant

from assistant.answer.query import analyse
from assistant.text.money import asks_price, states_money

REVIEW = "# Trade-offs\n\nLongevity has a fitness cost: fewer offspring early in life.\n"
PRICED = "# Access\n\nA month of treatment costs about US$ 1,200 in the United States.\n"


@pytest.mark.parametrize(
    "question",
    [
        "How much does a month's supply of sirolimus cost?",
        "What does AUGTYRO cost?",
        "What is the cost of a month of treatment?",
        "How much is a bottle of metformin?",
        "Is this drug expensive?",
        "How much will I have to pay for it?",
        "Does insurance cover temozolomide?",
        "What's the price of metformin?",
    ],
)
def test_price_questions(question):
    assert asks_price(question)


@pytest.mark.parametrize(
    "question",
    [
        "How much does rapamycin extend lifespan, and at what cost to fertility?",
        "Why is reproduction energetically expensive?",
        "What protection is afforded by rapamycin against aging?",
        "How much does the dose cost in side effects?",
        "What is the fitness cost of longevity?",
        "How much is the dose of rapamycin in mice?",
        "What is the cost of prolonging lifespan in flies?",
        # "the cost of" names a price only with a drug or a supply ("of a month of treatment"):
        # these ask of costs in fitness or biology, which a review addresses without prices
        "What is the cost of lifespan extension for the smaller sex?",
        "What is the cost of protein synthesis?",
    ],
)
def test_cost_in_another_sense_is_no_price_question(question):
    assert not asks_price(question)


def test_amounts_of_money_are_told_from_other_numbers():
    for text in ("costs about US$ 1,200", "120 euros a month", "30 €", "Rs. 500", "CAD 40"):
        assert states_money(text), text
    assert not states_money("the fitness cost of longevity; 5 mg daily; INR 20; CHF 2 (1%)")


def test_a_price_question_over_documents_without_prices_is_declined(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = tiny_assistant(tmp_path / "a", {"review.md": REVIEW})
    b = tiny_assistant(tmp_path / "b", {"review.md": REVIEW, "access.md": PRICED})
    try:
        question = "How much does a month of treatment cost?"
        assert analyse(a.retriever, question).unpriced
        assert not analyse(b.retriever, question).unpriced
        answer = a.ask(question)
        assert not answer.answered and "the documents state no prices" in answer.note
        assert not analyse(a.retriever, "What is the fitness cost of longevity?").unpriced
    finally:
        a.close()
        b.close()


def test_a_grant_in_the_acknowledgments_is_no_price(tmp_path):
    grant = "# Acknowledgments\n\nThe trial was funded with US$6.3 million from the sponsor.\n"
    a = tiny_assistant(tmp_path, {"trial.md": REVIEW + "\n" + grant})
    try:
        assert analyse(a.retriever, "How much does one treatment cost a patient?").unpriced
    finally:
        a.close()

"""Amounts of money in text ("$1,200", "US$ 45", "30 €", "120 euros", "EUR 30", "Rs. 500"), and
questions that ask what something costs."""

from __future__ import annotations

import re

_CODES = r"USD|EUR|GBP|CAD|AUD|JPY"  # not CHF or INR: heart failure and a clotting test
MONEY = re.compile(
    rf"(?:[$€£¥₹]|\bUS\$|\bRs\.?|\b(?:{_CODES})\b)\s?\d"
    rf"|\b\d[\d,.]*\s?(?:[€£¥₹]|(?:{_CODES}|dollars?|euros?|rupees?|yen)\b)"
)

_ITEM = r"(?:months?|years?|course|supply|bottle|box|pack|prescription|vial|treatment|therapy)"
_CLAUSE_END = (
    r"(?=\s*(?:$|[?.!,;]|per\b|for (?:a|an|one|each|the|my|me)\b|each\b|a (?:month|year|week|"
    r"day)\b|without\b|with(?:out)? insurance\b|in total\b|now\b|today\b|me\b|us\b|"
    r"(?:a |the )?(?:patient|person|family)s?\b))"
)
#: A question about what something costs, not "cost" in another sense ("at what cost to
#: fertility", "the fitness cost of longevity", "energetically expensive", "afforded by").
PRICE_QUESTION = re.compile(
    r"\bhow much (?:does|do|did|would|will|is|are|was|were|might|could)\b[^?.;,]*?\bcosts?\b"
    + _CLAUSE_END
    + r"|\bwhat (?:does|do|did|would|will)\b[^?.;,]*?\bcost\b"
    + _CLAUSE_END
    + r"|\b(?:cost|price)s? of (?:a |an |one |the |each |my |this )?(?:[\w'’]+ ){0,3}?"
    + _ITEM
    + r"\b|\bhow much is (?:a|an|one|the|each|my)\b[^?.;,]*?\b"
    + _ITEM
    + r"\b|\b(?:prices?|pricing|priced|insurance|co-?pays?|out[- ]of[- ]pocket|reimburs\w*|"
    r"affordable|afford)\b"
    r"|\b(?:how|too|very|more|less|so) (?:expensive|costly|cheap)\b"
    r"|\b(?:is|are) (?:(?!\w+ly\b)[\w-]+ ){1,2}(?:expensive|costly|cheap)\b"
    r"|\bcheap(?:er|est)? (?:version|generic|alternative|option|source)"
    r"|\bhow much (?:will|would|do|does|did|must|should) (?:i|we|you|they|patients?|people) "
    r"(?:have to |need to )?(?:pay|spend)\b",
    re.I,
)


def states_money(text: str) -> bool:
    """Whether ``text`` states an amount of money."""
    return MONEY.search(text) is not None


def asks_price(question: str) -> bool:
    """Whether ``question`` asks what something costs."""
    return PRICE_QUESTION.search(question) is not None

"""Amounts of money in text: "$1,200", "US$ 45", "120 euros", "EUR 30"."""

from __future__ import annotations

import re

MONEY = re.compile(
    r"(?:[$€£¥]|\bUS\$|\b(?:USD|EUR|GBP|CHF)\b)\s?\d"
    r"|\b\d[\d,.]*\s?(?:USD|EUR|GBP|CHF|dollars?|euros?|rupees?)\b",
    re.I,
)


def states_money(text: str) -> bool:
    """Whether ``text`` states an amount of money."""
    return MONEY.search(text) is not None

"""Initials of word runs: how an acronym a reader writes is found spelled out in a document."""

from __future__ import annotations

import re

_LINKING = frozenset({"and", "of", "the", "for", "in", "on", "with", "to", "a", "an", "or"})


def initial_letters(text: str) -> str:
    """The first letter of every word of ``text`` in order (small linking words skipped), lower
    case: "Food and Drug Administration" gives "fda", so ``"fda" in initial_letters(text)`` says
    whether the text spells out a long form with those initials."""
    words = re.findall(r"[A-Za-z][\w-]*", text)
    return "".join(w[0].lower() for w in words if w.lower() not in _LINKING)

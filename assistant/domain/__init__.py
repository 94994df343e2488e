"""Doses and adverse effects of any drug in any document, rule-based and cited.

* :mod:`.vocabulary`, :mod:`.effect_vocabulary`, :mod:`.lexicon` - the words, as data;
* :mod:`.drugs` - which drugs a document is about (or ``--drug``);
* :mod:`.sentences` - sentence analysis shared by the rules;
* :mod:`.regimens` - dose statements; :mod:`.effects` - adverse effects in prose;
* :mod:`.tables` - dosage and adverse-reaction table rows; :mod:`.rates` - "term (N%)" lists;
* :mod:`.filters` - filters and printable rows.

Everything is a pure function of the chunks (no model, no index): the records are rebuilt in
milliseconds whenever they are needed, so they can never go stale against the index.
"""

from __future__ import annotations

from .effect_vocabulary import EFFECT_SYNONYMS, EFFECT_TERMS, NO_EFFECT, STOMATITIS
from .effects import extract_adverse_effects
from .filters import (
    EFFECT_COLUMNS,
    REGIMEN_COLUMNS,
    canonical_effect,
    effect_rows,
    filter_effects,
    filter_regimens,
    regimen_rows,
    subject_kinds,
)
from .regimens import extract_regimens

__all__ = [
    "EFFECT_COLUMNS",
    "EFFECT_SYNONYMS",
    "EFFECT_TERMS",
    "NO_EFFECT",
    "REGIMEN_COLUMNS",
    "STOMATITIS",
    "canonical_effect",
    "effect_rows",
    "extract_adverse_effects",
    "extract_regimens",
    "filter_effects",
    "filter_regimens",
    "regimen_rows",
    "subject_kinds",
]

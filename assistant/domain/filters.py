"""Filters (by subject, by effect under any wording) and rows for CSV/JSON/tables (records of one
document are chosen as passages are: :func:`assistant.search.retrieve.select_documents`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ..records import AdverseEffect, Regimen
from .effect_vocabulary import _BROADER, EFFECT_SYNONYMS, EFFECT_TERMS
from .lay_vocabulary import lay_terms_of
from .vocabulary import _I

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mice", re.compile(r"\b(?:mice|mouse|murine|UMHET3)\b", _I)),
    ("rats", re.compile(r"\brats?\b", _I)),
    ("drosophila", re.compile(r"\b(?:drosophila|fruit ?fl(?:y|ies)|flies)\b", _I)),
    ("worms", re.compile(r"\b(?:c\. elegans|caenorhabditis|nematodes?|worms?)\b", _I)),
    ("yeast", re.compile(r"\byeasts?\b", _I)),
)
_HUMAN = re.compile(
    r"\b(?:humans?|patients?|adults?|individuals|participants|subjects|recipients|people|elderly|"
    r"seniors|volunteers|cohort|men|women|children|transplantation)\b",
    _I,
)
_OLDER = re.compile(r"\b(?:older|elderly|seniors)\b", _I)

_SUBJECT_QUERIES: dict[str, str] = {
    **dict.fromkeys(["mouse", "mice", "murine", "rodent mice"], "mice"),
    **dict.fromkeys(["rat", "rats"], "rats"),
    **dict.fromkeys(["fly", "flies", "fruit fly", "fruit flies", "drosophila"], "drosophila"),
    **dict.fromkeys(["worm", "worms", "nematode", "nematodes", "c. elegans"], "worms"),
    **dict.fromkeys(["yeast"], "yeast"),
    **dict.fromkeys(
        [
            "human",
            "humans",
            "patient",
            "patients",
            "adult",
            "adults",
            "people",
            "person",
            "persons",
            "participants",
            "subjects",
            "individuals",
            "clinical",
            "clinical trials",
            "trials",
        ],
        "humans",
    ),
    **dict.fromkeys(
        [
            "older adults",
            "older adult",
            "elderly",
            "older people",
            "older humans",
            "seniors",
            "older individuals",
            "aged humans",
        ],
        "older humans",
    ),
}
_SUBJECT_ALIASES: dict[str, tuple[str, ...]] = {
    "tsc": ("tsc", "tuberous sclerosis"),
    "tuberous sclerosis": ("tsc", "tuberous sclerosis"),
    "lam": ("lymphangioleiomyomatosis", "lam"),
    "lymphangioleiomyomatosis": ("lymphangioleiomyomatosis", "lam"),
    "sle": ("sle", "lupus"),
    "lupus": ("sle", "lupus"),
    "ra": ("rheumatoid arthritis",),
    "rodents": ("mice", "mouse", "murine", "rat"),
    "rodent": ("mice", "mouse", "murine", "rat"),
    "transplant": ("transplant",),
}


def subject_kinds(subject: str) -> frozenset[str]:
    """Coarse kinds of a subject: mice, rats, drosophila, worms, yeast, humans, older humans."""
    kinds = {name for name, pat in _KINDS if pat.search(subject)}
    if not kinds and _HUMAN.search(subject):
        kinds.add("humans")
        if _OLDER.search(subject):
            kinds.add("older humans")
    return frozenset(kinds)


def _norm(query: str) -> str:
    return " ".join(query.lower().split())


def filter_regimens(regimens: Iterable[Regimen], subject: str | None = None) -> list[Regimen]:
    """Regimens whose subject matches ``subject`` (case-insensitive; None or "" keeps all).

    "mouse", "mice" and "murine" all find mouse studies (UMHET3, middle-aged, murine models);
    "human", "patients" or "adults" find every human population; "older adults"/"elderly" the
    older ones; anything else matches as a substring ("TSC", "breast cancer"), with a few
    abbreviations expanded (LAM, SLE, TSC).
    """
    items = list(regimens)
    if subject is None or not subject.strip():
        return items
    q = _norm(subject)
    kind = _SUBJECT_QUERIES.get(q)
    needles = _SUBJECT_ALIASES.get(q, (q,))
    out = []
    for r in items:
        low = r.subject.lower()
        if (kind is not None and kind in subject_kinds(r.subject)) or any(
            re.search(rf"(?<!\w){re.escape(n)}(?!\w)", low) for n in needles
        ):
            out.append(r)
    return out


def canonical_effect(wording: str) -> str | None:
    """The canonical name of a wording ("mouth sores" -> "stomatitis / oral ulcers"), or None."""
    q = _norm(wording)
    if q in EFFECT_SYNONYMS:
        return EFFECT_SYNONYMS[q]
    for pat, canonical, _gate in EFFECT_TERMS:
        if pat.fullmatch(q):
            return canonical
    return None


def filter_effects(
    effects: Iterable[AdverseEffect], effect: str | None = None
) -> list[AdverseEffect]:
    """Adverse effects matching ``effect`` under any of its wordings (None or "" keeps all).

    The query is normalised through :data:`EFFECT_SYNONYMS` ("ulcers", "mouth sores",
    "stomatitis" all mean "stomatitis / oral ulcers"); a few broader words ("lipids", "blood",
    "infection") cover several effects; otherwise the query matches as a substring of the printed
    effect or its canonical name.
    """
    items = list(effects)
    if effect is None or not effect.strip():
        return items
    q = _norm(effect)
    found = _matching(items, [q])
    if not found:
        # an everyday wording the records never use: "taste" finds "dysgeusia", "shortness of
        # breath" "dyspnea" (only then, so "mouth sores" stays stomatitis, not all mucositis)
        found = _matching(items, [t.lower() for t in lay_terms_of(q)])
    return found


def _matching(items: list[AdverseEffect], wordings: list[str]) -> list[AdverseEffect]:
    """The effects any of ``wordings`` names: by canonical name, broader word or substring."""
    targets: set[str] = set()
    for w in wordings:
        targets.update(_BROADER.get(w, ()))
        canonical = canonical_effect(w)
        if canonical is not None:
            targets.add(canonical)
    return [
        e
        for e in items
        if e.canonical in targets
        or any(w in e.effect.lower() or w in e.canonical.lower() for w in wordings)
    ]


# ------------------------------------------------------------------------------------------------
# Rows for CSV / JSON / tables

#: Where a record was read and of which drug (columns of both kinds of rows, in this order).
_SOURCE_COLUMNS = ("section", "page", "lines", "chunk_id", "sentence", "drug")
#: Column order of :func:`regimen_rows`.
REGIMEN_COLUMNS: tuple[str, ...] = (
    *("dose", "amount", "unit", "schedule", "duration", "route", "subject", "trial", "effect"),
    *_SOURCE_COLUMNS,
    *("kind", "arm", "population", "document"),
)
#: Column order of :func:`effect_rows`.
EFFECT_COLUMNS: tuple[str, ...] = (
    *("effect", "canonical", "regimen", "population", "frequency"),
    *_SOURCE_COLUMNS,
    *("arm", "grade", "document"),
)


def _lines(lines: tuple[int, int]) -> str:
    return f"{lines[0]}-{lines[1]}" if lines[0] != lines[1] else str(lines[0])


#: Row values that are not a field of the same name; every other column is the field as it is.
_DERIVED: dict[str, Callable[[Regimen | AdverseEffect], str]] = {
    "page": lambda r: (
        "" if r.page is None else str(r.page) + (f"-{r.page_end}" if r.page_end else "")
    ),
    "lines": lambda r: _lines(r.lines),
    "document": lambda r: r.doc_id,
}


def _rows(
    records: Iterable[Regimen | AdverseEffect], columns: tuple[str, ...]
) -> list[dict[str, str]]:
    """Records as rows of strings, keys in ``columns`` order."""
    return [
        {c: _DERIVED[c](r) if c in _DERIVED else getattr(r, c) for c in columns} for r in records
    ]


def json_row(record: Regimen | AdverseEffect, row: dict[str, str]) -> dict[str, Any]:
    """``row`` of ``record`` for JSON: the page as a number (or null), the lines as
    ``[first, last]`` and ``page_end`` (null unless the lines end on a later page), as in
    ``ask --json`` citations; every other value stays a string."""
    return {**row, "page": record.page, "lines": list(record.lines), "page_end": record.page_end}


def regimen_rows(regimens: Iterable[Regimen]) -> list[dict[str, str]]:
    """Regimens as rows of strings, keys in :data:`REGIMEN_COLUMNS` order."""
    return _rows(regimens, REGIMEN_COLUMNS)


def effect_rows(effects: Iterable[AdverseEffect]) -> list[dict[str, str]]:
    """Adverse effects as rows of strings, keys in :data:`EFFECT_COLUMNS` order."""
    return _rows(effects, EFFECT_COLUMNS)

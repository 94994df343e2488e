"""Doses and adverse effects: kept as the import path of :mod:`assistant.domain` (see there)."""

from __future__ import annotations

from .domain import (
    EFFECT_COLUMNS,
    EFFECT_SYNONYMS,
    EFFECT_TERMS,
    NO_EFFECT,
    REGIMEN_COLUMNS,
    STOMATITIS,
    canonical_effect,
    effect_rows,
    extract_adverse_effects,
    extract_regimens,
    filter_by_document,
    filter_effects,
    filter_regimens,
    regimen_rows,
    subject_kinds,
)

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
    "filter_by_document",
    "filter_effects",
    "filter_regimens",
    "regimen_rows",
    "subject_kinds",
]

"""The interventions a document is about, found in the document itself (or given as ``--drug``).

A *drug-like word* ends in an INN stem of :data:`lexicon.DRUG_STEMS` ("-nib", "-ectin",
"-mycin"...). A document's drugs are the drug-like words named at least
:data:`lexicon.DRUG_MIN_COUNT` times (or as often as the most frequent one, in a short text) and at
least :data:`lexicon.DRUG_MIN_SHARE` as often as the most frequent one, so a review of rapamycin
yields rapamycin and a trial of moxidectin versus ivermectin yields both, while a drug named once in
passing (itraconazole in an interaction study) does not. A brand name printed as
``BRAND (generic)`` ("AUGTYRO (repotrectinib)") is an alias of its generic name.
:data:`lexicon.DRUG_ALIASES` adds known other names (sirolimus).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from ..records import Chunk, Document
from ..text.abbreviations import brand_names
from . import lexicon

_STEM = re.compile(
    r"\b[A-Za-z][a-z]+(?:" + "|".join(sorted(lexicon.DRUG_STEMS, key=len, reverse=True)) + r")\b"
)


def drug_counts(text: str) -> Counter[str]:
    """How often each drug-like word occurs in ``text`` (lower case)."""
    skip = set(lexicon.NOT_DRUGS)
    return Counter(
        w for m in _STEM.finditer(text) if (w := m.group(0).lower()) not in skip and len(w) > 5
    )


def brands(text: str) -> dict[str, str]:
    """Brand name (lower case) -> generic name (its first word: "metformin" of "metformin
    hydrochloride"), from ``BRAND (generic)`` in ``text`` (the grammar the question's
    abbreviations use, :func:`assistant.text.abbreviations.brand_names`)."""
    return {brand.lower(): generic.split()[0].lower() for brand, generic in brand_names(text)}


def document_drugs(text: str) -> list[str]:
    """The drugs ``text`` is about, most named first (rules in the module docstring)."""
    counts = drug_counts(text)
    for brand, generic in brands(text).items():
        n = len(re.findall(rf"\b{re.escape(brand)}\b", text, re.IGNORECASE))
        counts[generic] += n
    if not counts:
        return []
    top = counts.most_common(1)[0][1]
    floor = max(min(lexicon.DRUG_MIN_COUNT, top), lexicon.DRUG_MIN_SHARE * top)
    return [w for w, n in counts.most_common() if n >= floor]


def aliases(names: Iterable[str], text: str = "") -> dict[str, str]:
    """Every wording of ``names`` (lower case) -> its drug name: itself, brands, known aliases."""
    out: dict[str, str] = {}
    found = brands(text)
    for name in names:
        key = name.lower()
        out[key] = key
        for alias in lexicon.DRUG_ALIASES.get(key, ()):
            out.setdefault(alias, key)
        for brand, generic in found.items():
            if generic == key:
                out[brand] = key
    return out


def drug_pattern(wordings: Iterable[str]) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of ``wordings`` as a whole word."""
    words = sorted({w for w in wordings if w}, key=len, reverse=True)
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def first_drug(text: str, wordings: dict[str, str]) -> str:
    """The drug of the first wording of ``wordings`` in ``text`` ("" when none)."""
    m = drug_pattern(wordings).search(text)
    return wordings[m.group(0).lower()] if m else ""


def corpus_drugs(
    chunks: Sequence[Chunk],
    documents: Mapping[str, Document] | None = None,
    drug: str | None = None,
) -> dict[str, dict[str, str]]:
    """doc_id -> wordings of its drugs (wording -> drug name), for every document of ``chunks``.

    ``drug`` (the ``--drug`` option; several names separated by commas) replaces what the
    documents would name. A document's text is its :class:`Document` when given, else its chunks.
    """
    texts: dict[str, list[str]] = {}
    for c in chunks:
        texts.setdefault(c.doc_id, []).append(c.text)
    out: dict[str, dict[str, str]] = {}
    for doc_id, parts in texts.items():
        doc = documents.get(doc_id) if documents else None
        text = doc.text if doc is not None else "\n".join(parts)
        names = [n.strip() for n in drug.split(",") if n.strip()] if drug else document_drugs(text)
        out[doc_id] = aliases(names, text)
    return out

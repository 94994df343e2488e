"""Adverse effects in prose sentences: :class:`AdverseEffect` records.

Rules that decide what is an adverse effect
-------------------------------------------
A term of :data:`EFFECT_TERMS` makes a record when the sentence is about one of the document's
drugs (as for regimens), the term is not governed by a protective verb in its clause ("may
attenuate the predisposition to pneumonia" is a benefit), and either the term is a harm by nature
(stomatitis, thrombocytopenia...) or, for terms that are also used for diseases the drug treats or
for risks of ageing (infections, pneumonia), the sentence speaks of harm ("adverse", "caused",
"attributed to", "risk of"...). Explicit "well tolerated"/"no side effects" statements are kept too
(canonical :data:`NO_EFFECT`), because a safety table that hides them misleads.

Adverse-event tables and the "term (N%)" lists of labels and trials are read by
:mod:`assistant.domain.tables` and :mod:`assistant.domain.rates`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..records import AdverseEffect, Chunk, Document
from .drugs import corpus_drugs, drug_pattern, first_drug
from .effect_vocabulary import _BENEFIT, _FREQUENCY, EFFECT_TERMS, NO_EFFECT
from .rates import prose_rates
from .sentences import NEVER, _join, _Mention, _sentences, sentence_source
from .tables import table_effects, tables
from .vocabulary import _ANAPHORA_DOSE, _ANAPHORA_SUBJECT

#: A disease measured in participants ("stratified by level of infection"), not an effect.
_DISEASE_MEASURE = re.compile(
    r"\b(?:level|intensity|prevalence|burden|lifetime risk|severity) of\s+$", re.I
)


def _frequencies(text: str, effects: list[_Mention]) -> list[str]:
    """The frequency of each effect: a single one applies to all, else the one right after it."""
    freqs = [_Mention(m.start(), m.end(), m.group(0)) for m in _FREQUENCY.finditer(text)]
    if not freqs:
        return ["" for _ in effects]
    if len(freqs) == 1:
        return [freqs[0].text for _ in effects]
    out = []
    for i, eff in enumerate(effects):
        stop = effects[i + 1].start if i + 1 < len(effects) else len(text)
        after = [f for f in freqs if eff.end <= f.start < stop]
        out.append(after[0].text if after else "")
    return out


def _effect_mentions(text: str) -> list[tuple[_Mention, str]]:
    """Effect terms of a sentence that pass their gates, as (mention, canonical)."""
    raw: list[tuple[_Mention, str]] = []
    for pat, canonical, gate in EFFECT_TERMS:
        if gate is not None and not gate.search(text):
            continue
        for m in pat.finditer(text):
            raw.append((_Mention(m.start(), m.end(), m.group(0)), canonical))
    raw.sort(key=lambda x: (x[0].start, -(x[0].end - x[0].start)))
    kept: list[tuple[_Mention, str]] = []
    for mention, canonical in raw:
        if any(k.start < mention.end and mention.start < k.end for k, _ in kept):
            continue  # overlaps a longer wording already taken
        clause_start = max(text.rfind(";", 0, mention.start), text.rfind(":", 0, mention.start))
        window = text[max(clause_start + 1, mention.start - 60) : mention.start]
        if canonical != NO_EFFECT and _BENEFIT.search(window):
            continue
        if _DISEASE_MEASURE.search(window):
            continue  # "level of infection": how ill participants were, not a harm
        kept.append((mention, canonical))
    return kept


def extract_adverse_effects(
    chunks: Sequence[Chunk],
    documents: Mapping[str, Document] | None = None,
    drug: str | None = None,
) -> list[AdverseEffect]:
    """Every adverse-effect mention of ``chunks`` with its regimen, population and frequency.

    One record per (sentence, canonical effect); see the module docstring for what counts.
    ``drug`` replaces the drug names the documents would give (as in ``extract_regimens``).
    """
    wordings = corpus_drugs(chunks, documents, drug)
    gates = {doc_id: drug_pattern(w) for doc_id, w in wordings.items()}
    arms = {d: list(dict.fromkeys(w.values())) for d, w in wordings.items()}
    names = {
        d: next(iter(w.values()), "") if len(set(w.values())) == 1 else ""
        for d, w in wordings.items()
    }
    rated, read = prose_rates(chunks, documents, arms, names)
    # A sentence whose rates were read gives those records, not one record per effect word.
    out = _prose_effects(chunks, documents, wordings, gates, read)
    out.extend(rated)
    for rows in tables(chunks):
        doc_id = rows[0].chunk.doc_id
        doc = documents.get(doc_id) if documents else None
        vocabulary = (doc.text if doc is not None else " ".join(c.text for c in chunks)).lower()
        out.extend(table_effects(rows, wordings.get(doc_id, {}), vocabulary))
    return out


def _prose_effects(
    chunks: Sequence[Chunk],
    documents: Mapping[str, Document] | None,
    wordings: Mapping[str, dict[str, str]],
    gates: Mapping[str, re.Pattern[str]],
    skip: set[tuple[str, int]] = frozenset(),  # type: ignore[assignment]
) -> list[AdverseEffect]:
    """The effects of prose sentences (rules in the module docstring), except those at ``skip``."""
    out: list[AdverseEffect] = []
    for sentence in _sentences(chunks, gates):
        if (sentence.chunk.doc_id, sentence.start) in skip:
            continue
        a = sentence.analysis
        gate = gates.get(sentence.chunk.doc_id, NEVER)
        if not a.about_drug:
            continue
        mentions = _effect_mentions(sentence.text)
        if not mentions:
            continue
        prev = sentence.prev.analysis if sentence.prev is not None else None
        regimen = a.summary()
        population = a.subject
        anaphoric = bool(
            _ANAPHORA_SUBJECT.search(sentence.text) or _ANAPHORA_DOSE.search(sentence.text)
        )
        if prev is not None and anaphoric and not gate.search(sentence.text):
            # "Five of the 11 subjects who completed the trial reported ...": the trial is the
            # one of the sentence before.
            regimen = regimen or prev.summary()
            population = population or prev.subject
        freqs = _frequencies(sentence.text, [m for m, _ in mentions])
        merged: dict[str, tuple[list[str], list[str]]] = {}
        for (mention, canonical), freq in zip(mentions, freqs, strict=True):
            words, fs = merged.setdefault(canonical, ([], []))
            words.append(mention.text)
            fs.append(freq)
        cited = sentence_source(sentence, documents)
        for canonical, (words, fs) in merged.items():
            out.append(
                AdverseEffect(
                    effect="; ".join(dict.fromkeys(words)),
                    canonical=canonical,
                    regimen=regimen,
                    population=population,
                    frequency=_join(fs),
                    drug=first_drug(sentence.text, wordings.get(sentence.chunk.doc_id, {})),
                    **cited,
                )
            )
    return out

"""Drug labels: recommended doses and dose-reduction levels, not every dose the label prints.

A document is a *label* when one of its sections is headed by :data:`lexicon.LABEL_HEADINGS`
("DOSAGE AND ADMINISTRATION"). In a label:

* a prose dose is a regimen only when its sentence recommends or gives it (:data:`_GIVEN`:
  "recommended dosage", "received", "Recommended Dosage:") and its section is not one of
  :data:`lexicon.NON_REGIMEN_SECTIONS` (animal data, pharmacology, supply); the sentence makes one
  ``kind="recommended"`` record per distinct dose, with every schedule of
  :data:`lexicon.SCHEDULE_CANON` it names ("once daily, twice daily");
* each "dose schedule" pair of a row of a dose-reduction table (caption with
  :data:`lexicon.REDUCTION_TABLE_WORDS`) is a ``kind="reduction"`` record; the row headed "Dose"
  is the starting dose, not a reduction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..records import Chunk, Document, Regimen
from . import lexicon
from .drugs import first_drug
from .sentences import _Sentence

_GIVEN = re.compile(
    r"\brecommended dos(?:age|e)\b|\breceived\b|\bwas administered\b|\bwere given\b", re.I
)
_ANIMALS = re.compile(r"\b(?:rats?|mice|dogs|monkeys|rabbits|animals?)\b", re.I)
_UNITS = "|".join(re.escape(u) for u in sorted(lexicon.DOSE_UNITS, key=len, reverse=True))
_DOSE = re.compile(rf"(?<![\w.])(\d+(?:\.\d+)?)\s*({_UNITS})(?![\w/])")
_SCHEDULE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(w) for w in sorted(lexicon.SCHEDULE_CANON, key=len, reverse=True))
    + r")(?!\w)",
    re.I,
)


def is_label(chunks: Sequence[Chunk]) -> bool:
    """Whether ``chunks`` (one document) are a drug label (module docstring)."""
    return any(
        h in (c.section + " " + c.text[:200]).lower()
        for c in chunks
        for h in lexicon.LABEL_HEADINGS
    )


def schedules(text: str) -> str:
    """Canonical schedules named in ``text``, in order, joined by ", "."""
    found = [lexicon.SCHEDULE_CANON[m.group(0).lower()] for m in _SCHEDULE.finditer(text)]
    return ", ".join(dict.fromkeys(s for s in found if s != "single dose" or "single" in text))


def keeps_sentence(sentence: _Sentence) -> bool:
    """Whether a label sentence states a recommended or given dose (module docstring)."""
    section = sentence.chunk.section.lower()
    if any(w in section for w in lexicon.NON_REGIMEN_SECTIONS):
        return False
    return bool(_GIVEN.search(sentence.text)) and not _ANIMALS.search(sentence.text)


def _record(chunk: Chunk, dose: str, schedule: str, kind: str, drug: str, text: str) -> Regimen:
    amount, unit = dose.split(" ", 1)
    return Regimen(
        dose=dose,
        amount=amount,
        unit=unit,
        schedule=schedule,
        duration="",
        route="oral" if re.search(r"\borally\b|\boral\b", text, re.I) else "",
        subject="",
        trial="",
        effect="",
        chunk_id=chunk.chunk_id,
        section=chunk.section,
        lines=chunk.lines,
        sentence=text,
        page=chunk.page,
        drug=drug,
        kind=kind,
        doc_id=chunk.doc_id,
    )


def recommended(
    sentence: _Sentence, drug: str, lines: tuple[int, int], page: int | None
) -> list[Regimen]:
    """One record per distinct dose of a kept label sentence."""
    doses = dict.fromkeys(f"{m.group(1)} {m.group(2)}" for m in _DOSE.finditer(sentence.text))
    sched = schedules(sentence.text)
    out = []
    for dose in doses:
        rec = _record(sentence.chunk, dose, sched, "recommended", drug, sentence.text)
        out.append(Regimen(**{**rec.__dict__, "lines": lines, "page": page}))
    return out


def reductions(chunks: Sequence[Chunk], wordings: Mapping[str, dict[str, str]]) -> list[Regimen]:
    """The levels of every dose-reduction table row of ``chunks``."""
    out: list[Regimen] = []
    for c in chunks:
        caption = c.context.lower()
        if c.kind != "table_row" or not any(w in caption for w in lexicon.REDUCTION_TABLE_WORDS):
            continue
        if c.text.strip().lower().startswith(("dose ", "table")):
            continue
        drug = first_drug(c.context + " " + c.text, wordings.get(c.doc_id, {}))
        pairs = list(_DOSE.finditer(c.text))
        for i, m in enumerate(pairs):
            stop = pairs[i + 1].start() if i + 1 < len(pairs) else len(c.text)
            sched = schedules(c.text[m.end() : stop])
            out.append(_record(c, f"{m.group(1)} {m.group(2)}", sched, "reduction", drug, c.text))
    return out


def label_documents(chunks: Sequence[Chunk], documents: Mapping[str, Document] | None) -> set[str]:
    """doc_ids of the documents of ``chunks`` that are labels."""
    by_doc: dict[str, list[Chunk]] = {}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c)
    return {d for d, cs in by_doc.items() if is_label(cs)}

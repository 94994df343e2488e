"""Dose statements: prose sentences and dose columns of tables become :class:`Regimen` records.

Rules that decide what is a regimen
-----------------------------------
* The sentence must be about one of the document's drugs (:mod:`assistant.domain.drugs`: named in
  it, or pointed back at by "the mentioned dose", "these patients", "the participants").
* A dose is a number *with a dose unit* (:data:`assistant.text.doses.DOSE`, the grammar the chat
  highlights: mg, µg, mcg, ng or g, alone or per kg, m2, day, week, session or mL; IU; units; mM,
  µM, nM; ppm; "%" only in a topical context). Reference numbers ([55]), years (2022), trial
  phases ("phase II"), ages ("70 to 79 years"), frequencies ("27% of patients") and protein names
  (IL-1, S6K1, 40S) therefore never become doses.
* A duration counts only when tied to the treatment ("three-month rapamycin", "for 3 months",
  "6 months of rapamycin feeding", "initial 45 days of their life"): "6 months after withdrawal",
  "between 2 and 4 weeks" (an onset) and "ten years of research" are not durations of a regimen.
* Every numeric dose makes one record. A sentence without a numeric dose makes one record when it
  states a duration, or when it gives a schedule, route or dose level *and* a subject, or two of
  schedule/route/dose level ("a brief period of high-dose rapamycin"). A bare "at low doses" or
  "intermittent administration" with nothing else is general advice, not a regimen.
* With several doses in one sentence, a schedule/duration/route/trial mentioned once applies to all;
  mentioned once per dose, they pair in order; otherwise each goes to the nearest dose.
* "the mentioned dose" takes the dose of the sentence before; "these patients"/"the participants"/
  "these trials" take its subject.
* Table rows with a dose column ("Rapamycin dose", "Dose") become one record each, from their
  columns ("Subjects", "Trial number", "Assessment", "Phase", "Status", "Year").
* Drug labels (:mod:`assistant.domain.labels`): doses in animal, pharmacology and supply sections
  are not regimens; dose-reduction tables give one ``kind="reduction"`` record per level;
  dosage-modification tables and "no dosage modification is recommended for ..." sentences give
  ``kind="modification"`` records.
* Trial and programme conventions: a schedule of a treatment programme named without a dose
  ("annual community-directed ivermectin treatment", "twice yearly mass administrations";
  :data:`lexicon.PROGRAMME_SCHEDULES`) makes a dose-less record for the drug named nearest; a
  dose followed by "tablets"/"capsules" is a strength ("tablet strength" plus the document's
  schedule for that drug); a plain dose statement repeating an earlier one of the same drug and
  dose without adding a schedule, duration, subject, trial or outcome is dropped; flow-chart
  figure text gives no dose-less records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..records import Chunk, Document, Regimen
from . import lexicon
from .drugs import corpus_drugs, drug_pattern, first_drug
from .labels import (
    keeps_sentence,
    label_documents,
    modifications,
    prose_modifications,
    recommended,
    reductions,
    schedules,
)
from .sentences import (
    _TRIAL,
    _cite,
    _Dose,
    _doses,
    _durations,
    _join,
    _Mention,
    _routes,
    _Sentence,
    _sentences,
    _spans,
    sentence_source,
    source,
)
from .vocabulary import _BARE_DURATION, _SCHEDULES

_PROGRAMME_WORDS = "|".join(
    re.escape(w)
    for w in sorted(lexicon.SCHEDULE_CANON, key=len, reverse=True)
    if lexicon.SCHEDULE_CANON[w] in lexicon.PROGRAMME_SCHEDULES
)
#: "annual", "twice yearly", "annual and biannual": one schedule group.
_PROGRAMME = re.compile(
    rf"(?<![\w-])(?:{_PROGRAMME_WORDS})(?:\s+(?:and|or)\s+(?:{_PROGRAMME_WORDS}))*(?![\w-])", re.I
)
#: A dose that is the strength of a tablet or capsule ("2 mg moxidectin tablets").
_STRENGTH = re.compile(r"\s*(?:[\w-]+\s+)?(?:tablets?|capsules?)\b", re.I)


def _field(chunk: Chunk, *names: str) -> str:
    for name, value in chunk.fields:
        if any(n in name.lower() for n in names):
            return value.strip()
    return ""


def _table_regimen(chunk: Chunk) -> Regimen | None:
    """A table row as a regimen: its dose column, subjects, trial number and endpoint."""
    dose_text = _field(chunk, "dose", "regimen", "dosage")
    if not dose_text:
        dose_text = chunk.text
    doses = _doses(dose_text)
    if not doses:
        return None
    d = doses[0]
    if len(doses) > 1:  # "0.5 mg/day ... 2 mg/day" in one cell: keep the cell's wording
        d = _Dose(
            doses[0].start,
            doses[-1].end,
            dose_text[doses[0].start : doses[-1].end],
            _join(x.amount for x in doses),
            doses[0].unit,
        )
    durations = _durations(dose_text, doses) or [
        _Mention(m.start(), m.end(), m.group(0)) for m in _BARE_DURATION.finditer(dose_text)
    ]
    schedules = _spans(_SCHEDULES, dose_text)
    routes = _routes(dose_text)
    trial = _field(chunk, "trial", "nct", "registration")
    if not _TRIAL.fullmatch(trial):
        found = _TRIAL.search(chunk.text)
        trial = found.group(0) if found else trial
    subject = _field(chunk, "subject", "population", "participant", "patients")
    endpoint = _field(chunk, "assessment", "outcome", "endpoint")
    extras = [
        f"phase {p}" if (p := _field(chunk, "phase")) else "",
        _field(chunk, "status"),
        _field(chunk, "year"),
    ]
    effect = endpoint
    if any(extras):
        effect = (
            f"{endpoint} ({'; '.join(x for x in extras if x)})"
            if endpoint
            else "; ".join(x for x in extras if x)
        )
    return Regimen(
        dose=d.dose,
        amount=d.amount,
        unit=d.unit,
        schedule=_join(m.text for m in schedules),
        duration=_join(m.text for m in durations),
        route=_join(m.text for m in routes),
        subject=subject,
        trial=trial,
        effect=f"endpoint: {effect}" if effect else "",
        **source(chunk, chunk.text),  # the doc_id is set again by _table_records
    )


def _dose_drug(text: str, end: int, wordings: dict[str, str], default: str) -> str:
    """The drug named right after a dose ("8 mg moxidectin"), else ``default``."""
    m = drug_pattern(wordings).match(text, end + 1) if end < len(text) else None
    return wordings[m.group(0).lower()] if m else default


def _sentence_regimens(
    sentence: _Sentence,
    documents: Mapping[str, Document] | None,
    drug: str,
    wordings: dict[str, str],
) -> list[Regimen]:
    """The records of one prose sentence already analysed as a regimen."""
    a = sentence.analysis
    cited = sentence_source(sentence, documents)
    doses = a.doses or [_Dose(0, 0, a.level, "", "", a.schedule, a.duration, a.route, a.trial)]
    return [
        Regimen(
            dose=d.dose,
            amount=d.amount,
            unit=d.unit,
            schedule=d.schedule or (schedules(sentence.text) if d.dose else ""),
            duration=d.duration,
            route=d.route,
            subject=a.subject,
            trial=d.trial,
            effect=a.outcome,
            drug=_dose_drug(sentence.text, d.end, wordings, drug) if d.dose else drug,
            **cited,
        )
        for d in doses
    ]


def _line_rows(chunk: Chunk, documents: Mapping[str, Document] | None) -> list[Chunk]:
    """The printed lines of a ``table_text`` chunk (a table whose cells could not be told apart)
    as rows of their own, each citing its own source line: a dose stands on the line of its
    study, as it did when the table was read row by row."""
    doc = documents.get(chunk.doc_id) if documents else None
    out: list[Chunk] = []
    for m in re.finditer(r"[^\n]+", chunk.text):
        start, end = chunk.start + m.start(), chunk.start + m.end()
        where = doc.location(start, end) if doc is not None else chunk.location
        out.append(replace(chunk, text=m.group(0), start=start, end=end, location=where))
    return out


def _table_records(
    chunks: Sequence[Chunk],
    wordings: Mapping[str, dict[str, str]],
    labels: set[str],
    documents: Mapping[str, Document] | None = None,
) -> list[tuple[tuple[str, int, int], Regimen]]:
    """Dose-reduction levels of labels and dose-column rows of other tables."""
    found = [((r.doc_id, 0, i), r) for i, r in enumerate(reductions(chunks, wordings))]
    label_chunks = [c for c in chunks if c.doc_id in labels]
    found.extend(((r.doc_id, 1, i), r) for i, r in enumerate(modifications(label_chunks, wordings)))
    rows: list[Chunk] = []
    for chunk in chunks:
        if chunk.doc_id in labels:
            continue
        if chunk.kind == "table_row":
            rows.append(chunk)
        elif chunk.kind == "table_text":
            rows.extend(_line_rows(chunk, documents))
    for chunk in rows:
        rec = _table_regimen(chunk)
        if rec is not None:
            name = first_drug(chunk.text + " " + chunk.context, wordings.get(chunk.doc_id, {}))
            found.append(
                ((chunk.doc_id, chunk.start, 0), replace(rec, drug=name, doc_id=chunk.doc_id))
            )
    return found


def extract_regimens(
    chunks: Sequence[Chunk],
    documents: Mapping[str, Document] | None = None,
    drug: str | None = None,
) -> list[Regimen]:
    """Every dosing statement of ``chunks``, in reading order (rules in the module docstring).

    ``documents`` (doc_id -> Document, as in ``LoadedIndex.documents``) is optional; when given,
    each record cites the source lines of its own sentence rather than of its whole chunk and the
    drug names are read from the whole document. ``drug`` ("name" or "a,b") replaces the names
    the documents would give.
    """
    wordings = corpus_drugs(chunks, documents, drug)
    gates = {doc_id: drug_pattern(w) for doc_id, w in wordings.items()}
    labels = label_documents(chunks, documents)
    found = _table_records(chunks, wordings, labels, documents)
    for sentence in _sentences(chunks, gates):
        doc_words = wordings.get(sentence.chunk.doc_id, {})
        if sentence.chunk.doc_id in labels:
            place = _cite(sentence.chunk, sentence.start, sentence.end, documents)
            name = first_drug(sentence.text, doc_words) or next(iter(doc_words.values()), "")
            found.extend(
                ((sentence.chunk.doc_id, sentence.start, 100 + i), r)
                for i, r in enumerate(prose_modifications(sentence, name, place))
            )
        if not sentence.analysis.is_regimen:
            continue
        name = first_drug(sentence.text, doc_words)
        if not name and sentence.prev is not None:
            name = first_drug(sentence.prev.text, doc_words)
        key = (sentence.chunk.doc_id, sentence.start)
        if sentence.chunk.doc_id in labels:
            if keeps_sentence(sentence):
                place = _cite(sentence.chunk, sentence.start, sentence.end, documents)
                found.extend(
                    ((*key, i), r) for i, r in enumerate(recommended(sentence, name, place))
                )
            continue
        if sentence.chunk.kind in ("figure_text", "table_text") and not sentence.analysis.doses:
            # flow charts and tables kept as lines give counts and follow-up times, not regimens
            continue
        programme = [] if sentence.analysis.doses else _programme(sentence, documents, doc_words)
        if programme:
            found.extend(((*key, i), r) for i, r in enumerate(programme))
            continue
        for i, rec in enumerate(_sentence_regimens(sentence, documents, name, doc_words)):
            found.append(((*key, i), rec))
    for sentence in _sentences(chunks, gates):  # programme schedules outside regimen sentences
        if sentence.analysis.is_regimen or sentence.chunk.doc_id in labels:
            continue
        if sentence.analysis.doses:
            continue
        doc_words = wordings.get(sentence.chunk.doc_id, {})
        key = (sentence.chunk.doc_id, sentence.start)
        found.extend(
            ((*key, i), r) for i, r in enumerate(_programme(sentence, documents, doc_words))
        )
    found.sort(key=lambda x: x[0])
    return _strengths(_unrepeated([r for _, r in found]))


def _programme(
    sentence: _Sentence, documents: Mapping[str, Document] | None, wordings: dict[str, str]
) -> list[Regimen]:
    """Dose-less programme schedules ("17-25 twice yearly mass administrations of ivermectin"):
    one record per schedule group, for the drug named nearest to it in the sentence."""
    text = sentence.text
    drugs = [
        (m.start(), m.end(), wordings[m.group(0).lower()])
        for m in drug_pattern(wordings).finditer(text)
    ]
    if not drugs:
        return []
    cited = sentence_source(sentence, documents)
    out = []
    for m in _PROGRAMME.finditer(text):
        near = min(drugs, key=lambda d: min(abs(d[0] - m.end()), abs(m.start() - d[1])))
        out.append(
            Regimen(
                dose="",
                amount="",
                unit="",
                schedule=schedules(m.group(0)) or m.group(0).lower(),
                duration="",
                route="",
                subject="",
                trial="",
                effect="",
                drug=near[2],
                **cited,
            )
        )
    return out


def _unrepeated(records: list[Regimen]) -> list[Regimen]:
    """Drop a record that repeats an earlier one of its document (same drug, dose and kind) and
    adds nothing to it (no other schedule, duration, subject, trial or outcome)."""
    out: list[Regimen] = []
    for r in records:
        same = [
            o
            for o in out
            if (o.doc_id, o.drug.lower(), o.dose.replace(" ", ""), o.kind)
            == (r.doc_id, r.drug.lower(), r.dose.replace(" ", ""), r.kind)
            and r.kind == ""  # label statements are cited where each section gives them
        ]
        if any(
            (not r.schedule or r.schedule == o.schedule)
            and not (r.duration or r.subject or r.trial or r.effect)
            for o in same
        ):
            continue
        out.append(r)
    return out


def _strengths(records: list[Regimen]) -> list[Regimen]:
    """A tablet or capsule strength ("2 mg moxidectin tablets") is marked as such and takes the
    schedule the document gives for that drug."""
    out = []
    for r in records:
        at = r.sentence.find(r.dose) if r.dose else -1
        after = r.sentence[at + len(r.dose) :] if at >= 0 else ""
        after = (
            after[len(r.drug) + 1 :] if after.lower().startswith(" " + r.drug.lower()) else after
        )
        if at >= 0 and r.kind == "" and _STRENGTH.match(after):
            given = next(
                (
                    o.schedule
                    for o in records
                    if o.doc_id == r.doc_id
                    and o.drug == r.drug
                    and o.dose
                    and o.schedule
                    and o is not r
                ),
                "",
            )
            r = replace(
                r, schedule=_join(["tablet strength", given] if given else ["tablet strength"])
            )
        out.append(r)
    return out

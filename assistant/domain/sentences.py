"""Sentence analysis shared by the dose and adverse-effect rules.

Each prose sentence (chunks of kind "table_row" and "heading" are not prose) is scanned for doses,
dose levels, schedules, durations, routes, trial numbers and subjects, and linked to the sentence
before it so that "the mentioned dose" or "these patients" can borrow from it. A sentence counts as
being about the treatment when it names one of the document's drugs (the *gate*).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from ..records import Chunk, Document
from ..text.doses import dose_matches
from ..text.references import strip_references
from ..text.sentences import sentence_spans
from .vocabulary import (
    _ANAPHORA_DOSE,
    _ANAPHORA_SUBJECT,
    _AUX,
    _DURATION_AFTER_DOSE,
    _DURATIONS,
    _LEVEL,
    _MAX_OUTCOME,
    _ONSET,
    _OUTCOME,
    _ROUTES,
    _SCHEDULES,
    _SUBJECTS,
    _TRIAL,
)

#: A gate that never matches (a document without any drug name).
NEVER = re.compile(r"(?!x)x")


@dataclass
class _Mention:
    start: int
    end: int
    text: str


@dataclass
class _Dose:
    start: int
    end: int
    dose: str
    amount: str
    unit: str
    schedule: str = ""
    duration: str = ""
    route: str = ""
    trial: str = ""


@dataclass
class _Analysis:
    """What one sentence says about a regimen (after resolving "the mentioned dose")."""

    doses: list[_Dose] = field(default_factory=list)
    level: str = ""
    schedule: str = ""
    duration: str = ""
    route: str = ""
    trial: str = ""
    subject: str = ""
    outcome: str = ""
    about_drug: bool = False
    is_regimen: bool = False

    def summary(self) -> str:
        """The regimen in a few words: "2 mg/day, 12-month" (doses joined by "; ")."""
        if self.doses:
            parts = []
            for d in self.doses:
                bits = [d.dose, d.schedule, d.duration]
                parts.append(", ".join(b for b in bits if b))
            return "; ".join(parts)
        bits = [self.level, self.schedule, self.duration, self.route]
        return ", ".join(b for b in bits if b)


@dataclass
class _Sentence:
    chunk: Chunk
    text: str
    start: int
    end: int
    prev: _Sentence | None
    analysis: _Analysis = field(default_factory=_Analysis)


def _spans(patterns: Iterable[re.Pattern[str]], text: str) -> list[_Mention]:
    """All matches of ``patterns`` (group 1 if any) without the ones inside a longer match."""
    found: list[_Mention] = []
    for pat in patterns:
        for m in pat.finditer(text):
            g = 1 if m.re.groups and m.group(1) is not None else 0
            found.append(_Mention(m.start(g), m.end(g), m.group(g)))
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[_Mention] = []
    for mention in found:
        if any(k.start <= mention.start and mention.end <= k.end for k in kept):
            continue
        kept = [k for k in kept if not (mention.start <= k.start and k.end <= mention.end)]
        kept.append(mention)
    return sorted(kept, key=lambda x: x.start)


def _doses(text: str) -> list[_Dose]:
    # "%" only in a topical sentence: "27% of patients", "up to 60%" are frequencies and effects.
    return [
        _Dose(m.start(), m.end(), m.group(0).strip(), m.group(1).strip(), m.group(2))
        for m in dose_matches(text)
    ]


def _durations(text: str, doses: Sequence[_Dose]) -> list[_Mention]:
    found = _spans(_DURATIONS, text)
    found = [d for d in found if not _ONSET.search(text[max(0, d.start - 30) : d.start])]
    for dose in doses:
        m = _DURATION_AFTER_DOSE.match(text, dose.end)
        if m and not any(d.start <= m.start(1) < d.end for d in found):
            found.append(_Mention(m.start(1), m.end(1), m.group(1)))
    return sorted(found, key=lambda x: x.start)


def _routes(text: str) -> list[_Mention]:
    out = []
    for pat, name in _ROUTES:
        for m in pat.finditer(text):
            out.append(_Mention(m.start(), m.end(), name))
    return sorted(out, key=lambda x: x.start)


def _subjects(text: str) -> list[str]:
    """Subjects named in ``text``, most specific first kept ("middle-aged mice" drops "mice")."""
    mentions = _spans(_SUBJECTS, text)
    names: list[str] = []
    for m in mentions:
        name = m.text.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        names.append(name)

    def head(s: str) -> str:
        last = s.lower().split()[-1]
        return {"mouse": "mice", "rat": "rats"}.get(last, last)

    kept: list[str] = []
    for n in names:
        plain = len(n.split()) == 1
        if plain and any(head(o) == head(n) and len(o.split()) > 1 for o in names):
            continue
        if n.lower() not in (k.lower() for k in kept):
            kept.append(n)
    return kept


def _join(items: Iterable[str]) -> str:
    seen: list[str] = []
    for item in items:
        if item and item.lower() not in (s.lower() for s in seen):
            seen.append(item)
    return ", ".join(seen)


def _assign(doses: list[_Dose], mentions: list[_Mention], attr: str) -> None:
    """Give each dose its schedule/duration/route/trial (see the module rules)."""
    if not doses or not mentions:
        return
    if len(mentions) == 1 or len(doses) == 1:
        value = _join(m.text for m in mentions)
        for d in doses:
            setattr(d, attr, value)
        return
    if len(mentions) == len(doses):
        for d, m in zip(doses, mentions, strict=True):
            setattr(d, attr, m.text)
        return
    by_dose: dict[int, list[str]] = {}
    for m in mentions:
        centre = (m.start + m.end) / 2
        best = min(
            range(len(doses)), key=lambda i: abs((doses[i].start + doses[i].end) / 2 - centre)
        )
        by_dose.setdefault(best, []).append(m.text)
    for i, d in enumerate(doses):
        setattr(d, attr, _join(by_dose.get(i, [])))


def _clean_clause(text: str) -> str:
    text = strip_references(text).strip().rstrip(".;,").strip()
    if len(text) > _MAX_OUTCOME:
        cut = text[:_MAX_OUTCOME].rsplit(" ", 1)[0].rstrip(",;")
        text = cut + " …"
    return text


def _outcome(text: str, after: int) -> str:
    """The clause that gives the regimen's effect: from the first outcome verb after ``after``."""
    cues = list(_OUTCOME.finditer(text))
    if not cues:
        return ""
    later = [c for c in cues if c.start() >= after]
    cue = later[0] if later else cues[0]
    clause = text[cue.start() :]
    clause = _AUX.sub("", clause)
    return _clean_clause(clause)


def _analyse(sentence: _Sentence, gate: re.Pattern[str]) -> _Analysis:
    """What ``sentence`` says about a regimen; ``gate`` matches the document's drug names."""
    text = sentence.text
    prev = sentence.prev.analysis if sentence.prev is not None else None
    a = _Analysis()
    doses = _doses(text)
    levels = _spans([_LEVEL], text)
    schedules = _spans(_SCHEDULES, text)
    durations = _durations(text, doses)
    routes = _routes(text)
    trials = [_Mention(m.start(), m.end(), m.group(0)) for m in _TRIAL.finditer(text)]
    subjects = _subjects(text)

    dose_anaphora = _ANAPHORA_DOSE.search(text)
    a.about_drug = bool(gate.search(text)) or bool(
        prev is not None and prev.is_regimen and (dose_anaphora or _ANAPHORA_SUBJECT.search(text))
    )
    a.subject = _join(subjects)
    if not a.subject and prev is not None and _ANAPHORA_SUBJECT.search(text):
        a.subject = prev.subject
    inherited = False
    if not doses and dose_anaphora and prev is not None and prev.doses:
        # "administrating the mentioned dose even for 2 weeks": the dose of the sentence before,
        # with this sentence's own schedule/duration.
        doses = [
            _Dose(
                dose_anaphora.start(), dose_anaphora.end(), d.dose, d.amount, d.unit, route=d.route
            )
            for d in prev.doses
        ]
        inherited = True

    _assign(doses, schedules, "schedule")
    _assign(doses, durations, "duration")
    _assign(doses, routes, "route")
    _assign(doses, trials, "trial")
    a.doses = doses
    a.level = _join(m.text for m in levels)
    a.schedule = _join(m.text for m in schedules)
    a.duration = _join(m.text for m in durations)
    a.route = _join(m.text for m in routes)
    a.trial = _join(m.text for m in trials)

    if a.about_drug:
        if inherited:
            # "this particular dosing schedule exhibited ...": the same regimen again, only a
            # new record when the sentence changes it ("even for 2 weeks").
            a.is_regimen = bool(schedules or durations or routes)
        elif doses:
            a.is_regimen = True
        else:
            qualities = sum(bool(x) for x in (a.level, a.schedule, a.route))
            a.is_regimen = (
                bool(a.duration) or (bool(a.subject) and qualities >= 1) or qualities >= 2
            )
    if a.is_regimen:
        ends = [d.end for d in doses] + [m.end for m in (*levels, *schedules, *durations, *routes)]
        a.outcome = _outcome(text, max(ends, default=0))
    return a


def _sentences(chunks: Sequence[Chunk], gates: Mapping[str, re.Pattern[str]]) -> list[_Sentence]:
    """Prose sentences in reading order, each once, each linked to the sentence before it.

    ``gates`` maps each doc_id to the pattern of its drug names (:func:`drugs.drug_pattern`).
    """
    ordered = sorted(chunks, key=lambda c: (c.doc_id, c.start, c.ordinal))
    seen: dict[tuple[str, int], _Sentence] = {}
    out: list[_Sentence] = []
    for chunk in ordered:
        if chunk.kind in ("heading", "table_row"):
            continue
        prev: _Sentence | None = None
        for s, e in sentence_spans(chunk.text):
            key = (chunk.doc_id, chunk.start + s)
            known = seen.get(key)
            if known is not None:
                prev = known
                continue
            sentence = _Sentence(chunk, chunk.text[s:e], chunk.start + s, chunk.start + e, prev)
            sentence.analysis = _analyse(sentence, gates.get(chunk.doc_id, NEVER))
            seen[key] = sentence
            out.append(sentence)
            prev = sentence
    return out


#: Where a sentence is: (first line, last line), page, and the page it ends on when another.
Place = tuple[tuple[int, int], int | None, int | None]


def _cite(chunk: Chunk, start: int, end: int, documents: Mapping[str, Document] | None) -> Place:
    """Source lines and pages of a sentence (the chunk's own when the document is not given)."""
    doc = documents.get(chunk.doc_id) if documents else None
    if doc is not None and doc.line_runs:
        loc = doc.location(start, end)
        return (loc.line_start, loc.line_end), loc.page, _other(loc.page, loc.page_end)
    return chunk.lines, chunk.page, _other(chunk.page, chunk.location.page_end)


def _other(page: int | None, page_end: int | None) -> int | None:
    return page_end if page_end is not None and page_end != page else None


class Source(TypedDict):
    """The citation fields of a record (keyword arguments of Regimen and AdverseEffect)."""

    chunk_id: str
    section: str
    lines: tuple[int, int]
    sentence: str
    page: int | None
    doc_id: str
    page_end: int | None


def source(chunk: Chunk, sentence: str, where: Place | None = None) -> Source:
    """Where a record read from ``sentence`` of ``chunk`` comes from.

    ``where`` is the sentence's (lines, page, page_end) from :func:`_cite`; without it, the
    chunk's own.
    """
    lines, page, page_end = (
        where
        if where is not None
        else (chunk.lines, chunk.page, _other(chunk.page, chunk.location.page_end))
    )
    return Source(
        chunk_id=chunk.chunk_id,
        section=chunk.section,
        lines=lines,
        sentence=sentence,
        page=page,
        doc_id=chunk.doc_id,
        page_end=page_end,
    )


def sentence_source(sentence: _Sentence, documents: Mapping[str, Document] | None) -> Source:
    """:func:`source` of a prose sentence, at its own lines and page when ``documents`` has them."""
    where = _cite(sentence.chunk, sentence.start, sentence.end, documents)
    return source(sentence.chunk, sentence.text, where)

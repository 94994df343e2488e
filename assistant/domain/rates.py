"""Rates stated in prose: "dizziness (64%)", "ataxia occurred in 29% of patients".

Labels and trial reports give most incidences in sentences rather than tables. Three wordings are
read, in any document (rules are about how rates are written, not about one document):

* **lists**: "the most common adverse reactions were dizziness (64%), dysgeusia (50%)",
  "Serious adverse reactions included pneumonia (5.7%)", "(pneumonitis [2.6%] and interstitial
  lung disease [0.3%])": the term right before each bracketed percentage (back to a comma, an
  opening bracket or a verb such as "were"/"included") is an effect; "Fractures involved the ribs
  (0.6%)" names sites of the group ("fractures (ribs)");
* **per-arm brackets** of comparative trials: "pruritus (moxidectin 43 [4%] of 978, ivermectin 12
  [2%] of 494)" gives one record per arm named in the bracket; "was more common in the moxidectin
  group (45 [5%] of 978 vs seven [1%] of 494)" gives the named arm first and the other arm second;
* **verbs**: "X occurred in N%", "X was observed in N%", "N patients (5%) experienced X",
  "N% of patients experienced X", "Fewer than 1% of participants had A, B and C"; "with Grade 3
  in 0.6%" and "Grade 3 or 4 events occurring in 4%" take the effect of the clause before.

A sentence is read only when it speaks of harm (:data:`_CONTEXT`: adverse, reactions, toxicity,
abnormalities, disorders...) or its subject is a known effect term. Grades come from the words
before the term or list ("Grade 3 or 4 laboratory abnormalities" -> "3-4", "Serious adverse
reactions" -> "serious", "Fatal" -> "fatal"). "Dose interruption was required in 9%" is an action,
not an effect; "Dose reductions due to an adverse reaction occurred in 35%" is the label's rate of
"adverse reactions leading to dose reduction".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..records import AdverseEffect, Chunk, Document
from ..text.sentences import sentence_spans
from . import lexicon
from .effect_vocabulary import EFFECT_TERMS
from .sentences import _cite, source

_PCT = r"(?:<|>|≤|≥|fewer than |less than |up to )?\d+(?:[.·]\d+)?\s?%"
_CONTEXT = re.compile(
    r"\badverse\b|\breactions?\b|\bevents?\b|toxicit|abnormalit|disorders?\b|side[- ]effects?|"
    r"\bexperienced\b|\boccurred in\b|\bcan cause\b|\bmay cause\b",
    re.I,
)
#: Words that end the term before a bracketed rate (the term starts after them).
_LEAD = re.compile(
    r"^.*(?:[,;:(\[]|\b(?:and|or|were|was|are|is|included|including|include|involved|"
    r"involving|as|being|of)\b)\s*",
    re.I | re.S,
)
_LIST_ITEM = re.compile(rf"([^,;:()\[\]]{{2,80}}?)\s*[(\[]\s*({_PCT})\s*[)\]]", re.I)
_ARM_BRACKET = re.compile(
    rf"([^,;:()\[\]]{{2,80}}?)\s*\(((?:[^()]*?\[\s*{_PCT}\s*\]){{2,}}[^()]*)\)", re.I
)
_ARM_RATE = re.compile(rf"(\w[\w-]*)?\s*(?:\w+\s+)?\[\s*({_PCT})\s*\]", re.I)
_VERB = re.compile(
    rf"\b(?:occurred|occurring|was observed|were observed|was reported|were reported|"
    rf"was required|were required|was seen|were seen)\s+in\s+({_PCT})",
    re.I,
)
_EXPERIENCED = re.compile(
    rf"({_PCT})\s*\)?\s*(?:of (?:the )?(?:\d+ )?(?:patients|participants|subjects)\s+)?"
    rf"(?:experienced|had|developed|reported)\s+((?:(?!\s+and\s+\d)[^;.]|\.(?=\d))+)",
    re.I,
)
_COUNT_PCT = re.compile(rf"\d+\s+(?:patients|participants|subjects)\s*\(({_PCT})\)", re.I)
_GRADE = re.compile(r"\bgrades?\s*([1-5])(?:\s*(?:or|-|–|to|and)\s*(?:grade\s*)?([1-5]))?", re.I)
_GENERIC = re.compile(r"^(?:events?|reactions?|adverse (?:events?|reactions?)|cases?|)$", re.I)
_ACTION = re.compile(
    r"\b(?:dos(?:e|age) (?:interruption|reduction|modification)s?|interruptions?|"
    r"(?:permanent )?discontinuation|discontinued|interrupted)\b",
    re.I,
)
_DUE_ADVERSE = re.compile(r"due to (?:an |any )?adverse (?:reactions?|events?)", re.I)
_TRAILING = re.compile(
    r"\s+(?:within|during|after|reported as|leading to|in (?:the )?\d|of (?:the )?\d|among)\b.*$",
    re.I | re.S,
)
_DETERMINER = re.compile(
    r"^(?:the |a |an )?(?:broad |wide )?(?:spectrum |range |variety |number )?(?:of )?", re.I
)
_NOT_EFFECT = re.compile(
    r"\b(?:female|male|white|black|asian|hispanic|years?|months?|weeks?|days?|exposed|"
    r"response|remission|survival|placebo|participants?|patients?|doses?|"
    r"treatment|efficacy|reduction of|race|one|two|three|four|five|six|seven|eight|nine|ten)\b|"
    r"\d",
    re.I,
)


@dataclass(frozen=True)
class _Rate:
    effect: str
    rate: str
    grade: str
    arm: str = ""


def _grade_of(text: str) -> str:
    low = text.lower()
    above = re.search(r"\b(?:exceeding|above|greater than|higher than|>)\s*grade\s*([1-5])", low)
    if above:
        return f">{above.group(1)}"
    if "fatal" in low:
        return "fatal"
    if "serious" in low:
        return "serious"
    m = _GRADE.search(text)
    if not m:
        return ""
    return f"{m.group(1)}-{m.group(2)}" if m.group(2) else m.group(1)


def _strip_grade(text: str) -> str:
    text = _GRADE.sub(" ", text)
    text = re.sub(
        r"\b(?:serious|fatal|clinically relevant|the most common)\b", " ", text, flags=re.I
    )
    return re.sub(r"\s+", " ", text).strip(" ,;")


def _clean_term(text: str) -> str:
    text = re.sub(r"\([^()]*%[^()]*\)", " ", text)  # bracketed rates inside a subject
    text = re.sub(r",\s*including [^,]*(?:,|$)", " ", text, flags=re.I)
    text = re.sub(r"\s+including\b.*$", "", text, flags=re.I | re.S)
    text = _TRAILING.sub("", text)
    text = next((p for p in reversed(re.split(r"[,;:]", text)) if p.strip()), "")
    text = re.sub(r"^\s*(?:and|or|with|including)\s+", "", text, flags=re.I)
    text = _DETERMINER.sub("", text.strip())
    return re.sub(r"\s+", " ", text).strip(" .,;")


def _plausible(term: str) -> bool:
    words = term.split()
    return (
        0 < len(words) <= 7
        and not _NOT_EFFECT.search(term)
        and term[:1].isalpha()
        and words[0].lower() not in ("such", "this", "these", "those", "that", "it", "they")
    )


def _known_effect(text: str) -> bool:
    return any(pat.search(text) for pat, _, _ in EFFECT_TERMS)


def _arm_rates(term: str, inside: str, arms: Sequence[str], head: str) -> list[_Rate]:
    """Per-arm rates of "term (arm n [x%] ..., arm m [y%] ...)"."""
    out: list[_Rate] = []
    named = [a for a in arms if a]
    first = next((a for a in named if re.search(rf"\b{re.escape(a)}\b", head, re.I)), "")
    order = [first, *[a for a in named if a != first]] if first else named
    for i, m in enumerate(re.finditer(rf"\[\s*({_PCT})\s*\]", inside)):
        before = inside[: m.start()]
        arm = next(
            (
                a
                for a in named
                if re.search(rf"\b{re.escape(a)}\b[^\[\],;]*$", before.split(",")[-1], re.I)
            ),
            "",
        )
        if not arm and " vs " in inside and i < len(order):
            arm = order[i]
        if not arm:
            return []
        count = re.search(r"(\w+)\s*$", before.strip())
        rate = f"{m.group(1)} ({count.group(1)})" if count else m.group(1)
        out.append(_Rate(term, rate, "", arm))
    return out


#: Sentences describing who was enrolled, not what happened to them.
_BASELINE = re.compile(
    r"\bat baseline\b|\bbaseline characteristics\b|\bmedian age\b|"
    r"\bprior (?:\w+ ){0,3}(?:therap|treatment|TKI|chemotherap|regimen)",
    re.I,
)


def speaks_of_harm(text: str) -> bool:
    """Whether a sentence speaks of harm (:data:`_CONTEXT` or a known effect term)."""
    return bool(_CONTEXT.search(text)) or _known_effect(text)


def sentence_rates(text: str, arms: Sequence[str] = (), harm: bool = False) -> list[_Rate]:
    """The rates of one sentence (module docstring); [] when neither it nor (``harm``) the
    sentence before it speaks of harm."""
    if (not harm and not speaks_of_harm(text)) or _BASELINE.search(text):
        return []
    out: list[_Rate] = []
    taken: list[tuple[int, int]] = []
    sentence_grade = _grade_of(text[: text.find("%")] if "%" in text else text)
    # per-arm brackets
    for m in _ARM_BRACKET.finditer(text):
        term = _clean_term(_LEAD.sub("", m.group(1)) if _LEAD.match(m.group(1)) else m.group(1))
        head = text[: m.start(2)]
        if " more common " in head or " more frequent" in head:
            term = _clean_term(re.split(r"\bwas more\b|\bwere more\b", m.group(1))[0])
            term = re.split(r"\bbecause\b", term)[-1].strip()
        rates = _arm_rates(term, m.group(2), arms, head[-60:])
        if rates and _plausible(term):
            grade = _grade_of(text[: m.start()])
            out.extend(_Rate(r.effect, r.rate, grade, r.arm) for r in rates)
            taken.append(m.span())
    # "term (N%)" lists
    for m in _LIST_ITEM.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if re.match(r"[<>≤≥]|fewer|less|up to", m.group(2), re.I):
            continue  # "the most common (>20%)": a threshold, not a rate
        raw = m.group(1)
        term = _clean_term(_LEAD.sub("", raw)).strip()
        term = re.sub(r"^(?:the|a|an)\s+", "", term, flags=re.I)
        if not _plausible(term):
            continue
        first = re.search(r"[(\[]\s*\d+(?:[.·]\d+)?\s?%\s*[)\]]", text)
        grade = _grade_of(text[: first.start()] if first else text[: m.start(2)])
        lead = re.search(r"(\w[\w/-]*)\s+involved(?: the)?\s", text[: m.end()])
        if lead:
            term = f"{lead.group(1).strip()} ({term})"
        out.append(_Rate(term, m.group(2), grade))
        taken.append(m.span())
    out.extend(_verb_rates(text, taken, sentence_grade))
    return out


def _verb_rates(text: str, taken: list[tuple[int, int]], sentence_grade: str) -> list[_Rate]:
    out: list[_Rate] = []
    last = ""
    for clause_start, clause in _clauses(text):
        for m in _VERB.finditer(clause):
            if any(s <= clause_start + m.start() < e for s, e in taken):
                continue
            subject = clause[: m.start()]
            prev_verb = list(_VERB.finditer(subject))
            if prev_verb:
                subject = subject[prev_verb[-1].end() :]
            subject = re.split(r"\bwith\b(?=\s+grade)", subject, flags=re.I)[-1]
            action = _ACTION.search(subject)
            if action:
                if not _DUE_ADVERSE.search(clause):
                    continue
                what = action.group(0).lower()
                term, grade = f"adverse reactions leading to {what}", ""
            else:
                grade = _grade_of(subject)
                term = _clean_term(_strip_grade(subject))
                term = re.sub(r"^(?:the|a|an)\s+", "", term, flags=re.I)
                if _GENERIC.match(term) and grade in ("serious", "fatal"):
                    term = _clean_term(subject)  # "Serious adverse reactions occurred in 33%"
                elif _GENERIC.match(term):
                    term = last
                if not term or not _plausible(term):
                    continue
                if grade not in ("serious", "fatal"):
                    last = term
            out.append(_Rate(term, m.group(1), grade))
        for m in re.finditer(
            rf"\b(?:with|including)\s+(grade[^%]*?)\s+in\s+({_PCT})", clause, re.I
        ):
            grade_text = m.group(1)
            if re.search(r"occurr|observed|reported", grade_text, re.I):
                continue
            grade = _grade_of(grade_text)
            term = _clean_term(_strip_grade(grade_text)) or last
            if term and _plausible(term):
                out.append(_Rate(term, m.group(2), grade))
                tail = clause[m.end() :]
                for n in re.finditer(rf"\band\s+([^,;]+?)\s+in\s+({_PCT})", tail):
                    if _plausible(_clean_term(n.group(1))):
                        out.append(_Rate(_clean_term(n.group(1)), n.group(2), grade))
        for m in _EXPERIENCED.finditer(clause):
            rate = m.group(1)
            count = _COUNT_PCT.search(clause[: m.end()])
            if count and count.group(1) == rate:
                pass
            grade = _grade_of(m.group(2).split(" and ")[0])
            said = re.split(r"\s+and\s+(?=\d)|\.(?!\d)", m.group(2))[0]
            items = re.split(r",\s*(?:and\s+)?|\s+and\s+", _strip_grade(said))
            for item in items:
                term = _clean_term(re.sub(r"\s+reported as\b.*$", "", item))
                if term and _plausible(term):
                    out.append(_Rate(term, rate, grade))
        if sentence_grade and not out:
            continue
    return out


def _clauses(text: str) -> list[tuple[int, str]]:
    out = []
    start = 0
    for m in re.finditer(r";", text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


def _pieces(chunks: Sequence[Chunk]) -> list[tuple[Chunk, int, int, str]]:
    """Prose sentences of ``chunks`` once each (by document offset), plus the loose text rows a
    PDF table extraction leaves (table rows without cells), joined into one passage."""
    ordered = sorted(chunks, key=lambda c: (c.doc_id, c.start, c.ordinal))
    seen: set[tuple[str, int]] = set()
    out: list[tuple[Chunk, int, int, str]] = []
    loose: list[Chunk] = []

    def flush() -> None:
        if loose:
            text = " ".join(c.text.strip() for c in loose)
            out.append((loose[0], loose[0].start, loose[-1].end, text))
            loose.clear()

    for chunk in ordered:
        if chunk.kind == "heading":
            continue
        if chunk.kind == "table_row":
            if not chunk.fields and not chunk.context and "%" in chunk.text:
                loose.append(chunk)
                continue
            flush()
            continue
        flush()
        for s, e in sentence_spans(chunk.text):
            key = (chunk.doc_id, chunk.start + s)
            if key in seen:
                continue
            seen.add(key)
            out.append((chunk, chunk.start + s, chunk.start + e, chunk.text[s:e]))
    flush()
    return out


def prose_rates(
    chunks: Sequence[Chunk],
    documents: Mapping[str, Document] | None,
    arms: Mapping[str, Sequence[str]],
    drugs: Mapping[str, str],
) -> tuple[list[AdverseEffect], set[tuple[str, int]]]:
    """Records of every rate stated in prose, and the (doc_id, offset) of the sentences read."""
    out: list[AdverseEffect] = []
    done: set[tuple[str, int]] = set()
    before = ("", "", False)
    for chunk, start, end, text in _pieces(chunks):
        # once a section speaks of harm, its later sentences are read too
        if any(w in chunk.section.lower() for w in lexicon.NON_SAFETY_SECTIONS):
            continue
        harm = before[2] and before[:2] == (chunk.doc_id, chunk.section)
        before = (chunk.doc_id, chunk.section, harm or speaks_of_harm(text))
        rates = sentence_rates(text, arms.get(chunk.doc_id, ()), harm)
        if not rates:
            continue
        done.add((chunk.doc_id, start))
        cited = source(chunk, text, _cite(chunk, start, end, documents))
        seen: set[tuple[str, str, str, str]] = set()
        for r in rates:
            key = (r.effect.lower(), r.rate, r.grade, r.arm)
            if key in seen:
                continue
            seen.add(key)
            out.append(
                AdverseEffect(
                    effect=r.effect,
                    canonical=r.effect.lower(),
                    regimen="",
                    population="",
                    frequency=r.rate,
                    drug=drugs.get(chunk.doc_id, ""),
                    arm=r.arm,
                    grade=r.grade,
                    **cited,
                )
            )
    return out, done

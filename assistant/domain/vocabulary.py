"""Dose-statement vocabulary as data: schedules, durations, routes, subjects, outcomes.

The dose grammar itself (amounts and units) is :mod:`assistant.text.doses`.

Only constants live here (patterns and word lists); the rules that use them are in
:mod:`assistant.domain.sentences` and :mod:`assistant.domain.regimens`. Drug names are not here:
they come from each document (:mod:`assistant.domain.drugs`) or from ``--drug``.
"""

from __future__ import annotations

import re

from ..text.doses import EVERY, PER_PERIOD, TIMES, TRIAL
from ..text.doses import NUMBER_WORD as _NUMW
from ..text.doses import TIME_UNIT as _TUNIT

_I = re.IGNORECASE
_TREAT = (
    r"(?:rapamycin|sirolimus|treatments?|therapy|administration|usage|use|exposure|dosing|feeding)"
)

# Doses (amounts with units) are :data:`assistant.text.doses.DOSE`, the grammar the chat
# highlights with; the schedules and durations below are built from the same pieces.

_LEVEL = re.compile(
    r"\b(?:low|lower|high|higher|modest|greater|small)[- ](?:doses?|dosages?)\b|"
    r"\b(?:low|high)-dose\b|\b(?:lower|upper) range of (?:its|the) therapeutic window\b",
    _I,
)

_SCHEDULES = [
    re.compile(rf"\b(?:on a single occasion )?{EVERY}\b", _I),
    re.compile(rf"\b{TIMES} {PER_PERIOD}\b", _I),
    re.compile(r"\b(?:daily|weekly)\b(?! (?:activities|life|living))", _I),
    re.compile(r"\bintermittent(?:ly)?\b", _I),
    # "long-term memory" is not a schedule: the word must lead to the treatment within 5 words.
    re.compile(rf"\b(?:short|long)-term\b(?=(?:\s+\S+){{0,5}}?\s+{_TREAT}\b)", _I),
    re.compile(r"\b(?:short|long)-term\b(?=\s+and\s+(?:short|long)-term\s+rapamycin)", _I),
    # "prolonged the longevity" is a verb, "prolonged rapamycin therapy" a schedule.
    re.compile(rf"\bprolonged\b(?=(?:\s+\S+){{0,2}}?\s+(?:{_TREAT}|periods?)\b)", _I),
    re.compile(r"\bextended\b(?=\s+(?:administration|treatment|therapy|use)\b)", _I),
    re.compile(r"\bchronic\b(?=\s+(?:rapamycin|sirolimus|administration|treatment)\b)", _I),
    re.compile(r"\bbriefly(?: or throughout (?:their|the) lifespan)?", _I),
    re.compile(r"\bbrief period\b", _I),
    re.compile(r"\bthroughout (?:their|the) lifespan\b", _I),
]

_DURATIONS = [
    # "three-month rapamycin", "24-week therapy", "one-year rapamycin (1 mg/day) treatment"
    re.compile(rf"\b{_NUMW}-(?:day|week|month|year)\b(?=(?:\s+\S+)?\s+{_TREAT}\b)", _I),
    re.compile(
        rf"\b(?:for|over|throughout|during)\s+(?:a (?:duration|period) of\s+)?"
        rf"({_NUMW}(?:\s*(?:[–-]|to)\s*{_NUMW})?\s+{_TUNIT})\b",
        _I,
    ),
    re.compile(
        rf"\b((?:initial|first) {_NUMW} {_TUNIT} of (?:their |the |its )?"
        rf"(?:life|lives|lifespan))\b",
        _I,
    ),
    re.compile(rf"\b({_NUMW} {_TUNIT}) of (?:\w+ )?{_TREAT}\b", _I),
]
# A duration printed right after a dose: "(42 mg/kg, 6 months)", "1 mg/day, 8 weeks".
_DURATION_AFTER_DOSE = re.compile(
    rf"\s*(?:,|for)\s*({_NUMW}(?:\s*[–-]\s*{_NUMW})?\s+{_TUNIT})\b", _I
)
_BARE_DURATION = re.compile(rf"\b{_NUMW}(?:\s*[–-]\s*{_NUMW})?\s+{_TUNIT}\b", _I)
_ONSET = re.compile(r"between\s+\S+\s+and\s+$", _I)

_TRIAL = TRIAL

_ROUTES = [
    (
        re.compile(
            r"\boral(?=\s+(?:rapamycin|sirolimus|administration|gavage|dosing|doses?|"
            r"treatment|route)\b)|\borally\b|\bby gavage\b",
            _I,
        ),
        "oral",
    ),
    (
        re.compile(
            r"\bthrough (?:the )?diet\b|\bin (?:the )?diet\b|\bdietary\b|\bfeeding\b|"
            r"\bin (?:the )?(?:food|chow)\b|\bencapsulated\b",
            _I,
        ),
        "diet",
    ),
    (re.compile(r"\btopical(?:ly)?\b", _I), "topical"),
    (re.compile(r"\bintraperitoneal(?:ly)?\b|\bi\.p\.(?=\s)", _I), "intraperitoneal"),
    (re.compile(r"\bintramuscular(?:ly)?\b|\bi\.m\.(?=\s)", _I), "intramuscular"),
    (re.compile(r"\bintravenous(?:ly)?\b|\bi\.v\.(?=\s)", _I), "intravenous"),
    (re.compile(r"\bsubcutaneous(?:ly)?\b", _I), "subcutaneous"),
    (re.compile(r"\bintracardiac\b|\bintracardial\b", _I), "intracardiac"),
]

_DISEASE = (
    r"(?:TSC|tuberous sclerosis(?: complex)?|SLE|systemic lupus erythematosus|lupus|LAM|"
    r"lymphangioleiomyomatosis|rheumatoid arthritis|vascular anomalies|breast cancer|"
    r"coronary artery disease|cancer|kidney transplants?|diabetes|heart failure)"
)
_ANIMAL = (
    r"(?:(?:genetically diverse|genetically heterogeneous|middle-aged|aged|aging|old|young|adult|"
    r"female|male|juvenile|model|wild-type|humanized|HIV-1-infected|Klotho-deficient|UMHET3)\s+)*"
    r"(?:mice|mouse|rats?|Drosophila|fruit flies|flies|yeast|nematodes|worms|C\. elegans|"
    r"Caenorhabditis elegans|monkeys|marmosets|dogs)\b"
)
_SUBJECTS = [
    re.compile(
        r"\b(?:mouse|murine|rat|Drosophila) model(?: of (?:[\w’'-]+ ){0,3}?"
        r"(?:syndrome|ischemia|disease|cancer|aging|injury))?",
        _I,
    ),
    re.compile(rf"\b{_ANIMAL}", _I),
    re.compile(
        rf"\b(?:patients|individuals|subjects|participants|recipients|people|adults|men|"
        rf"women|children|volunteers) with (?:[\w-]+ ){{0,2}}?{_DISEASE}\b"
    ),
    re.compile(rf"\b{_DISEASE} patients\b"),
    re.compile(
        r"\b(?:(?:healthy or diseased|otherwise healthy|healthy|diseased)\s+)?"
        r"(?:adults(?:\s*(?:/|and)\s*older adults?)?|older adults?|older individuals|older people|"
        r"older human cohort|elderly (?:patients|people|individuals|subjects)"
        r"(?: undergoing (?:cardiac rehabilitation|dialysis|hemodialysis|surgery))?|seniors)"
        rf"(?: with (?:[\w-]+ ){{0,2}}?{_DISEASE})?\b",
        _I,
    ),
    re.compile(
        r"\b(?:cardiac|heart|kidney|renal|liver|lung|solid organ|organ) transplant(?:ation)?"
        r" recipients\b|\b(?:solid )?organ transplantation\b",
        _I,
    ),
    re.compile(r"\b(?<=in )humans\b", _I),
]

_RAPAMYCIN = re.compile(r"\b(?:rapamycin|sirolimus|rapalogs?)\b", _I)
# "the trial" alone is too vague to borrow a population; "the 11 subjects" is not.
_ANAPHORA_SUBJECT = re.compile(
    r"\b(?:(?:these|those) (?:patients|participants|subjects|individuals|trials|animals|mice)|"
    r"the (?:\d+ )?(?:participants|subjects))\b",
    _I,
)
_ANAPHORA_DOSE = re.compile(
    r"\b(?:the (?:mentioned|same) dose|this (?:particular )?(?:dose|dosing schedule|regimen))\b", _I
)

# Words that make what follows the outcome of the regimen. Reporting verbs followed by "that"
# ("revealed that ...") introduce the finding, they are not it, so they are skipped.
_OUTCOME = re.compile(
    r"\b(?:(?:has been|have been|was|were|is|are)(?: \w+ly)? (?:shown|found|proven|demonstrated|"
    r"observed|reported|associated|attributed|linked)(?: to)?|"
    r"(?:can|may|might|could|did not|does not) \w+|"
    r"(?:caused|causes|cause|resulted in|results in|produced|increased|decreased|reduced|extended|"
    r"improved|enhances|enhanced|promoted|restored|reversed|suppressed|suppresses|had|exhibited|"
    r"revealed|demonstrated|showed|failed to))\b(?! that\b)",
    _I,
)
_AUX = re.compile(
    r"^(?:has been|have been|was|were|is|are)(?: \w+ly)? (?:shown|found|proven|demonstrated|"
    r"observed|reported) to ",
    _I,
)

_MAX_OUTCOME = 180

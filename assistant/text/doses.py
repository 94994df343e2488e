"""Doses as printed: one grammar of amounts, units and schedules for every layer.

A *dose* is an amount with a dose unit ("2 mg/kg", "0.5 g/day or 5 µg", "1-2 mg/day", "up to
8 mg"). :data:`DOSE` is the one pattern for it: the sentence rules of :mod:`assistant.domain`
record a dose exactly where :func:`dose_matches` finds one, and the chat highlights exactly those
spans. The answer's dose test (:data:`DOSE_MENTION`) and the highlighter add the other parts of a
regimen as printed (:data:`REGIMEN_WORDS`: "every 5 days", "twice daily", "six-month", a trial
number); the domain builds its schedule and duration rules from the same pieces.

Units are case-sensitive ("mM" is not "µM"); a "%" is a dose only in a sentence about a topical
use ("8% topical rapamycin"), never in "27% of patients".
"""

from __future__ import annotations

import re

#: A number as printed: "2", "0.5", "2,550" (thousands grouped by commas: never read as "550").
NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
#: A number in figures or words ("6", "six", "twenty-four").
NUMBER_WORD = (
    r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"eighteen|twenty-four|twenty|thirty|forty-five|sixty|ninety)"
)
#: A unit of time of a duration.
TIME_UNIT = r"(?:days?|weeks?|months?|years?)"

#: An amount: one number, a range ("1-2", "1 to 2"), a list ("1, 2 and 5"), maybe bounded ("<",
#: "up to", "at least").
AMOUNT = (
    rf"(?:(?:<|≤|>|≥|~)\s*|(?:up to|about|approximately|at least|at most)\s+)?{NUMBER}"
    rf"(?:\s*[–-]\s*{NUMBER})?(?:\s*,\s*{NUMBER})*(?:,?\s+(?:or|and|to)\s+{NUMBER})?"
)

_MASS = ("mg", "µg", "μg", "mcg", "ng", "g")
_PER = (
    "/m2/day", "/m²/day", "/m2", "/m²", "/kg/day", "/kg/d", "/kg/week", "/kg", "/day", "/d",
    "/week", "/session", "/mL", "/ml", "",
)  # fmt: skip
_OTHER = ("IU/kg", "IU/day", "IU", "units/kg", "units", "mM", "µM", "μM", "nM", "ppm", "%")
#: A dose unit: a mass, per body weight, surface, time or volume ("mg/m2/day", "µg/kg", "g/day",
#: "ng/mL"), international units, a concentration ("µM", "ppm") or "%". Longest first.
UNIT = "|".join(
    sorted({m + p for m in _MASS for p in _PER} | set(_OTHER), key=lambda u: (-len(u), u))
)

#: A dose: group 1 the amount, group 2 the unit. The look-behinds keep "IL-1", "S6K1", "p70" or
#: the "2," of "2,550" from lending a digit to a unit that follows; the look-ahead keeps "5 grams"
#: or "95%CI" out.
DOSE = re.compile(rf"(?<![\w.\-/])(?<!\d,)({AMOUNT})\s*({UNIT})(?![\w/])")
_TOPICAL = re.compile(r"\btopical", re.IGNORECASE)

#: "every 5 days", "every other week".
EVERY = r"every (?:\d+|other|two|three|four|five|seven) (?:days?|weeks?|hours?)"
#: How many times ...
TIMES = r"(?:once|twice|three times)"
#: ... in a period: "a day", "per week".
PER_PERIOD = r"(?:a|per) (?:day|week|month)"
#: A trial registration number.
TRIAL = re.compile(r"\bNCT\d{8}\b")

#: Schedules, durations and trial numbers printed with a dose ("every 5 days", "twice daily",
#: "once a week", "six-month", "12 weeks", "NCT01234567"); case does not matter.
REGIMEN_WORDS = re.compile(
    rf"\b(?:{EVERY}|{TIMES} (?:daily|weekly|{PER_PERIOD})|{NUMBER_WORD}[- ]{TIME_UNIT})\b"
    rf"|{TRIAL.pattern}",
    re.IGNORECASE,
)
#: Whether a sentence states a dose, schedule, duration or trial number (the answer's dose test;
#: any "%" counts here).
DOSE_MENTION = re.compile(rf"{DOSE.pattern}|(?i:{REGIMEN_WORDS.pattern})")


def dose_matches(sentence: str) -> list[re.Match[str]]:
    """The doses of one sentence: :data:`DOSE` matches, "%" only when the sentence is topical."""
    topical = bool(_TOPICAL.search(sentence))
    return [m for m in DOSE.finditer(sentence) if m.group(2) != "%" or topical]

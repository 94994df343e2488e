"""Rule-based extraction of dosing regimens and adverse effects from indexed passages.

Everything here is a pure function of the chunks (no model, no index): the records are rebuilt in
milliseconds whenever they are needed, so they can never go stale against the index.

How a sentence is read
----------------------
Sentences come from :func:`assistant.chunking.sentence_spans` over each chunk; a sentence that two
overlapping chunks share is read once (from the first chunk). Each sentence is scanned for
*mentions*: numeric doses ("2 mg/kg", "0.5, 1, or 2 mg/day", "< 1 mg/day"), qualitative dose levels
("low-dose", "higher doses", "lower range of its therapeutic window"), schedules ("on a single
occasion every 5 days", "daily", "intermittent", "short-term", "prolonged"), durations
("three-month", "for 12 weeks", "6 months of rapamycin feeding", "initial 45 days of their life"),
routes, trial numbers (NCT + 8 digits) and subjects (species or populations).

Rules that decide what is a regimen
-----------------------------------
* The sentence must be about rapamycin (it names rapamycin/sirolimus) or point back at the regimen
  of the sentence before it ("the mentioned dose", "these patients", "the participants").
* A dose is a number *with a dose unit* (mg/kg, mg/day, mg/week, mg/m2/day, mg, ppm, µg/kg, nM, µM,
  ng/mL; "%" only in a topical context). Reference numbers ([55]), years (2022), trial phases
  ("phase II"), ages ("70 to 79 years"), frequencies ("27% of patients") and protein names (IL-1,
  S6K1, 40S) therefore never become doses.
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
* Table rows (``kind == "table_row"``) become one record each, from their columns ("Rapamycin dose",
  "Subjects", "Trial number", "Assessment", "Phase", "Status", "Year").

Rules that decide what is an adverse effect
-------------------------------------------
A term of :data:`EFFECT_TERMS` makes a record when the sentence is about rapamycin (as above), the
term is not governed by a protective verb in its clause ("may attenuate the predisposition to
pneumonia" is a benefit), and either the term is a harm by nature (stomatitis, thrombocytopenia...)
or, for terms that are also used for diseases rapamycin treats or for risks of ageing (infections,
pneumonia), the sentence speaks of harm ("adverse", "caused", "attributed to", "risk of"...). So the
community-acquired pneumonia sentence about TNF-α in seniors (no rapamycin) and the "lung infections
... rapamycin was demonstrated to pose anti-inflammatory actions" sentence make no record.
Explicit "well tolerated"/"no side effects" statements are kept too (canonical
:data:`NO_EFFECT`), because a safety table that hides them misleads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .chunking import sentence_spans
from .records import AdverseEffect, Chunk, Document, Regimen

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
    "filter_effects",
    "filter_regimens",
    "regimen_rows",
    "subject_kinds",
]

# ------------------------------------------------------------------------------------------------
# Vocabulary

_I = re.IGNORECASE
_NUM = r"\d+(?:\.\d+)?"
_NUMW = (
    r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"eighteen|twenty-four|twenty|thirty|forty-five|sixty|ninety)"
)
_TUNIT = r"(?:days?|weeks?|months?|years?)"
_TREAT = (
    r"(?:rapamycin|sirolimus|treatments?|therapy|administration|usage|use|exposure|dosing|feeding)"
)

_AMOUNT = (
    rf"(?:(?:<|≤|>|≥|~)\s*|(?:up to|about|approximately|at least|at most)\s+)?{_NUM}"
    rf"(?:\s*[–-]\s*{_NUM})?(?:\s*,\s*{_NUM})*(?:,?\s+(?:or|and|to)\s+{_NUM})?"
)
_UNIT = (
    r"mg/m2/day|mg/m²/day|mg/m2|mg/m²|mg/kg/day|mg/kg/week|mg/kg|mg/day|mg/week|"
    r"µg/kg|μg/kg|µg/day|μg/day|ng/mL|ng/ml|µM|μM|nM|ppm|mg|%"
)
# The look-behind keeps "IL-1", "S6K1" or "p70" from lending a digit to a unit that follows.
_DOSE = re.compile(rf"(?<![\w.\-/])({_AMOUNT})\s*({_UNIT})(?![\w/])")
_TOPICAL = re.compile(r"\btopical", _I)

_LEVEL = re.compile(
    r"\b(?:low|lower|high|higher|modest|greater|small)[- ](?:doses?|dosages?)\b|"
    r"\b(?:low|high)-dose\b|\b(?:lower|upper) range of (?:its|the) therapeutic window\b",
    _I,
)

_SCHEDULES = [
    re.compile(
        r"\b(?:on a single occasion )?every (?:\d+|other|two|three|four|five|seven) "
        r"(?:days?|weeks?|hours?)\b",
        _I,
    ),
    re.compile(r"\b(?:once|twice|three times) (?:a|per) (?:day|week|month)\b", _I),
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

_TRIAL = re.compile(r"\bNCT\d{8}\b")

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
_REFS = re.compile(r"\s*\[\d+(?:\s*[,–-]\s*\d+)*\]")
_MAX_OUTCOME = 180


# ------------------------------------------------------------------------------------------------
# Adverse-effect vocabulary

STOMATITIS = "stomatitis / oral ulcers"
NO_EFFECT = "none reported (well tolerated)"

_INHERENT = None
_HARM_CUE = re.compile(
    r"\badverse|\bside[- ]effects?\b|\btoxicit|\btoxic\b|\bcaus(?:e|es|ed|ing)\b|"
    r"\bassociated with\b|\battributed to\b|\bemergence of\b|\bexperienc|\brisk of\b|"
    r"\bdevelopment of\b|\bcomplications?\b|\bunfavorable\b|\bundesired\b|\bwarning\b|\bharm",
    _I,
)
_DECREASE = re.compile(r"\b(?:decreas|reduc|lower|declin|fell|drop)", _I)

#: (pattern, canonical name, gate): gate None = a harm by nature; otherwise a regex the sentence
#: must also match. Longer wordings come first so "oral aphthous ulcers" wins over "ulcers".
EFFECT_TERMS: tuple[tuple[re.Pattern[str], str, re.Pattern[str] | None], ...] = (
    (re.compile(r"\bnon-healing oral ulcers\b", _I), STOMATITIS, _INHERENT),
    (re.compile(r"\b(?:oral )?aphthous ulcers?\b", _I), STOMATITIS, _INHERENT),
    (
        re.compile(
            r"\b(?:oral|mouth|mucosal) ulcers?\b|\bmouth sores\b|\bcanker sores\b|"
            r"\bstomatitis\b",
            _I,
        ),
        STOMATITIS,
        _INHERENT,
    ),
    (re.compile(r"\b(?:oral )?mucositis\b", _I), "mucositis", _INHERENT),
    (re.compile(r"\bhypercholesterol(?:a)?emia\b", _I), "hypercholesterolemia", _INHERENT),
    (re.compile(r"\bhypertriglycerid(?:a)?emia\b", _I), "hypertriglyceridemia", _INHERENT),
    (
        re.compile(
            r"\babnormal lipid profiles?\b|\bdyslipid(?:a)?emia\b|\bhyperlipid(?:a)?emia\b", _I
        ),
        "dyslipidemia",
        _INHERENT,
    ),
    (re.compile(r"\binsulin resistance\b", _I), "insulin resistance", _INHERENT),
    (
        re.compile(
            r"\bglucose intolerance\b|\bimpaired glucose tolerance\b|\bhyperglyc(?:a)?emia\b", _I
        ),
        "glucose intolerance",
        _INHERENT,
    ),
    (re.compile(r"\bmetabolic disorders\b", _I), "metabolic disorders", _INHERENT),
    (re.compile(r"\bthrombocytopenia\b", _I), "thrombocytopenia", _INHERENT),
    (re.compile(r"\ban(?:a)?emia\b", _I), "anemia", _INHERENT),
    (re.compile(r"\bmicrocytosis\b", _I), "microcytosis", _INHERENT),
    (re.compile(r"\bhypochromia\b", _I), "hypochromia", _INHERENT),
    (
        re.compile(r"\bh(?:a)?emoglobin, h(?:a)?ematocrit,? and red blood cell count\b", _I),
        "reduced red blood cell indices",
        _DECREASE,
    ),
    (
        re.compile(
            r"\b(?:impaired|delayed|poor) wound healing\b|"
            r"\binhibit(?:s|ed)? the wound healing(?: process)?",
            _I,
        ),
        "impaired wound healing",
        _INHERENT,
    ),
    (
        re.compile(
            r"\b(?:respiratory tract|lung|urinary tract|opportunistic) infections?\b|"
            r"\binfections?\b",
            _I,
        ),
        "infections",
        _HARM_CUE,
    ),
    (re.compile(r"\bpneumocystis pneumonia\b|\bpneumonia\b", _I), "pneumonia", _HARM_CUE),
    (re.compile(r"\bdiarrh(?:o)?ea\b", _I), "diarrhea", _INHERENT),
    (re.compile(r"\bnausea\b", _I), "nausea", _INHERENT),
    (re.compile(r"\bvomiting\b", _I), "vomiting", _INHERENT),
    (
        re.compile(r"\b(?:acneiform|facial|skin) rash\b|\brash/eczema\b|\brash\b|\beczema\b", _I),
        "rash",
        _INHERENT,
    ),
    (re.compile(r"\barthralgia\b", _I), "arthralgia", _INHERENT),
    (
        re.compile(r"\brenal toxicity\b|\bnephrotoxicity\b|\bproteinuria\b", _I),
        "renal toxicity",
        _INHERENT,
    ),
    (
        re.compile(
            r"\b(?:blood/)?bone marrow toxicity\b|\bmyelosuppression\b|"
            r"\bh(?:a)?ematologic(?:al)? toxicity\b",
            _I,
        ),
        "bone marrow toxicity",
        _INHERENT,
    ),
    (
        re.compile(
            r"\bgastrointestinal and metabolic toxicity\b|\bgastrointestinal (?:illnesses|"
            r"issues|disorders|toxicity|side effects|symptoms|upset)\b",
            _I,
        ),
        "gastrointestinal effects",
        _INHERENT,
    ),
    (
        re.compile(r"\bswelling in the lower extremities\b|\bperipheral (?:o)?edema\b", _I),
        "peripheral edema",
        _INHERENT,
    ),
    (
        re.compile(
            r"\bimmunosuppression\b|\bsuppress(?:es|ed)? memory responses\b|"
            r"\binhibit(?:s|ed)? the antitumor immune response\b",
            _I,
        ),
        "immunosuppression",
        _INHERENT,
    ),
    (re.compile(r"\bautoimmunity\b", _I), "autoimmunity", _INHERENT),
    (
        re.compile(r"\bslower growth\b|\bgrowth retardation\b|\bstunted growth\b", _I),
        "slower growth",
        _INHERENT,
    ),
    (
        re.compile(r"\bdelayed reproductive age\b|\bdelayed sexual maturation\b", _I),
        "delayed reproductive maturation",
        _INHERENT,
    ),
    (
        re.compile(
            r"\bwell tolerated\b|\bno (?:evaluable |significant |serious |major )?"
            r"(?:side effects|adverse (?:effects|events))\b",
            _I,
        ),
        NO_EFFECT,
        _INHERENT,
    ),
)

# A protective verb shortly before a term in the same clause makes it a benefit, not a harm.
_BENEFIT = re.compile(
    r"\b(?:attenuat|amelior|alleviat|prevent|protect|rescu|mitigat|treat(?:s|ed|ing)?\b|"
    r"reduc\w* the (?:risk|incidence)|lower\w* the risk|against\b)",
    _I,
)

_FREQUENCY = re.compile(
    rf"\b\d+(?:\.\d+)?\s?%(?: of (?:the )?(?:patients|subjects|participants|individuals|cases|"
    rf"recipients))?|\b{_NUMW} (?:of|out of) (?:the )?{_NUMW} (?:subjects|patients|participants|"
    rf"individuals)\b|\b(?:very )?(?:frequently|commonly|rarely) (?:observed|reported)\b",
    _I,
)

#: Wordings users type -> canonical effect name (filtering by one wording finds the others).
EFFECT_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        [
            "ulcer",
            "ulcers",
            "oral ulcer",
            "oral ulcers",
            "mouth ulcer",
            "mouth ulcers",
            "mouth sore",
            "mouth sores",
            "sores",
            "canker sores",
            "aphthous ulcer",
            "aphthous ulcers",
            "oral aphthous ulcers",
            "aphthae",
            "non-healing oral ulcers",
            "stomatitis",
            "stomatitis / oral ulcers",
            "mtor inhibitor-associated stomatitis",
        ],
        STOMATITIS,
    ),
    **dict.fromkeys(["mucositis", "oral mucositis"], "mucositis"),
    **dict.fromkeys(
        ["hypercholesterolemia", "hypercholesterolaemia", "cholesterol", "high cholesterol"],
        "hypercholesterolemia",
    ),
    **dict.fromkeys(
        ["hypertriglyceridemia", "hypertriglyceridaemia", "triglycerides", "high triglycerides"],
        "hypertriglyceridemia",
    ),
    **dict.fromkeys(
        [
            "dyslipidemia",
            "dyslipidaemia",
            "hyperlipidemia",
            "abnormal lipid profiles",
            "abnormal lipids",
        ],
        "dyslipidemia",
    ),
    **dict.fromkeys(["insulin resistance", "insulin"], "insulin resistance"),
    **dict.fromkeys(
        [
            "glucose intolerance",
            "glucose",
            "hyperglycemia",
            "impaired glucose tolerance",
            "diabetes",
        ],
        "glucose intolerance",
    ),
    **dict.fromkeys(["thrombocytopenia", "low platelets", "platelets"], "thrombocytopenia"),
    **dict.fromkeys(["anemia", "anaemia"], "anemia"),
    **dict.fromkeys(["microcytosis"], "microcytosis"),
    **dict.fromkeys(["hypochromia"], "hypochromia"),
    **dict.fromkeys(
        [
            "hemoglobin",
            "haemoglobin",
            "hematocrit",
            "red blood cell count",
            "reduced red blood cell indices",
        ],
        "reduced red blood cell indices",
    ),
    **dict.fromkeys(
        ["wound healing", "impaired wound healing", "delayed wound healing"],
        "impaired wound healing",
    ),
    **dict.fromkeys(
        ["infection", "infections", "respiratory tract infections", "respiratory infections"],
        "infections",
    ),
    **dict.fromkeys(["pneumonia", "pneumocystis", "pneumocystis pneumonia", "pcp"], "pneumonia"),
    **dict.fromkeys(["diarrhea", "diarrhoea"], "diarrhea"),
    **dict.fromkeys(["nausea"], "nausea"),
    **dict.fromkeys(
        ["rash", "rashes", "eczema", "acne", "acneiform rash", "facial rash", "skin rash"], "rash"
    ),
    **dict.fromkeys(["arthralgia", "joint pain"], "arthralgia"),
    **dict.fromkeys(
        ["renal toxicity", "nephrotoxicity", "kidney toxicity", "kidney"], "renal toxicity"
    ),
    **dict.fromkeys(
        [
            "bone marrow toxicity",
            "bone marrow",
            "myelosuppression",
            "blood toxicity",
            "blood/bone marrow toxicity",
        ],
        "bone marrow toxicity",
    ),
    **dict.fromkeys(
        ["gastrointestinal", "gi", "gastrointestinal effects", "gastrointestinal issues"],
        "gastrointestinal effects",
    ),
    **dict.fromkeys(["edema", "oedema", "swelling", "peripheral edema"], "peripheral edema"),
    **dict.fromkeys(["immunosuppression", "immune suppression"], "immunosuppression"),
    **dict.fromkeys(["autoimmunity", "autoimmune"], "autoimmunity"),
    **dict.fromkeys(["growth", "slower growth"], "slower growth"),
    **dict.fromkeys(
        ["reproduction", "delayed reproductive age", "delayed reproductive maturation"],
        "delayed reproductive maturation",
    ),
    **dict.fromkeys(["none", "well tolerated", "no side effects"], NO_EFFECT),
}

# Broader words that cover several canonical effects.
_BROADER: dict[str, frozenset[str]] = {
    "lipids": frozenset({"dyslipidemia", "hypercholesterolemia", "hypertriglyceridemia"}),
    "lipid": frozenset({"dyslipidemia", "hypercholesterolemia", "hypertriglyceridemia"}),
    "metabolic": frozenset(
        {
            "dyslipidemia",
            "hypercholesterolemia",
            "hypertriglyceridemia",
            "insulin resistance",
            "glucose intolerance",
            "metabolic disorders",
        }
    ),
    "blood": frozenset(
        {
            "anemia",
            "thrombocytopenia",
            "microcytosis",
            "hypochromia",
            "reduced red blood cell indices",
            "bone marrow toxicity",
        }
    ),
    "anemia": frozenset(
        {"anemia", "microcytosis", "hypochromia", "reduced red blood cell indices"}
    ),
    "anaemia": frozenset(
        {"anemia", "microcytosis", "hypochromia", "reduced red blood cell indices"}
    ),
    "infection": frozenset({"infections", "pneumonia"}),
    "infections": frozenset({"infections", "pneumonia"}),
    "skin": frozenset({"rash"}),
    "mouth": frozenset({STOMATITIS, "mucositis"}),
    "oral": frozenset({STOMATITIS, "mucositis"}),
    "immune": frozenset({"immunosuppression", "autoimmunity"}),
}


# ------------------------------------------------------------------------------------------------
# Sentence analysis


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
    about_rapamycin: bool = False
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
    topical = bool(_TOPICAL.search(text))
    out = []
    for m in _DOSE.finditer(text):
        if m.group(2) == "%" and not topical:
            continue  # "27% of patients", "up to 60%": frequencies and effect sizes, not doses
        out.append(_Dose(m.start(), m.end(), m.group(0).strip(), m.group(1).strip(), m.group(2)))
    return out


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
    text = _REFS.sub("", text).strip().rstrip(".;,").strip()
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


def _analyse(sentence: _Sentence) -> _Analysis:
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
    a.about_rapamycin = bool(_RAPAMYCIN.search(text)) or bool(
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

    if a.about_rapamycin:
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


def _sentences(chunks: Sequence[Chunk]) -> list[_Sentence]:
    """Prose sentences in reading order, each once, each linked to the sentence before it."""
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
            sentence.analysis = _analyse(sentence)
            seen[key] = sentence
            out.append(sentence)
            prev = sentence
    return out


def _cite(
    chunk: Chunk, start: int, end: int, documents: Mapping[str, Document] | None
) -> tuple[tuple[int, int], int | None]:
    """Source lines and page of a sentence (the chunk's own when the document is not given)."""
    doc = documents.get(chunk.doc_id) if documents else None
    if doc is not None and doc.line_runs:
        loc = doc.location(start, end)
        return (loc.line_start, loc.line_end), loc.page
    return chunk.lines, chunk.page


# ------------------------------------------------------------------------------------------------
# Regimens


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
        chunk_id=chunk.chunk_id,
        section=chunk.section,
        lines=chunk.lines,
        sentence=chunk.text,
        page=chunk.page,
    )


def extract_regimens(
    chunks: Sequence[Chunk], documents: Mapping[str, Document] | None = None
) -> list[Regimen]:
    """Every dosing statement of ``chunks``, in reading order (rules in the module docstring).

    ``documents`` (doc_id -> Document, as in ``LoadedIndex.documents``) is optional; when given,
    each record cites the source lines of its own sentence rather than of its whole chunk.
    """
    found: list[tuple[tuple[str, int, int], Regimen]] = []
    for chunk in chunks:
        if chunk.kind == "table_row":
            rec = _table_regimen(chunk)
            if rec is not None:
                found.append(((chunk.doc_id, chunk.start, 0), rec))
    for sentence in _sentences(chunks):
        a = sentence.analysis
        if not a.is_regimen:
            continue
        lines, page = _cite(sentence.chunk, sentence.start, sentence.end, documents)
        key = (sentence.chunk.doc_id, sentence.start)
        doses = a.doses or [_Dose(0, 0, a.level, "", "", a.schedule, a.duration, a.route, a.trial)]
        for i, d in enumerate(doses):
            found.append(
                (
                    (*key, i),
                    Regimen(
                        dose=d.dose,
                        amount=d.amount,
                        unit=d.unit,
                        schedule=d.schedule,
                        duration=d.duration,
                        route=d.route,
                        subject=a.subject,
                        trial=d.trial,
                        effect=a.outcome,
                        chunk_id=sentence.chunk.chunk_id,
                        section=sentence.chunk.section,
                        lines=lines,
                        sentence=sentence.text,
                        page=page,
                    ),
                )
            )
    found.sort(key=lambda x: x[0])
    return [r for _, r in found]


# ------------------------------------------------------------------------------------------------
# Adverse effects


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
        kept.append((mention, canonical))
    return kept


def extract_adverse_effects(
    chunks: Sequence[Chunk], documents: Mapping[str, Document] | None = None
) -> list[AdverseEffect]:
    """Every adverse-effect mention of ``chunks`` with its regimen, population and frequency.

    One record per (sentence, canonical effect); see the module docstring for what counts.
    """
    out: list[AdverseEffect] = []
    for sentence in _sentences(chunks):
        a = sentence.analysis
        if not a.about_rapamycin:
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
        if prev is not None and anaphoric and not _RAPAMYCIN.search(sentence.text):
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
        lines, page = _cite(sentence.chunk, sentence.start, sentence.end, documents)
        for canonical, (words, fs) in merged.items():
            out.append(
                AdverseEffect(
                    effect="; ".join(dict.fromkeys(words)),
                    canonical=canonical,
                    regimen=regimen,
                    population=population,
                    frequency=_join(fs),
                    chunk_id=sentence.chunk.chunk_id,
                    section=sentence.chunk.section,
                    lines=lines,
                    sentence=sentence.text,
                    page=page,
                )
            )
    return out


# ------------------------------------------------------------------------------------------------
# Filters


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
    targets: set[str] = set(_BROADER.get(q, ()))
    canonical = canonical_effect(q)
    if canonical is not None:
        targets.add(canonical)
    return [
        e
        for e in items
        if e.canonical in targets or q in e.effect.lower() or q in e.canonical.lower()
    ]


# ------------------------------------------------------------------------------------------------
# Rows for CSV / JSON / tables

#: Column order of :func:`regimen_rows`.
REGIMEN_COLUMNS: tuple[str, ...] = (
    "dose",
    "amount",
    "unit",
    "schedule",
    "duration",
    "route",
    "subject",
    "trial",
    "effect",
    "section",
    "page",
    "lines",
    "chunk_id",
    "sentence",
)
#: Column order of :func:`effect_rows`.
EFFECT_COLUMNS: tuple[str, ...] = (
    "effect",
    "canonical",
    "regimen",
    "population",
    "frequency",
    "section",
    "page",
    "lines",
    "chunk_id",
    "sentence",
)


def _lines(lines: tuple[int, int]) -> str:
    return f"{lines[0]}-{lines[1]}" if lines[0] != lines[1] else str(lines[0])


def regimen_rows(regimens: Iterable[Regimen]) -> list[dict[str, str]]:
    """Regimens as rows of strings, keys in :data:`REGIMEN_COLUMNS` order."""
    rows = []
    for r in regimens:
        values = {
            "dose": r.dose,
            "amount": r.amount,
            "unit": r.unit,
            "schedule": r.schedule,
            "duration": r.duration,
            "route": r.route,
            "subject": r.subject,
            "trial": r.trial,
            "effect": r.effect,
            "section": r.section,
            "page": "" if r.page is None else str(r.page),
            "lines": _lines(r.lines),
            "chunk_id": r.chunk_id,
            "sentence": r.sentence,
        }
        rows.append({c: values[c] for c in REGIMEN_COLUMNS})
    return rows


def effect_rows(effects: Iterable[AdverseEffect]) -> list[dict[str, str]]:
    """Adverse effects as rows of strings, keys in :data:`EFFECT_COLUMNS` order."""
    rows = []
    for e in effects:
        values = {
            "effect": e.effect,
            "canonical": e.canonical,
            "regimen": e.regimen,
            "population": e.population,
            "frequency": e.frequency,
            "section": e.section,
            "page": "" if e.page is None else str(e.page),
            "lines": _lines(e.lines),
            "chunk_id": e.chunk_id,
            "sentence": e.sentence,
        }
        rows.append({c: values[c] for c in EFFECT_COLUMNS})
    return rows
